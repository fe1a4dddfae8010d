"""The tool's own words ("Page 2 of 4", "References", ...) in the document's language.

Catalogues are JSON files in `builder/locales/<lang>.json`; a missing language or key falls back
to English, so a new language can be added one file at a time. Dates are formatted by Babel
with the language's conventions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locales")
RTL_LANGUAGES = {"ar", "he", "fa", "ur", "ps", "yi"}


def base_language(language: str) -> str:
    """`es-MX` -> `es`."""
    return language.replace("_", "-").split("-")[0].lower()


def is_rtl(language: str) -> bool:
    """True for languages written right to left."""
    return base_language(language) in RTL_LANGUAGES


def available_languages() -> list[str]:
    """Languages that have a catalogue."""
    return sorted(path.stem for path in LOCALE_DIR.glob("*.json"))


@lru_cache(maxsize=16)
def _catalogue(language: str) -> dict[str, str]:
    base = base_language(language)  # a catalogue name, never a path a content file can steer
    path = LOCALE_DIR / f"{base if re.fullmatch(r'[a-z]{2,3}', base) else 'en'}.json"
    english = json.loads((LOCALE_DIR / "en.json").read_text(encoding="utf-8"))
    if path.exists() and path.stem != "en":
        english.update(json.loads(path.read_text(encoding="utf-8")))
    return english


class Words:
    """Looks up the tool's words for one language: `words("page_x_of_y", page=1, pages=4)`."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._table = _catalogue(language)

    def __call__(self, key: str, **values: object) -> str:
        return self._table.get(key, key).format(**values)

    def date(self, value: dt.date) -> str:
        """A date written the way the language writes it (e.g. 1 November 2026)."""
        return _date(value, self.language)


@lru_cache(maxsize=64)
def _date(value: dt.date, language: str) -> str:
    """Kept in the persistent cache: loading Babel's locale data costs more than a check's
    planning of the whole deck from fits it remembers."""
    from builder import cache

    return cache.remembered("dates", (value.isoformat(), language, cache.library_stamp("babel")),
                            lambda: _format_date(value, language))


def _format_date(value: dt.date, language: str) -> str:
    from babel.dates import format_date

    try:
        return format_date(value, format="long", locale=language.replace("-", "_"))
    except Exception:  # unknown locale: fall back to ISO, never fail a build on a date
        return value.isoformat()
