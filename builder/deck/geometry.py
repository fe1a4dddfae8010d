"""The geometry of slide layouts: rectangles, placeholders, the slots a slide kind fills, and
what a template's layout holds. Plain data shared by layout matching, planning and writing."""

from __future__ import annotations

from dataclasses import dataclass, field

EMU_PER_PT = 12700


@dataclass(frozen=True)
class Rect:
    """A rectangle in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def area(self) -> int:
        return self.width * self.height

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True)
class Holder:
    """One placeholder on a layout."""

    position: int | None
    """Index among the layout's cloneable placeholders (None for date/footer/number)."""
    type: str
    idx: int
    name: str
    rect: Rect
    vertical: bool = False
    insets: tuple[int, int, int, int] | None = None
    """Text insets (left, top, right, bottom) in EMU, as the layout or master sets them."""


@dataclass(frozen=True)
class Slot:
    """A placeholder given a role on one kind of slide."""

    role: str
    rect: Rect
    position: int | None = None
    """The placeholder it fills; None for a picture placed in part of a text placeholder's area."""
    type: str = "body"
    size: float = 24
    floor: float = 18
    unique_idx: bool = True
    """False when the template repeats this placeholder's idx (LibreOffice does)."""
    insets: tuple[int, int, int, int] | None = None


@dataclass(frozen=True)
class LayoutChoice:
    """The layout one kind of slide uses, with its placeholders by role."""

    key: str
    layout: str
    master: int
    index: int
    slots: dict[str, Slot]
    latent: tuple[Holder, ...] = ()
    stacked: bool = False
    """Contrast slides only: one text placeholder holds both columns, one after the other."""

    def slot(self, role: str) -> Slot | None:
        return self.slots.get(role)


@dataclass(frozen=True)
class LayoutInfo:
    """What one layout of a template holds."""

    name: str
    master: int
    index: int
    holders: tuple[Holder, ...]
    latent: tuple[Holder, ...]
    unique: frozenset[int] = field(default_factory=frozenset)
    """idx values used by one placeholder only."""
