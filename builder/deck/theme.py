"""Theme parts of a template: reading their fonts and writing the brand's colours and fonts."""

from __future__ import annotations

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation as PresentationObject

from builder.deck.drawingml import A
from builder.model import Brand


def theme_parts(prs: PresentationObject) -> list:
    """Each master's theme part once (masters may share one)."""
    parts = []
    for master in prs.slide_masters:
        theme = master.part.part_related_by(RT.THEME)
        if theme not in parts:
            parts.append(theme)
    return parts


def theme_fonts(prs: PresentationObject) -> tuple[str | None, str | None]:
    """The first theme's heading and body fonts (latin), to decide whether they can be measured."""
    root = etree.fromstring(theme_parts(prs)[0].blob)
    found = []
    for which in ("majorFont", "minorFont"):
        latin = root.find(f".//{{{A}}}{which}/{{{A}}}latin")
        found.append(latin.get("typeface") if latin is not None else None)
    return found[0], found[1]


def apply_theme(theme: bytes, brand: Brand, *, colours: bool = True,
                fonts: tuple[str, str] | None = None) -> bytes:
    """The theme part with the brand's colours and fonts written into its schemes.

    Layout decorations and text styles refer to theme colours (accent1 = primary, ...), so
    re-colouring the theme re-colours the whole deck, and editing the theme in PowerPoint
    still works. Script-specific theme fonts are dropped: they name fonts the tool cannot
    measure; complex scripts and CJK fall back to the shipped Noto Sans Arabic and Droid Sans.
    """
    root = etree.fromstring(theme)
    if colours:
        _write_colours(root, brand)
    heading, body = fonts or (brand.fonts.heading, brand.fonts.body)
    for which, name in (("majorFont", heading), ("minorFont", body)):
        holder = root.find(f".//{{{A}}}{which}")
        if holder is None:
            continue
        for child in list(holder):
            if child.tag == f"{{{A}}}font":
                holder.remove(child)
        for tag, face in (("latin", name), ("ea", "Droid Sans Fallback"),
                          ("cs", "Noto Sans Arabic")):
            element = holder.find(f"{{{A}}}{tag}")
            if element is None:
                element = etree.SubElement(holder, f"{{{A}}}{tag}")
            element.set("typeface", face)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _write_colours(root: etree._Element, brand: Brand) -> None:
    """The brand's colours into the theme's colour scheme, slot by slot."""
    scheme = root.find(f".//{{{A}}}clrScheme")
    if scheme is None:
        return
    c = brand.colours
    values = {"dk1": c.text, "lt1": c.background, "dk2": c.primary, "lt2": c.muted,
              "accent1": c.primary, "accent2": c.secondary, "accent3": c.accent,
              "accent4": _mix(c.primary, c.background, 0.45),
              "accent5": _mix(c.secondary, c.background, 0.45),
              "accent6": _mix(c.accent, c.text, 0.35), "hlink": c.primary,
              "folHlink": c.secondary}
    scheme.set("name", "Brand")
    for tag, value in values.items():
        slot = scheme.find(f"{{{A}}}{tag}")
        if slot is None:
            continue
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr", val=value.lstrip("#").upper())


def _mix(first: str, second: str, share: float) -> str:
    """`first` blended towards `second` by `share` (0..1), as #rrggbb."""
    a = [int(first[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


_LANGUAGE_PARTS = ("/ppt/presentation.xml", "/ppt/slideMasters/", "/ppt/slideLayouts/",
                   "/ppt/notesMasters/", "/ppt/handoutMasters/")
"""Parts whose default text properties name a language: the presentation's default text
style, and the masters' and layouts' text styles and placeholders."""


def set_default_language(prs: PresentationObject, language: str) -> None:
    """Tag the template's default text properties with the document language, so text typed
    into the deck later is proofed in that language (not the template author's en-US).

    Every `a:defRPr` and `a:endParaRPr` that names a language is rewritten; the presentation's
    default text style is tagged even where it names none.
    """
    for part in prs.part.package.iter_parts():
        name = str(part.partname)
        if not name.startswith(_LANGUAGE_PARTS) or not hasattr(part, "_element"):
            continue
        element = part._element
        presentation = name == "/ppt/presentation.xml"
        for tag in ("defRPr", "endParaRPr"):
            for rpr in element.iter(f"{{{A}}}{tag}"):
                if rpr.get("lang") is not None or (presentation and tag == "defRPr"):
                    rpr.set("lang", language)
