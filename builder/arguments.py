"""How the command line reads what people type: choices in any case, lengths with their unit,
language codes as BCP 47 writes them.

Clinic staff type `--paper A4`, `--only PDF` or `--lang ES`; each means one thing, so each is
accepted. A length without a unit is refused: `--bleed 3` could be millimetres or points, and a
print shop's bleed is wrong by a factor of three either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import click

UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
"""Millimetres per unit, for every unit a length may be written in."""

_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*([a-z]*)\s*", re.IGNORECASE)


def choice(values: Iterable[str]) -> click.Choice:
    """A choice matched in any case (`A4`, `PDF`), handed on in the spelling listed here."""
    return click.Choice(list(values), case_sensitive=False)


def length_mm(text: str) -> float:
    """'3mm', '0.3 cm', '0.125in', '9pt' -> millimetres; ValueError names the units."""
    units = ", ".join(UNITS_MM)
    match = _LENGTH.fullmatch(text)
    if not match:
        raise ValueError(f"'{text}' is not a length; write a number and a unit ({units}), "
                         "e.g. 3mm")
    number, unit = float(match.group(1)), match.group(2).lower()
    if not unit:
        raise ValueError(f"'{text}' has no unit; write it with one of {units} (e.g. {text}mm)")
    if unit not in UNITS_MM:
        raise ValueError(f"'{unit}' is not a unit here; use one of {units}")
    return number * UNITS_MM[unit]


def bleed_option(_ctx: Any, _param: Any, value: str | None) -> float:
    """Click callback for --bleed: a length up to 20 mm, in millimetres (0 when not given)."""
    if value is None:
        return 0.0
    try:
        mm = length_mm(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if mm > 20:
        raise click.BadParameter(f"{value} is {mm:.1f} mm; a bleed above 20 mm is not sensible "
                                 "for print")
    return mm


def canonical_language(code: str) -> str:
    """A language code in BCP 47's casing: `ES` -> `es`, `pt-br` -> `pt-BR`, `ZH-HANT` ->
    `zh-Hant`. Codes are case-insensitive; the translation files they name are not."""
    first, *rest = code.strip().replace("_", "-").split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())  # script
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            parts.append(part.upper())  # region
        else:
            parts.append(part.lower())
    return "-".join(parts)


def _language(_ctx: Any, _param: Any, value: str | None) -> str | None:
    """Click callback for --lang: a language code in its usual casing, or 'all'."""
    if value is None:
        return None
    return "all" if value.strip().lower() == "all" else canonical_language(value)


def lang_option(help_text: str, *, required: bool = False) -> Callable[[Any], Any]:
    """The --lang option (a language code in any case, or 'all')."""
    return click.option("--lang", "language", callback=_language, required=required,
                        help=help_text)
