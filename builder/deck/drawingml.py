"""Raw DrawingML for slide shapes: text bodies with every property explicit, geometry, fills.

python-pptx leaves sizes, spacing and autofit to inheritance; the deck writes them out so
what PowerPoint and LibreOffice draw is exactly what `fit.py` measured.
"""

from __future__ import annotations

import unicodedata

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.slide import Slide

from builder.deck.fit import Para, Spacing
from builder.deck.geometry import EMU_PER_PT, Rect
from builder.deck.slide_plan import TextPlan
from builder.markup import Run

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
"""The DrawingML namespace, for XML written or searched without python-pptx's prefixes."""


def set_text(tx_body, plan: TextPlan, slide: Slide, language: str, rtl: bool,  # noqa: ANN001
             per_paragraph: bool = True) -> None:
    """Replace a text body's paragraphs with `plan`, every property explicit; with
    `per_paragraph`, Latin-script paragraphs of a right-to-left deck run left to right."""
    body_pr = tx_body.find(qn("a:bodyPr"))
    left, top, right, bottom = plan.insets
    body_pr.set("lIns", str(left))
    body_pr.set("tIns", str(top))
    body_pr.set("rIns", str(right))
    body_pr.set("bIns", str(bottom))
    body_pr.set("wrap", "square")
    for tag in ("a:noAutofit", "a:normAutofit", "a:spAutoFit"):
        for element in body_pr.findall(qn(tag)):
            body_pr.remove(element)
    body_pr.insert(_autofit_index(body_pr), etree.Element(qn("a:noAutofit")))
    for old in tx_body.findall(qn("a:p")):
        tx_body.remove(old)
    for index, para in enumerate(plan.paras):
        tx_body.append(paragraph(para, plan.size, plan.spacing, index == 0, slide, language,
                                 rtl, "+mj" if plan.heading else "+mn",
                                 per_paragraph=per_paragraph))
    if not plan.paras:
        tx_body.append(etree.Element(qn("a:p")))


def _autofit_index(body_pr) -> int:  # noqa: ANN001
    """Autofit goes after prstTxWarp and before scene3d/sp3d/flatTx/extLst."""
    for index, child in enumerate(body_pr):
        if child.tag != qn("a:prstTxWarp"):
            return index
    return len(body_pr)


def _pts(value: float) -> str:
    """Points in DrawingML's hundredths of a point."""
    return str(round(value * 100))


def left_to_right(text: str) -> bool:
    """True for a paragraph with no strong right-to-left character (Hebrew, Arabic, ...) but
    some Latin letters or digits: a phone number, an address, an English reference. In a
    right-to-left deck it is laid out left to right, or its digits and punctuation reorder."""
    kinds = {unicodedata.bidirectional(c) for c in text}
    return not kinds & {"R", "AL"} and bool(kinds & {"L", "EN"})


def paragraph(para: Para, size: float, spacing: Spacing, first: bool, slide: Slide,
              language: str, rtl: bool, font: str, *,
              per_paragraph: bool = True):  # noqa: ANN201 - lxml element
    """An <a:p> with explicit indent, line spacing, bullet and runs at `size`; `font` is the
    theme font reference ("+mj" headings, "+mn" body). `rtl` is the deck's direction; with
    `per_paragraph`, a Latin-script paragraph (`left_to_right`) keeps left to right."""
    latin = rtl and per_paragraph and left_to_right(para.text)
    p = etree.Element(qn("a:p"))
    ppr = etree.SubElement(p, qn("a:pPr"))
    margin = round(para.level * spacing.indent * size * EMU_PER_PT)
    ppr.set("marL", str(margin))
    ppr.set("indent", str(-margin if para.bullet else 0))
    if latin:  # explicit: the layout may inherit right to left
        ppr.set("algn", "l")
        ppr.set("rtl", "0")
    elif rtl:
        ppr.set("algn", "r")
        ppr.set("rtl", "1")
    etree.SubElement(etree.SubElement(ppr, qn("a:lnSpc")), qn("a:spcPts"),
                     val=_pts(spacing.line * size))
    etree.SubElement(etree.SubElement(ppr, qn("a:spcBef")), qn("a:spcPts"),
                     val="0" if first else _pts(spacing.before * size))
    etree.SubElement(etree.SubElement(ppr, qn("a:spcAft")), qn("a:spcPts"), val="0")
    if para.bullet == "1.":
        etree.SubElement(ppr, qn("a:buAutoNum"), type="arabicPeriod")
    elif para.bullet:
        etree.SubElement(ppr, qn("a:buChar"), char=para.bullet)
    else:
        etree.SubElement(ppr, qn("a:buNone"))
    for run in para.runs:
        for number, piece in enumerate(run.text.split("\n")):
            if number:
                brk = etree.SubElement(p, qn("a:br"))
                brk.append(_run_properties(run, size, language, font, slide))
            if piece:
                r = etree.SubElement(p, qn("a:r"))
                r.append(_run_properties(run, size, language, font, slide))
                etree.SubElement(r, qn("a:t")).text = piece
    end = etree.SubElement(p, qn("a:endParaRPr"), lang=language, sz=_pts(size))
    end.set("dirty", "0")
    return p


def _run_properties(run: Run, size: float, language: str, font: str, slide: Slide):  # noqa: ANN202
    """An <a:rPr> naming the theme font for each script; links are related to `slide`."""
    rpr = etree.Element(qn("a:rPr"))
    rpr.set("lang", language)
    rpr.set("sz", _pts(size))
    if font == "+mn" or run.bold:
        rpr.set("b", "1" if run.bold else "0")
    if run.italic:
        rpr.set("i", "1")
    rpr.set("spc", "0")  # a citation mark stays on the line at full size: a superscript
    # shrinks it to about 10 pt, below what the back row of a room can read
    rpr.set("dirty", "0")
    for script in ("latin", "ea", "cs"):
        suffix = "lt" if script == "latin" else script
        etree.SubElement(rpr, qn(f"a:{script}"), typeface=f"{font}-{suffix}")
    if run.link:
        rid = slide.part.relate_to(run.link, RT.HYPERLINK, is_external=True)
        etree.SubElement(rpr, qn("a:hlinkClick"), {qn("r:id"): rid})
    return rpr


def set_geometry(element, rect: Rect) -> None:  # noqa: ANN001
    """Explicit position and size on a slide shape (placeholder inheritance is not trusted:
    LibreOffice templates repeat placeholder indices)."""
    sp_pr = element.find(qn("p:spPr"))
    xfrm = sp_pr.find(qn("a:xfrm"))
    if xfrm is None:
        xfrm = etree.Element(qn("a:xfrm"))
        sp_pr.insert(0, xfrm)
    for child in list(xfrm):
        xfrm.remove(child)
    etree.SubElement(xfrm, qn("a:off"), x=str(rect.left), y=str(rect.top))
    etree.SubElement(xfrm, qn("a:ext"), cx=str(rect.width), cy=str(rect.height))


def solid_fill(colour_tag: str, value: str):  # noqa: ANN201 - lxml element
    """An <a:solidFill> of one colour (`a:srgbClr` or `a:schemeClr`)."""
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn(colour_tag), val=value)
    return fill


def placeholder_of(element):  # noqa: ANN001, ANN201
    """The <p:ph> of a shape element, or None."""
    return element.find(f".//{qn('p:nvPr')}/{qn('p:ph')}")
