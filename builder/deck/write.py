"""Writing slide plans into an opened template with python-pptx: placeholders filled, pictures,
tables, footers, notes."""

from __future__ import annotations

import copy
import io
from dataclasses import replace

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.presentation import Presentation as PresentationObject
from pptx.shapes.autoshape import AutoShapeType, Shape
from pptx.shapes.placeholder import PicturePlaceholder, TablePlaceholder
from pptx.slide import Slide, SlideLayout

from builder.deck import fit
from builder.deck.colours import palette, table_styles
from builder.deck.drawingml import (
    A,
    paragraph,
    placeholder_of,
    set_geometry,
    set_text,
    solid_fill,
)
from builder.deck.fit import Para
from builder.deck.geometry import Holder, LayoutChoice, Slot
from builder.deck.slide_plan import (
    CELL_MARGINS,
    DEFAULT_INSETS,
    TABLE_SPACING,
    TITLE_SPACING,
    IconArrayPlan,
    PicturePlan,
    SlidePlan,
    TablePlan,
    TextPlan,
    inner_box,
)
from builder.deck.tables import emboldened
from builder.deck.template import DeckTemplate, deck_fonts, faces
from builder.deck.theme import apply_theme, set_default_language, theme_parts
from builder.i18n import Words, is_rtl
from builder.markup import Run, clean_text
from builder.model import Document
from builder.outcomes import COLUMNS, icon_grid, rows

SLIDENUM_FIELD_ID = "{3F8A6F43-2C1B-4F0B-9A53-6E1C2B7D9E10}"
"""A fixed field id so two builds write the same bytes."""


class Writer:
    """Turns slide plans into slides of one opened template."""

    def __init__(self, prs: PresentationObject, document: Document, template: DeckTemplate
                 ) -> None:
        self.prs = prs
        self.document = document
        self.template = template
        self.language = document.document.language
        self.rtl = is_rtl(self.language)
        self.words = Words(self.language)
        self.fonts = deck_fonts(template, document.brand)
        self.footer_face = faces(template, document.brand)[1]

    def prepare(self) -> None:
        """Drop the template's own slides, brand the theme, and make the document language the
        default for text typed into the deck later."""
        slide_ids = self.prs.slides._sldIdLst
        for slide_id in list(slide_ids):
            slide_ids.remove(slide_id)
            self.prs.part.drop_rel(slide_id.rId)
        if self.template.builtin:  # a clinic's template keeps its own colours and fonts
            for theme in theme_parts(self.prs):
                theme._blob = apply_theme(theme.blob, self.document.brand,
                                          fonts=(self.fonts[0].theme, self.fonts[1].theme))
        set_default_language(self.prs, self.language)

    def layout(self, choice: LayoutChoice) -> SlideLayout:
        return self.prs.slide_masters[choice.master].slide_layouts[choice.index]

    def slide(self, plan: SlidePlan, number: int) -> None:
        """One slide: its placeholders filled, unused ones removed, the title read first."""
        choice = plan.choice
        slide = self.prs.slides.add_slide(self.layout(choice))
        slide._element.cSld.set("name", plan.name)
        tree = slide.shapes._spTree
        cloned = [el for el in tree.iterchildren() if placeholder_of(el) is not None]
        by_position = dict(enumerate(cloned))
        used: set[int] = set()
        first = None
        for role, text in plan.texts.items():
            element = _element_for(text.slot, by_position)
            if text.slot.position is None:  # a free-standing box the layout does not have
                element = free_text_shape(slide, role, text.slot.name)
                tree.append(element)
            elif element is None or element.find(qn("p:txBody")) is None:
                continue
            else:
                used.add(text.slot.position)
            set_geometry(element, text.rect)
            set_text(element.find(qn("p:txBody")), text, slide, self.language, self.rtl)
            if role == "title":
                first = element
        for picture in plan.pictures:
            self.picture(slide, picture, by_position, used)
        if plan.table:
            self.table(slide, plan.table, by_position, used)
        for array in plan.icon_arrays:
            icon_array(slide, array)
        for position, element in by_position.items():
            if position not in used and element.getparent() is not None:
                tree.remove(element)
        self.latent(slide, choice, number)
        if first is not None:  # reading order: the title first
            tree.remove(first)
            tree.insert(2, first)
        notes = slide.notes_slide.notes_text_frame
        notes.text = plan.notes
        self.tag_notes(notes._txBody)

    def tag_notes(self, tx_body) -> None:  # noqa: ANN001 - lxml element
        """Speaker notes in the document's language (PowerPoint proofs untagged runs as
        en-US), right to left for RTL languages."""
        for run in tx_body.iter(qn("a:r")):
            run.get_or_add_rPr().set("lang", self.language)
        for end in tx_body.iter(qn("a:endParaRPr")):
            end.set("lang", self.language)
        if self.rtl:
            for para in tx_body.iter(qn("a:p")):
                ppr = para.get_or_add_pPr()
                ppr.set("algn", "r")
                ppr.set("rtl", "1")

    def picture(self, slide: Slide, plan: PicturePlan, by_position: dict, used: set[int]) -> None:
        """Into its picture placeholder when the layout has a usable one, else a free picture."""
        slot = plan.slot
        element = _element_for(slot, by_position)
        stream = io.BytesIO(plan.data)
        if element is not None and slot.type == "pic" and slot.unique_idx:
            picture = PicturePlaceholder(element, slide.shapes).insert_picture(stream)
            picture.crop_left = picture.crop_right = picture.crop_top = picture.crop_bottom = 0
            picture_element = picture._element
            by_position[slot.position] = picture_element
            used.add(slot.position)  # type: ignore[arg-type]
        else:
            picture = slide.shapes.add_picture(stream, plan.rect.left, plan.rect.top,
                                               plan.rect.width, plan.rect.height)
            picture_element = picture._element
        picture.left, picture.top = plan.rect.left, plan.rect.top
        picture.width, picture.height = plan.rect.width, plan.rect.height
        c_nv_pr = picture_element.find(f".//{qn('p:cNvPr')}")
        c_nv_pr.set("descr", plan.alt)
        c_nv_pr.set("name", f"Picture {c_nv_pr.get('id')}")

    def table(self, slide: Slide, plan: TablePlan, by_position: dict, used: set[int]) -> None:
        """Into its table placeholder when the layout has a usable one, else a free table."""
        slot = plan.slot
        element = _element_for(slot, by_position)
        rows, columns = len(plan.rows), len(plan.widths)
        height = sum(plan.heights)
        if element is not None and slot.unique_idx:
            set_geometry(element, replace(plan.rect, height=height))
            frame = TablePlaceholder(element, slide.shapes).insert_table(rows, columns)
            by_position[slot.position] = frame._element
            used.add(slot.position)  # type: ignore[arg-type]
        else:
            frame = slide.shapes.add_table(rows, columns, plan.rect.left, plan.rect.top,
                                           plan.rect.width, height)
        frame.left, frame.top, frame.width, frame.height = (plan.rect.left, plan.rect.top,
                                                            plan.rect.width, height)
        table = frame.table
        tbl_pr = table._tbl.tblPr
        tbl_pr.set("firstRow", "1")
        tbl_pr.set("bandRow", "1")
        widths, rows = plan.widths, plan.rows
        if self.rtl:  # mirrored by hand: LibreOffice ignores tblPr rtl="1"
            widths, rows = widths[::-1], [cells[::-1] for cells in rows]
        for index, width in enumerate(widths):
            table.columns[index].width = width
        for row_index, (cells, row_height) in enumerate(zip(rows, plan.heights, strict=True)):
            table.rows[row_index].height = row_height
            for column, paras in enumerate(cells):
                header = row_index < plan.header_rows
                self.cell(table.cell(row_index, column), emboldened(paras) if header else paras,
                          plan.size, header, row_index, slide)

    def cell(self, cell, paras: list[Para], size: float, header: bool, row: int,  # noqa: ANN001
             slide: Slide) -> None:
        """One table cell: margins, text, and the theme fill (header, then banded rows), in
        colours whose contrast is checked against the template's theme."""
        styles = table_styles(palette(slide.slide_layout.slide_master, slide.slide_layout))
        style = styles["header" if header else ("even" if row % 2 == 0 else "odd")]
        left, top, right, bottom = CELL_MARGINS
        cell.margin_left, cell.margin_top, cell.margin_right, cell.margin_bottom = (
            left, top, right, bottom)
        tx_body = cell._tc.get_or_add_txBody()
        for old in tx_body.findall(qn("a:p")):
            tx_body.remove(old)
        for index, para in enumerate(paras):
            p = paragraph(para, size, TABLE_SPACING, index == 0, slide, self.language,
                          self.rtl, "+mn")
            if style.text is not None:
                for rpr in p.iter(qn("a:rPr"), qn("a:endParaRPr")):
                    rpr.insert(0, solid_fill("a:srgbClr", style.text))
            tx_body.append(p)
        tc_pr = cell._tc.get_or_add_tcPr()
        tc_pr.set("anchor", "t" if not header else "ctr")
        for old in tc_pr.findall(qn("a:solidFill")):
            tc_pr.remove(old)
        tc_pr.append(solid_fill("a:schemeClr", style.fill))

    def latent(self, slide: Slide, choice: LayoutChoice, number: int) -> None:
        """Footer, date and slide number, where the layout has them."""
        meta = self.document.document
        texts = {
            "ftr": [f"{meta.organisation.name} · {self.words('version', version=meta.version)}",
                    meta.organisation.name],
            "dt": [self.words.date(meta.date)],
            "sldNum": [str(number)],
        }
        originals = {(placeholder_of(el).get("type"), placeholder_of(el).get("idx")): el
                     for el in self.layout(choice).shapes._spTree.iterchildren()
                     if placeholder_of(el) is not None}
        tree = slide.shapes._spTree
        for holder in choice.latent:
            source = originals.get((holder.type, str(holder.idx))) if holder.idx else None
            source = source if source is not None else next(
                (el for (kind, _), el in originals.items() if kind == holder.type), None)
            if source is None:
                continue
            plan = self.footer_plan(holder, texts[holder.type])
            if plan is None:
                continue
            tree.append(self.latent_shape(slide, source, holder, plan, number))

    def footer_plan(self, holder: Holder, candidates: list[str]) -> TextPlan | None:
        """The longest footer text that fits the box on one line at 8 pt or more (else
        none): a footer that wraps looks like a mistake."""
        insets = holder.insets or DEFAULT_INSETS
        slot = Slot(holder.type, holder.rect, None, holder.type, 12, 8, insets=insets)
        box = inner_box(holder.rect, insets)
        for text in candidates:
            paras = [Para((Run(clean_text(text)),))]
            for size in fit.sizes(12, 8):
                measured = fit.measure(paras, box.width, size, self.footer_face, TITLE_SPACING)
                if (measured.word_fits and measured.line_count == 1
                        and measured.height <= box.height):
                    return TextPlan(holder.type, paras, size, slot, holder.rect, insets,
                                    TITLE_SPACING)
        return None

    def latent_shape(self, slide: Slide, source, holder: Holder,  # noqa: ANN001
                     plan: TextPlan, number: int):  # noqa: ANN202
        """A footer, date or slide number shape copied from the layout's, with `plan` as text."""
        shape_id = slide.shapes._next_shape_id
        sp = etree.fromstring(
            '<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            f'xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name=""/><p:cNvSpPr>'
            '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody>'
            '<a:bodyPr/><a:lstStyle/></p:txBody></p:sp>')
        sp.find(f".//{qn('p:cNvPr')}").set("name", clean_text(holder.name))
        sp.find(qn("p:nvSpPr")).find(qn("p:nvPr")).append(copy.deepcopy(placeholder_of(source)))
        set_geometry(sp, holder.rect)
        # footers keep the deck's direction: a bare slide number is not a Latin paragraph
        set_text(sp.find(qn("p:txBody")), plan, slide, self.language, self.rtl,
                 per_paragraph=False)
        if holder.type == "sldNum":  # a real field, so PowerPoint renumbers after edits
            para = sp.find(qn("p:txBody")).find(qn("a:p"))
            run = para.find(qn("a:r"))
            field_el = etree.Element(qn("a:fld"), id=SLIDENUM_FIELD_ID, type="slidenum")
            field_el.append(run.find(qn("a:rPr")))
            etree.SubElement(field_el, qn("a:t")).text = str(number)
            para.replace(run, field_el)
        return sp


def icon_array(slide: Slide, plan: IconArrayPlan) -> None:
    """One icon array as a group of native shapes (a head and a body per person), placed by
    the same grid as the handout's; the group's alternative text gives the numbers in words.

    The shapes are made as python-pptx makes them (same ids and names) but numbered here and
    the group's extents computed once: python-pptx's `add_shape` rescans every shape id and
    recomputes the group's extents from every child at each addition (quadratic: 10 s of a
    12 s deck with two 200-person arrays)."""
    group = slide.shapes.add_group_shape()
    columns, lines = COLUMNS, rows(plan.out_of)
    cell = min(plan.rect.width // columns, int(plan.rect.height // (lines * 1.3)))
    left = plan.rect.left + (plan.rect.width - cell * columns) // 2
    shape_id = slide.shapes._next_shape_id
    for icon in icon_grid(plan.count, plan.out_of):
        x = left + icon.column * cell
        y = plan.rect.top + int(icon.row * cell * 1.3)
        colour = RGBColor.from_string((plan.filled if icon.filled else plan.empty).lstrip("#"))
        for shape_type, box in ((MSO_SHAPE.OVAL, (0.29, 0.05, 0.42, 0.42)),
                                (MSO_SHAPE.ROUNDED_RECTANGLE, (0.18, 0.53, 0.64, 0.66))):
            kind = AutoShapeType(shape_type)
            sp = CT_Shape.new_autoshape_sp(shape_id, f"{kind.basename} {shape_id - 1}",
                                           kind.prst, x + int(box[0] * cell),
                                           y + int(box[1] * cell), int(box[2] * cell),
                                           int(box[3] * cell))
            group._element.append(sp)
            shape_id += 1
            shape = Shape(sp, group.shapes)
            shape.fill.solid()
            shape.fill.fore_color.rgb = colour
            shape.line.fill.background()
            shape.shadow.inherit = False
    group._element.recalculate_extents()
    c_nv_pr = group._element.find(f".//{qn('p:cNvPr')}")
    c_nv_pr.set("name", f"Icon array {c_nv_pr.get('id')}")
    c_nv_pr.set("descr", plan.alt)


def free_text_shape(slide: Slide, role: str, name: str):  # noqa: ANN201 - lxml element
    """An empty text shape for a box the layout lacks: a title placeholder for a title (so the
    slide keeps a title for screen readers), else a plain text box."""
    shape_id = slide.shapes._next_shape_id
    nv_pr = '<p:nvPr><p:ph type="title"/></p:nvPr>' if role == "title" else "<p:nvPr/>"
    locks = ('<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>' if role == "title"
             else '<p:cNvSpPr txBox="1"/>')
    label = "Title" if role == "title" else clean_text(name or role).capitalize()
    return etree.fromstring(
        '<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        f'xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="{label} {shape_id}"/>'
        f'{locks}{nv_pr}</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p/>'
        '</p:txBody></p:sp>')


def _element_for(slot: Slot, by_position: dict):  # noqa: ANN202 - lxml element or None
    """The slide's cloned placeholder a slot fills, if it has one."""
    return by_position.get(slot.position) if slot.position is not None else None
