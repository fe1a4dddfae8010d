"""What each layout of a slide template holds, and which layout each kind of slide uses.

A built-in template folder (`slides/<name>/`) carries `layouts.json`: slide kind -> layout name,
placeholder names by role, and the start and floor font sizes of each role. A clinic's own .pptx
has no such file, so its layouts are matched by what they hold (`matching.py`). A small mapping
file beside it (`corporate.layouts.json`: `{"layouts": {"section": "Titre et contenu"}}`) may
name the layout of any kind. LibreOffice saves every content placeholder with the same idx, so
placeholders are identified by their order in the layout (the order python-pptx clones them).

Analysis reads what a designer would look at: placeholder types, boxes and inherited text sizes;
the artwork drawn on the master and layout (boxes are inset to stay clear of it); whether the
background is dark or a photo; and which layouts the template's own sample slides use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import SlideLayout

from builder.deck.artwork import artwork
from builder.deck.clearing import clear_of
from builder.deck.geometry import (
    DEFAULT_SIZES,
    Holder,
    LayoutChoice,
    LayoutInfo,
    Rect,
)
from builder.errors import TemplateError
from builder.templates import read_template

__all__ = ["DEFAULT_SIZES", "Holder", "LayoutChoice", "LayoutInfo"]

LAYOUT_KEYS = ("title", "agenda", "section", "section-picture", "contrast", "table",
               "key-messages", "disclaimer", "references", "closing")
"""Slide kinds as layouts see them (`section-picture` is a section slide that has an image)."""

LATENT = ("dt", "ftr", "sldNum")
"""Placeholders a new slide does not get from its layout unless asked: date, footer, number."""

TITLE_TYPES = ("title", "ctrTitle")
TEXT_TYPES = ("body", "obj", "subTitle")

REFERENCE_HEIGHT = 6858000
"""7.5 in: the slide height the default sizes are meant for."""


def analyse(prs: PresentationObject, clear: bool = True) -> list[LayoutInfo]:
    """Every layout of every master, with placeholder types and effective geometry (inset
    clear of the artwork drawn on them when `clear`: not for the built-in template, whose
    boxes and artwork were placed together)."""
    samples: dict[tuple[int, int], int] = {}
    master_use: dict[int, set[str]] = {}
    masters = list(prs.slide_masters)
    for number, slide in enumerate(prs.slides):
        layout = slide.slide_layout
        master = next(i for i, m in enumerate(masters) if m.part is layout.slide_master.part)
        index = next(i for i, lay in enumerate(masters[master].slide_layouts)
                     if lay.part is layout.part)
        samples[(master, index)] = samples.get((master, index), 0) + 1
        types = {p.element.ph.get("type", "obj") for p in slide.placeholders} | {
            p.element.ph.get("type", "obj") for p in layout.placeholders}
        is_title = number == 0 or "ctrTitle" in types or "subTitle" in types
        master_use.setdefault(master, set()).add("title" if is_title else "content")
    scale = max(1.0, int(prs.slide_height) / REFERENCE_HEIGHT)
    out = []
    for master_index, master in enumerate(masters):
        for index, layout in enumerate(master.slide_layouts):
            out.append(_describe(layout, master_index, index, samples.get((master_index, index), 0),
                                 frozenset(master_use.get(master_index, ())), scale, clear))
    return out


def _describe(layout: SlideLayout, master: int, index: int, samples: int,
              master_use: frozenset[str], scale: float, clear: bool = True) -> LayoutInfo:
    art, background = artwork(layout)
    holders, latent = [], []
    counts: dict[int, int] = {}
    position = 0
    for ph in layout.placeholders:
        ph_type, idx, vertical = _ph_attrs(ph.element)
        counts[idx] = counts.get(idx, 0) + 1
        chain = _chain(ph)
        rect = _rect(chain)
        insets = _insets(chain)
        if ph_type in LATENT:
            if rect:
                latent.append(Holder(None, ph_type, idx, ph.name, rect, insets=insets))
            continue
        if rect and rect.width > 0 and rect.height > 0:
            cleared = clear_of(rect, art) if clear else rect
            if cleared.width > 0 and cleared.height > 0:
                holders.append(Holder(position, ph_type, idx, ph.name, cleared, vertical, insets,
                                      _text_size(chain, layout, ph_type), _geometry(chain)))
        position += 1
    unique = frozenset(i for i, n in counts.items() if n == 1)
    return LayoutInfo(layout.name, master, index, tuple(holders), tuple(latent), unique,
                      layout._element.get("type", ""), art, background,
                      _body_area(layout, art), samples, master_use, scale)


def _ph_attrs(element) -> tuple[str, int, bool]:  # noqa: ANN001 - lxml element
    ph = element.ph
    return ph.get("type", "obj"), int(ph.get("idx", "0")), ph.get("orient") == "vert"


def _chain(ph) -> list:  # noqa: ANN001 - python-pptx LayoutPlaceholder
    """The placeholder's element, then its master's (what it inherits from)."""
    chain = [ph.element]
    try:
        base = ph._base_placeholder
    except (AttributeError, KeyError):
        base = None
    if base is not None:
        chain.append(base.element)
    return chain


_INSET_DEFAULTS = {"lIns": 91440, "tIns": 45720, "rIns": 91440, "bIns": 45720}


def _rect(chain: list) -> Rect | None:
    """The placeholder's box: its own, else the one it inherits."""
    for element in chain:
        xfrm = element.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
        if xfrm is not None and xfrm.find(qn("a:off")) is not None and xfrm.find(
                qn("a:ext")) is not None:
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            return Rect(int(off.get("x")), int(off.get("y")), int(ext.get("cx")),
                        int(ext.get("cy")))
    return None


def _insets(chain: list) -> tuple[int, int, int, int]:
    """The text insets a placeholder has: its own bodyPr, else its master's, else OOXML's."""
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


def _text_size(chain: list, layout: SlideLayout, ph_type: str) -> float | None:
    """The first-level size the placeholder inherits: its own list style, its master's, then
    the master's title or body text style."""
    for element in chain:
        found = element.find(f".//{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
        if found is not None and found.get("sz"):
            return int(found.get("sz")) / 100
    styles = layout.slide_master._element.find(qn("p:txStyles"))
    if styles is None:
        return None
    style = styles.find(qn("p:titleStyle") if ph_type in TITLE_TYPES else qn("p:bodyStyle"))
    found = style.find(f"{qn('a:lvl1pPr')}/{qn('a:defRPr')}") if style is not None else None
    return int(found.get("sz")) / 100 if found is not None and found.get("sz") else None


def _geometry(chain: list) -> str:
    for element in chain:
        geom = element.find(f"{qn('p:spPr')}/{qn('a:prstGeom')}")
        if geom is not None:
            return geom.get("prst", "rect")
        if element.find(f"{qn('p:spPr')}/{qn('a:custGeom')}") is not None:
            return "custom"
    return "rect"


def _body_area(layout: SlideLayout, art: tuple[Rect, ...]) -> Rect:
    """Where free-standing text may go: the master's body placeholder (cleared of artwork),
    else the slide inside a 5% margin."""
    master = layout.slide_master
    for ph in master.placeholders:
        if ph.element.ph.get("type", "obj") in ("body", "obj") and ph.width and ph.height:
            return clear_of(Rect(int(ph.left), int(ph.top), int(ph.width), int(ph.height)), art)
    presentation = layout.part.package.presentation_part.presentation
    width, height = int(presentation.slide_width), int(presentation.slide_height)
    return Rect(width // 20, height // 5, width * 9 // 10, height * 7 // 10)


# ---------------------------------------------------------------------------------- mapping file


def read_mapping(mapping_file: Path) -> dict:
    try:
        mapping = json.loads(read_template(mapping_file))
        entries = mapping["layouts"]
        if not isinstance(entries, dict):
            raise TypeError("'layouts' must map slide kinds to layouts")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TemplateError(f"{mapping_file}: cannot read the layout mapping ({exc})") from None
    unknown = sorted(set(entries) - set(LAYOUT_KEYS))
    if unknown:
        raise TemplateError(f"{mapping_file}: unknown slide kind '{unknown[0]}'; the kinds are: "
                            f"{', '.join(LAYOUT_KEYS)}")
    return entries


def from_mapping(infos: list[LayoutInfo], entries: dict, mapping_file: Path
                 ) -> dict[str, LayoutChoice]:
    """Layouts whose placeholders a mapping file names role by role (built-in templates)."""
    by_name = {info.name: info for info in infos}
    choices = {}
    for key, entry in entries.items():
        if isinstance(entry, str):
            continue  # a layout name alone: its placeholders are matched (matching.py)
        info = by_name.get(entry.get("layout", ""))
        if info is None:
            raise TemplateError(f"{mapping_file}: layout '{entry.get('layout')}' for {key} slides "
                                f"is not in the template; its layouts are: {names(infos)}")
        holders = {h.name: h for h in info.holders}
        slots = {}
        for role, spec in entry.get("placeholders", {}).items():
            holder = holders.get(spec.get("name", ""))
            if holder is None:
                raise TemplateError(f"{mapping_file}: layout '{info.name}' has no placeholder "
                                    f"'{spec.get('name')}' (for {role}); it has: "
                                    f"{', '.join(holders) or 'none'}")
            start, floor = info.size_range(key, role)
            slots[role] = info.slot(role, holder, key, spec.get("size", start),
                                    spec.get("floor", floor))
        choices[key] = LayoutChoice(key, info.name, info.master, info.index, slots, info.latent,
                                    art=info.art, area=info.area,
                                    reason=f"named in {mapping_file.name}", scale=info.scale)
    return choices


def names(infos: Iterable[LayoutInfo]) -> str:
    return ", ".join(dict.fromkeys(f"'{info.name}'" for info in infos)) or "none"


def choose(prs: PresentationObject, mapping_file: Path | None, builtin: bool = False
           ) -> dict[str, LayoutChoice]:
    """Layouts for every slide kind: named by the mapping file where it names them, else
    matched the way a designer would pick them."""
    from builder.deck.matching import match

    infos = analyse(prs, clear=not builtin)
    slide = Rect(0, 0, int(prs.slide_width), int(prs.slide_height))
    entries = read_mapping(mapping_file) if mapping_file is not None else {}
    named = from_mapping(infos, entries, mapping_file) if mapping_file else {}
    wanted = {key: entry for key, entry in entries.items() if isinstance(entry, str)}
    matched = match(infos, slide, wanted, mapping_file.name if mapping_file else "", set(named))
    return {**matched, **named}
