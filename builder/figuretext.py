"""Text inside figures, measured at the size it prints, and the width a figure prints at.

A label drawn 16 units high in an 800-unit-wide SVG prints at 16 x (printed width / 800): at
half an A4 column that is 4.9 pt, far below what a patient can read. `labels` reads every
`<text>` of a checked SVG with its font size in drawing units (inherited sizes, `style`
declarations and scaling transforms applied); `printed_sizes` turns them into points for a
given printed width. Raster images would need OCR to find their words, so they report none.

`print_width_mm` is the one decision both the handout and `brochure check` use: a figure set
to `width: full` or `half` prints at that share of the text column; `auto` prints at half the
column (text flows beside it) when its text is still at least `COMFORT_PT` there, and at full
width otherwise.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from builder import images

MIN_PRINT_PT = 8.0
"""Smallest figure text the `figure-text-size` rule accepts in print."""

COMFORT_PT = 9.0
"""Figure text at least this size may print beside the text at half the column."""

HALF_GAP_MM = 6.0
"""Room between a half-width figure and the text beside it."""

_SVG = "{http://www.w3.org/2000/svg}"
_DEFAULT_SIZE = 16.0
_UNITS = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_NUMBER = re.compile(r"^\s*(-?[0-9]*\.?[0-9]+(?:e-?\d+)?)\s*([a-z%]*)\s*$", re.IGNORECASE)
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")


@dataclass(frozen=True)
class Label:
    """One run of text in a figure."""

    text: str
    units: float
    """Font size in the drawing's own units (its viewBox), after transforms."""


@dataclass(frozen=True)
class FigureText:
    """Every label of one image and the width, in drawing units, the image is drawn at."""

    labels: tuple[Label, ...]
    view_width: float

    def printed(self, width_pt: float) -> list[tuple[str, float]]:
        """(text, points) of every label when the image prints `width_pt` wide."""
        scale = width_pt / self.view_width if self.view_width else 0.0
        return [(label.text, label.units * scale) for label in self.labels]

    def smallest(self, width_pt: float) -> tuple[str, float] | None:
        """The smallest label at that width, or None when the image holds no text."""
        printed = self.printed(width_pt)
        return min(printed, key=lambda item: item[1]) if printed else None


def _length(value: str | None, parent: float) -> float | None:
    match = _NUMBER.match(value or "")
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2).lower()
    if unit in ("em", "rem"):
        return number * parent
    if unit == "%":
        return number / 100 * parent
    return number * _UNITS.get(unit, 1.0)


def _font_size(element: ET.Element, parent: float) -> float:
    style = dict(re.findall(r"([\w-]+)\s*:\s*([^;]+)", element.get("style", "")))
    value = style.get("font-size") or element.get("font-size")
    size = _length(value, parent)
    return size if size and size > 0 else parent


def _scale(transform: str | None) -> float:
    """How much a `transform` attribute scales lengths (the square root of its determinant)."""
    determinant = 1.0
    for name, raw in _TRANSFORM.findall(transform or ""):
        values = [float(v) for v in re.split(r"[\s,]+", raw.strip()) if v]
        if name == "matrix" and len(values) == 6:
            determinant *= abs(values[0] * values[3] - values[1] * values[2])
        elif name == "scale" and values:
            determinant *= abs(values[0] * (values[1] if len(values) > 1 else values[0]))
        elif name in ("skewX", "skewY"):
            determinant *= 1.0
    return math.sqrt(determinant)


def _walk(element: ET.Element, size: float, scale: float, found: list[Label]) -> None:
    size = _font_size(element, size)
    scale *= _scale(element.get("transform"))
    tag = element.tag.removeprefix(_SVG)
    if tag in ("title", "desc", "style", "metadata", "defs"):
        return
    if tag in ("text", "tspan", "textPath"):
        own = " ".join((element.text or "").split())
        if own:
            found.append(Label(own, size * scale))
    for child in element:
        _walk(child, size, scale, found)
        if tag in ("text", "tspan", "textPath"):
            tail = " ".join((child.tail or "").split())
            if tail:
                found.append(Label(tail, size * scale))


@lru_cache(maxsize=64)
def _svg_text(path: str, _mtime: int, _size: int) -> FigureText:
    data = images.check_svg(Path(path))  # no DOCTYPE, entities or links: safe to parse
    root = ET.fromstring(data)
    box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v]
    width, _height = images.svg_size(Path(path))
    view_width = box[2] if len(box) == 4 and box[2] > 0 else width
    found: list[Label] = []
    _walk(root, _DEFAULT_SIZE, 1.0, found)
    return FigureText(tuple(found), view_width)


def figure_text(path: Path) -> FigureText:
    """The labels of an image file (none for raster images: their words cannot be read)."""
    path = Path(path)
    if not images.is_svg(path):
        return FigureText((), 1.0)
    stat = path.stat()
    return _svg_text(str(path), stat.st_mtime_ns, stat.st_size)


def print_width_mm(width: str, text: FigureText, column_mm: float) -> float:
    """The printed width of a figure set to `width` (auto, full or half) in a text column
    `column_mm` wide."""
    half = column_mm / 2 - HALF_GAP_MM / 2
    if width == "full":
        return column_mm
    if width == "half":
        return half
    smallest = text.smallest(half * 72 / 25.4)
    return half if smallest is None or smallest[1] >= COMFORT_PT - 1e-6 else column_mm
