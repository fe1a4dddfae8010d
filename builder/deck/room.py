"""Room on a slide beyond a template's own boxes: where a text that does not fit its
placeholder may grow, and where a free-standing box or picture may go, clear of the artwork the
template draws and of the other boxes filled on the slide."""

from __future__ import annotations

from builder.deck.clearing import free_rect
from builder.deck.geometry import LayoutChoice, Rect, Slot

MARGIN = 0.05
"""Share of the slide width kept free at the left and right edges."""


def safe_area(choice: LayoutChoice, slide: tuple[int, int]) -> Rect:
    """The slide inside its side margins, above the footer row."""
    width, height = slide
    bottom = min([h.rect.top for h in choice.latent if h.rect.top > height // 2] or
                 [height * 23 // 25])
    margin = int(width * MARGIN)
    top = int(height * 0.04)
    return Rect(margin, top, width - 2 * margin, bottom - top)


def obstacles(choice: LayoutChoice, taken: list[Rect]) -> list[Rect]:
    return [*choice.art, *taken]


def grown(choice: LayoutChoice, role: str, slide: tuple[int, int], taken: list[Rect]
          ) -> Rect | None:
    """A larger box for `role`: the largest free rectangle of the slide from the top of its
    placeholder down, clear of artwork and of the boxes in `taken`; None if none is larger."""
    slot = choice.slots[role]
    area = safe_area(choice, slide)
    top = max(area.top, slot.rect.top)
    region = Rect(area.left, top, area.width, area.bottom - top)
    found = free_rect(region, obstacles(choice, taken), min_width=slot.rect.width // 2)
    if found is None or found.area <= slot.rect.area:
        return None
    return found


def free_spot(choice: LayoutChoice, slide: tuple[int, int], taken: list[Rect],
              min_height: int, below: int | None = None) -> Rect | None:
    """The largest free rectangle for a free-standing box: under `below` (what the box
    follows, e.g. a subtitle) when there is room there, else inside the body area, else
    anywhere in the safe area; None when nothing `min_height` high is free."""
    area = safe_area(choice, slide)
    regions = [choice.area, area]
    if below is not None and below < area.bottom:
        regions.insert(0, Rect(area.left, below, area.width, area.bottom - below))
    for region in regions:
        if region is None:
            continue
        found = free_rect(region, obstacles(choice, taken))
        if found is not None and found.height >= min_height:
            return found
    return None


def logo_box(choice: LayoutChoice, slide: tuple[int, int], taken: list[Rect]) -> Slot | None:
    """A free corner of the slide for a logo (about 16% of its width), clear of artwork and
    text; None when every corner is taken."""
    area = safe_area(choice, slide)
    width, height = slide[0] * 4 // 25, slide[1] * 3 // 25
    corners = [(area.right - width, area.top), (area.right - width, area.bottom - height),
               (area.left, area.bottom - height), (area.left, area.top)]
    blocking = obstacles(choice, taken)
    for left, top in corners:
        box = Rect(left, top, width, height)
        if all(box.intersection(other) is None for other in blocking):
            return Slot("logo", box, None, "pic")
    return None
