"""Choosing a layout for each kind of slide on a template made by someone else, the way a
designer would: by what the layouts hold, never by fixed positions.

Each layout that can hold a kind of slide gets a score: the room its boxes give (after
insetting them clear of artwork); the layout type PowerPoint records in every language
(`title`, `obj`, `picTx`...) and a few English name hints; a bonus when the template's own
sample slides use it, or its master holds the sample content slides; and penalties for a dark
or photo background on text-heavy slides, and for the title master outside title slides.
"""

from __future__ import annotations

from dataclasses import replace

from builder.deck.clearing import clear_of
from builder.deck.geometry import EMU_PER_PT, Holder, LayoutChoice, LayoutInfo, Rect, Slot
from builder.deck.layouts import LAYOUT_KEYS, TEXT_TYPES, TITLE_TYPES, names
from builder.errors import TemplateError

_HINTS = {
    "title": ("title slide", "title"),
    "agenda": ("title and content", "title, content", "content", "agenda"),
    "section": ("title and content", "title, content", "content"),
    "section-picture": ("picture", "two content", "2 content", "content"),
    "contrast": ("comparison", "two content", "2 content"),
    "table": ("table", "title and content", "title, content", "content"),
    "key-messages": ("title and content", "title, content", "content"),
    "disclaimer": ("title and content", "title, content", "content"),
    "references": ("title and content", "title, content", "content"),
    "closing": ("closing", "end", "title and content", "title, content", "content"),
}
"""Words in English layout names that suggest a layout suits a kind (a small bonus)."""

_TYPES = {
    "title": ("title",),
    "section-picture": ("picTx", "twoObj", "objTx"),
    "contrast": ("twoTxTwoObj", "twoObj"),
}
"""Layout types (`p:sldLayout/@type`, written in every language) that suit a kind; the rest
suit `obj` (title and content) and `tx` (title and text)."""

_WEIGHTS = {"title": 0, "picture": 4, "logo": 1, "byline": 1, "left_heading": 1,
            "right_heading": 1, "caption": 1}
"""How much each role's area counts when comparing layouts (text areas count most)."""

_NEEDS = {key: "a title and a text placeholder" for key in LAYOUT_KEYS}
_NEEDS["title"] = "a title or text placeholder"

BODY_LINES = 3
"""A body placeholder must hold this many lines at its floor size to be used at all."""


def match(infos: list[LayoutInfo], slide: Rect, wanted: dict[str, str], source: str,
          skip: set[str]) -> dict[str, LayoutChoice]:
    """A layout for every kind not in `skip`; `wanted` names the layout of some kinds (from
    mapping file `source`). One clear sentence when no layout can hold a kind."""
    choices = {}
    for key in LAYOUT_KEYS:
        if key in skip:
            continue
        candidates = infos
        if key in wanted:
            candidates = [info for info in infos if info.name == wanted[key]]
            if not candidates:
                raise TemplateError(f"{source}: layout '{wanted[key]}' for {key} slides is not "
                                    f"in the template; its layouts are: {names(infos)}")
        scored = [found for info in candidates if (found := _recipe(key, info, slide))]
        if not scored:
            if key in wanted:
                raise TemplateError(f"{source}: layout '{wanted[key]}' cannot hold {key} slides "
                                    f"(it needs {_NEEDS[key]})")
            raise TemplateError(f"the slide template has no layout for {key} slides (it needs "
                                f"{_NEEDS[key]}); its layouts are: {names(infos)}")
        ranked = [choice for _, choice in sorted(scored, key=lambda found: -found[0])]
        best = replace(ranked[0], alternatives=tuple(ranked[1:4]))
        if key in wanted:
            best = replace(best, reason=f"'{best.layout}', named in {source}")
        choices[key] = best
    return choices


def _lines_fit(holder: Holder, floor: float, lines: int) -> bool:
    insets = holder.insets or (0, 45720, 0, 45720)
    room = (holder.rect.height - insets[1] - insets[3]) / EMU_PER_PT
    return room >= floor * (1.2 * lines + 0.25)


def _recipe(key: str, info: LayoutInfo, slide: Rect) -> tuple[float, LayoutChoice] | None:
    usable = [h for h in info.holders if not h.vertical]
    titles = [h for h in usable if h.type in TITLE_TYPES]
    texts = sorted((h for h in usable if h.type in TEXT_TYPES), key=lambda h: -h.rect.area)
    pictures = [h for h in usable if h.type == "pic" and h.geometry == "rect"]
    area = slide.area or 1
    score = 0.0
    stacked = False
    if key == "title":
        found = _title_recipe(info, titles, texts, pictures)
        if found is None:
            return None
        slots, score = found
    else:
        if not titles:
            return None
        title = next((h for h in titles if h.type == "title"), titles[0])
        slots = {"title": info.slot("title", title, key)}
        bodies = [h for h in texts if h.type != "subTitle"
                  and _lines_fit(h, info.size_range(key, "body")[1], BODY_LINES)]
        if not bodies:
            return None
        score -= 8 * (title.type == "ctrTitle")
        extra = _content_slots(key, info, bodies, pictures, usable)
        if extra is None:
            return None
        more, bonus, stacked = extra
        slots.update(more)
        score += bonus
    slots = _room_for_title(slots, info)
    used = {s.position for s in slots.values() if s.position is not None}
    weights = {**_WEIGHTS, "picture": 1} if key == "closing" else _WEIGHTS  # a QR code is small
    score += sum(weights.get(s.role, 10) * s.rect.area for s in slots.values()) / area
    score -= 0.5 * len([h for h in usable if h.position not in used])
    score += _designer_bonus(key, info)
    reason = _reason(key, info)
    choice = LayoutChoice(key, info.name, info.master, info.index, slots, info.latent, stacked,
                          info.art, info.area, reason, info.scale)
    return score, choice


def _title_recipe(info: LayoutInfo, titles: list[Holder], texts: list[Holder],
                  pictures: list[Holder]) -> tuple[dict[str, Slot], float] | None:
    """Title slides: the title placeholder (a centred one preferred), else the largest text
    box of a cover without one; subtitle and byline from the other text boxes."""
    if titles:
        title = next((h for h in titles if h.type == "ctrTitle"), titles[0])
        slots = {"title": info.slot("title", title, "title")}
        rest = texts
        score = 10.0 * (title.type == "ctrTitle")
    elif texts:  # a cover without a title placeholder: its headline box shows the title
        headline = max(texts, key=lambda h: (h.rect.height, h.rect.area))
        slots = {"title": replace(info.slot("title", headline, "title"), position=None,
                                  type="title")}
        rest = [h for h in texts if h is not headline]
        score = -2.0
    else:
        return None
    subtitles = [h for h in rest if h.type == "subTitle"] or rest
    if subtitles:
        slots["subtitle"] = info.slot("subtitle", subtitles[0], "title")
        others = sorted((h for h in rest if h is not subtitles[0]),
                        key=lambda h: -h.rect.height)
        if others:
            slots["byline"] = info.slot("byline", others[0], "title")
        score += 5 * any(h.type == "subTitle" for h in rest)
    if pictures:
        slots["logo"] = info.slot("logo", pictures[0], "title")
    return slots, score


def _content_slots(key: str, info: LayoutInfo, bodies: list[Holder], pictures: list[Holder],
                   usable: list[Holder]) -> tuple[dict[str, Slot], float, bool] | None:
    """The roles besides the title on every kind but the title slide."""
    if key in ("section-picture", "closing"):
        found = _text_and_picture(bodies, pictures, info, key)
        if found is None and key == "section-picture":
            return None
        if found:
            return found[0], found[1], False
        return {"body": info.slot("body", bodies[0], key)}, 0.0, False
    if key == "contrast":
        pair = _side_by_side(bodies)
        if not pair:
            return {"body": info.slot("body", bodies[0], key)}, 0.0, True
        left, right = pair
        slots = {"left": info.slot("left", left, key), "right": info.slot("right", right, key)}
        score = 4.0
        for side, holder in (("left", left), ("right", right)):
            heading = _heading_above(holder, bodies, pair)
            if heading:
                slots[f"{side}_heading"] = info.slot(f"{side}_heading", heading, key)
                score += 1
        return slots, score, False
    if key == "table":
        tables = [h for h in usable if h.type == "tbl"] or bodies
        return {"table": info.slot("table", tables[0], key)}, 0.0, False
    return {"body": info.slot("body", bodies[0], key)}, 0.0, False


TITLE_LINES = 2
"""A title box must hold this many lines at its floor size; a smaller one grows down into
the box below it (which keeps room for `BODY_LINES`)."""


def _room_for_title(slots: dict[str, Slot], info: LayoutInfo) -> dict[str, Slot]:
    """The title box made tall enough for two lines at its floor size, taking the room from
    the box right below it, as a designer would when a template's title box is too small."""
    title = slots["title"]
    insets = title.insets or (0, 45720, 0, 45720)
    needed = round(title.floor * (1.1 * TITLE_LINES + 0.2) * EMU_PER_PT) + insets[1] + insets[3]
    missing = needed - title.rect.height
    if missing <= 0:
        return slots
    up = replace(title.rect, top=max(0, title.rect.top - missing),
                 height=title.rect.bottom - max(0, title.rect.top - missing))
    if up.height >= needed and clear_of(up, info.art) == up:  # room above: take it
        return {**slots, "title": replace(title, rect=up)}
    down = replace(title.rect, height=needed)
    if clear_of(down, info.art) != down:
        return slots
    below = [(role, slot) for role, slot in slots.items() if role != "title"
             and slot.rect.top >= title.rect.top + title.rect.height // 2
             and slot.rect.left < title.rect.right and slot.rect.right > title.rect.left]
    out = {**slots, "title": replace(title, rect=down)}
    for role, slot in below:
        push = down.bottom - slot.rect.top
        if push > 0:
            out[role] = replace(slot, rect=Rect(slot.rect.left, slot.rect.top + push,
                                                slot.rect.width, slot.rect.height - push))
    return out


def _designer_bonus(key: str, info: LayoutInfo) -> float:
    """What a designer weighs besides room: the template's own use of its layouts and
    masters, the layout type, calm backgrounds for text, and English name hints."""
    score = 0.0
    text_heavy = key != "title"
    if info.samples:
        score += 4
    if text_heavy and "content" in info.master_use:
        score += 3
    if text_heavy and info.master_use == frozenset({"title"}):
        score -= 5  # the title master, used by the template only for its cover
    if key == "title" and "title" in info.master_use:
        score += 2
    if text_heavy and info.background.busy:
        score -= 8
    if info.kind in _TYPES.get(key, ("obj", "tx")):
        score += 3
    name = info.name.lower()
    score += next((2 - 0.2 * i for i, hint in enumerate(_HINTS[key]) if hint in name), 0)
    return score


def _reason(key: str, info: LayoutInfo) -> str:
    """Why a layout suits a kind, in a few words for `build --verbose`."""
    why = []
    if info.samples:
        why.append("used by the template's own slides")
    elif "content" in info.master_use and key != "title":
        why.append("on the master of the template's content slides")
    background = info.background
    why.append("photo background" if background.photo else
               "dark background" if background.dark else "light background")
    if info.art:
        why.append(f"boxes kept clear of {len(info.art)} drawn shape"
                   f"{'s' if len(info.art) != 1 else ''}")
    return f"'{info.name}' (master {info.master + 1}): {', '.join(why)}"


def _side_by_side(bodies: list[Holder]) -> tuple[Holder, Holder] | None:
    """The two largest text placeholders that sit next to each other (left, right)."""
    for i, first in enumerate(bodies):
        for second in bodies[i + 1:]:
            left, right = sorted((first, second), key=lambda h: h.rect.left)
            overlap = min(left.rect.bottom, right.rect.bottom) - max(left.rect.top, right.rect.top)
            if left.rect.right <= right.rect.left + 1 and overlap > 0.5 * min(
                    left.rect.height, right.rect.height):
                return left, right
    return None


def _heading_above(body: Holder, bodies: list[Holder], pair: tuple[Holder, Holder]
                   ) -> Holder | None:
    """A short text placeholder directly above `body` (PowerPoint's Comparison layout)."""
    for holder in bodies:
        if holder in pair:
            continue
        if (abs(holder.rect.left - body.rect.left) < body.rect.width * 0.2
                and holder.rect.bottom <= body.rect.top + 1
                and holder.rect.height < body.rect.height / 2):
            return holder
    return None


def _text_and_picture(bodies: list[Holder], pictures: list[Holder], info: LayoutInfo,
                      key: str) -> tuple[dict[str, Slot], float] | None:
    """Text plus a picture area: a rectangular picture placeholder, a second content
    placeholder, or the right part of the only text placeholder."""
    body = bodies[0]
    if pictures:
        slots = {"body": info.slot("body", body, key),
                 "picture": info.slot("picture", pictures[0], key)}
        return slots, 1.0
    pair = _side_by_side(bodies)
    if pair:
        left, right = pair
        return {"body": info.slot("body", left, key),
                "picture": replace(info.slot("picture", right, key), type="obj")}, 0.5
    text_rect, picture_rect = split_rect(body.rect)
    return {"body": replace(info.slot("body", body, key), rect=text_rect),
            "picture": Slot("picture", picture_rect, None, "pic", insets=body.insets)}, -1.0


def split_rect(rect: Rect, share: float = 0.58, gap: int = 228600) -> tuple[Rect, Rect]:
    """Split a text area into text (left) and picture (right)."""
    text_width = int(rect.width * share)
    text = Rect(rect.left, rect.top, text_width, rect.height)
    picture = Rect(rect.left + text_width + gap, rect.top, rect.width - text_width - gap,
                   rect.height)
    return text, picture
