"""The planner's shared machinery: markup to paragraphs, text fitted into placeholders over as
many pages as needed, slides added with their warnings, and sizes harmonised at the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from builder.assets import AssetRefused
from builder.citations import reference_numbers
from builder.deck import fit
from builder.deck.fit import Para, Spacing
from builder.deck.geometry import EMU_PER_PT, LayoutChoice, Rect, Slot
from builder.deck.pictures import picture_bytes, placed
from builder.deck.room import grown
from builder.deck.slide_plan import (
    BODY_SPACING,
    TITLE_SPACING,
    PicturePlan,
    SlidePlan,
    TablePlan,
    TextPlan,
    inner_box,
    slot_insets,
)
from builder.deck.template import DeckTemplate, faces
from builder.deck.typeface import Typeface
from builder.errors import ContentError, Problem
from builder.i18n import Words
from builder.located import YamlPath, format_path
from builder.markup import Run, clean_text, to_paragraphs, to_plain
from builder.model import Document
from builder.options import RenderContext

Paginate = Callable[..., list[fit.Fitted]]
"""`fit.paginate`'s signature."""

MAX_SLIDES = 1000
"""Most slides a deck may have. A 1.4 MB word in a key point would need about 2,400 (nobody
presents that), and python-pptx's cost per slide grows with the slides already made; a
3,000-reference list needs about 250."""


class Planner:
    """Fits one document's text into one template's placeholders and collects the slides."""

    def __init__(self, document: Document, context: RenderContext, template: DeckTemplate,
                 paginate: Paginate = fit.paginate) -> None:
        self.document = document
        self.paginate = paginate
        """How text is fitted over pages: `fit.paginate`, or `check`'s memory of it."""
        self.context = context
        self.template = template
        self.meta = document.document
        self.language = self.meta.language
        self.words = Words(self.language)
        self.numbers = reference_numbers(document)
        self.heading_face, self.body_face = faces(template, document.brand)
        self.slides: list[SlidePlan] = []
        self.pending: list[Problem] = []
        """Warnings found while fitting text for the slide being planned."""

    # ------------------------------------------------------------------ problems

    def problem(self, path: YamlPath, message: str, level: str = "error") -> Problem:
        if self.context.source is not None:
            return self.context.source.problem(path, message, level=level)
        return Problem(self.context.content_path, 1, 1, message, format_path(path),
                       level)  # type: ignore[arg-type]

    def fail(self, path: YamlPath, message: str) -> ContentError:
        return ContentError(self.problem(path, message))

    # ------------------------------------------------------------------ text

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

    def line(self, text: str, *, bold: bool = False) -> Para:
        """One paragraph of plain text (markup characters kept as typed)."""
        return Para((Run(self.plain(text), bold=bold),))

    def plain(self, text: str) -> str:
        return " ".join(clean_text(text or "").split())

    def plain_notes(self, text: str) -> str:
        """Notes with each line's spacing collapsed; line breaks kept."""
        lines = [" ".join(line.split()) for line in clean_text(text or "").split("\n")]
        return "\n".join(lines).strip()

    def continued(self, title: str, page: int) -> str:
        return title if page == 0 else f"{title} {self.words('continued')}"

    # ------------------------------------------------------------------ fitting

    def text_pages(self, choice: LayoutChoice, role: str, paras: list[Para], path: YamlPath,
                   *, rect: Rect | None = None, spacing: Spacing = BODY_SPACING,
                   heading: bool = False) -> list[TextPlan]:
        """`paras` fitted into the `role` placeholder, on as many pages as needed."""
        slot = choice.slots[role]
        rect = rect or slot.rect
        insets = slot_insets(slot)
        face = self.heading_face if heading else self.body_face
        pages = self.paginate(paras, inner_box(rect, insets), slot.size, slot.floor, face,
                              spacing)
        if len(pages) > MAX_SLIDES:
            raise self.fail(path, f"needs {len(pages):,} slides even at {slot.floor:g} pt; a "
                                  f"deck has at most {MAX_SLIDES:,}: shorten it")
        for word in dict.fromkeys(w for page in pages for w in page.broken_words):
            self.pending.append(self.problem(path, f"the word '{word[:40]}' is too wide for the "
                                                   f"slide at {slot.floor:g} pt and is broken "
                                                   "across lines", "warning"))
        return [TextPlan(role, page.paras, page.size, slot, rect, insets, spacing, heading)
                for page in pages]

    def fits_one(self, choice: LayoutChoice, role: str, paras: list[Para],
                 path: YamlPath) -> TextPlan | None:
        """Optional text (captions, status notes): the plan if it fits one page, else None."""
        pages = self.text_pages(choice, role, paras, path)
        return pages[0] if len(pages) == 1 else None

    def one_text(self, choice: LayoutChoice, role: str, paras: list[Para], path: YamlPath,
                 **kwargs) -> TextPlan:
        """Text that must fit one box (titles, headings). Content too long for the built-in
        template is an error; on a clinic's template, whose boxes may be small, the text grows
        into free room beside its placeholder, and only then is shortened with a warning that
        names the layout and the placeholder."""
        pages = self.text_pages(choice, role, paras, path, **kwargs)
        if len(pages) == 1:
            return pages[0]
        slot = choice.slots[role]
        if self.template.builtin:
            raise self.fail(path, f"too long for the slide's {role.replace('_', ' ')} even at "
                                  f"{slot.floor:g} pt (the layout's smallest size); shorten it")
        kwargs.pop("rect", None)
        fitted = self.grown_text(choice, role, paras, path, **kwargs)
        if fitted is not None:
            return fitted
        rect = grown(choice, role, self.template.slide_size, self.taken(choice, role)) or slot.rect
        insets = slot_insets(slot)
        spacing = kwargs.get("spacing", BODY_SPACING)
        face = self.heading_face if kwargs.get("heading") else self.body_face
        paras = shortened(paras, inner_box(rect, insets), slot.floor, face, spacing)
        self.pending.append(self.problem(path, f"does not fit placeholder "
                                               f"'{slot.name or role}' of layout "
                                               f"'{choice.layout}' ({choice.key} slide) even at "
                                               f"{slot.floor:g} pt; shortened on the slide, said "
                                               "in full in the notes", "warning"))
        return TextPlan(role, paras, slot.floor, slot, rect, insets, spacing,
                        bool(kwargs.get("heading")))

    def grown_text(self, choice: LayoutChoice, role: str, paras: list[Para], path: YamlPath,
                   **kwargs) -> TextPlan | None:
        """`paras` in one box grown into the free room around the role's placeholder, only as
        tall as the text needs (the room below stays free for what follows)."""
        rect = grown(choice, role, self.template.slide_size, self.taken(choice, role))
        if rect is None:
            return None
        pages = self.text_pages(choice, role, paras, path, rect=rect, **kwargs)
        if len(pages) != 1:
            return None
        page = pages[0]
        _, top, _, bottom = page.insets
        needed = round(fit.measure(page.paras, inner_box(rect, page.insets).width, page.size,
                                   self.heading_face if page.heading else self.body_face,
                                   page.spacing).height * EMU_PER_PT) + top + bottom + 1
        least = choice.slots[role].rect.height
        page.rect = replace(rect, height=min(rect.height, max(needed, least)))
        return page

    def taken(self, choice: LayoutChoice, role: str) -> list[Rect]:
        """The boxes of a slide's other roles: a growing text keeps out of them."""
        return [slot.rect for other, slot in choice.slots.items() if other != role]

    # ------------------------------------------------------------------ slides

    def add(self, kind: str, series: str, page: int, title_text: str, choice: LayoutChoice,
            path: YamlPath, notes: str, texts: dict[str, TextPlan] | None = None,
            **extra) -> SlidePlan:
        """A slide; page 0 is named after its series (`section:prp`), later ones `...:2`."""
        if len(self.slides) >= MAX_SLIDES:
            raise self.fail(path, f"the deck would have more than {MAX_SLIDES:,} slides; "
                                  "shorten the content")
        name = series + (f":{page + 1}" if page else "")
        plan = SlidePlan(kind, name, series, self.plain(title_text), choice,
                         notes=self.plain_notes(notes), **extra)
        plan.texts["title"] = self.one_text(choice, "title", [self.line(title_text)], path,
                                            spacing=TITLE_SPACING, heading=True)
        plan.texts.update(texts or {})
        plan.warnings, self.pending = self.pending, []
        self.slides.append(plan)
        return plan

    def add_pages(self, kind: str, series: str, title: str, choice: LayoutChoice,
                  path: YamlPath, notes: str, pages: list[TextPlan]) -> None:
        """One slide per page of body text, the later ones titled "(cont.)"."""
        for page, text in enumerate(pages):
            self.add(kind, series, page, self.continued(title, page), choice, path,
                     self.page_notes(notes, page, [text]), {"body": text})

    def page_notes(self, notes: str, page: int, texts: list[TextPlan],
                   table: TablePlan | None = None) -> str:
        """A series' notes on its first slide; a "(cont.)" slide's notes say what is on it.
        Repeating the series' notes on every page would make a deck grow with the square of
        a long list (1,600 key points, a 500-row table)."""
        if page == 0:
            return notes
        lines = [para.text for text in texts for para in text.paras]
        if table is not None:
            header = [" ".join(p.text for p in cell) for cell in table.rows[0]]
            for row in table.rows[table.header_rows:]:
                cells = [" ".join(p.text for p in cell) for cell in row]
                lines.append(f"{cells[0]}: " + "; ".join(
                    f"{column} {cell}" for column, cell in zip(header[1:], cells[1:],
                                                               strict=False)))
        return "\n".join(line.replace(fit.ZWSP, "") for line in lines)

    def picture(self, slot: Slot, reference: str, alt: str, path: YamlPath) -> PicturePlan:
        try:
            source = self.context.assets.resolve(reference)
            data, size = picture_bytes(source, slot.rect)
        except AssetRefused as exc:
            raise self.fail(path, f"cannot use this picture: {exc}") from None
        return placed(slot, data, size, alt)

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


def harmonise(slides: list[SlidePlan]) -> None:
    """Same sizes where the eye compares: one title size within a series of (cont.) slides,
    and one size per text role across all single-page section slides. Sizes only go down,
    and text that fits at one size fits at any smaller one."""
    series: dict[str, list[SlidePlan]] = {}
    for plan in slides:
        series.setdefault(plan.series, []).append(plan)
    for members in series.values():
        lower_to_smallest([plan.texts["title"] for plan in members if "title" in plan.texts])
    singles = [plan for plan in slides if plan.kind == "section"
               and len(series[plan.series]) == 1]
    for role in ("body", "status", "caption"):
        lower_to_smallest([plan.texts[role] for plan in singles if role in plan.texts])


def lower_to_smallest(texts: list[TextPlan]) -> None:
    """Every text at the smallest of their sizes (it fits them all)."""
    if texts:
        size = min(text.size for text in texts)
        for text in texts:
            text.size = size


def grow_over(rect: Rect, choice: LayoutChoice, role: str) -> Rect:
    """`rect` extended down to the bottom of the layout's `role` placeholder under it, when
    that placeholder stays empty on this slide."""
    below = choice.slot(role)
    if below is not None and below.rect.top >= rect.top and below.rect.bottom > rect.bottom:
        return replace(rect, height=below.rect.bottom - rect.top)
    return rect


def shortened(paras: list[Para], box: fit.Box, size: float, face: Typeface,
              spacing: Spacing) -> list[Para]:
    """As many of the words of `paras` as fit `box` at `size` in one paragraph, ending in an
    ellipsis (at least the first word)."""
    words = " ".join(p.text for p in paras).split()
    bold = any(run.bold for run in paras[0].runs) if paras else False

    def candidate(count: int) -> list[Para]:
        text = " ".join(words[:count]).rstrip(" ,.;:") + ("…" if count < len(words) else "")
        return [Para((Run(text, bold=bold),))]

    low, high = 0, len(words)  # the most words that fit: a search, not a word-by-word loop
    while low < high:
        middle = (low + high + 1) // 2
        if fit.fits(candidate(middle), box, size, face, spacing):
            low = middle
        else:
            high = middle - 1
    if low:
        return candidate(low)
    return [Para((Run(words[0] + "…" if words else "…", bold=bold),))]
