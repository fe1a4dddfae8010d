"""What the planner decides and the writer draws: slide, text, picture and table plans.

Also the spacing and inset constants both stages share, so a text is drawn with exactly the
geometry it was measured with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.deck.fit import Box, Para, Spacing
from builder.deck.geometry import EMU_PER_PT, LayoutChoice, Rect, Slot
from builder.errors import Problem

DEFAULT_INSETS = (91440, 45720, 91440, 45720)
"""OOXML's default text insets (left, top, right, bottom) in EMU."""

CELL_MARGINS = (91440, 45720, 91440, 45720)
"""Table cell margins (left, top, right, bottom) in EMU."""

BODY_SPACING = Spacing()
NUMBERED_SPACING = Spacing(indent=1.6)
"""Room for "10." before the text of a numbered list."""
TITLE_SPACING = Spacing(line=1.1, before=0.0, bottom_reserve=0.2)
TABLE_SPACING = Spacing(line=1.15, before=0.2, bottom_reserve=0.1)


@dataclass
class TextPlan:
    """Fitted text for one placeholder."""

    role: str
    paras: list[Para]
    size: float
    slot: Slot
    rect: Rect
    insets: tuple[int, int, int, int]
    spacing: Spacing
    heading: bool = False
    """Set in the theme's heading font (titles)."""


@dataclass
class PicturePlan:
    """A picture scaled into a box, centred, aspect ratio kept."""

    role: str
    data: bytes
    alt: str
    rect: Rect
    """Where the picture goes (inside the slot, centred)."""
    slot: Slot


@dataclass
class TablePlan:
    """One page of the comparison table: header row plus the rows that fit."""

    rect: Rect
    slot: Slot
    widths: list[int]
    heights: list[int]
    rows: list[list[list[Para]]]
    size: float
    header_rows: int = 1


@dataclass
class IconArrayPlan:
    """An icon array drawn as native shapes: `out_of` people, `count` of them filled."""

    rect: Rect
    count: int
    out_of: int
    filled: str
    """Fill colour of the people with the outcome, #rrggbb."""
    empty: str
    alt: str
    """The same numbers in words: the group's alternative text."""


@dataclass
class SlidePlan:
    """One slide, fully decided."""

    kind: str
    name: str
    """Unique slide name written into the file (`kind[:id][:page]`); its kind is read back."""
    series: str
    """The name shared by a slide and its "(cont.)" slides."""
    title: str
    choice: LayoutChoice
    texts: dict[str, TextPlan] = field(default_factory=dict)
    pictures: list[PicturePlan] = field(default_factory=list)
    table: TablePlan | None = None
    icon_arrays: list[IconArrayPlan] = field(default_factory=list)
    notes: str = ""
    warnings: list[Problem] = field(default_factory=list)
    section: int | None = None
    """The index of the section whose slides this one is among (its own, its call-out's, its
    steps'...), None outside the sections."""

    @property
    def layout(self) -> str:
        return self.choice.layout


def slot_insets(slot: Slot) -> tuple[int, int, int, int]:
    """The slot's text insets, or OOXML's defaults when the template sets none."""
    return slot.insets if slot.insets else DEFAULT_INSETS


def inner_box(rect: Rect, insets: tuple[int, int, int, int]) -> Box:
    """The room for text inside `rect` once its insets are taken off, in points."""
    left, top, right, bottom = insets
    return Box((rect.width - left - right) / EMU_PER_PT,
               (rect.height - top - bottom) / EMU_PER_PT)
