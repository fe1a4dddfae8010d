"""Slides left more than half empty, filled by two rules measured with the real font.

A print review of the seminar deck found a third of its slides three-quarters empty. After every
slide is planned: a call-out slide (key facts, questions, a tip) joins the slide before it in
its section when one of the two is half empty and both fit one slide at the layout's floor
size; then a half-empty text slide whose section has a picture shows that picture beside its
text. A warning keeps its own slide (its title is what marks it as a warning), and a slide of a
section without a picture is left as it is: a short bullet list is fine on its own. Nothing is
dropped: a merged call-out keeps its title as a bold line over its points, and its notes follow
the receiving slide's.

A mixin of the deck planner (it fits with the planner's `text_pages` and places pictures with
its `add_image`), so `brochure check` predicts the merged and pictured slides like any other.
"""

from __future__ import annotations

from collections import Counter

from builder.deck import fit
from builder.deck.fit import Para
from builder.deck.placing import grow_over
from builder.deck.slide_plan import TITLE_SPACING, SlidePlan, inner_box
from builder.deck.typeface import Typeface
from builder.located import YamlPath
from builder.markup import Run

HALF = 0.5
"""A slide whose text covers less than this share of its body box is half empty."""

SECTION_KINDS = ("section", "callout", "steps")
"""A section's own text slides: the ones that may take a call-out or the section's picture
(its therapy's evidence and its numbers are laid out around their own columns and arrays)."""

UNMERGED_CALLOUTS = frozenset({"warning"})
"""Call-out kinds that keep their own slide: a warning merged under another title would read as
one more point."""


def body_share(plan: SlidePlan, face: Typeface) -> float | None:
    """The share of a slide's body box its text covers (0 to 1), None without body text.

    Each paragraph covers its words' width (plus its list indent) times its lines' pitch, the
    words measured with `face` at the planned size: three one-line bullets cover little of a
    box even when they reach a third of the way down, and a box full of wrapped lines about
    three quarters of it (the ragged line ends and the gaps between paragraphs stay blank)."""
    body = plan.texts.get("body")
    if body is None:
        return None
    box = inner_box(body.rect, body.insets)
    if box.height <= 0 or box.width <= 0:
        return None
    size, spacing = body.size, body.spacing
    covered = 0.0
    for para in body.paras:
        lines, _ = fit.wrap(para, box.width, size, face, spacing)
        indent = para.level * spacing.indent * size
        words = sum(face.width(run.text, size, bold=run.bold, italic=run.italic)
                    for run in para.runs)
        covered += min(words + indent * lines, box.width * lines) * size * spacing.line
    return min(1.0, covered / (box.width * box.height))


def text_only(plan: SlidePlan) -> bool:
    """A title and a body and nothing else: no picture, status line, table or icon array."""
    return (set(plan.texts) == {"title", "body"} and not plan.pictures and plan.table is None
            and not plan.icon_arrays)


class SparseSlides:
    """Merges short call-outs and adds section pictures (mixed into the deck planner)."""

    def fill_sparse_slides(self) -> None:
        """Both rules over the planned deck, call-outs first (a merged slide needs no picture)."""
        self.merge_short_callouts()
        for plan in self.slides:
            self.show_section_picture(plan)

    # ------------------------------------------------------------------ merging

    def merge_short_callouts(self) -> None:
        kept: list[SlidePlan] = []
        pages = Counter(plan.series for plan in self.slides)
        for plan in self.slides:
            receiver = self.callout_receiver(plan, kept) if pages[plan.series] == 1 else None
            if receiver is None or not self.merged_into(receiver, plan):
                kept.append(plan)
        self.slides[:] = kept

    def callout_receiver(self, plan: SlidePlan, before: list[SlidePlan]) -> SlidePlan | None:
        """The slide a call-out on one slide joins (one long enough for two is not short): the
        last text slide of its section before it (past its therapy's evidence and its numbers,
        which have no body to join), when the call-out or that slide is half empty."""
        if plan.kind != "callout" or plan.section is None or not text_only(plan):
            return None
        callout = self.document.sections[plan.section].callout
        if callout is None or callout.kind in UNMERGED_CALLOUTS:
            return None
        receiver = None
        for earlier in reversed(before):
            if earlier.section != plan.section:
                break
            if earlier.kind in SECTION_KINDS and "body" in earlier.texts:
                receiver = earlier
                break
        if receiver is None:
            return None
        shares = [body_share(slide, self.body_face) for slide in (receiver, plan)]
        if all(share is None or share >= HALF for share in shares):
            return None
        return receiver

    def merged_into(self, receiver: SlidePlan, donor: SlidePlan) -> bool:
        """`donor`'s title (as a bold line) and points under `receiver`'s body, when all of it
        fits the receiver's body box on one page at the layout's floor size or larger."""
        body, added = receiver.texts["body"], donor.texts["body"]
        if body.spacing != added.spacing:
            return False  # a numbered list's indent is not a bullet list's
        heading = Para((Run(donor.title, bold=True),))
        paras = [*body.paras, heading, *added.paras]
        path: YamlPath = ("sections", donor.section or 0, "callout", "items")
        pages = self.trial(lambda: self.text_pages(receiver.choice, "body", paras, path,
                                                   rect=body.rect, spacing=body.spacing))
        if len(pages) != 1:
            return False
        # no larger than the receiver's text was: its size matches its sibling slides'
        pages[0].size = min(pages[0].size, body.size)
        receiver.texts["body"] = pages[0]
        receiver.notes = f"{receiver.notes}\n\n{donor.notes}".strip()
        receiver.warnings += donor.warnings
        return True

    # ------------------------------------------------------------------ pictures

    def show_section_picture(self, plan: SlidePlan) -> None:
        """A half-empty text slide of a section with a picture, re-planned on the picture
        layout with that picture beside its text (left as it was when the text or its title
        would not fit there on one slide)."""
        if plan.kind not in SECTION_KINDS or plan.section is None or not text_only(plan):
            return
        section = self.document.sections[plan.section]
        share = body_share(plan, self.body_face)
        if section.image is None or share is None or share >= HALF:
            return
        choice = self.template.choices["section-picture"]
        if choice.slot("picture") is None:
            return
        body = plan.texts["body"]
        path: YamlPath = ("sections", plan.section)
        rect = grow_over(choice.slots["body"].rect, choice, "status")  # no status line here
        pages = self.trial(lambda: self.text_pages(choice, "body", body.paras, (*path, "title"),
                                                   rect=rect, spacing=body.spacing))
        titles = self.trial(lambda: self.text_pages(
            choice, "title", [self.line(plan.title)], (*path, "title"), heading=True,
            spacing=TITLE_SPACING))
        if len(pages) != 1 or len(titles) != 1:
            return
        plan.choice = choice
        plan.texts = {"title": titles[0], "body": pages[0]}
        self.add_image(plan, choice, section.image, (*path, "image"))

    def trial(self, attempt):  # noqa: ANN001, ANN202 - a callable returning fitted text
        """Fit text for a slide that may not change: the warnings it raises (a word broken at
        the floor) were already given for the slides as planned."""
        mark = len(self.pending)
        try:
            return attempt()
        finally:
            del self.pending[mark:]
