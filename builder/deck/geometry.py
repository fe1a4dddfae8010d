"""Rectangles on a slide, in EMU (914400 to the inch, 12700 to the point)."""

from __future__ import annotations

from dataclasses import dataclass

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
