"""The geometry of slide layouts: rectangles (in EMU: 914400 to the inch, 12700 to the point),
placeholders, the slots a slide kind fills, and what a template's layout holds. Plain data shared
by layout analysis and matching, planning and writing."""

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

    def intersection(self, other: Rect) -> Rect | None:
        """The overlap of two rectangles, or None when they only touch or are apart."""
        left, top = max(self.left, other.left), max(self.top, other.top)
        right, bottom = min(self.right, other.right), min(self.bottom, other.bottom)
        if right <= left or bottom <= top:
            return None
        return Rect(left, top, right - left, bottom - top)

    def contains(self, other: Rect) -> bool:
        return (self.left <= other.left and self.top <= other.top
                and self.right >= other.right and self.bottom >= other.bottom)


DEFAULT_SIZES: dict[str, dict[str, tuple[float, float]]] = {
    "*": {"title": (36, 24), "body": (24, 18), "subtitle": (24, 16), "byline": (18, 12),
          "status": (18, 14), "caption": (14, 10), "table": (18, 12), "left": (22, 18),
          "right": (22, 18), "left_heading": (22, 16), "right_heading": (22, 16),
          "footer": (12, 8)},
    "title": {"title": (44, 28)},
    "references": {"body": (18, 12)},
    "disclaimer": {"body": (24, 16)},
}
"""(start, floor) font sizes in points by layout key and role on a 7.5 in high slide; a taller
template scales them (`LayoutInfo.scale`), and its title and body start at its master's sizes."""

INHERITING_ROLES = ("title", "body", "left", "right")
"""Roles whose start size is the template's own (its master's text styles)."""



@dataclass(frozen=True)
class Background:
    """How a layout's background looks behind text."""

    luminance: float
    """WCAG relative luminance of its average colour (0 black .. 1 white)."""
    photo: bool = False
    """A picture fills (most of) the slide."""
    spread: float = 0.0
    """Standard deviation of the picture's luminance: a photo varies, a paper texture not."""

    @property
    def dark(self) -> bool:
        return self.luminance < 0.18

    @property
    def busy(self) -> bool:
        """Dark or a varied photo: text-heavy slides avoid it when a plain one exists."""
        return self.dark or (self.photo and self.spread > 0.12)


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
    size: float | None = None
    """The first-level text size the template gives it, in points (None if it sets none)."""
    geometry: str = "rect"
    """Its outline (`rect`, `ellipse`, `roundRect`...): pictures go only into `rect` ones."""


@dataclass(frozen=True)
class Slot:
    """A placeholder (or a free-standing box) given a role on one kind of slide."""

    role: str
    rect: Rect
    position: int | None = None
    """The placeholder it fills; None for a free-standing box or a picture placed in part of a
    text placeholder's area."""
    type: str = "body"
    size: float = 24
    floor: float = 18
    unique_idx: bool = True
    """False when the template repeats this placeholder's idx (LibreOffice does)."""
    insets: tuple[int, int, int, int] | None = None
    name: str = ""
    """The placeholder's name in the template, for messages."""


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
    art: tuple[Rect, ...] = ()
    """Artwork the template draws on this layout: free-standing boxes keep clear of it."""
    area: Rect | None = None
    """The body area (the master's body placeholder), where free-standing boxes may go."""
    reason: str = ""
    """Why this layout was chosen, for `build --verbose`."""
    scale: float = 1.0
    alternatives: tuple[LayoutChoice, ...] = ()
    """The next-best layouts for the same kind, tried when a text does not fit this one."""

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
    kind: str = ""
    """The layout type PowerPoint records whatever the language (`title`, `obj`, `twoObj`...)."""
    art: tuple[Rect, ...] = ()
    background: Background = Background(1.0)
    area: Rect | None = None
    samples: int = 0
    """How many of the template's own sample slides use this layout."""
    master_use: frozenset[str] = frozenset()
    """What the sample slides on this layout's master are: 'title' and/or 'content'."""
    scale: float = 1.0
    """Slide height over 7.5 in (never below 1): default sizes grow on larger slides."""

    def size_range(self, key: str, role: str) -> tuple[float, float]:
        start, floor = DEFAULT_SIZES.get(key, {}).get(role) or DEFAULT_SIZES["*"].get(
            role, (24, 18))
        return start * self.scale, floor * self.scale

    def slot(self, role: str, holder: Holder, key: str = "*", size: float | None = None,
             floor: float | None = None) -> Slot:
        start, low = self.size_range(key, role)
        if size is None and role in INHERITING_ROLES and holder.size:
            start = max(low, holder.size)
        return Slot(role, holder.rect, holder.position, holder.type,
                    float(size if size is not None else start),
                    float(floor if floor is not None else low), holder.idx in self.unique,
                    holder.insets, holder.name)
