"""The title slide on any template: title, subtitle, clinic, date, medical-review line and
logo, each in the template's own placeholder when it has one that fits, else in free room on
the slide clear of the template's artwork.

A clinic's cover is the slide a patient sees longest; what the clinician signed off (the review
line) and who made the handout (clinic, logo) must be on it, not only in the notes.
"""

from __future__ import annotations

from dataclasses import replace

from builder.deck import fit
from builder.deck.clearing import clear_of
from builder.deck.fit import Para
from builder.deck.geometry import EMU_PER_PT, LayoutChoice, Rect, Slot
from builder.deck.placing import Planner
from builder.deck.room import free_spot, logo_box, safe_area
from builder.deck.slide_plan import TITLE_SPACING, TextPlan, inner_box, slot_insets

__all__ = ["CoverPlanner"]


class CoverPlanner(Planner):
    """Plans the title slide."""

    def title_slide(self) -> None:
        meta = self.meta
        choice = self.cover_choice()
        texts: dict[str, TextPlan] = {}
        byline = [meta.organisation.name, self.words.date(meta.date)]
        if meta.reviewer:
            byline.append(self.words("reviewed_by", name=meta.reviewer.name,
                                     date=self.words.date(meta.reviewer.reviewed_on)))
        byline_paras = [self.line(line, bold=i == 0) for i, line in enumerate(byline)]
        path = ("document", "organisation")
        if meta.subtitle and "subtitle" in choice.slots:
            texts["subtitle"] = self.one_text(choice, "subtitle", [self.line(meta.subtitle)],
                                              ("document", "subtitle"))
        if self.template.builtin:
            if "byline" in choice.slots:
                texts["byline"] = self.one_text(choice, "byline", byline_paras, path)
            elif "subtitle" in choice.slots and "subtitle" not in texts:
                texts["subtitle"] = self.one_text(choice, "subtitle", byline_paras[:1], path)
        else:
            placed = self.byline(choice, texts, byline_paras)
            if placed is not None:
                texts[placed.role] = placed
            else:
                self.pending.append(self.problem(path, f"the title slide's layout "
                                                       f"'{choice.layout}' has no free room for "
                                                       "the clinic and review line; they are "
                                                       "said in the notes", "warning"))
        notes = f"{meta.title}. {meta.subtitle or ''}\n{', '.join(byline)}."
        plan = self.add("title", "title", 0, meta.title, choice, ("document", "title"), notes,
                        texts)
        logo = self.logo_slot(choice, plan)
        if self.document.brand.logo and logo:
            plan.pictures.append(self.picture(
                logo, self.document.brand.logo,
                self.words("logo", name=self.plain(meta.organisation.name)), ("brand", "logo")))

    def cover_choice(self) -> LayoutChoice:
        """The best title layout whose own title box holds the title (the next ones are tried
        before a title is grown into free room)."""
        choice = self.template.choices["title"]
        if self.template.builtin:
            return choice
        pending = len(self.pending)
        roomier = self.roomier(choice)
        for candidate in (choice, *choice.alternatives, *([roomier] if roomier else [])):
            pages = self.text_pages(candidate, "title", [self.line(self.meta.title)],
                                    ("document", "title"), heading=True, spacing=TITLE_SPACING)
            del self.pending[pending:]
            if len(pages) == 1:
                return candidate
        return choice

    def roomier(self, choice: LayoutChoice) -> LayoutChoice | None:
        """`choice` with its title box as tall as the title needs at the floor size and the
        boxes under it moved down by as much, when the room below them and the artwork allow:
        what a designer does with a cover whose title box is too small."""
        title = choice.slots["title"]
        insets = slot_insets(title)
        width = inner_box(title.rect, insets).width
        height = fit.measure([self.line(self.meta.title)], width, title.floor,
                             self.heading_face, TITLE_SPACING).height
        needed = round(height * EMU_PER_PT) + insets[1] + insets[3] + 1
        delta = needed - title.rect.height
        if delta <= 0:
            return None
        bottom = safe_area(choice, self.template.slide_size).bottom
        slots = {"title": replace(title, rect=replace(title.rect, height=needed))}
        for role, slot in choice.slots.items():
            if role == "title":
                continue
            if slot.rect.top < title.rect.top + title.rect.height // 2:
                slots[role] = slot
                continue
            top = slot.rect.top + delta
            moved = clear_of(Rect(slot.rect.left, top, slot.rect.width,
                                  min(slot.rect.height, bottom - top)), choice.art)
            if moved.height < slot.rect.height // 2 or moved.width < slot.rect.width // 2:
                return None
            slots[role] = replace(slot, rect=moved)
        if clear_of(slots["title"].rect, choice.art) != slots["title"].rect:
            return None
        return replace(choice, slots=slots)

    def byline(self, choice: LayoutChoice, texts: dict[str, TextPlan],
               paras: list[Para]) -> TextPlan | None:
        """Clinic, date and review line: in the byline placeholder (grown if it must), after
        the subtitle in its placeholder, or in a free-standing box in free room."""
        path = ("document", "organisation")
        if "byline" in choice.slots:
            fitted = self.fits_one(choice, "byline", paras, path) or self.grown_text(
                choice, "byline", paras, path)
            if fitted is not None:
                return fitted
        subtitle = texts.get("subtitle")
        if "subtitle" in choice.slots:
            both = [*(subtitle.paras if subtitle else []), *paras]
            fitted = self.fits_one(choice, "subtitle", both, path)
            if fitted is not None:
                texts.pop("subtitle", None)
                return fitted
        taken = [slot.rect for slot in choice.slots.values() if slot.role != "byline"]
        taken += [text.rect for text in texts.values()]
        start, floor = 18 * choice.scale, 12 * choice.scale
        spot = free_spot(choice, self.template.slide_size, taken,
                         round(floor * 1.2 * len(paras) * 12700),
                         below=max(rect.bottom for rect in taken))
        if spot is None:
            return None
        free = Slot("byline", spot, None, "body", start, floor, name="free-standing box")
        free_choice = replace(choice, slots={**choice.slots, "byline": free})
        return self.fits_one(free_choice, "byline", paras, path)

    def logo_slot(self, choice: LayoutChoice, plan) -> Slot | None:  # noqa: ANN001
        """The logo placeholder if the layout has a rectangular one, else a free corner."""
        if choice.slot("logo") is not None or self.template.builtin:
            return choice.slot("logo")
        taken = [text.rect for text in plan.texts.values()]
        return logo_box(choice, self.template.slide_size, taken)
