"""Which slide layout each kind of slide uses, and what each placeholder on it is for.

A built-in template folder (`slides/<name>/`) carries `layouts.json`: slide kind -> layout name,
placeholder names by role, and the start and floor font sizes of each role. A clinic's own .pptx
has no such file, so its layouts are matched by what they hold: placeholder *types* (title,
ctrTitle, subTitle, body, obj, pic, tbl), their sizes and positions, and a few name hints, never
fixed positions. LibreOffice saves every content placeholder with the same idx, so placeholders are
identified by their order in the layout (the order python-pptx clones them onto a slide).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import SlideLayout

from builder.deck.geometry import Holder, LayoutChoice, LayoutInfo, Rect, Slot
from builder.errors import TemplateError

LAYOUT_KEYS = ("title", "agenda", "section", "section-picture", "contrast", "table",
               "key-messages", "disclaimer", "references", "closing")
"""Slide kinds as layouts see them (`section-picture` is a section slide that has an image)."""

LATENT = ("dt", "ftr", "sldNum")
"""Placeholders a new slide does not get from its layout unless asked: date, footer, number."""

TITLE_TYPES = ("title", "ctrTitle")
TEXT_TYPES = ("body", "obj", "subTitle")

DEFAULT_SIZES: dict[str, dict[str, tuple[float, float]]] = {
    "*": {"title": (36, 24), "body": (24, 18), "subtitle": (24, 16), "byline": (18, 12),
          "status": (18, 14), "caption": (14, 10), "table": (18, 12), "left": (22, 18),
          "right": (22, 18), "left_heading": (22, 16), "right_heading": (22, 16),
          "footer": (12, 8)},
    "title": {"title": (44, 28)},
    "references": {"body": (18, 12)},
    "disclaimer": {"body": (24, 16)},
}
"""(start, floor) font sizes in points by layout key and role, for templates without a mapping
file; `layouts.json` may set its own."""

def _ph_attrs(element) -> tuple[str, int, bool]:  # noqa: ANN001 - lxml element
    ph = element.ph
    return ph.get("type", "obj"), int(ph.get("idx", "0")), ph.get("orient") == "vert"


def analyse(prs: PresentationObject) -> list[LayoutInfo]:
    """Every layout of every master, with placeholder types and effective geometry."""
    out = []
    for master_index, master in enumerate(prs.slide_masters):
        for index, layout in enumerate(master.slide_layouts):
            out.append(_describe(layout, master_index, index))
    return out


def _describe(layout: SlideLayout, master: int, index: int) -> LayoutInfo:
    holders, latent = [], []
    counts: dict[int, int] = {}
    position = 0
    for ph in layout.placeholders:
        ph_type, idx, vertical = _ph_attrs(ph.element)
        counts[idx] = counts.get(idx, 0) + 1
        rect = None
        if None not in (ph.left, ph.top, ph.width, ph.height):
            rect = Rect(int(ph.left), int(ph.top), int(ph.width), int(ph.height))
        insets = _insets(ph)
        if ph_type in LATENT:
            if rect:
                latent.append(Holder(None, ph_type, idx, ph.name, rect, insets=insets))
            continue
        if rect and rect.width > 0 and rect.height > 0:
            holders.append(Holder(position, ph_type, idx, ph.name, rect, vertical, insets))
        position += 1
    unique = frozenset(i for i, n in counts.items() if n == 1)
    return LayoutInfo(layout.name, master, index, tuple(holders), tuple(latent), unique)


_INSET_DEFAULTS = {"lIns": 91440, "tIns": 45720, "rIns": 91440, "bIns": 45720}


def _insets(ph) -> tuple[int, int, int, int]:  # noqa: ANN001 - python-pptx LayoutPlaceholder
    """The text insets a placeholder has: its own bodyPr, else its master's, else OOXML's."""
    chain = [ph.element]
    try:
        base = ph._base_placeholder
    except (AttributeError, KeyError):
        base = None
    if base is not None:
        chain.append(base.element)
    values = []
    for attribute in ("lIns", "tIns", "rIns", "bIns"):
        value = _INSET_DEFAULTS[attribute]
        for element in chain:
            body_pr = element.find(f".//{qn('a:bodyPr')}")
            if body_pr is not None and body_pr.get(attribute) is not None:
                value = int(body_pr.get(attribute))
                break
        values.append(value)
    return values[0], values[1], values[2], values[3]


# ---------------------------------------------------------------------------------- mapping file


def from_mapping(infos: list[LayoutInfo], mapping_file: Path) -> dict[str, LayoutChoice]:
    """Layouts named by a template folder's `layouts.json`."""
    try:
        mapping = json.loads(mapping_file.read_text(encoding="utf-8"))
        entries = mapping["layouts"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TemplateError(f"{mapping_file}: cannot read the layout mapping ({exc})") from None
    by_name = {info.name: info for info in infos}
    choices = {}
    for key in LAYOUT_KEYS:
        entry = entries.get(key)
        if entry is None:
            continue
        info = by_name.get(entry.get("layout", ""))
        if info is None:
            raise TemplateError(f"{mapping_file}: layout '{entry.get('layout')}' for {key} slides "
                                f"is not in the template; its layouts are: {_names(infos)}")
        holders = {h.name: h for h in info.holders}
        slots = {}
        for role, spec in entry.get("placeholders", {}).items():
            holder = holders.get(spec.get("name", ""))
            if holder is None:
                raise TemplateError(f"{mapping_file}: layout '{info.name}' has no placeholder "
                                    f"'{spec.get('name')}' (for {role}); it has: "
                                    f"{', '.join(holders) or 'none'}")
            start, floor = _sizes(key, role)
            slots[role] = _slot(role, holder, info, spec.get("size", start),
                                spec.get("floor", floor))
        choices[key] = LayoutChoice(key, info.name, info.master, info.index, slots, info.latent)
    return choices


def _sizes(key: str, role: str) -> tuple[float, float]:
    return DEFAULT_SIZES.get(key, {}).get(role) or DEFAULT_SIZES["*"].get(role, (24, 18))


def _slot(role: str, holder: Holder, info: LayoutInfo, size: float | None = None,
          floor: float | None = None, key: str = "*") -> Slot:
    start, low = _sizes(key, role)
    return Slot(role, holder.rect, holder.position, holder.type,
                float(size if size is not None else start),
                float(floor if floor is not None else low), holder.idx in info.unique,
                holder.insets)


def _names(infos: Iterable[LayoutInfo]) -> str:
    return ", ".join(f"'{info.name}'" for info in infos) or "none"


# ---------------------------------------------------------------------------------- matching


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
"""Words in layout names that suggest a layout suits a kind (a small bonus, never required)."""


def match(infos: list[LayoutInfo], slide: Rect) -> dict[str, LayoutChoice]:
    """Pick a layout for every kind by what its placeholders are; a clear error if none fits."""
    choices = {}
    for key in LAYOUT_KEYS:
        best: tuple[float, LayoutChoice] | None = None
        for info in infos:
            found = _recipe(key, info, slide)
            if found and (best is None or found[0] > best[0]):
                best = found
        if best is None:
            raise TemplateError(f"the slide template has no layout for {key} slides (it needs "
                                f"{_NEEDS[key]}); its layouts are: {_names(infos)}")
        choices[key] = best[1]
    return choices


_WEIGHTS = {"title": 0, "picture": 4, "logo": 1, "byline": 1, "left_heading": 1,
            "right_heading": 1, "caption": 1}
"""How much each role's area counts when comparing layouts (text areas count most)."""

_NEEDS = {key: "a title and a text placeholder" for key in LAYOUT_KEYS}


def _recipe(key: str, info: LayoutInfo, slide: Rect) -> tuple[float, LayoutChoice] | None:
    usable = [h for h in info.holders if not h.vertical]
    titles = [h for h in usable if h.type in TITLE_TYPES]
    if not titles:
        return None
    title = next((h for h in titles if h.type == ("ctrTitle" if key == "title" else "title")),
                 titles[0])
    texts = sorted((h for h in usable if h.type in TEXT_TYPES), key=lambda h: -h.rect.area)
    pictures = [h for h in usable if h.type == "pic"]
    area = slide.area or 1
    slots: dict[str, Slot] = {"title": _slot("title", title, info, key=key)}
    score = 0.0
    stacked = False
    if key == "title":
        subtitles = [h for h in texts if h.type == "subTitle"] or texts
        if subtitles:
            slots["subtitle"] = _slot("subtitle", subtitles[0], info, key=key)
            rest = [h for h in texts if h is not subtitles[0]]
            if rest:
                slots["byline"] = _slot("byline", rest[0], info, key=key)
        if pictures:
            slots["logo"] = _slot("logo", pictures[0], info, key=key)
        score = 10 * (title.type == "ctrTitle") + 5 * any(h.type == "subTitle" for h in texts)
    else:
        bodies = [h for h in texts if h.type != "subTitle"]
        if not bodies:
            return None
        score -= 8 * (title.type == "ctrTitle")
        if key in ("section-picture", "closing"):
            found = _text_and_picture(bodies, pictures, info, key)
            if found is None and key == "section-picture":
                return None
            if found:
                extra, bonus = found
                slots.update(extra)
                score += bonus
            else:
                slots["body"] = _slot("body", bodies[0], info, key=key)
        elif key == "contrast":
            pair = _side_by_side(bodies)
            if pair:
                left, right = pair
                slots["left"] = _slot("left", left, info, key=key)
                slots["right"] = _slot("right", right, info, key=key)
                score += 4
                for side, holder in (("left", left), ("right", right)):
                    heading = _heading_above(holder, bodies, pair)
                    if heading:
                        slots[f"{side}_heading"] = _slot(f"{side}_heading", heading, info, key=key)
                        score += 1
            else:
                slots["body"] = _slot("body", bodies[0], info, key=key)
                stacked = True
        elif key == "table":
            tables = [h for h in usable if h.type == "tbl"] or bodies
            slots["table"] = _slot("table", tables[0], info, key=key)
        else:
            slots["body"] = _slot("body", bodies[0], info, key=key)
    used = {s.position for s in slots.values() if s.position is not None}
    weights = {**_WEIGHTS, "picture": 1} if key == "closing" else _WEIGHTS  # a QR code is small
    score += sum(weights.get(s.role, 10) * s.rect.area for s in slots.values()) / area
    score -= 0.5 * len([h for h in usable if h.position not in used])
    name = info.name.lower()
    score += next((2 - 0.2 * i for i, hint in enumerate(_HINTS[key]) if hint in name), 0)
    choice = LayoutChoice(key, info.name, info.master, info.index, slots, info.latent, stacked)
    return score, choice


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
    """Text plus a picture area: a picture placeholder, a second content placeholder, or the
    right part of the only text placeholder."""
    body = bodies[0]
    if pictures:
        slots = {"body": _slot("body", body, info, key=key),
                 "picture": _slot("picture", pictures[0], info, key=key)}
        return slots, 1.0
    pair = _side_by_side(bodies)
    if pair:
        left, right = pair
        return {"body": _slot("body", left, info, key=key),
                "picture": replace(_slot("picture", right, info, key=key), type="obj")}, 0.5
    text_rect, picture_rect = split_rect(body.rect)
    return {"body": replace(_slot("body", body, info, key=key), rect=text_rect),
            "picture": Slot("picture", picture_rect, None, "pic", insets=body.insets)}, -1.0


def split_rect(rect: Rect, share: float = 0.58, gap: int = 228600) -> tuple[Rect, Rect]:
    """Split a text area into text (left) and picture (right)."""
    text_width = int(rect.width * share)
    text = Rect(rect.left, rect.top, text_width, rect.height)
    picture = Rect(rect.left + text_width + gap, rect.top, rect.width - text_width - gap,
                   rect.height)
    return text, picture


def choose(prs: PresentationObject, mapping_file: Path | None) -> dict[str, LayoutChoice]:
    """Layouts for every slide kind: from the mapping file when there is one, else matched."""
    infos = analyse(prs)
    slide = Rect(0, 0, int(prs.slide_width), int(prs.slide_height))
    if mapping_file is not None:
        named = from_mapping(infos, mapping_file)
        missing = [key for key in LAYOUT_KEYS if key not in named]
        if missing:
            named.update({k: v for k, v in match(infos, slide).items() if k in missing})
        return named
    return match(infos, slide)
