"""A typeface as the deck measures it: a shipped family plus fallbacks for the scripts it
lacks, with the advance width of any text at any size, read from the real TTF files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from builder.deck.metrics import family
from builder.fonts import FALLBACKS
from builder.glyphs import cmap

_EM = 1000
"""Pixel size fonts are loaded at; widths scale linearly (no hinting at this size)."""

_PIECE = 10_000
"""Longest text measured in one call: Pillow refuses a million characters and its 26.6
fixed-point width overflows past about 50,000 at `_EM`; a pasted blob can be one word that long
(only kerning across a cut is lost)."""


@lru_cache(maxsize=64)
def _font(path: Path) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), _EM)


def _coverage(path: Path) -> frozenset[int]:
    """Code points the font has glyphs for (its cmap, read once and kept in the cache)."""
    return cmap(str(path))


@dataclass(frozen=True)
class Typeface:
    """A shipped (or metric-compatible installed) family plus the fallbacks used for
    characters it lacks (Arabic, CJK)."""

    name: str = "Noto Sans"
    bold: bool = False
    """Measure everything bold (titles whose weight the template decides)."""
    stretch: float = 1.0
    """Widths are multiplied by this (a stand-in for a font nothing here can measure)."""

    def files(self, *, bold: bool, italic: bool) -> list[Path]:
        return list(_files(self, bold, italic))

    def width(self, text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
        """Advance width of `text` at `size` points, each character in the first font having it."""
        if not _tables:
            return _width(self, text, bold, italic) * size * self.stretch / _EM
        table, key = _tables[-1], (self, text, bold, italic)
        found = table.asked.get(key)
        if found is None:
            found = table.known.get(key)
            table.asked[key] = found = _width(*key) if found is None else found
        return found * size * self.stretch / _EM


@lru_cache(maxsize=64)
def _files(face: Typeface, bold: bool, italic: bool) -> tuple[Path, ...]:
    """The face's file for one style, then its fallbacks' (looked up once, not per word)."""
    chain = [face.name, *(f for f in FALLBACKS if f != face.name)]
    return tuple(family(name).file(bold=bold or face.bold, italic=italic) for name in chain)


WidthKey = tuple[Typeface, str, bool, bool]
"""A face, a text, bold, italic: what a width (at `_EM`) is measured for."""


class WidthTable:
    """Widths measured by an earlier process (`known`), and every width asked for while the
    table is in use (`asked`): `check` keeps the latter for its next plan of the same deck
    (`builder.deck.fit_memory`), so it measures only the words an edit brought."""

    def __init__(self, known: dict[WidthKey, float]) -> None:
        self.known = known
        self.asked: dict[WidthKey, float] = {}

    def __enter__(self) -> WidthTable:
        _tables.append(self)
        return self

    def __exit__(self, *_: object) -> None:
        _tables.remove(self)


_tables: list[WidthTable] = []
"""The tables in use (one while `check` plans a deck, none in a build)."""


_LINE_BREAKS = str.maketrans(dict.fromkeys("\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029", " "))
"""Whitespace that breaks or moves a line, measured as a space: Pillow's text layout fails on
a vertical tab (`raqm_layout() failed`), found with a call-out point `"0  \\v0"`."""


@lru_cache(maxsize=20_000)
def _width(face: Typeface, text: str, bold: bool, italic: bool) -> float:
    text = text.translate(_LINE_BREAKS)
    files = _files(face, bold, italic)
    total = 0.0
    for chunk, path in _by_font(text, files):
        for start in range(0, len(chunk), _PIECE):  # Pillow refuses a million characters
            total += _font(path).getlength(chunk[start:start + _PIECE])
    return total


def _by_font(text: str, files: Sequence[Path]) -> Iterable[tuple[str, Path]]:
    """Split `text` into runs that one font each can draw (first font with the glyph wins)."""
    if text and _coverage(files[0]).issuperset(map(ord, text)):
        yield text, files[0]  # the usual case: one font draws it all
        return
    current: Path | None = None
    start = 0
    for index, char in enumerate(text):
        code = ord(char)
        chosen = next((p for p in files if code in _coverage(p)), files[0])
        if chosen != current:
            if current is not None and index > start:
                yield text[start:index], current
            current, start = chosen, index
    if current is not None and start < len(text):
        yield text[start:], current
