"""The seminar deck: a native .pptx built on a template's layouts, with nothing that overflows.

Two stages, like the handout: `deck_plan` decides every slide (kind, layout, the text of each
placeholder at a measured font size, pictures, table pages, notes) without writing anything, so
`brochure check` can predict overflow cheaply; `render_pptx` turns the plan into a presentation.

Text only ever goes into the layout's placeholders, so the template's theme (fonts, colours)
applies and PowerPoint users can restyle the deck. Each run carries an explicit size, each text
frame has autofit off and explicit insets and line spacing, so the sizes `fit.py` measured with
the theme's font files are exactly what PowerPoint and LibreOffice draw. The built-in template is
re-coloured with the content's brand; a clinic's own template keeps its colours, and its theme
fonts are replaced by the brand fonts only when the tool does not ship them (it could not
measure them otherwise).
"""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationObject
from pptx.shapes.placeholder import PicturePlaceholder, TablePlaceholder
from pptx.slide import Slide

from builder import fit, layouts
from builder.assets import AssetRefused
from builder.citations import ordered_references, reference_numbers
from builder.errors import ContentError, Problem, TemplateError, display_path
from builder.fit import Box, Para, Spacing, Typeface
from builder.fonts import FAMILIES
from builder.i18n import Words, is_rtl
from builder.layouts import EMU_PER_PT, LayoutChoice, Rect, Slot
from builder.loader import YamlPath, format_path
from builder.markup import Run, clean_text, safe_link, to_paragraphs, to_plain
from builder.model import Brand, Document, Image
from builder.options import RenderContext, Rendered
from builder.qr import qr_target
from builder.reproducible import fixed_time, normalise_zip
from builder.templates import slides_template

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DEFAULT_INSETS = (91440, 45720, 91440, 45720)
"""OOXML's default text insets (left, top, right, bottom) in EMU."""

PICTURE_DPI = 200
"""Resolution pictures are rasterised or downscaled to, for the size they are shown at."""

SLIDENUM_FIELD_ID = "{3F8A6F43-2C1B-4F0B-9A53-6E1C2B7D9E10}"
"""A fixed field id so two builds write the same bytes."""

BODY_SPACING = Spacing()
NUMBERED_SPACING = Spacing(indent=1.6)
"""Room for "10." before the text of a numbered list."""
TITLE_SPACING = Spacing(line=1.1, before=0.0, bottom_reserve=0.2)
TABLE_SPACING = Spacing(line=1.15, before=0.2, bottom_reserve=0.1)
CELL_MARGINS = (91440, 45720, 91440, 45720)


# ---------------------------------------------------------------------------------- template


@dataclass(frozen=True)
class DeckTemplate:
    """A loaded slide template: its bytes (opened afresh for each build) and layout choices."""

    name: str
    data: bytes
    builtin: bool
    choices: dict[str, LayoutChoice]
    theme_fonts: tuple[str | None, str | None]
    """The template theme's heading and body fonts (latin)."""
    slide_size: tuple[int, int]

    def open(self) -> PresentationObject:
        return Presentation(io.BytesIO(self.data))


def load_template(spec: str) -> DeckTemplate:
    """The template named by `--slides` (a built-in name or a .pptx path), cached by file date."""
    location = slides_template(spec)
    if location.is_dir():
        mapping = location / "layouts.json"
        pptx_name = None
        if mapping.is_file():
            try:
                pptx_name = json.loads(mapping.read_text(encoding="utf-8")).get("template")
            except (OSError, ValueError, AttributeError) as exc:
                raise TemplateError(f"{mapping}: cannot read the layout mapping ({exc})") from None
        candidates = [location / pptx_name] if pptx_name else sorted(location.glob("*.pptx"))
        if not candidates or not candidates[0].is_file():
            raise TemplateError(f"slide template folder {location} has no .pptx master")
        path, mapping_file = candidates[0], (mapping if mapping.is_file() else None)
    else:
        path, mapping_file = location, None
    stat = path.stat()
    mapping_stamp = mapping_file.stat().st_mtime_ns if mapping_file else 0
    return _load_template(str(path), stat.st_mtime_ns, stat.st_size,
                          str(mapping_file) if mapping_file else "", mapping_stamp,
                          location.is_dir())


@lru_cache(maxsize=8)
def _load_template(path: str, _mtime: int, _size: int, mapping: str, _mapping_mtime: int,
                   builtin: bool) -> DeckTemplate:
    """Read and analyse a template once; the watcher rebuilds often with the same one."""
    name = display_path(Path(path))
    data = Path(path).read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateError(f"{name}: not a PowerPoint file (.pptx is a zip archive; this file "
                            "is not one)")
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises KeyError, ValueError, ... for wrong packages
        raise TemplateError(f"{name}: not a usable PowerPoint template ({type(exc).__name__}: "
                            f"{exc})") from None
    choices = layouts.choose(prs, Path(mapping) if mapping else None)
    return DeckTemplate(name, data, builtin, choices, _theme_fonts(prs),
                        (int(prs.slide_width), int(prs.slide_height)))


def _theme_parts(prs: PresentationObject) -> list:
    parts = []
    for master in prs.slide_masters:
        theme = master.part.part_related_by(RT.THEME)
        if theme not in parts:
            parts.append(theme)
    return parts


def _theme_fonts(prs: PresentationObject) -> tuple[str | None, str | None]:
    root = etree.fromstring(_theme_parts(prs)[0].blob)
    found = []
    for which in ("majorFont", "minorFont"):
        latin = root.find(f".//{{{A}}}{which}/{{{A}}}latin")
        found.append(latin.get("typeface") if latin is not None else None)
    return found[0], found[1]


def deck_fonts(template: DeckTemplate, brand: Brand) -> tuple[str, str]:
    """(heading, body) fonts the deck's theme will name: always families the tool ships."""
    if template.builtin:
        return brand.fonts.heading, brand.fonts.body
    heading, body = template.theme_fonts
    return (heading if heading in FAMILIES else brand.fonts.heading,
            body if body in FAMILIES else brand.fonts.body)


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
        scheme = root.find(f".//{{{A}}}clrScheme")
        c = brand.colours
        values = {"dk1": c.text, "lt1": c.background, "dk2": c.primary, "lt2": c.muted,
                  "accent1": c.primary, "accent2": c.secondary, "accent3": c.accent,
                  "accent4": _mix(c.primary, c.background, 0.45),
                  "accent5": _mix(c.secondary, c.background, 0.45),
                  "accent6": _mix(c.accent, c.text, 0.35), "hlink": c.primary,
                  "folHlink": c.secondary}
        if scheme is not None:
            scheme.set("name", "Brand")
            for tag, value in values.items():
                slot = scheme.find(f"{{{A}}}{tag}")
                if slot is None:
                    continue
                for child in list(slot):
                    slot.remove(child)
                etree.SubElement(slot, f"{{{A}}}srgbClr", val=value.lstrip("#").upper())
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


def _mix(first: str, second: str, share: float) -> str:
    """`first` blended towards `second` by `share` (0..1), as #rrggbb."""
    a = [int(first[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


# ---------------------------------------------------------------------------------- the plan


@dataclass
class TextPlan:
    """Fitted text for one placeholder."""

    role: str
    paras: list[Para]
    size: float
    slot: Slot
    rect: Rect
    insets: tuple[int, int, int, int]
    spacing: Spacing
    heading: bool = False
    """Set in the theme's heading font (titles)."""


@dataclass
class PicturePlan:
    """A picture scaled into a box, centred, aspect ratio kept."""

    role: str
    data: bytes
    alt: str
    rect: Rect
    """Where the picture goes (inside the slot, centred)."""
    slot: Slot


@dataclass
class TablePlan:
    """One page of the comparison table: header row plus the rows that fit."""

    rect: Rect
    slot: Slot
    widths: list[int]
    heights: list[int]
    rows: list[list[list[Para]]]
    size: float
    header_rows: int = 1


@dataclass
class SlidePlan:
    """One slide, fully decided."""

    kind: str
    name: str
    """Unique slide name written into the file (`kind[:id][:page]`); its kind is read back."""
    series: str
    """The name shared by a slide and its "(cont.)" slides."""
    title: str
    choice: LayoutChoice
    texts: dict[str, TextPlan] = field(default_factory=dict)
    pictures: list[PicturePlan] = field(default_factory=list)
    table: TablePlan | None = None
    notes: str = ""
    warnings: list[Problem] = field(default_factory=list)

    @property
    def layout(self) -> str:
        return self.choice.layout


class _Planner:
    """Decides the slides of one document on one template."""

    def __init__(self, document: Document, context: RenderContext,
                 template: DeckTemplate) -> None:
        self.document = document
        self.context = context
        self.template = template
        self.meta = document.document
        self.language = self.meta.language
        self.words = Words(self.language)
        self.numbers = reference_numbers(document)
        heading, body = deck_fonts(template, document.brand)
        self.heading_face = Typeface(heading, bold=True)
        self.body_face = Typeface(body)
        self.slides: list[SlidePlan] = []
        self.pending: list[Problem] = []
        """Warnings found while fitting text for the slide being planned."""

    # ------------------------------------------------------------------ helpers

    def problem(self, path: YamlPath, message: str, level: str = "error") -> Problem:
        if self.context.source is not None:
            return self.context.source.problem(path, message, level=level)
        return Problem(self.context.content_path, 1, 1, message, format_path(path),
                       level)  # type: ignore[arg-type]

    def fail(self, path: YamlPath, message: str) -> ContentError:
        return ContentError(self.problem(path, message))

    def paras(self, text: str, *, bullet: str | None = None, level: int = 0) -> list[Para]:
        """Markdown -> paragraphs; list items inside the text become bullets one level in."""
        out = []
        for paragraph in to_paragraphs(text, language=self.language,
                                       numbering=self.numbers.get):
            runs = tuple(r for r in paragraph.runs if r.text)
            if not runs:
                continue
            if paragraph.level:
                out.append(Para(runs, level + paragraph.level,
                                "1." if paragraph.ordered else "•"))
            else:
                out.append(Para(runs, level, bullet if not out else None))
        return out

    def bullets(self, items: list[str]) -> list[Para]:
        return [p for item in items for p in self.paras(item, bullet="•", level=1)]

    def plain(self, text: str) -> str:
        return " ".join(clean_text(text or "").split())

    def face(self, heading: bool) -> Typeface:
        return self.heading_face if heading else self.body_face

    def box(self, rect: Rect, insets: tuple[int, int, int, int]) -> Box:
        left, top, right, bottom = insets
        return Box((rect.width - left - right) / EMU_PER_PT,
                   (rect.height - top - bottom) / EMU_PER_PT)

    def text_pages(self, choice: LayoutChoice, role: str, paras: list[Para], path: YamlPath,
                   *, rect: Rect | None = None, spacing: Spacing = BODY_SPACING,
                   heading: bool = False) -> list[TextPlan]:
        """`paras` fitted into the `role` placeholder, on as many pages as needed."""
        slot = choice.slots[role]
        rect = rect or slot.rect
        insets = slot_insets(slot)
        face = self.face(heading)
        pages = fit.paginate(paras, self.box(rect, insets), slot.size, slot.floor, face,
                             spacing)
        plans = []
        for word in dict.fromkeys(w for page in pages for w in page.broken_words):
            self.pending.append(self.problem(path, f"the word '{word[:40]}' is too wide for the "
                                                   f"slide at {slot.floor:g} pt and is broken "
                                                   "across lines", "warning"))
        for page in pages:
            plans.append(TextPlan(role, page.paras, page.size, slot, rect, insets, spacing,
                                  heading))
        return plans

    def one_text(self, choice: LayoutChoice, role: str, paras: list[Para], path: YamlPath,
                 **kwargs) -> TextPlan:
        """Text that must fit one placeholder (titles, headings); an error if it cannot."""
        pages = self.text_pages(choice, role, paras, path, **kwargs)
        if len(pages) > 1:
            slot = choice.slots[role]
            raise self.fail(path, f"too long for the slide's {role.replace('_', ' ')} even at "
                                  f"{slot.floor:g} pt (the layout's smallest size); shorten it")
        return pages[0]

    def title(self, choice: LayoutChoice, text: str, path: YamlPath) -> TextPlan:
        runs = (Run(self.plain(text)),)
        return self.one_text(choice, "title", [Para(runs)], path, spacing=TITLE_SPACING,
                             heading=True)

    def add(self, kind: str, series: str, page: int, title_text: str, choice: LayoutChoice,
            path: YamlPath, notes: str, texts: dict[str, TextPlan] | None = None,
            **extra) -> SlidePlan:
        """A slide; page 0 is named after its series (`section:prp`), later ones `...:2`."""
        name = series + (f":{page + 1}" if page else "")
        plan = SlidePlan(kind, name, series, self.plain(title_text), choice,
                         notes=self.plain_notes(notes), **extra)
        plan.texts["title"] = self.title(choice, title_text, path)
        plan.texts.update(texts or {})
        plan.warnings, self.pending = self.pending, []
        self.slides.append(plan)
        return plan

    def plain_notes(self, text: str) -> str:
        lines = [" ".join(line.split()) for line in clean_text(text or "").split("\n")]
        return "\n".join(lines).strip()

    def continued(self, title: str, page: int) -> str:
        return title if page == 0 else f"{title} {self.words('continued')}"

    # ------------------------------------------------------------------ slides

    def plan(self) -> list[SlidePlan]:
        self.title_slide()
        self.agenda()
        self.disclaimer()
        for index, section in enumerate(self.document.sections):
            if section.deck:
                self.section(index)
        for index in range(len(self.document.contrasts)):
            self.contrast(index)
        if self.document.comparison:
            self.comparison()
        if self.document.key_messages:
            self.key_messages()
        if self.document.references:
            self.references()
        self.closing()
        self.slides[-1].warnings += self.pending
        _harmonise(self.slides)
        return self.slides

    def title_slide(self) -> None:
        choice = self.template.choices["title"]
        meta = self.meta
        texts: dict[str, TextPlan] = {}
        if meta.subtitle and "subtitle" in choice.slots:
            texts["subtitle"] = self.one_text(choice, "subtitle", [Para((Run(self.plain(
                meta.subtitle)),))], ("document", "subtitle"))
        byline = [meta.organisation.name, self.words.date(meta.date)]
        if meta.reviewer:
            byline.append(self.words("reviewed_by", name=meta.reviewer.name,
                                     date=self.words.date(meta.reviewer.reviewed_on)))
        byline_paras = [Para((Run(self.plain(line), bold=i == 0),)) for i, line in
                        enumerate(byline)]
        if "byline" in choice.slots:
            texts["byline"] = self.one_text(choice, "byline", byline_paras,
                                            ("document", "organisation"))
        elif "subtitle" in choice.slots and "subtitle" not in texts:
            texts["subtitle"] = self.one_text(choice, "subtitle", byline_paras[:1],
                                              ("document", "organisation"))
        notes = f"{meta.title}. {meta.subtitle or ''}\n{', '.join(byline)}."
        plan = self.add("title", "title", 0, meta.title, choice, ("document", "title"), notes,
                        texts)
        logo_slot = choice.slot("logo")
        if self.document.brand.logo and logo_slot:
            plan.pictures.append(self.picture(
                logo_slot, self.document.brand.logo,
                f"{self.plain(meta.organisation.name)} logo", ("brand", "logo")))

    def agenda(self) -> None:
        choice = self.template.choices["agenda"]
        items = [(s.title, i) for i, s in enumerate(self.document.sections) if s.deck]
        if not items:
            return
        paras = [Para((Run(self.plain(title)),), 1, "1.") for title, _ in items]
        pages = self.text_pages(choice, "body", paras, ("sections",), spacing=NUMBERED_SPACING)
        heading = self.words("agenda")
        for page, text in enumerate(pages):
            notes = f"{heading}: " + "; ".join(self.plain(t) for t, _ in items) + "."
            self.add("agenda", "agenda", page, self.continued(heading, page), choice,
                     ("sections",), notes, {"body": text})

    def disclaimer(self) -> None:
        choice = self.template.choices["disclaimer"]
        disclaimer = self.document.disclaimer
        paras = self.paras(disclaimer.text)
        pages = self.text_pages(choice, "body", paras, ("disclaimer", "text"))
        spoken = to_plain(disclaimer.text, language=self.language)
        notes = f"{disclaimer.notes}\n\n{spoken}" if disclaimer.notes else spoken
        for page, text in enumerate(pages):
            self.add("disclaimer", "disclaimer", page,
                     self.continued(disclaimer.title, page), choice, ("disclaimer", "title"),
                     notes, {"body": text})

    def section(self, index: int) -> None:
        section = self.document.sections[index]
        path: YamlPath = ("sections", index)
        therapy_index = next((i for i, t in enumerate(self.document.therapies)
                              if t.id == section.therapy), None)
        therapy = self.document.therapies[therapy_index] if therapy_index is not None else None
        points = section.key_points or (section.callout.items if section.callout else [])
        paras = self.bullets(points) if points else self.paras(section.body)[:1]
        status = self.status_paras(therapy) if therapy and therapy.status else []
        picture_choice = self.template.choices["section-picture"]
        plain_choice = self.template.choices["section"]
        choice = picture_choice if section.image else plain_choice
        status_plan = None
        spoken_status = ""
        if status:
            if "status" in choice.slots:
                pages = self.text_pages(choice, "status", status,
                                        ("therapies", therapy_index or 0, "status_note"))
                if len(pages) == 1:
                    status_plan = pages[0]
            if status_plan is None:  # no room of its own: the label on the slide, the note spoken
                paras = [*paras, status[0]]
                spoken_status = " ".join(p.text for p in status)
        body_rect = choice.slots["body"].rect
        if status_plan is None and "status" in choice.slots:
            body_rect = _grow_down(body_rect, choice.slots["status"].rect)
        first_pages = self.text_pages(choice, "body", paras, (*path, "key_points"),
                                      rect=body_rect)
        pages = first_pages[:1]
        if len(first_pages) > 1:  # the rest continues on plain section slides
            rest = [p for page in first_pages[1:] for p in page.paras]
            rest_rect = plain_choice.slots["body"].rect
            if "status" in plain_choice.slots:
                rest_rect = _grow_down(rest_rect, plain_choice.slots["status"].rect)
            pages += self.text_pages(plain_choice, "body", rest, (*path, "key_points"),
                                     rect=rest_rect)
        notes = section.notes or self.generated_notes(section.title, points, therapy)
        if spoken_status:
            notes = f"{notes}\n\n{spoken_status}"
        for page, text in enumerate(pages):
            this_choice = choice if page == 0 else plain_choice
            texts = {"body": text}
            if page == 0 and status_plan:
                texts["status"] = status_plan
            plan = self.add("section", f"section:{section.id}", page,
                            self.continued(section.title, page), this_choice, (*path, "title"),
                            notes, texts)
            if page == 0 and section.image:
                self.add_image(plan, choice, section.image, (*path, "image"))

    def status_paras(self, therapy) -> list[Para]:  # noqa: ANN001 - model.Therapy
        label = self.words("regulatory_status")
        status = self.words(f"status.{therapy.status}")
        runs = [Run(f"{label}: ", bold=True), Run(status, bold=True)]
        paras = [Para(tuple(runs))]
        if therapy.status_note:
            paras += self.paras(therapy.status_note)
        return paras

    def generated_notes(self, title: str, points: list[str], therapy) -> str:  # noqa: ANN001
        """Notes for a slide without any: its points as sentences, plus what the evidence says."""
        lines = [f"{self.plain(title)}."]
        lines += [to_plain(p, language=self.language).rstrip(".") + "." for p in points]
        if therapy:
            if therapy.status:
                lines.append(f"{self.words('regulatory_status')}: "
                             f"{self.words(f'status.{therapy.status}')}.")
            for claim in therapy.claims:
                lines.append(f"{to_plain(claim.text, language=self.language)} "
                             f"({self.words(f'evidence.{claim.evidence}')})")
        return "\n".join(lines)

    def add_image(self, plan: SlidePlan, choice: LayoutChoice, image: Image,
                  path: YamlPath) -> None:
        slot = choice.slot("picture")
        if slot is None:
            return
        plan.pictures.append(self.picture(slot, image.src, self.plain(image.alt),
                                          (*path, "src")))
        caption = " ".join(x for x in (image.caption, self.credit(image.credit)) if x)
        if caption and "caption" in choice.slots:
            pages = self.text_pages(choice, "caption", self.paras(caption), (*path, "caption"))
            if len(pages) == 1:
                plan.texts["caption"] = pages[0]
                return
        if caption:
            plan.notes = f"{plan.notes}\n\n{self.words('figure')}: {self.plain(caption)}".strip()

    def credit(self, credit: str | None) -> str:
        """'Image: Riverside' unless the credit already says what it is ('Illustration: ...')."""
        if not credit:
            return ""
        if re.match(r"^\s*[\w ]{2,20}:", credit):
            return credit
        return self.words("image_credit", credit=credit)

    def picture(self, slot: Slot, reference: str, alt: str, path: YamlPath) -> PicturePlan:
        try:
            source = self.context.assets.resolve(reference)
            data, (width_px, height_px) = _picture_bytes(source, slot.rect)
        except AssetRefused as exc:
            raise self.fail(path, f"cannot use this picture: {exc}") from None
        return PicturePlan(slot.role, data, alt, _contain(slot.rect, width_px, height_px), slot)

    def contrast(self, index: int) -> None:
        contrast = self.document.contrasts[index]
        path: YamlPath = ("contrasts", index)
        choice = self.template.choices["contrast"]
        notes = contrast.notes or self.generated_notes(
            contrast.title, [f"{contrast.left.heading}: {p}" for p in contrast.left.points]
            + [f"{contrast.right.heading}: {p}" for p in contrast.right.points], None)
        if choice.stacked or "left" not in choice.slots:
            paras = []
            for column in (contrast.left, contrast.right):
                paras.append(Para((Run(self.plain(column.heading), bold=True),)))
                paras += self.bullets(column.points)
            for page, text in enumerate(self.text_pages(choice, "body", paras, path)):
                self.add("contrast", f"contrast:{contrast.id}", page,
                         self.continued(contrast.title, page), choice, (*path, "title"), notes,
                         {"body": text})
            return
        columns = {}
        for side, column in (("left", contrast.left), ("right", contrast.right)):
            paras = self.bullets(column.points)
            heading_role = f"{side}_heading"
            if heading_role not in choice.slots:
                paras = [Para((Run(self.plain(column.heading), bold=True),)), *paras]
            columns[side] = self.text_pages(choice, side, paras, (*path, side, "points"))
        _same_size(columns["left"], columns["right"])
        pages = max(len(columns["left"]), len(columns["right"]))
        for page in range(pages):
            texts = {}
            for side, column in (("left", contrast.left), ("right", contrast.right)):
                if page < len(columns[side]):
                    texts[side] = columns[side][page]
                heading_role = f"{side}_heading"
                if heading_role in choice.slots:
                    texts[heading_role] = self.one_text(
                        choice, heading_role, [Para((Run(self.plain(column.heading), bold=True),))],
                        (*path, side, "heading"))
            self.add("contrast", f"contrast:{contrast.id}", page,
                     self.continued(contrast.title, page), choice, (*path, "title"), notes, texts)

    def comparison(self) -> None:
        comparison = self.document.comparison
        assert comparison is not None
        path: YamlPath = ("comparison",)
        choice = self.template.choices["table"]
        slot = choice.slots["table"]
        caption_plan = None
        caption_paras = self.paras(comparison.caption) if comparison.caption else []
        table_rect = slot.rect
        if caption_paras and "caption" in choice.slots:
            pages = self.text_pages(choice, "caption", caption_paras, (*path, "caption"))
            if len(pages) == 1:
                caption_plan = pages[0]
        # without a caption placeholder (or room in it) the caption is spoken instead
        if caption_plan is None and "caption" in choice.slots:
            table_rect = _grow_down(table_rect, choice.slots["caption"].rect)
        header = [[Para((Run(""),))]] + [[Para((Run(self.plain(c)),))]
                                         for c in comparison.columns]
        rows = [[[Para((Run(self.plain(row.label), bold=True),))]]
                + [self.paras(cell) or [Para((Run(""),))] for cell in row.cells]
                for row in comparison.rows]
        tables = self.table_pages(slot, table_rect, header, rows, path)
        notes = comparison.notes or self.generated_notes(
            comparison.title, [f"{row.label}: " + "; ".join(
                f"{col} {to_plain(cell, language=self.language)}" for col, cell in
                zip(comparison.columns, row.cells, strict=False)) for row in comparison.rows],
            None)
        if caption_plan is None and comparison.caption:
            notes += f"\n\n{to_plain(comparison.caption, language=self.language)}"
        for page, table in enumerate(tables):
            texts = {"caption": caption_plan} if caption_plan else {}
            self.add("table", "table", page, self.continued(comparison.title, page),
                     choice, (*path, "title"), notes, texts, table=table)

    def table_pages(self, slot: Slot, rect: Rect, header: list[list[Para]],
                    rows: list[list[list[Para]]], path: YamlPath) -> list[TablePlan]:
        """Rows split over as few slides as possible, the header row on each; largest size."""
        columns = len(header)
        label_share = 0.24 if columns > 2 else 0.4
        label_width = int(rect.width * label_share)
        other = (rect.width - label_width) // max(1, columns - 1)
        widths = [label_width] + [other] * (columns - 1)
        widths[-1] = rect.width - sum(widths[:-1])
        best: list[TablePlan] | None = None
        for size in fit.sizes(slot.size, slot.floor):
            heights = [self.row_height(r, widths, size, bold=True) for r in [header]]
            body = [self.row_height(r, widths, size) for r in rows]
            if None in heights or None in body:
                continue
            pages = _split_rows(heights[0], body, rect.height)  # type: ignore[arg-type]
            if pages is None:
                continue
            if best is None or len(pages) < len(best):
                best = [TablePlan(rect, slot, widths, [heights[0], *[body[i] for i in page]],
                                  [header, *[rows[i] for i in page]], size)  # type: ignore[list-item]
                        for page in pages]
        if best is None:
            raise self.fail(path, f"a row of the comparison table does not fit one slide even at "
                                  f"{slot.floor:g} pt; shorten its cells")
        return best

    def row_height(self, cells: list[list[Para]], widths: list[int], size: float,
                   bold: bool = False) -> int | None:
        """Height a row needs in EMU, or None when a word is wider than its column."""
        left, top, right, bottom = CELL_MARGINS
        tallest = 0.0
        for paras, width in zip(cells, widths, strict=True):
            if bold:
                paras = [replace(p, runs=tuple(replace(r, bold=True) for r in p.runs))
                         for p in paras]
            result = fit.measure(paras, (width - left - right) / EMU_PER_PT, size,
                                 self.body_face, TABLE_SPACING)
            if not result.word_fits:
                return None
            tallest = max(tallest, result.height)
        return int(tallest * EMU_PER_PT) + top + bottom

    def key_messages(self) -> None:
        messages = self.document.key_messages
        assert messages is not None
        choice = self.template.choices["key-messages"]
        path: YamlPath = ("key_messages",)
        pages = self.text_pages(choice, "body", self.bullets(messages.points), (*path, "points"))
        notes = messages.notes or self.generated_notes(messages.title, messages.points, None)
        for page, text in enumerate(pages):
            self.add("key-messages", "key-messages", page,
                     self.continued(messages.title, page), choice, (*path, "title"), notes,
                     {"body": text})

    def references(self) -> None:
        choice = self.template.choices["references"]
        paras, addresses = [], []
        for ref in ordered_references(self.document):
            number = self.numbers[ref.id]
            runs = [Run(f"[{number}] ", bold=True),
                    Run(self.plain(f"{ref.authors.rstrip('.')}. {ref.title.rstrip('.')}.") + " "),
                    Run(self.plain(ref.source), italic=True),
                    Run(f", {ref.year}." + (" " if ref.doi or ref.url else ""))]
            if ref.doi:  # short enough to stay one clickable, unbreakable link
                doi = self.plain(ref.doi)
                runs.append(Run(f"doi:{doi}", link=safe_link(f"https://doi.org/{doi}")))
            elif ref.url:
                host = re.sub(r"^(https?://)?(www\.)?", "", ref.url).split("/")[0]
                runs.append(Run(self.plain(host), link=safe_link(self.plain(ref.url))))
                addresses.append(f"[{number}] {self.plain(ref.url)}")
            paras.append(Para(tuple(runs)))
        pages = self.text_pages(choice, "body", paras, ("references",))
        heading = self.words("references")
        for page, text in enumerate(pages):
            numbers = [p.runs[0].text.strip() for p in text.paras if p.runs[0].bold]
            notes = f"{heading} {numbers[0]}–{numbers[-1]}" if numbers else heading
            if addresses:
                notes += "\n" + "\n".join(addresses)
            self.add("references", "references", page, self.continued(heading, page),
                     choice, ("references",), notes, {"body": text})

    def closing(self) -> None:
        choice = self.template.choices["closing"]
        organisation = self.meta.organisation
        lines: list[Para] = [Para((Run(self.plain(organisation.name), bold=True),))]
        for value in (organisation.address, organisation.phone, organisation.email):
            if value:
                lines.append(Para((Run(self.plain(value)),)))
        if organisation.website:  # not a link: link colours vanish on the brand background
            lines.append(Para((Run(self.plain(organisation.website)),)))
        path: YamlPath = ("document", "organisation")
        texts = {"body": self.one_text(choice, "body", lines, path)}
        title = self.words("thank_you")
        notes = (f"{title}. {self.words('contact')}: "
                 + "; ".join(p.text for p in lines) + ".")
        plan = self.add("closing", "closing", 0, title, choice, path, notes, texts)
        slot = choice.slot("picture")
        target = qr_target(organisation.website)
        if target and slot:
            data, size = _qr_png(target, self.document.brand.colours.text)
            plan.pictures.append(PicturePlan(slot.role, data, f"QR code: {target}",
                                             _contain(slot.rect, *size), slot))
            if "caption" in choice.slots:
                plan.texts["caption"] = self.one_text(
                    choice, "caption", [Para((Run(self.words("scan_website")),))], path)


def _harmonise(slides: list[SlidePlan]) -> None:
    """Same sizes where the eye compares: one title size within a series of (cont.) slides,
    and one size per text role across all single-page section slides. Sizes only go down,
    and text that fits at one size fits at any smaller one."""
    series: dict[str, list[SlidePlan]] = {}
    for plan in slides:
        series.setdefault(plan.series, []).append(plan)
    for members in series.values():
        _lower([plan.texts["title"] for plan in members if "title" in plan.texts])
    singles = [plan for plan in slides if plan.kind == "section"
               and len(series[plan.series]) == 1]
    for role in ("body", "status", "caption"):
        _lower([plan.texts[role] for plan in singles if role in plan.texts])


def _lower(texts: list[TextPlan]) -> None:
    if texts:
        size = min(text.size for text in texts)
        for text in texts:
            text.size = size


def _grow_down(rect: Rect, below: Rect) -> Rect:
    """`rect` extended down to the bottom of an unused placeholder under it."""
    if below.top >= rect.top and below.bottom > rect.bottom:
        return replace(rect, height=below.bottom - rect.top)
    return rect


def _same_size(*columns: list[TextPlan]) -> None:
    """Both columns of a contrast slide at the smaller of their two sizes (it fits both)."""
    _lower([plan for column in columns for plan in column])


def _split_rows(header: int, rows: list[int], height: int) -> list[list[int]] | None:
    """Row indices per page: the fewest pages, then the most even page heights (4+4 reads
    better than 7+1); None if one row cannot fit under the header at all."""
    if any(header + row > height for row in rows):
        return None
    pages = 1
    used = header
    for row in rows:  # greedy count of pages
        if used + row > height:
            pages, used = pages + 1, header
        used += row
    # linear partition into `pages` groups minimising the tallest page
    count = len(rows)
    prefix = [0]
    for row in rows:
        prefix.append(prefix[-1] + row)
    infinity = float("inf")
    best = [[infinity] * (count + 1) for _ in range(pages + 1)]
    cut = [[0] * (count + 1) for _ in range(pages + 1)]
    best[0][0] = 0
    for k in range(1, pages + 1):
        for end in range(1, count + 1):
            for start in range(k - 1, end):
                tallest = max(best[k - 1][start], header + prefix[end] - prefix[start])
                if tallest < best[k][end]:
                    best[k][end], cut[k][end] = tallest, start
    groups, end = [], count
    for k in range(pages, 0, -1):
        start = cut[k][end]
        groups.append(list(range(start, end)))
        end = start
    return [group for group in reversed(groups) if group]


def slot_insets(slot: Slot) -> tuple[int, int, int, int]:
    return slot.insets if slot.insets else DEFAULT_INSETS


# ---------------------------------------------------------------------------------- pictures


def _contain(box: Rect, width_px: int, height_px: int) -> Rect:
    """The largest rectangle of the picture's aspect ratio inside `box`, centred."""
    scale = min(box.width / width_px, box.height / height_px)
    width, height = int(width_px * scale), int(height_px * scale)
    return Rect(box.left + (box.width - width) // 2, box.top + (box.height - height) // 2,
                width, height)


def _picture_bytes(path: Path, box: Rect) -> tuple[bytes, tuple[int, int]]:
    """PNG or JPEG bytes for a checked image, at about PICTURE_DPI for the box it fills."""
    stat = path.stat()
    wanted = max(64, round(box.width / 914400 * PICTURE_DPI))
    return _picture_cached(path, stat.st_mtime_ns, stat.st_size, wanted)


@lru_cache(maxsize=64)
def _picture_cached(path: Path, _mtime: int, _size: int, wanted: int
                    ) -> tuple[bytes, tuple[int, int]]:
    """Rasterising an SVG is most of a build's time; the watcher rebuilds with the same files."""
    from builder.images import is_svg, load_raster, svg_to_png

    if is_svg(path):
        data = svg_to_png(path, wanted)
        return data, _png_size(data)
    image = load_raster(path)
    try:
        width, height = image.size
        if image.format in ("PNG", "JPEG") and width <= 2 * wanted:
            return path.read_bytes(), (width, height)
        if width > 2 * wanted:
            image = image.resize((2 * wanted, max(1, round(height * 2 * wanted / width))))
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=False)
        return buffer.getvalue(), image.size
    finally:
        image.close()


def _png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@lru_cache(maxsize=32)
def _qr_png(url: str, colour: str) -> tuple[bytes, tuple[int, int]]:
    """A QR code to the clinic's website, drawn in the brand's text colour (in memory)."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=12, border=2, dark=colour,
                                    light="#ffffff")
    data = buffer.getvalue()
    return data, _png_size(data)


# ---------------------------------------------------------------------------------- writing XML


def _set_text(txBody, plan: TextPlan, slide: Slide, language: str, rtl: bool) -> None:  # noqa: ANN001
    """Replace a text body's paragraphs with `plan`, every property explicit."""
    body_pr = txBody.find(qn("a:bodyPr"))
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
    for paragraph in txBody.findall(qn("a:p")):
        txBody.remove(paragraph)
    for index, para in enumerate(plan.paras):
        txBody.append(_paragraph(para, plan.size, plan.spacing, index == 0, slide, language, rtl,
                                 "+mj" if plan.heading else "+mn"))
    if not plan.paras:
        txBody.append(etree.Element(qn("a:p")))


def _autofit_index(body_pr) -> int:  # noqa: ANN001
    """Autofit goes after prstTxWarp and before scene3d/sp3d/flatTx/extLst."""
    for index, child in enumerate(body_pr):
        if child.tag != qn("a:prstTxWarp"):
            return index
    return len(body_pr)


def _pts(value: float) -> str:
    return str(round(value * 100))


def _paragraph(para: Para, size: float, spacing: Spacing, first: bool, slide: Slide,
               language: str, rtl: bool, font: str):  # noqa: ANN202 - lxml element
    p = etree.Element(qn("a:p"))
    ppr = etree.SubElement(p, qn("a:pPr"))
    margin = round(para.level * spacing.indent * size * EMU_PER_PT)
    ppr.set("marL", str(margin))
    ppr.set("indent", str(-margin if para.bullet else 0))
    if rtl:
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
        pieces = run.text.split("\n")
        for number, piece in enumerate(pieces):
            if number:
                brk = etree.SubElement(p, qn("a:br"))
                brk.append(_run_properties(run, size, language, font, slide, tag="a:rPr"))
            if piece:
                r = etree.SubElement(p, qn("a:r"))
                r.append(_run_properties(run, size, language, font, slide))
                etree.SubElement(r, qn("a:t")).text = piece
    end = etree.SubElement(p, qn("a:endParaRPr"), lang=language, sz=_pts(size))
    end.set("dirty", "0")
    return p


def _run_properties(run: Run, size: float, language: str, font: str, slide: Slide,
                    tag: str = "a:rPr"):  # noqa: ANN202
    rpr = etree.Element(qn(tag))
    rpr.set("lang", language)
    rpr.set("sz", _pts(size))
    if font == "+mn" or run.bold:
        rpr.set("b", "1" if run.bold else "0")
    if run.italic:
        rpr.set("i", "1")
    rpr.set("spc", "0")
    if run.citation is not None:
        rpr.set("baseline", "30000")
    rpr.set("dirty", "0")
    for script in ("latin", "ea", "cs"):
        suffix = "lt" if script == "latin" else script
        etree.SubElement(rpr, qn(f"a:{script}"), typeface=f"{font}-{suffix}")
    if run.link:
        rid = slide.part.relate_to(run.link, RT.HYPERLINK, is_external=True)
        etree.SubElement(rpr, qn("a:hlinkClick"), {qn("r:id"): rid})
    return rpr


def _set_geometry(element, rect: Rect) -> None:  # noqa: ANN001
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


# ---------------------------------------------------------------------------------- assembly


class _Writer:
    """Turns slide plans into slides of one opened template."""

    def __init__(self, prs: PresentationObject, document: Document, template: DeckTemplate,
                 fonts: tuple[str, str]) -> None:
        self.prs = prs
        self.document = document
        self.template = template
        self.language = document.document.language
        self.rtl = is_rtl(self.language)
        self.words = Words(self.language)
        self.fonts = fonts
        self.footer_face = Typeface(fonts[1])

    def prepare(self) -> None:
        """Drop the template's own slides, then brand the theme."""
        slide_ids = self.prs.slides._sldIdLst
        for slide_id in list(slide_ids):
            slide_ids.remove(slide_id)
            self.prs.part.drop_rel(slide_id.rId)
        for theme in _theme_parts(self.prs):
            theme._blob = apply_theme(theme.blob, self.document.brand,
                                      colours=self.template.builtin, fonts=self.fonts)

    def slide(self, plan: SlidePlan, number: int) -> None:
        choice = plan.choice
        layout = self.prs.slide_masters[choice.master].slide_layouts[choice.index]
        slide = self.prs.slides.add_slide(layout)
        slide._element.cSld.set("name", plan.name)
        tree = slide.shapes._spTree
        cloned = [el for el in tree.iterchildren() if _ph(el) is not None]
        by_position = dict(enumerate(cloned))
        used: set[int] = set()
        first = None
        for role, text in plan.texts.items():
            slot = text.slot
            element = by_position.get(slot.position) if slot.position is not None else None
            if element is None or element.find(qn("p:txBody")) is None:
                continue
            used.add(slot.position)  # type: ignore[arg-type]
            _set_geometry(element, text.rect)
            _set_text(element.find(qn("p:txBody")), text, slide, self.language, self.rtl)
            if role == "title":
                first = element
        for picture in plan.pictures:
            self.picture(slide, picture, by_position, used)
        if plan.table:
            self.table(slide, plan.table, by_position, used)
        for position, element in by_position.items():
            if position not in used and element.getparent() is not None:
                tree.remove(element)
        self.latent(slide, choice, number)
        if first is not None:  # reading order: the title first
            tree.remove(first)
            tree.insert(2, first)
        notes = slide.notes_slide.notes_text_frame
        notes.text = plan.notes

    def picture(self, slide: Slide, plan: PicturePlan, by_position: dict, used: set[int]) -> None:
        slot = plan.slot
        element = by_position.get(slot.position) if slot.position is not None else None
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
        slot = plan.slot
        element = by_position.get(slot.position) if slot.position is not None else None
        rows, columns = len(plan.rows), len(plan.widths)
        height = sum(plan.heights)
        if element is not None and slot.unique_idx:
            _set_geometry(element, replace(plan.rect, height=height))
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
        for index, width in enumerate(plan.widths):
            table.columns[index].width = width
        for row_index, (cells, row_height) in enumerate(zip(plan.rows, plan.heights,
                                                            strict=True)):
            table.rows[row_index].height = row_height
            for column, paras in enumerate(cells):
                cell = table.cell(row_index, column)
                header = row_index < plan.header_rows
                if header:
                    paras = [replace(p, runs=tuple(replace(r, bold=True) for r in p.runs))
                             for p in paras]
                self.cell(cell, paras, plan.size, header, row_index, column, slide)

    def cell(self, cell, paras: list[Para], size: float, header: bool, row: int,  # noqa: ANN001
             column: int, slide: Slide) -> None:
        left, top, right, bottom = CELL_MARGINS
        cell.margin_left, cell.margin_top, cell.margin_right, cell.margin_bottom = (
            left, top, right, bottom)
        tx_body = cell._tc.get_or_add_txBody()
        for paragraph in tx_body.findall(qn("a:p")):
            tx_body.remove(paragraph)
        for index, para in enumerate(paras):
            p = _paragraph(para, size, TABLE_SPACING, index == 0, slide, self.language,
                           self.rtl, "+mn")
            if header:
                for rpr in p.iter(qn("a:rPr"), qn("a:endParaRPr")):
                    fill = etree.Element(qn("a:solidFill"))
                    etree.SubElement(fill, qn("a:srgbClr"), val="FFFFFF")
                    rpr.insert(0, fill)
            tx_body.append(p)
        tc_pr = cell._tc.get_or_add_tcPr()
        tc_pr.set("anchor", "t" if not header else "ctr")
        for old in tc_pr.findall(qn("a:solidFill")):
            tc_pr.remove(old)
        fill = etree.Element(qn("a:solidFill"))
        colour = "accent1" if header else ("bg2" if row % 2 == 0 else "bg1")
        etree.SubElement(fill, qn("a:schemeClr"), val=colour)
        tc_pr.append(fill)

    def latent(self, slide: Slide, choice: LayoutChoice, number: int) -> None:
        """Footer, date and slide number, where the layout has them."""
        meta = self.document.document
        texts = {
            "ftr": [f"{meta.organisation.name} · {self.words('version', version=meta.version)}",
                    meta.organisation.name],
            "dt": [self.words.date(meta.date)],
            "sldNum": [str(number)],
        }
        layout = self.prs.slide_masters[choice.master].slide_layouts[choice.index]
        originals = {(_ph(el).get("type"), _ph(el).get("idx")): el
                     for el in layout.shapes._spTree.iterchildren() if _ph(el) is not None}
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

    def footer_plan(self, holder: layouts.Holder, candidates: list[str]) -> TextPlan | None:
        """The longest footer text that fits the box at 8 pt or more (else none)."""
        insets = holder.insets or DEFAULT_INSETS
        slot = Slot(holder.type, holder.rect, None, holder.type, 12, 8, insets=insets)
        left, top, right, bottom = insets
        box = Box((holder.rect.width - left - right) / EMU_PER_PT,
                  (holder.rect.height - top - bottom) / EMU_PER_PT)
        for text in candidates:
            paras = [Para((Run(clean_text(text)),))]
            result = fit.fit(paras, box, 12, 8, self.footer_face, TITLE_SPACING)
            if result.fits and not result.broken_words:
                return TextPlan(holder.type, result.paras, result.size, slot, holder.rect,
                                insets, TITLE_SPACING)
        return None

    def latent_shape(self, slide: Slide, source, holder: layouts.Holder,  # noqa: ANN001
                     plan: TextPlan, number: int):  # noqa: ANN202
        shape_id = slide.shapes._next_shape_id
        sp = etree.fromstring(
            '<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            f'xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name=""/><p:cNvSpPr>'
            '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody>'
            '<a:bodyPr/><a:lstStyle/></p:txBody></p:sp>')
        sp.find(f".//{qn('p:cNvPr')}").set("name", clean_text(holder.name))
        sp.find(qn("p:nvSpPr")).find(qn("p:nvPr")).append(copy.deepcopy(_ph(source)))
        _set_geometry(sp, holder.rect)
        _set_text(sp.find(qn("p:txBody")), plan, slide, self.language, self.rtl)
        if holder.type == "sldNum":  # a real field, so PowerPoint renumbers after edits
            paragraph = sp.find(qn("p:txBody")).find(qn("a:p"))
            run = paragraph.find(qn("a:r"))
            field_el = etree.Element(qn("a:fld"), id=SLIDENUM_FIELD_ID, type="slidenum")
            field_el.append(run.find(qn("a:rPr")))
            etree.SubElement(field_el, qn("a:t")).text = str(number)
            paragraph.replace(run, field_el)
        return sp


def _ph(element):  # noqa: ANN001, ANN202
    """The <p:ph> of a shape element, or None."""
    found = element.find(f".//{qn('p:nvPr')}/{qn('p:ph')}")
    return found


# ---------------------------------------------------------------------------------- entry points


def deck_plan(document: Document, context: RenderContext) -> list[SlidePlan]:
    """Every slide of the deck, decided and fitted, without building the file."""
    template = load_template(context.options.slides)
    return _Planner(document, context, template).plan()


def render_pptx(document: Document, context: RenderContext) -> Rendered:
    """The deck as .pptx bytes (byte-identical for the same content and template)."""
    template = load_template(context.options.slides)
    planner = _Planner(document, context, template)
    plans = planner.plan()
    prs = template.open()
    fonts = deck_fonts(template, document.brand)
    writer = _Writer(prs, document, template, fonts)
    writer.prepare()
    for number, plan in enumerate(plans, start=1):
        writer.slide(plan, number)
    _set_properties(prs, document)
    buffer = io.BytesIO()
    prs.save(buffer)
    when = fixed_time(document.document.date)
    data = normalise_zip(buffer.getvalue(), when)
    width, height = template.slide_size
    warnings = list(dict.fromkeys(w for plan in plans for w in plan.warnings))
    return Rendered("pptx", data, f"{len(plans)} slides, {_ratio(width, height)}", warnings)


def _set_properties(prs: PresentationObject, document: Document) -> None:
    """Fixed core properties: nothing in the file depends on when or where it was built."""
    meta = document.document
    when = fixed_time(meta.date).replace(tzinfo=None)
    props = prs.core_properties
    props.title = clean_text(meta.title)
    props.subject = clean_text(meta.subtitle or "")
    props.author = clean_text(meta.organisation.name)
    props.last_modified_by = "brochure"
    props.language = meta.language
    props.revision = 1
    props.created = props.modified = props.last_printed = when


def _ratio(width: int, height: int) -> str:
    for label, value in (("16:9", 16 / 9), ("4:3", 4 / 3), ("16:10", 16 / 10)):
        if abs(width / height - value) < 0.02:
            return label
    return f"{width / 914400:.2f}x{height / 914400:.2f} in"

