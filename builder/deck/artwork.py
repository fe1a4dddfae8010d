"""What a template draws by itself on a layout: logos, shapes and photos from the master and the
layout, and the background they sit on.

A designer keeps text off a logo and away from a photo; the deck does the same. A placeholder
partly covered by artwork is inset until it is clear; free-standing boxes are put in the largest
empty part of the body area. Artwork that covers a whole placeholder is its backdrop (a title
band), not a collision. Backgrounds are classed as dark or photographic so that text-heavy
slides can prefer a plain light layout.
"""

from __future__ import annotations

import io
from functools import lru_cache

from lxml import etree

from builder.contrast import luminance
from builder.deck.clearing import Band
from builder.deck.colours import Palette, palette
from builder.deck.geometry import Background, Rect

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

BACKDROP_SHARE = 0.5
"""Artwork covering at least this share of the slide is background, not an obstacle."""

BAND_ASPECT = 3
"""A picture at least this many times as wide as high is a strip (a band), not a logo."""

BAND_SHAPES = ("rect", "roundRect", "snip1Rect", "snip2SameRect", "round1Rect",
               "round2SameRect", "flowChartProcess")


def artwork(layout) -> tuple[tuple[Rect, ...], Background]:  # noqa: ANN001 - SlideLayout
    """The obstacles drawn on `layout` (its own shapes and, unless hidden, its master's) and
    its background."""
    master = layout.slide_master
    slide = Rect(0, 0, *_slide_size(layout))
    colours = palette(master, layout)
    obstacles: list[Rect] = []
    backdrop: Background | None = None
    sources = [layout]
    if layout._element.get("showMasterSp", "1") not in ("0", "false"):
        sources.insert(0, master)
    for source in sources:
        for element in source._element.find(f"{{{P}}}cSld/{{{P}}}spTree"):
            rect = _drawn_rect(element)
            if rect is None or rect.area <= 0:
                continue
            if rect.intersection(slide) is None:
                continue
            if rect.area >= BACKDROP_SHARE * slide.area:
                tone = _tone(element, source, colours)
                if tone is not None:
                    backdrop = tone
                continue
            obstacles.append(Band(rect.left, rect.top, rect.width, rect.height)
                             if _is_band(element, rect) else rect)
    background = _background(layout, master, colours)
    return tuple(obstacles), backdrop or background


def _slide_size(layout) -> tuple[int, int]:  # noqa: ANN001
    presentation = layout.part.package.presentation_part.presentation
    return int(presentation.slide_width), int(presentation.slide_height)


def _drawn_rect(element) -> Rect | None:  # noqa: ANN001 - lxml element
    """The box of a shape the template draws itself (not a placeholder), if it shows."""
    tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
    if tag not in ("sp", "pic", "grpSp", "graphicFrame", "cxnSp"):
        return None
    if element.find(f".//{{{P}}}nvPr/{{{P}}}ph") is not None and tag == "sp":
        return None
    if tag == "sp" and not _visible(element):
        return None
    xfrm = element.find(f"{{{P}}}spPr/{{{A}}}xfrm")
    if xfrm is None:
        xfrm = element.find(f"{{{P}}}grpSpPr/{{{A}}}xfrm")
    if xfrm is None:
        xfrm = element.find(f"{{{P}}}xfrm")
    if xfrm is None:
        return None
    off, ext = xfrm.find(f"{{{A}}}off"), xfrm.find(f"{{{A}}}ext")
    if off is None or ext is None:
        return None
    return Rect(int(off.get("x", 0)), int(off.get("y", 0)), int(ext.get("cx", 0)),
                int(ext.get("cy", 0)))


def _is_band(element, rect: Rect) -> bool:  # noqa: ANN001
    """A plain filled rectangle, or a picture strip (three times as wide as high or more):
    what a designer puts behind a title."""
    if etree.QName(element).localname == "pic":
        return rect.width >= BAND_ASPECT * rect.height
    if etree.QName(element).localname != "sp":
        return False
    sp_pr = element.find(f"{{{P}}}spPr")
    geometry = sp_pr.find(f"{{{A}}}prstGeom") if sp_pr is not None else None
    filled = sp_pr is not None and any(sp_pr.find(f"{{{A}}}{f}") is not None
                                       for f in ("solidFill", "gradFill"))
    return geometry is not None and geometry.get("prst") in BAND_SHAPES and filled


def _visible(sp) -> bool:  # noqa: ANN001
    """A shape with a fill, an outline or text shows; an empty, unfilled one does not."""
    sp_pr = sp.find(f"{{{P}}}spPr")
    fills = ("solidFill", "gradFill", "blipFill", "pattFill")
    if sp_pr is not None and any(sp_pr.find(f"{{{A}}}{f}") is not None for f in fills):
        return True
    line = sp_pr.find(f"{{{A}}}ln") if sp_pr is not None else None
    if line is not None and line.find(f"{{{A}}}noFill") is None:
        return True
    style = sp.find(f"{{{P}}}style")
    no_fill = sp_pr is not None and sp_pr.find(f"{{{A}}}noFill") is not None
    if style is not None and not no_fill:
        fill_ref = style.find(f"{{{A}}}fillRef")
        if fill_ref is not None and fill_ref.get("idx", "0") != "0":
            return True
    text = "".join(sp.itertext()).strip()
    return bool(text)


def _tone(element, source, colours: Palette) -> Background | None:  # noqa: ANN001
    """How a slide-sized shape looks, when it can be told."""
    blip = element.find(f".//{{{A}}}blip")
    if blip is not None:
        return _picture(source.part, blip.get(f"{{{R}}}embed"))
    fill = element.find(f"{{{P}}}spPr/{{{A}}}solidFill")
    colour = colours.resolve(fill) if fill is not None else None
    return Background(luminance(colour)) if colour else None


def _background(layout, master, colours: Palette) -> Background:  # noqa: ANN001
    """The layout's own background, else its master's; white when neither sets one."""
    for source in (layout, master):
        bg = source._element.find(f"{{{P}}}cSld/{{{P}}}bg")
        if bg is None:
            continue
        blip = bg.find(f".//{{{A}}}blip")
        if blip is not None:
            return _picture(source.part, blip.get(f"{{{R}}}embed"))
        stops = [next((c for c in g if isinstance(c.tag, str)), None)
                 for g in bg.iterfind(f".//{{{A}}}gs")]
        values = [v for v in (colours.resolve(s) for s in stops if s is not None) if v]
        if values:
            return Background(sum(luminance(v) for v in values) / len(values))
        fill = bg.find(f".//{{{A}}}solidFill")
        if fill is None:
            fill = bg.find(f"{{{P}}}bgRef")
        colour = colours.resolve(fill)
        if colour is not None:
            return Background(luminance(colour))
    return Background(luminance(colours.scheme_colour("bg1")))


def _picture(part, rid: str | None) -> Background:  # noqa: ANN001
    """The look of a related picture (a mid-grey photo when it cannot be read)."""
    blob = b""
    if rid:
        try:
            blob = part.related_part(rid).blob
        except (KeyError, AttributeError):
            blob = b""
    mean, spread = _tone_of(blob)
    return Background(mean, True, spread)


@lru_cache(maxsize=64)
def _tone_of(blob: bytes) -> tuple[float, float]:
    """Mean and standard deviation of a picture's luminance, from a 16 x 16 thumbnail."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(blob)) as image:
            small = image.convert("RGBA").convert("RGB").resize((16, 16))
            raw = small.tobytes()
            values = [luminance((raw[i], raw[i + 1], raw[i + 2])) for i in range(0, len(raw), 3)]
    except (UnidentifiedImageError, OSError, ValueError):
        return 0.5, 0.5
    mean = sum(values) / len(values)
    return mean, (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
