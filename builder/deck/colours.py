"""Theme colours resolved to RGB, and the WCAG contrast between two of them.

A template's shapes name colours by role (`tx1`, `bg2`, `accent1`) with modifiers (`lumMod`,
`tint`...); what they look like depends on the theme's colour scheme and the master's colour
map. The deck needs real colours twice: to keep table text readable (WCAG 2 contrast of at
least 4.5:1) and to tell a dark or photo background from a plain light one.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

from lxml import etree

from builder.contrast import AA_NORMAL, ratio

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"

RGB = tuple[int, int, int]

_DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
MINIMUM_CONTRAST = AA_NORMAL
"""WCAG 2 AA for normal-size text."""


def contrast(first: RGB, second: RGB) -> float:
    """WCAG 2 contrast ratio, 1 .. 21 (see `builder.contrast`)."""
    return ratio(first, second)


def hex_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@dataclass(frozen=True)
class Palette:
    """One master's colours: the theme scheme seen through the master's colour map."""

    scheme: dict[str, RGB]
    mapping: dict[str, str]

    def scheme_colour(self, name: str) -> RGB:
        name = self.mapping.get(name, _DEFAULT_MAP.get(name, name))
        return self.scheme.get(name, (0, 0, 0) if name.startswith("dk") else (255, 255, 255))

    def resolve(self, element) -> RGB | None:  # noqa: ANN001 - lxml colour element or fill
        """The RGB of an `a:srgbClr`/`a:schemeClr`/`a:sysClr`/`a:prstClr` (or of the first
        such child of a fill), modifiers applied; None for anything else."""
        if element is None:
            return None
        tag = etree.QName(element).localname
        if tag in ("solidFill", "bgRef", "fillRef", "fontRef"):
            children = [c for c in element if isinstance(c.tag, str)]
            return self.resolve(children[0]) if children else None
        if tag == "srgbClr":
            base = hex_rgb(element.get("val", "000000"))
        elif tag == "sysClr":
            base = hex_rgb(element.get("lastClr", "000000"))
        elif tag == "schemeClr":
            base = self.scheme_colour(element.get("val", "tx1"))
        elif tag == "prstClr":
            base = {"black": (0, 0, 0), "white": (255, 255, 255)}.get(element.get("val", ""),
                                                                     (128, 128, 128))
        else:
            return None
        return _modified(base, element)


def _modified(colour: RGB, element) -> RGB:  # noqa: ANN001
    """Apply DrawingML's lumMod/lumOff (in HSL), tint and shade to `colour`."""
    r, g, b = (v / 255 for v in colour)
    for child in element:
        if not isinstance(child.tag, str):
            continue
        kind = etree.QName(child).localname
        amount = int(child.get("val", "100000")) / 100000
        if kind in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * amount if kind == "lumMod" else lum + amount
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
        elif kind == "tint":
            r, g, b = (c + (1 - c) * (1 - amount) for c in (r, g, b))
        elif kind == "shade":
            r, g, b = (c * amount for c in (r, g, b))
    return tuple(round(min(1.0, max(0.0, c)) * 255) for c in (r, g, b))  # type: ignore[return-value]


def palette(master, layout=None) -> Palette:  # noqa: ANN001 - python-pptx master and layout
    """The colours of `master` (and `layout`'s colour-map override, if it has one)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT  # only with a template open

    theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    scheme: dict[str, RGB] = {}
    clr_scheme = theme.find(f".//{{{A}}}clrScheme")
    if clr_scheme is not None:
        for slot in clr_scheme:
            if not isinstance(slot.tag, str):
                continue
            colour = next((c for c in slot if isinstance(c.tag, str)), None)
            resolved = Palette({}, {}).resolve(colour)
            if resolved is not None:
                scheme[etree.QName(slot).localname] = resolved
    mapping = dict(_DEFAULT_MAP)
    clr_map = master._element.find(f"{{{P}}}clrMap")
    if clr_map is not None:
        mapping.update(clr_map.attrib)
    if layout is not None:
        override = layout._element.find(f"{{{P}}}clrMapOvr/{{{A}}}overrideClrMapping")
        if override is not None:
            mapping.update(override.attrib)
    return Palette(scheme, mapping)


@dataclass(frozen=True)
class CellStyle:
    """A table row's fill (a theme colour) and its text colour (None: the theme's text
    colour, which passes)."""

    fill: str
    text: str | None


def table_styles(colours: Palette) -> dict[str, CellStyle]:
    """Fills and text colours for the header and the banded rows, each readable (WCAG 4.5:1):
    white on the accent colour in the header and the theme's text colour on the rows where
    they pass, else the theme's dark or light colour that does, else black or white."""
    styles = {}
    for row, fills, preferred in (("header", ("accent1", "tx2", "tx1"), ("FFFFFF",)),
                                  ("even", ("bg2", "bg1"), (None,)),
                                  ("odd", ("bg1",), (None,))):
        for fill in fills:
            background = colours.scheme_colour(fill)
            text = _readable(colours, background, preferred)
            if text is not False:
                styles[row] = CellStyle(fill, text)  # type: ignore[arg-type]
                break
    return styles


def _readable(colours: Palette, background: RGB, preferred: tuple[str | None, ...]
              ) -> str | None | bool:
    """The first text colour with enough contrast on `background` (None = the theme's text
    colour), or False when none has."""
    candidates: list[str | None] = [*preferred, None]
    candidates += ["{:02X}{:02X}{:02X}".format(*colours.scheme_colour(name))
                   for name in ("tx1", "bg1", "tx2")]
    candidates += ["000000", "FFFFFF"]
    for candidate in candidates:
        rgb = colours.scheme_colour("tx1") if candidate is None else hex_rgb(candidate)
        if contrast(rgb, background) >= MINIMUM_CONTRAST:
            return candidate
    return False
