"""Walking WeasyPrint's laid-out box tree (used to measure what was printed)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from descendants(child)


def attribute(box: Any, name: str) -> str | None:
    """An HTML attribute of the element that generated `box` (None for anonymous boxes)."""
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return None
    value = element.get(name)
    return str(value) if value else None


def bottom(box: Any) -> float:
    """Lowest edge of a box's border area (what a reader would see)."""
    try:
        return box.position_y + box.margin_height() - box.margin_bottom
    except (AttributeError, TypeError):
        return 0.0
