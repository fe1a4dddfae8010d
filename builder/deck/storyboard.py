"""Planning the deck slide by slide: which slides, in which order, with which text, pictures
and tables.

`deck_plan` decides every slide without writing anything, so `brochure check` can predict
overflow cheaply; one method per kind of slide.
"""

from __future__ import annotations

import re
from dataclasses import replace

from builder.citations import ordered_references
from builder.deck import fit
from builder.deck.cover import CoverPlanner
from builder.deck.fit import Para
from builder.deck.geometry import LayoutChoice
from builder.deck.patient_slides import PatientSlides
from builder.deck.pictures import placed, qr_png
from builder.deck.placing import Paginate, grow_over, harmonise, lower_to_smallest
from builder.deck.room import grown
from builder.deck.slide_plan import NUMBERED_SPACING, SlidePlan
from builder.deck.sparse import SparseSlides
from builder.deck.tables import table_pages
from builder.deck.template import DeckTemplate, load_template
from builder.located import YamlPath
from builder.markup import Run, safe_link, to_plain
from builder.model import Document, Image, Section
from builder.options import RenderContext
from builder.qr import qr_target


def deck_plan(document: Document, context: RenderContext) -> list[SlidePlan]:
    """Every slide of the deck, decided and fitted, without building the file."""
    return plan_slides(document, context, load_template(context.options.slides))


def plan_slides(document: Document, context: RenderContext, template: DeckTemplate,
                paginate: Paginate = fit.paginate) -> list[SlidePlan]:
    """Every slide of `document` on an already loaded template (`paginate` fits text over
    pages: `check` passes its memory of earlier fits)."""
    return DeckPlanner(document, context, template, paginate).plan()


class DeckPlanner(PatientSlides, SparseSlides, CoverPlanner):
    """Decides the slides of one document on one template."""

    def plan(self) -> list[SlidePlan]:
        self.title_slide()
        self.main_message()
        self.agenda()
        self.disclaimer()
        detailed: set[str] = set()
        for index, section in enumerate(self.document.sections):
            if section.deck:
                first = len(self.slides)
                self.section(index)
                self.section_extras(index, section, detailed)
                for plan in self.slides[first:]:
                    plan.section = index
        for index in range(len(self.document.contrasts)):
            self.contrast(index)
        if self.document.comparison:
            self.comparison()
        self.warning_signs()
        self.report_a_problem()
        if self.document.key_messages:
            self.key_messages()
        self.glossary()
        if self.document.references:
            self.references()
        self.closing()
        self.slides[-1].warnings += self.pending
        harmonise(self.slides)
        self.fill_sparse_slides()  # after: a slide merged at a smaller size shrinks no other
        return self.slides

    def agenda(self) -> None:
        choice = self.template.choices["agenda"]
        titles = [s.title for s in self.document.sections if s.deck]
        if not titles:
            return
        paras = [Para((Run(self.plain(title)),), 1, "1.") for title in titles]
        pages = self.text_pages(choice, "body", paras, ("sections",), spacing=NUMBERED_SPACING)
        heading = self.words("agenda")
        notes = f"{heading}: " + "; ".join(self.plain(t) for t in titles) + "."
        self.add_pages("agenda", "agenda", heading, choice, ("sections",), notes, pages)

    def disclaimer(self) -> None:
        choice = self.template.choices["disclaimer"]
        disclaimer = self.document.disclaimer
        paras = self.paras(disclaimer.text)
        spoken = to_plain(disclaimer.text, language=self.language)
        if self.document.disclosure:
            paras += self.labelled(self.words("disclosure"), self.document.disclosure)
            spoken += f"\n{self.words('disclosure')}: {self.spoken(self.document.disclosure)}"
        pages = self.text_pages(choice, "body", paras, ("disclaimer", "text"))
        notes = f"{disclaimer.notes}\n\n{spoken}" if disclaimer.notes else spoken
        self.add_pages("disclaimer", "disclaimer", disclaimer.title, choice,
                       ("disclaimer", "title"), notes, pages)

    def section(self, index: int) -> None:
        section = self.document.sections[index]
        path: YamlPath = ("sections", index)
        therapy_index = next((i for i, t in enumerate(self.document.therapies)
                              if t.id == section.therapy), None)
        therapy = self.document.therapies[therapy_index] if therapy_index is not None else None
        points = section.key_points
        paras = self.bullets(points) if points else self.paras(section.body)[:1]
        status = self.status_paras(therapy) if therapy and therapy.status else []
        picture_choice = self.template.choices["section-picture"]
        plain_choice = self.template.choices["section"]
        choice = picture_choice if section.image else plain_choice
        status_plan = None
        spoken_status = ""
        if status:
            if "status" in choice.slots:
                status_plan = self.fits_one(choice, "status", status,
                                            ("therapies", therapy_index or 0, "status_note"))
            if status_plan is None:  # no room of its own: the label on the slide, the note spoken
                paras = [*paras, cited_label(status)]
                spoken_status = " ".join(p.text for p in status)
        body_rect = choice.slots["body"].rect
        if status_plan is None:
            body_rect = grow_over(body_rect, choice, "status")
        first_pages = self.text_pages(choice, "body", paras, (*path, "key_points"),
                                      rect=body_rect)
        pages = first_pages[:1]
        if len(first_pages) > 1:  # the rest continues on plain section slides
            rest = [p for page in first_pages[1:] for p in page.paras]
            rest_rect = grow_over(plain_choice.slots["body"].rect, plain_choice, "status")
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
                            self.page_notes(notes, page, [text]), texts)
            if page == 0 and section.image:
                self.add_image(plan, choice, section.image, (*path, "image"))

    def section_extras(self, index: int, section: Section, detailed: set[str]) -> None:
        """The slides that follow a section's own: its therapy's evidence and risks (once per
        therapy), its numbers, its call-out box and its steps."""
        found = next(((i, t) for i, t in enumerate(self.document.therapies)
                      if t.id == section.therapy), None)
        if found and found[1].id not in detailed:
            detailed.add(found[1].id)
            self.therapy_detail(*found)
        if section.outcome:
            self.outcome(index, section)
        if section.callout:
            self.callout(index, section)
        if section.steps:
            self.steps(index, section)

    def status_paras(self, therapy) -> list[Para]:  # noqa: ANN001 - model.Therapy
        label = self.words("regulatory_status")
        status = self.words(f"status.{therapy.status}")
        runs = [Run(f"{label}: ", bold=True), Run(status, bold=True)]
        paras = [Para(tuple(runs))]
        if therapy.status_note:
            paras += self.paras(therapy.status_note)
        return paras

    def add_image(self, plan: SlidePlan, choice: LayoutChoice, image: Image,
                  path: YamlPath) -> None:
        slot = choice.slot("picture")
        if slot is None:
            return
        plan.pictures.append(self.picture(slot, image.src, self.plain(image.alt),
                                          (*path, "src")))
        caption = " ".join(x for x in (image.caption, self.credit(image.credit)) if x)
        if caption and "caption" in choice.slots:
            fitted = self.fits_one(choice, "caption", self.paras(caption), (*path, "caption"))
            if fitted is not None:
                plan.texts["caption"] = fitted
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

    def contrast(self, index: int) -> None:
        contrast = self.document.contrasts[index]
        path: YamlPath = ("contrasts", index)
        notes = contrast.notes or self.generated_notes(
            contrast.title, [f"{contrast.left.heading}: {p}" for p in contrast.left.points]
            + [f"{contrast.right.heading}: {p}" for p in contrast.right.points], None)
        self.two_columns("contrast", f"contrast:{contrast.id}", contrast.title,
                         (*path, "title"), notes,
                         (contrast.left.heading, self.bullets(contrast.left.points),
                          (*path, "left", "points")),
                         (contrast.right.heading, self.bullets(contrast.right.points),
                          (*path, "right", "points")))

    def two_columns(self, kind: str, series: str, title: str, path: YamlPath, notes: str,
                    *sides: tuple[str, list[Para], YamlPath]) -> None:
        """Two headed columns compared side by side (stacked when the layout has one body)."""
        choice = self.template.choices["contrast"]
        named = dict(zip(("left", "right"), sides, strict=True))
        if choice.stacked or "left" not in choice.slots:
            paras = []
            for heading, points, _ in sides:
                paras += [self.line(heading, bold=True), *points]
            self.add_pages(kind, series, title, choice, path, notes,
                           self.text_pages(choice, "body", paras, path))
            return
        columns = {}
        for side, (heading, points, where) in named.items():
            paras = points if f"{side}_heading" in choice.slots else [
                self.line(heading, bold=True), *points]
            columns[side] = self.text_pages(choice, side, paras, where)
        lower_to_smallest(columns["left"] + columns["right"])  # the columns are compared
        for page in range(max(len(columns["left"]), len(columns["right"]))):
            texts = {}
            for side, (heading, _points, where) in named.items():
                if page >= len(columns[side]):
                    continue  # no heading over an empty column on a continued slide
                texts[side] = columns[side][page]
                if f"{side}_heading" in choice.slots:
                    texts[f"{side}_heading"] = self.one_text(
                        choice, f"{side}_heading", [self.line(heading, bold=True)], where)
            self.add(kind, series, page, self.continued(title, page), choice, path,
                     self.page_notes(notes, page, list(texts.values())),
                     texts)

    def comparison(self) -> None:
        comparison = self.document.comparison
        assert comparison is not None
        path: YamlPath = ("comparison",)
        choice = self.template.choices["table"]
        slot = choice.slots["table"]
        caption_plan = None
        caption_paras = self.paras(comparison.caption) if comparison.caption else []
        if caption_paras and "caption" in choice.slots:
            caption_plan = self.fits_one(choice, "caption", caption_paras, (*path, "caption"))
        # without a caption placeholder (or room in it) the caption is spoken instead
        table_rect = slot.rect if caption_plan else grow_over(slot.rect, choice, "caption")
        header = [[self.line("")]] + [[self.line(c)] for c in comparison.columns]
        rows = [[[self.line(row.label, bold=True)]]
                + [self.paras(cell) or [self.line("")] for cell in row.cells]
                for row in comparison.rows]
        first = (choice, slot, caption_plan)
        shares = comparison.shares()
        tables = table_pages(slot, table_rect, header, rows, self.body_face, split_columns=False,
                             shares=shares)
        if tables is None and not self.template.builtin:  # a small box: a roomier layout,
            for other in (choice, *choice.alternatives):  # or free room beside the box
                room = grown(other, "table", self.template.slide_size,
                             self.taken(other, "table"))
                for rect in (other.slots["table"].rect, room):
                    if tables is None and rect is not None:
                        tables = table_pages(other.slots["table"], rect, header, rows,
                                             self.body_face, split_columns=False, shares=shares)
                        choice, slot, caption_plan = other, other.slots["table"], None
        if tables is None:  # too wide for any layout: its columns continue on more slides
            choice, slot, caption_plan = first
            tables = table_pages(slot, table_rect, header, rows, self.body_face, shares=shares)
        if tables is None:
            raise self.fail(path, f"a cell of the comparison table does not fit one slide even "
                                  f"at {slot.floor:g} pt beside the row labels; shorten it")
        notes = comparison.notes or self.generated_notes(
            comparison.title, [f"{row.label}: " + "; ".join(
                f"{col} {to_plain(cell, language=self.language, numbering=self.numbers.get)}"
                for col, cell in
                zip(comparison.columns, row.cells, strict=False)) for row in comparison.rows],
            None)
        if caption_plan is None and comparison.caption:
            notes += ("\n\n" + to_plain(comparison.caption, language=self.language,
                                         numbering=self.numbers.get))
        for page, table in enumerate(tables):
            texts = {"caption": caption_plan} if caption_plan else {}
            self.add("table", "table", page, self.continued(comparison.title, page),
                     choice, (*path, "title"), self.page_notes(notes, page, [], table), texts,
                     table=table)

    def key_messages(self) -> None:
        messages = self.document.key_messages
        assert messages is not None
        choice = self.template.choices["key-messages"]
        path: YamlPath = ("key_messages",)
        pages = self.text_pages(choice, "body", self.bullets(messages.points), (*path, "points"))
        notes = messages.notes or self.generated_notes(messages.title, messages.points, None)
        self.add_pages("key-messages", "key-messages", messages.title, choice, (*path, "title"),
                       notes, pages)

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
                addresses.append((f"[{number}]", f"[{number}] {self.plain(ref.url)}"))
            paras.append(Para(tuple(runs)))
        pages = self.text_pages(choice, "body", paras, ("references",))
        heading = self.words("references")
        for page, text in enumerate(pages):
            numbers = [p.runs[0].text.strip() for p in text.paras if p.runs[0].bold]
            notes = f"{heading} {numbers[0]}–{numbers[-1]}" if numbers else heading
            shown = [line for label, line in addresses if label in numbers]
            if shown:  # the full addresses of what this slide lists, and only those
                notes += "\n" + "\n".join(shown)
            self.add("references", "references", page, self.continued(heading, page),
                     choice, ("references",), notes, {"body": text})

    def closing(self) -> None:
        choice = self.template.choices["closing"]
        organisation = self.meta.organisation
        lines = [self.line(organisation.name, bold=True)]
        lines += [self.line(value) for value in
                  (organisation.address, organisation.phone, organisation.email) if value]
        lines += [p for label, value in (("hours", organisation.hours),
                                         ("after_hours", organisation.after_hours)) if value
                  for p in self.labelled(self.words(label), value)]
        if organisation.website:  # not a link: link colours vanish on the brand background
            lines.append(self.line(organisation.website))
        path: YamlPath = ("document", "organisation")
        texts = {"body": self.one_text(choice, "body", lines, path)}
        title = self.words("thank_you")
        notes = (f"{title}. {self.words('contact')}: "
                 + "; ".join(p.text for p in lines) + ".")
        plan = self.add("closing", "closing", 0, title, choice, path, notes, texts)
        slot = choice.slot("picture")
        target = qr_target(organisation.website)
        if target and slot:
            data, size = qr_png(target, self.document.brand.colours.text)
            plan.pictures.append(placed(slot, data, size, self.words("qr_code", url=target)))
            if "caption" in choice.slots:
                plan.texts["caption"] = self.one_text(
                    choice, "caption", [Para((Run(self.words("scan_website")),))], path)


def cited_label(status: list[Para]) -> Para:
    """The status label with the citation numbers of the note that is spoken instead of shown,
    so the slide shows every source its notes cite ("Regulatory status: Not approved [1]")."""
    numbers = sorted({n for para in status[1:] for run in para.runs if run.citation
                      for n in run.citation})
    if not numbers:
        return status[0]
    marker = Run(f"[{','.join(str(n) for n in numbers)}]", citation=tuple(numbers))
    return replace(status[0], runs=(*status[0].runs, Run("\u00a0"), marker))  # kept together
