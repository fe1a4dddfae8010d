"""Which characters the shipped fonts cannot draw.

A character no font has prints as an empty box (the PDF) or in whatever font the viewer's
machine happens to have (the deck). The handout and the deck both set text in the brand family
with the shipped fallbacks behind it (`fonts.FALLBACKS`: Arabic, then CJK), so a character is
drawable when any of those files maps it. The answer comes from the fonts' own character maps
(fontTools), read once per process; the big CJK font is only opened when a character is not
in the smaller ones, so checking Latin text never pays for it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from builder import cache, fonts

_NEED_NO_GLYPH = {"Cc", "Cf", "Zl", "Zp"}
"""Controls, format characters (joiners, direction marks, soft hyphen), line separators: the
text engine acts on them and draws nothing."""


@lru_cache(maxsize=32)
def cmap(path: str) -> frozenset[int]:
    """Code points one font file maps to a glyph; from the persistent cache when an earlier
    process read that file (fontTools' import and the table's parse are most of a check of
    translated text)."""
    return cache.remembered("font-cmaps", (cache.file_digest(Path(path)),
                                           cache.library_stamp("fontTools")),
                            lambda: _read_cmap(path))


def _read_cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def font_files(families: Iterable[str]) -> list[Path]:
    """Every style file of the named shipped families, in order (unknown names skipped)."""
    files: list[Path] = []
    for name in dict.fromkeys(families):
        family = fonts.FAMILIES.get(name)
        if family is not None:
            files += [path for _weight, _style, path in family.styles()]
    return files


@lru_cache(maxsize=32)
def _font_names(families: tuple[str, ...]) -> tuple[str, ...]:
    """`font_files` as names, looked up once (a check asks for every text field)."""
    return tuple(str(path) for path in font_files(families))


def text_families(*brand: str) -> list[str]:
    """The families text is set in: the brand's, then the shipped fallbacks."""
    return list(dict.fromkeys([*brand, *fonts.FALLBACKS]))


def needs_glyph(char: str) -> bool:
    """False for characters the text engine handles without drawing (spaces excepted: a
    font must have those too, but every shipped one does)."""
    if char in "\t\n\r":
        return False
    if unicodedata.category(char) in _NEED_NO_GLYPH:
        return False
    code = ord(char)
    return not (0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)  # variation selectors


def missing_glyphs(text: str, families: Sequence[str]) -> list[str]:
    """Characters of `text` that no file of `families` can draw, each once, in text order."""
    pending = [c for c in dict.fromkeys(text) if needs_glyph(c)]
    for path in _font_names(tuple(families)):
        if not pending:
            break
        covered = cmap(path)
        pending = [c for c in pending if ord(c) not in covered]
    return pending


def describe(char: str) -> str:
    """`U+0915 'क' (DEVANAGARI LETTER KA)` for messages."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} '{char}'" + (f" ({name})" if name else "")
