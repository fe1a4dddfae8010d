"""Regenerate the built-in deck template: `python slides/make_default.py`.

Writes `slides/default/default.pptx` (a 16:9 master with named layouts) and
`slides/default/layouts.json` (slide kind -> layout, placeholders by role, start and floor font
sizes) from python-pptx's own default template, so the master is made by code anyone can read and
re-run rather than by hand in PowerPoint. The theme uses the brand defaults of `builder.model`
(fonts: Noto Sans, shipped in builder/fonts); each build re-colours the theme with the content's
brand, and every decoration here refers to theme colours so it follows.

Theme colour roles: dk1 text, lt1 background, dk2/accent1 primary, accent2 secondary, accent3
accent, lt2 muted. Output is byte-identical on every run (fixed zip dates, fixed core properties).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.deck import apply_theme  # noqa: E402 - needs the path above
from builder.model import Brand  # noqa: E402
from builder.reproducible import normalise_zip  # noqa: E402

OUT = Path(__file__).resolve().parent / "default"
EMU = 914400
WIDTH, HEIGHT = 12192000, 6858000
FIXED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
WHITE = '<a:srgbClr val="FFFFFF"/>'
MUTED_TEXT = '<a:schemeClr val="tx1"><a:lumMod val="65000"/><a:lumOff val="35000"/></a:schemeClr>'


def emu(inches: float) -> int:
    return round(inches * EMU)


# ---------------------------------------------------------------------------------- XML pieces


class Shapes:
    """Collects the shapes of one layout or master, numbering their ids."""

    def __init__(self) -> None:
        self.xml: list[str] = []
        self.next_id = 2

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def rect(self, name: str, box: tuple[float, float, float, float], fill: str,
             line: str = "<a:ln><a:noFill/></a:ln>") -> None:
        """A decorative rectangle (not a placeholder) filled with a theme colour."""
        x, y, w, h = box
        self.xml.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{self._id()}" name="{name}"/><p:cNvSpPr/><p:nvPr '
            f'userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext '
            f'cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'<a:solidFill>{fill}</a:solidFill>{line}</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>'
            f'<a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>')

    def holder(self, name: str, ph: str, box: tuple[float, float, float, float] | None = None, *,
               anchor: str = "t", insets: tuple[float, float, float, float] = (0.1, 0.05, 0.1,
                                                                                 0.05),
               size: int | None = None, bold: bool | None = None, colour: str | None = None,
               align: str | None = None, bullet: bool | None = None, fill: str | None = None,
               italic: bool = False, prompt: str = "") -> None:
        """A placeholder; `ph` is the inside of <p:ph .../> (type, idx)."""
        geometry = ""
        if box:
            x, y, w, h = box
            geometry = (f'<a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" '
                        f'cy="{emu(h)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>')
        if fill:
            geometry += f"<a:solidFill>{fill}</a:solidFill>"
        left, top, right, bottom = (emu(v) for v in insets)
        run = ""
        if size is not None:
            run += f' sz="{size * 100}"'
        if bold is not None:
            run += f' b="{int(bold)}"'
        if italic:
            run += ' i="1"'
        para = ""
        if align:
            para += f' algn="{align}"'
        bullets = ""
        if bullet is False:
            para += ' marL="0" indent="0"'
            bullets = "<a:buNone/>"
        colour_xml = f"<a:solidFill>{colour}</a:solidFill>" if colour else ""
        style = ""
        if run or para or bullets or colour_xml:
            style = (f"<a:lvl1pPr{para}>{bullets}<a:defRPr{run}>{colour_xml}</a:defRPr>"
                     "</a:lvl1pPr>")
        text = (f'<a:p><a:r><a:rPr lang="en-US"/><a:t>{prompt}</a:t></a:r></a:p>' if prompt
                else '<a:p><a:endParaRPr lang="en-US"/></a:p>')
        if "sldNum" in ph:
            text = ('<a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum">'
                    '<a:rPr lang="en-US"/><a:t>‹#›</a:t></a:fld></a:p>')
        self.xml.append(
            f'<p:sp><p:nvSpPr><p:cNvPr id="{self._id()}" name="{name}"/><p:cNvSpPr><a:spLocks '
            f'noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr>'
            f"<p:spPr>{geometry}</p:spPr><p:txBody><a:bodyPr lIns=\"{left}\" tIns=\"{top}\" "
            f'rIns="{right}" bIns="{bottom}" anchor="{anchor}" wrap="square"><a:noAutofit/>'
            f"</a:bodyPr><a:lstStyle>{style}</a:lstStyle>{text}</p:txBody></p:sp>")

    def tree(self) -> str:
        return ('<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
                '</p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
                '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
                + "".join(self.xml) + "</p:spTree>")


# ---------------------------------------------------------------------------------- geometry

MARGIN = 0.65
CONTENT_W = 13.333 - 2 * MARGIN
TITLE_BOX = (MARGIN, 0.35, CONTENT_W, 1.2)
BODY_TOP = 1.85
BODY_BOTTOM = 6.6
FOOT_Y, FOOT_H = 6.92, 0.4


def footers(shapes: Shapes) -> None:
    """Date, footer and slide number, inheriting position and style from the master."""
    shapes.holder("Date", 'type="dt" sz="half" idx="10"')
    shapes.holder("Footer", 'type="ftr" sz="quarter" idx="11"')
    shapes.holder("Slide Number", 'type="sldNum" sz="quarter" idx="12"')


def title(shapes: Shapes, name: str = "Title") -> None:
    shapes.holder(name, 'type="title"', TITLE_BOX, anchor="b", prompt="Slide title")


def master_tree() -> str:
    shapes = Shapes()
    shapes.rect("Brand stripe", (0, 0, 0.14, 7.5), '<a:schemeClr val="accent1"/>')
    shapes.rect("Title rule", (MARGIN + 0.1, 1.62, 1.1, 0.07), '<a:schemeClr val="accent3"/>')
    shapes.rect("Footer rule", (MARGIN, 6.86, CONTENT_W, 0.014),
                '<a:schemeClr val="accent1"><a:alpha val="30000"/></a:schemeClr>')
    shapes.holder("Title", 'type="title"', TITLE_BOX, anchor="b", prompt="Slide title")
    shapes.holder("Body", 'type="body" idx="1"', (MARGIN, BODY_TOP, CONTENT_W,
                                                  BODY_BOTTOM - BODY_TOP), prompt="Text")
    shapes.holder("Date", 'type="dt" sz="half" idx="2"', (5.17, FOOT_Y, 3.0, FOOT_H),
                  anchor="ctr", size=12, colour=MUTED_TEXT, align="ctr")
    shapes.holder("Footer", 'type="ftr" sz="quarter" idx="3"', (MARGIN, FOOT_Y, 4.5, FOOT_H),
                  anchor="ctr", size=12, colour=MUTED_TEXT, align="l")
    shapes.holder("Slide Number", 'type="sldNum" sz="quarter" idx="4"',
                  (11.48, FOOT_Y, 1.2, FOOT_H), anchor="ctr", size=12, colour=MUTED_TEXT,
                  align="r")
    return shapes.tree()


def _level(n: int, size: int, mar: float, bullet: str) -> str:
    indent = round(mar * EMU)
    return (f'<a:lvl{n}pPr marL="{indent * n}" indent="-{indent}" algn="l" rtl="0">'
            '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="800"/></a:spcBef>'
            f'<a:buClr><a:schemeClr val="accent2"/></a:buClr><a:buChar char="{bullet}"/>'
            f'<a:defRPr sz="{size * 100}" kern="1200"><a:solidFill><a:schemeClr val="tx1"/>'
            '</a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs '
            'typeface="+mn-cs"/></a:defRPr></a:lvl{n}pPr>').replace("{n}", str(n))


TEXT_STYLES = (
    '<p:txStyles><p:titleStyle><a:lvl1pPr algn="l" rtl="0"><a:lnSpc><a:spcPct val="100000"/>'
    '</a:lnSpc><a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/><a:defRPr sz="3600" b="1" '
    'kern="1200"><a:solidFill><a:schemeClr val="accent1"/></a:solidFill><a:latin '
    'typeface="+mj-lt"/><a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/></a:defRPr>'
    "</a:lvl1pPr></p:titleStyle><p:bodyStyle>"
    + "".join(_level(n, size, 0.3, "•" if n % 2 else "–")
              for n, size in ((1, 24), (2, 20), (3, 18), (4, 18), (5, 18)))
    + "</p:bodyStyle><p:otherStyle><a:defPPr><a:defRPr lang=\"en-US\"/></a:defPPr>"
    '<a:lvl1pPr marL="0" algn="l" rtl="0"><a:defRPr sz="1800" kern="1200"><a:solidFill>'
    '<a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/>'
    '<a:cs typeface="+mn-cs"/></a:defRPr></a:lvl1pPr></p:otherStyle></p:txStyles>')


def layout_xml(name: str, shapes: Shapes, *, kind: str = "obj", background: str = "",
               show_master: bool = True) -> str:
    bg = (f"<p:bg><p:bgPr><a:solidFill>{background}</a:solidFill><a:effectLst/></p:bgPr></p:bg>"
          if background else "")
    flag = "" if show_master else ' showMasterSp="0"'
    return (f'<p:sldLayout {NS} type="{kind}" preserve="1"{flag}><p:cSld name="{name}">{bg}'
            f"{shapes.tree()}</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>"
            "</p:sldLayout>")


# ---------------------------------------------------------------------------------- layouts

PRIMARY = '<a:schemeClr val="accent1"/>'
SECONDARY = '<a:schemeClr val="accent2"/>'
ACCENT = '<a:schemeClr val="accent3"/>'
PANEL = '<a:schemeClr val="bg2"/>'
BG = '<a:schemeClr val="bg1"/>'


def layouts() -> list[tuple[str, str, dict]]:
    """(layout name, XML, mapping entry) for every layout, in master order."""
    out = []

    def cover(name: str, title_name: str, title_box: tuple, body_roles: list[tuple],
              picture: tuple, picture_role: str, caption_box: tuple | None) -> Shapes:
        shapes = Shapes()
        shapes.rect("White panel", (8.9, 0, 4.433, 7.5), BG)
        shapes.rect("Accent bar", (0.8, title_box[1] + title_box[3] + 0.12, 1.4, 0.08), ACCENT)
        shapes.holder(title_name, 'type="ctrTitle"' if name == "Title" else 'type="title"',
                      title_box, anchor="b", colour=WHITE, size=40, bold=True, align="l",
                      prompt="Title")
        idx = 13
        for role_name, box, size, anchor in body_roles:
            shapes.holder(role_name, f'type="{"subTitle" if role_name == "Subtitle" else "body"}" '
                                     f'idx="{idx if role_name != "Subtitle" else 1}"',
                          box, anchor=anchor, colour=WHITE, size=size, bullet=False, align="l",
                          prompt=role_name)
            idx += 1
        shapes.holder(picture_role, f'type="pic" idx="{idx}"', picture, anchor="ctr",
                      insets=(0, 0, 0, 0), prompt=picture_role)
        if caption_box:
            shapes.holder("Caption", f'type="body" idx="{idx + 1}"', caption_box, anchor="t",
                          size=18, bullet=False, align="ctr", colour=MUTED_TEXT, prompt="Caption")
        return shapes

    shapes = cover("Title", "Title", (0.8, 0.7, 7.6, 3.0),
                   [("Subtitle", (0.8, 3.85, 7.6, 1.3), 22, "t"),
                    ("Byline", (0.8, 5.2, 8.4, 1.85), 18, "b")],
                   (9.55, 2.0, 3.15, 3.5), "Logo", None)
    out.append(("Title", layout_xml("Title", shapes, kind="title", background=PRIMARY,
                                    show_master=False),
                {"title": ("Title", 44, 28), "subtitle": ("Subtitle", 24, 18),
                 "byline": ("Byline", 18, 18), "logo": ("Logo", None, None)}))

    shapes = Shapes()
    title(shapes)
    shapes.holder("Agenda", 'idx="1"', (MARGIN, BODY_TOP, CONTENT_W, BODY_BOTTOM - BODY_TOP),
                  prompt="Agenda")
    footers(shapes)
    out.append(("Agenda", layout_xml("Agenda", shapes),
                {"title": ("Title", 36, 28), "body": ("Agenda", 24, 18)}))

    # With a picture, the picture takes the right half, 6.1 in wide: labels drawn at 4 % of a
    # drawing's width then show at 18 pt, the deck's smallest text; the status sits under the
    # key points.
    picture_x = MARGIN + 5.55 + 0.35
    picture_w = 13.333 - MARGIN - picture_x
    for name, picture in (("Section", False), ("Section with Picture", True)):
        shapes = Shapes()
        title(shapes)
        body_w = 5.55 if picture else CONTENT_W
        status_box = (MARGIN, 4.7 if picture else 5.5, body_w, 1.9 if picture else 1.12)
        shapes.holder("Key points", 'idx="1"', (MARGIN, BODY_TOP, body_w,
                                                status_box[1] - 0.15 - BODY_TOP),
                      prompt="Key points")
        entry = {"title": ("Title", 36, 28), "body": ("Key points", 28, 18)}
        if picture:
            shapes.holder("Picture", 'type="pic" idx="14"', (picture_x, BODY_TOP, picture_w,
                                                             3.95),
                          anchor="ctr", insets=(0, 0, 0, 0), prompt="Picture")
            shapes.holder("Caption", 'type="body" idx="15"', (picture_x, BODY_TOP + 4.0,
                                                             picture_w, 0.75), size=18,
                          italic=True, bullet=False, colour=MUTED_TEXT, align="ctr",
                          prompt="Caption")
            entry |= {"picture": ("Picture", None, None), "caption": ("Caption", 18, 18)}
        shapes.holder("Status", 'type="body" idx="13"', status_box, anchor="ctr",
                      insets=(0.25, 0.08, 0.2, 0.08), size=18, bullet=False, fill=PANEL,
                      prompt="Regulatory status")
        entry["status"] = ("Status", 18, 18)
        footers(shapes)
        out.append((name, layout_xml(name, shapes), entry))

    shapes = Shapes()
    title(shapes)
    half = (CONTENT_W - 0.3) / 2
    for side, x, fill, idx in (("Left", MARGIN, PRIMARY, 13), ("Right", MARGIN + half + 0.3,
                                                                 SECONDARY, 15)):
        shapes.holder(f"{side} heading", f'type="body" idx="{idx}"', (x, BODY_TOP, half, 0.62),
                      anchor="ctr", insets=(0.2, 0.05, 0.2, 0.05), size=22, bold=True,
                      colour=WHITE, bullet=False, fill=fill, prompt=f"{side} heading")
        shapes.holder(f"{side} points", f'idx="{idx + 1}"', (x, BODY_TOP + 0.72, half,
                                                             BODY_BOTTOM - BODY_TOP - 0.72),
                      insets=(0.2, 0.12, 0.2, 0.1), fill=PANEL, prompt=f"{side} points")
    footers(shapes)
    out.append(("Two Column", layout_xml("Two Column", shapes, kind="twoTxTwoObj"),
                {"title": ("Title", 36, 28), "left_heading": ("Left heading", 22, 18),
                 "left": ("Left points", 22, 18), "right_heading": ("Right heading", 22, 18),
                 "right": ("Right points", 22, 18)}))

    shapes = Shapes()
    title(shapes)
    shapes.holder("Table", 'type="tbl" idx="13"', (MARGIN, BODY_TOP, CONTENT_W, 4.2),
                  prompt="Table")
    shapes.holder("Caption", 'type="body" idx="14"', (MARGIN, 6.12, CONTENT_W, 0.62), size=18,
                  bullet=False, colour=MUTED_TEXT, prompt="Caption")
    footers(shapes)
    out.append(("Table", layout_xml("Table", shapes, kind="tbl"),
                {"title": ("Title", 36, 28), "table": ("Table", 18, 18),
                 "caption": ("Caption", 18, 18)}))

    for name, stripe, size, floor in (("Key Messages", SECONDARY, 26, 18),
                                      ("Disclaimer", ACCENT, 24, 18)):
        shapes = Shapes()
        title(shapes)
        shapes.rect("Panel stripe", (MARGIN, BODY_TOP, 0.12, BODY_BOTTOM - BODY_TOP), stripe)
        shapes.holder("Statement", 'idx="1"', (MARGIN + 0.12, BODY_TOP, CONTENT_W - 0.12,
                                               BODY_BOTTOM - BODY_TOP),
                      insets=(0.35, 0.25, 0.35, 0.2), fill=PANEL, prompt=name)
        footers(shapes)
        out.append((name, layout_xml(name, shapes),
                    {"title": ("Title", 36, 28), "body": ("Statement", size, floor)}))

    shapes = Shapes()
    title(shapes)
    shapes.holder("References", 'idx="1"', (MARGIN, BODY_TOP, CONTENT_W,
                                            BODY_BOTTOM - BODY_TOP), prompt="References")
    footers(shapes)
    out.append(("References", layout_xml("References", shapes),
                {"title": ("Title", 36, 28), "body": ("References", 20, 18)}))

    shapes = cover("Closing", "Title", (0.8, 0.8, 7.6, 1.6),
                   [("Contact", (0.8, 2.85, 7.6, 3.9), 22, "t")],
                   (9.6, 1.35, 3.05, 3.05), "QR code", (9.2, 4.6, 3.85, 1.0))
    out.append(("Closing", layout_xml("Closing", shapes, kind="title", background=PRIMARY,
                                      show_master=False),
                {"title": ("Title", 40, 28), "body": ("Contact", 22, 18),
                 "picture": ("QR code", None, None), "caption": ("Caption", 18, 18)}))

    shapes = Shapes()
    title(shapes)
    footers(shapes)
    out.append(("Title Only", layout_xml("Title Only", shapes, kind="titleOnly"), {}))
    return out


KIND_LAYOUTS = {
    "title": "Title", "agenda": "Agenda", "section": "Section",
    "section-picture": "Section with Picture", "contrast": "Two Column", "table": "Table",
    "key-messages": "Key Messages", "disclaimer": "Disclaimer", "references": "References",
    "closing": "Closing",
}


def build() -> tuple[bytes, dict]:
    """The template's bytes and its mapping."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    master = prs.slide_masters[0]
    old = master._element
    new = parse_xml(
        f'<p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef>'
        f'</p:bg>{master_tree()}</p:cSld>'
        '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
        'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
        f'folHlink="folHlink"/>{etree.tostring(old.sldLayoutIdLst).decode()}{TEXT_STYLES}'
        "</p:sldMaster>")
    master.part._element = new
    specs = layouts()
    layout_parts = [master.part.related_part(rid) for rid in
                    new.sldLayoutIdLst.xpath("p:sldLayoutId/@r:id")]
    assert len(layout_parts) == len(specs), "python-pptx's default template changed"
    mapping: dict[str, dict] = {}
    for part, (name, xml, roles) in zip(layout_parts, specs, strict=True):
        part._element = parse_xml(xml)
        for kind, layout in KIND_LAYOUTS.items():
            if layout == name:
                mapping[kind] = {"layout": name, "placeholders": {
                    role: {k: v for k, v in (("name", ph), ("size", size), ("floor", floor))
                           if v is not None}
                    for role, (ph, size, floor) in roles.items()}}
    theme = master.part.part_related_by(RT.THEME)
    theme._blob = apply_theme(theme.blob, Brand())
    props = prs.core_properties
    props.title, props.author, props.last_modified_by = "brochure default deck", "brochure", \
        "brochure"
    props.created = props.modified = props.last_printed = FIXED.replace(tzinfo=None)
    props.revision = 1
    buffer = io.BytesIO()
    prs.save(buffer)
    return normalise_zip(buffer.getvalue(), FIXED), mapping


def main() -> None:
    data, mapping = build()
    OUT.mkdir(exist_ok=True)
    (OUT / "default.pptx").write_bytes(data)
    document = {
        "_comment": "Written by slides/make_default.py. Slide kind -> layout, placeholders by "
                    "role (layout placeholder name) with start and floor font sizes in points.",
        "template": "default.pptx",
        "layouts": mapping,
    }
    (OUT / "layouts.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT / 'default.pptx'} ({len(data):,} bytes) and layouts.json")


if __name__ == "__main__":
    main()
