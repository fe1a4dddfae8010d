"""The brand's fonts for the web page: the shipped files, subset to the characters the page
uses and inlined as WOFF2 (WOFF where Brotli is missing).

Why inline subsets rather than a system font stack: the page then looks like the handout on
every device (the brand's family, not whatever the phone has), draws every script the tool
supports (Arabic, CJK) even on a device without such fonts, and still makes no network request.
A subset of a Latin page costs about 15-25 kB per style; the family list ends in the system
stack, so a reader's own font settings still win.
"""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from builder import fonts
from builder.handout.styles import css_string

SYSTEM_STACK = ("system-ui", "-apple-system", '"Segoe UI"', "Roboto", "Helvetica", "Arial",
                "sans-serif")
"""After the brand family and the shipped fallbacks: what the device has."""

_LOCK = threading.Lock()


def font_stack(name: str) -> str:
    """A CSS font-family list: the brand family, the shipped fallbacks, the system stack."""
    families = [name, *(f for f in fonts.FALLBACKS if f != name)]
    return ", ".join([*(css_string(f) for f in families), *SYSTEM_STACK])


def font_faces(families: Iterable[str], text: str) -> str:
    """@font-face rules with inlined subsets of `families` (and of the fallbacks, for the
    characters the brand family lacks), covering the characters of `text`."""
    wanted = {c for c in text if c.isprintable() and not c.isspace()} | {" "}
    names = list(dict.fromkeys(families))
    rules = []
    missing = set(wanted)
    for name in names:
        family = fonts.family(name)
        missing -= _covered(family.file(), frozenset(wanted))
        rules += _faces(family, "".join(sorted(wanted)))
    for name in fonts.FALLBACKS:
        if name in names or not missing:
            continue
        family = fonts.family(name)
        covered = _covered(family.file(), frozenset(missing))
        if covered:
            rules += _faces(family, "".join(sorted(covered)))
            missing -= covered
    return "\n".join(rules)


def _faces(family: fonts.FontFamily, characters: str) -> list[str]:
    out = []
    for weight, style, path in family.styles():
        data, mime, form = subset(path, characters)
        encoded = base64.b64encode(data).decode("ascii")
        out.append(f"@font-face {{ font-family: {css_string(family.name)}; "
                   f"font-weight: {weight}; font-style: {style}; font-display: swap; "
                   f"src: url(data:{mime};base64,{encoded}) format(\"{form}\"); }}")
    return out


@lru_cache(maxsize=16)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _covered(path: Path, characters: frozenset[str]) -> set[str]:
    codes = _cmap(path)
    return {c for c in characters if ord(c) in codes}


@lru_cache(maxsize=64)
def subset(path: Path, characters: str) -> tuple[bytes, str, str]:
    """(font bytes, MIME type, CSS format) of `path` cut down to `characters`; cached, so
    a watcher re-subsets only when the page gains a character."""
    from fontTools import subset as subsetter
    from fontTools.ttLib import TTFont

    options = subsetter.Options()
    # fontTools' default features: kerning, ligatures, marks and the joining forms of Arabic
    # (keeping every feature makes the subsets half again as large and as slow)
    options.name_IDs = ["*"]  # the licence and copyright names stay with the font
    options.notdef_outline = True
    flavor, mime, form = _flavour()
    options.flavor = flavor
    with _LOCK, TTFont(path) as font:
        tool = subsetter.Subsetter(options)
        tool.populate(text=characters)
        tool.subset(font)
        font.flavor = flavor
        out = io.BytesIO()
        font.save(out)
    return out.getvalue(), mime, form


def _flavour() -> tuple[str, str, str]:
    try:
        import brotli  # noqa: F401 - WOFF2 needs it; fontTools imports it itself
    except ImportError:
        return "woff", "font/woff", "woff"
    return "woff2", "font/woff2", "woff2"
