"""The slides that carry what a patient must act on: the main message and call to action,
each therapy's evidence beside its risks, numbers drawn as icon arrays, call-out boxes, steps,
the warning signs, how to report a problem, and the glossary.

A mixin of the deck planner: every method decides slides with the planner's fitting and adds
them, so `brochure check` predicts their overflow like any other slide.
"""

from __future__ import annotations

from dataclasses import replace

from builder.deck.fit import Para
from builder.deck.geometry import LayoutChoice, Rect
from builder.deck.placing import grow_over
from builder.deck.slide_plan import NUMBERED_SPACING, IconArrayPlan, TextPlan
from builder.located import YamlPath
from builder.markup import Run, to_plain
from builder.model import Section, Therapy
from builder.outcomes import COLUMNS, outcome_sentences, rows

ARRAY_SHARE = 0.6
"""Most of the body's width the icon arrays take on an outcome slide; the words go beside."""
LABEL_SHARE = 0.25
"""The body's height kept under the icon arrays for the label that names each group."""


class PatientSlides:
    """Slides of the patient-safety parts of the model (mixed into the deck planner)."""

    # ------------------------------------------------------------------ helpers

    def bold(self, paras: list[Para]) -> list[Para]:
        return [replace(p, runs=tuple(replace(r, bold=True) for r in p.runs)) for p in paras]

    def labelled(self, label: str, text: str) -> list[Para]:
        """'Label: text' with the label in bold (text may span paragraphs)."""
        paras = self.paras(text)
        if not paras:
            return []
        first = paras[0]
        return [replace(first, runs=(Run(f"{label}: ", bold=True), *first.runs)), *paras[1:]]

    def numbered(self, items: list[str]) -> list[Para]:
        return [Para(p.runs, 1, "1.") for item in items for p in self.paras(item)[:1]]

    def spoken(self, *texts: str | None) -> str:
        return "\n".join(to_plain(t, language=self.language) for t in texts if t)

    # ------------------------------------------------------------------ slides

    def main_message(self) -> None:
        """The main message, emphasised, and the call to action: the first content slide."""
        document = self.document
        if not (document.main_message or document.call_to_action):
            return
        choice = self.template.choices["key-messages"]
        paras = self.bold(self.paras(document.main_message or ""))
        if document.call_to_action:
            paras += self.labelled(self.words("call_to_action"), document.call_to_action)
        path: YamlPath = ("main_message",) if document.main_message else ("call_to_action",)
        pages = self.text_pages(choice, "body", paras, path)
        notes = self.spoken(document.main_message, document.call_to_action)
        self.add_pages("main-message", "main-message", self.words("main_message"), choice, path,
                       notes, pages)

    def therapy_detail(self, therapy_index: int, therapy: Therapy) -> None:
        """What studies show beside the risks, with the options, visit and cost spoken."""
        path: YamlPath = ("therapies", therapy_index)
        left = [Para((Run(f"{self.words(f'evidence.{c.evidence}')}: ", bold=True),
                      *p.runs), 1, "•")
                for c in therapy.claims for p in self.paras(c.text)[:1]]
        right = [Para((Run(f"{self.plain(r.what)}: ", bold=True),
                       *self.paras(r.how_often)[0].runs), 1, "•") for r in therapy.risks]
        if not (left or right):
            return
        notes = [self.words("benefits_and_risks", name=self.plain(therapy.short_name)) + "."]
        for key, items in (("approved_uses", therapy.approved_uses),
                           ("alternatives", therapy.alternatives),
                           ("what_to_expect", therapy.what_to_expect)):
            if items:
                notes.append(f"{self.words(key)}: " + " ".join(
                    self.spoken(i).rstrip(".") + "." for i in items))
        if therapy.cost:
            notes.append(f"{self.words('cost')}: {self.spoken(therapy.cost)}")
        title = self.words("benefits_and_risks", name=self.plain(therapy.short_name))
        self.two_columns("therapy", f"therapy:{therapy.id}", title, (*path, "name"),
                         "\n".join(notes),
                         (self.words("benefits"), left, (*path, "claims")),
                         (self.words("risks"), right, (*path, "risks")))

    def outcome(self, index: int, section: Section) -> None:
        """Icon arrays as native shapes, side by side, with the same numbers in words below."""
        outcome = section.outcome
        assert outcome is not None
        path: YamlPath = ("sections", index, "outcome")
        choice = self.template.choices["section"]
        body = grow_over(choice.slots["body"].rect, choice, "status")  # no status line here
        arms = len(outcome.arms)
        label_height = int(body.height * LABEL_SHARE)
        # each array is 10 icons wide and 13 tall (rows of people plus spacing)
        array_width = min(int((body.height - label_height) * 10 / 13),
                          int(body.width * ARRAY_SHARE / arms))
        arrays_width = array_width * arms
        words_rect = replace(body, left=body.left + arrays_width,
                             width=body.width - arrays_width)
        sentences = outcome_sentences(outcome, self.language)
        paras = [self.line(s) for s in sentences]
        if outcome.note:
            paras += self.paras(outcome.note)
        pages = self.text_pages(choice, "body", paras, (*path, "title"), rect=words_rect)
        colours = self.document.brand.colours
        gap = array_width // 10
        arrays_height = int((array_width - gap) * 1.3 * rows(outcome.out_of) / COLUMNS)
        arrays, labels = [], {}
        for i, (arm, sentence) in enumerate(zip(outcome.arms, sentences, strict=True)):
            left = body.left + i * array_width
            arrays.append(IconArrayPlan(Rect(left, body.top, array_width - gap, arrays_height),
                                        arm.count, outcome.out_of, colours.primary,
                                        colours.muted, sentence))
            labels.update(self.array_label(
                choice, f"array_label_{i}", Rect(left, body.top + arrays_height,
                                                 array_width - gap, label_height),
                f"{self.words('about') + ' ' if outcome.approximate else ''}"
                f"{self.words('out_of', count=arm.count, out_of=outcome.out_of)} "
                f"{self.plain(arm.label)}", (*path, "arms", i, "label")))
        notes = self.spoken(*sentences, outcome.note)
        for page, text in enumerate(pages):
            plan = self.add("outcome", f"outcome:{section.id}", page,
                            self.continued(outcome.title, page), choice, (*path, "title"),
                            notes, {"body": text, **(labels if page == 0 else {})})
            if page == 0:
                plan.icon_arrays = arrays

    def array_label(self, choice: LayoutChoice, role: str, rect: Rect, text: str,
                    path: YamlPath) -> dict[str, TextPlan]:
        """Which group an icon array shows, in a box of its own under it; left out when it
        does not fit (the words beside the arrays say it too)."""
        pages = self.text_pages(choice, "body", [self.line(text)], path, rect=rect)
        if len(pages) != 1:
            return {}
        free = replace(pages[0].slot, role=role, position=None, name="icon array label")
        return {role: replace(pages[0], role=role, slot=free)}

    def callout(self, index: int, section: Section) -> None:
        callout = section.callout
        assert callout is not None
        path: YamlPath = ("sections", index, "callout")
        choice = self.template.choices["section"]
        title = callout.title or self.words(callout.kind)
        pages = self.text_pages(choice, "body", self.bullets(callout.items), (*path, "items"))
        notes = f"{self.plain(title)}: " + " ".join(self.spoken(i) for i in callout.items)
        self.add_pages("callout", f"callout:{section.id}", title, choice, (*path, "title"),
                       notes, pages)

    def steps(self, index: int, section: Section) -> None:
        steps = section.steps
        assert steps is not None
        path: YamlPath = ("sections", index, "steps")
        plain = self.template.choices["section"]
        choice = self.template.choices["section-picture"] if steps.image else plain
        title = steps.title or section.title
        # a steps slide has no status line: the list may use its room too
        pages = self.text_pages(choice, "body", self.numbered(steps.items), (*path, "items"),
                                rect=grow_over(choice.slots["body"].rect, choice, "status"),
                                spacing=NUMBERED_SPACING)
        if len(pages) > 1 and choice is not plain:  # the rest continues on plain slides
            rest = [p for page in pages[1:] for p in page.paras]
            pages = pages[:1] + self.text_pages(
                plain, "body", rest, (*path, "items"), spacing=NUMBERED_SPACING,
                rect=grow_over(plain.slots["body"].rect, plain, "status"))
        notes = f"{self.plain(title)}: " + " ".join(self.spoken(i) for i in steps.items)
        for page, text in enumerate(pages):
            this = choice if page == 0 else plain
            plan = self.add("steps", f"steps:{section.id}", page, self.continued(title, page),
                            this, (*path, "title"), notes, {"body": text})
            if page == 0 and steps.image:
                self.add_image(plan, choice, steps.image, (*path, "image"))

    def warning_signs(self) -> None:
        signs = self.document.warning_signs
        if signs is None:
            return
        choice = self.template.choices["section"]
        paras = self.bullets(signs.signs)
        after_hours = self.meta.organisation.after_hours
        paras += self.bold(self.paras(signs.call) if signs.call else
                           self.labelled(self.words("after_hours"), after_hours or ""))
        paras += self.bold(self.paras(signs.emergency or ""))
        pages = self.text_pages(choice, "body", paras, ("warning_signs", "signs"))
        spoken = self.spoken(*signs.signs, signs.call, signs.emergency)
        notes = f"{signs.notes}\n\n{spoken}" if signs.notes else spoken  # always said aloud
        self.add_pages("warning-signs", "warning-signs", signs.title, choice,
                       ("warning_signs", "title"), notes, pages)

    def report_a_problem(self) -> None:
        report = self.document.report_a_problem
        if report is None:
            return
        choice = self.template.choices["section"]
        pages = self.text_pages(choice, "body", self.numbered(report.steps),
                                ("report_a_problem", "steps"), spacing=NUMBERED_SPACING)
        notes = report.notes or self.spoken(*report.steps)
        self.add_pages("report", "report", report.title, choice, ("report_a_problem", "title"),
                       notes, pages)

    def glossary(self) -> None:
        entries = self.document.glossary
        if not entries:
            return
        choice = self.template.choices["section"]
        paras = [p for entry in entries
                 for p in self.labelled(self.plain(entry.term), entry.definition)]
        pages = self.text_pages(choice, "body", paras, ("glossary",))
        heading = self.words("glossary")
        notes = f"{heading}: " + " ".join(
            f"{self.plain(e.term)}: {self.spoken(e.definition)}" for e in entries)
        self.add_pages("glossary", "glossary", heading, choice, ("glossary",), notes, pages)
