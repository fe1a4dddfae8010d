"""Boxes kept clear of what a template draws: the bands text may sit on, a box inset until no
artwork collides with it, the largest free rectangle. Plain geometry, apart from
`builder.deck.artwork` (which reads the artwork with lxml), so planning a deck on a template
already analysed imports neither."""

from __future__ import annotations

from dataclasses import dataclass, replace

from builder.deck.geometry import Rect

BACKDROP_COVER = 0.6
"""Artwork under at least this share of a box is the box's backdrop (a title band): the
designer meant the text to sit on it."""


@dataclass(frozen=True)
class Band(Rect):
    """A filled rectangle the template draws: a title band or panel text may sit on."""


def backdrop(rect: Rect, obstacles: tuple[Rect, ...] | list[Rect]) -> list[Rect]:
    """The bands lying under most of `rect`: the designer meant its text to sit on them."""
    return [o for o in obstacles if isinstance(o, Band)
            and (overlap := rect.intersection(o)) is not None
            and overlap.area >= BACKDROP_COVER * rect.area]


def clear_of(rect: Rect, obstacles: tuple[Rect, ...]) -> Rect:
    """`rect` inset until no artwork collides with it: for each piece, the largest of the four
    parts of `rect` beside it is kept. A band lying under most of the box is its backdrop."""
    under = backdrop(rect, obstacles)
    for obstacle in obstacles:
        if obstacle in under or rect.intersection(obstacle) is None:
            continue
        parts = [
            replace(rect, width=obstacle.left - rect.left),
            Rect(obstacle.right, rect.top, rect.right - obstacle.right, rect.height),
            replace(rect, height=obstacle.top - rect.top),
            Rect(rect.left, obstacle.bottom, rect.width, rect.bottom - obstacle.bottom),
        ]
        rect = max(parts, key=lambda r: (max(r.width, 0) * max(r.height, 0)))
        if rect.width <= 0 or rect.height <= 0:
            return Rect(rect.left, rect.top, 0, 0)
    return rect


def free_rect(area: Rect, obstacles: list[Rect], min_width: int = 0) -> Rect | None:
    """The largest rectangle inside `area` that no obstacle overlaps (at least `min_width`
    wide), None when there is none. For each band between two obstacle edges the widest gap
    between the obstacles crossing it is taken."""
    inside = [o for o in obstacles if o.intersection(area) is not None
              and not o.contains(area)]
    ys = sorted({area.top, area.bottom, *(min(max(v, area.top), area.bottom)
                                           for o in inside for v in (o.top, o.bottom))})
    best: Rect | None = None
    for i, top in enumerate(ys):
        for bottom in ys[i + 1:]:
            height = bottom - top
            if best is not None and height * area.width <= best.area:
                continue
            blocked = sorted((o.left, o.right) for o in inside
                             if o.top < bottom and o.bottom > top)
            edge, gaps = area.left, []
            for left, right in blocked:
                if left > edge:
                    gaps.append((edge, min(left, area.right)))
                edge = max(edge, right)
            if edge < area.right:
                gaps.append((edge, area.right))
            for left, right in gaps:
                width = right - left
                if width >= max(min_width, 1) and (best is None or width * height > best.area):
                    best = Rect(left, top, width, height)
    return best
