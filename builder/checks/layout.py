"""Layout predictions without a full build: will the deck's text fit, will the handout keep to
its page budget?

A real layout needs WeasyPrint (about a second to import, more to render), so the page budget
is estimated by adding up lines of text at the template's sizes and the heights of the figures;
the build itself still measures the real PDF and fails over budget. Slide overflow asks the
deck's planner (text measured with the real fonts, no .pptx written), imported only when this
rule runs.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from typing import Any

from builder.checks.preflight import image_uses
from builder.checks.registry import Context, rule
from builder.errors import Problem, TemplateError
from builder.handout.metrics import template_metrics
from builder.markup import to_plain

CHARS_PER_MM = 84.0 / 174.0
"""Characters per millimetre of a line of 12 pt Noto Sans: 89 on 174 mm by the font's average
advance over running prose, less about 5% lost to wrapping whole words. The text block, body
size, line height and figure height come from the template's CSS (`TemplateMetrics`)."""

COVER_LINES = 16.0
"""The cover band with title, subtitle, logo and publication line."""

HEADING_LINES = 3.0
"""A section heading (18 pt) with its rule and spacing."""

BOX_LINES = 2.5
"""Padding, border and margin of a box (call-out, therapy, key messages, disclaimer)."""

CAPTION_LINES = 2.5
"""Caption and credit under a figure, with spacing."""

CONTACT_LINES = 7.0
"""The contact block with its QR code."""

UNBREAKABLE = 1.05
"""Room lost at page ends because boxes, figures and table rows are not split."""


class _Lines:
    """Adds up lines of a 12 pt column; smaller text and narrower boxes scale the count."""

    def __init__(self, language: str, width_mm: float) -> None:
        self.language = language
        self.per_line = CHARS_PER_MM * width_mm
        self.total = 0.0

    def text(self, text: str | None, *, size: float = 12.0, width: float = 1.0,
             gap: float = 0.4) -> None:
        """Text wrapped at `size` pt in `width` of the column, paragraph by paragraph."""
        plain = to_plain(text or "", language=self.language)
        for paragraph in (p for p in plain.split("\n") if p.strip()):
            per_line = self.per_line * width * 12.0 / size
            self.total += math.ceil(len(paragraph) / per_line) * size / 12.0 + gap

    def add(self, lines: float) -> None:
        self.total += lines


def estimate_pages(ctx: Context) -> tuple[float, str]:
    """Predicted handout pages (at the template's body size), and where they go."""
    document = ctx.document
    metrics = template_metrics(ctx.template_dirs, ctx.paper)
    width_mm, height_mm = metrics.text_width_mm, metrics.text_height_mm
    lines = _Lines(ctx.language, width_mm)
    lines.add(COVER_LINES)
    if document.key_messages:
        lines.add(HEADING_LINES + BOX_LINES)
        for point in document.key_messages.points:
            lines.text(point, width=0.9, gap=0.2)
    figures = 0.0
    sizes = {use.src_path: use.size for use in image_uses(ctx)}
    for index, section in enumerate(document.sections):
        if not section.handout:
            continue
        lines.add(HEADING_LINES)
        lines.text(section.body)
        if section.image:
            size = sizes.get(("sections", index, "image", "src"))
            aspect = size[1] / size[0] if size and size[0] else 0.6
            figures += (min(width_mm * aspect, metrics.figure_max_height_mm) / metrics.line_mm
                        + CAPTION_LINES)
        therapy = ctx.therapies.get(section.therapy or "")
        if therapy is not None:
            lines.add(BOX_LINES + 2.0)
            lines.text(therapy.status_note, width=0.9)
            if therapy.claims:
                lines.add(1.5)
            for claim in therapy.claims:
                lines.text(claim.text, size=11.0, width=0.68, gap=0.7)
        if section.callout:
            lines.add(BOX_LINES + 1.5)
            for item in section.callout.items:
                lines.text(item, width=0.85, gap=0.2)
        if section.cite:
            lines.add(1.0)
    if document.comparison:
        table = document.comparison
        shares = table.shares() or [1.0 / (len(table.columns) + 1)] * (len(table.columns) + 1)
        lines.add(HEADING_LINES + 1.5)
        for row in table.rows:
            cell_lines = [_Lines(ctx.language, width_mm) for _ in (row.label, *row.cells)]
            for counter, cell, share in zip(cell_lines, (row.label, *row.cells), shares,
                                            strict=False):
                counter.text(cell, size=10.5, width=share * 0.85, gap=0.0)
            lines.add(max(c.total for c in cell_lines) * 0.95 + 0.8)
        lines.text(table.caption, size=9.5)
    for contrast in document.contrasts:
        if contrast.handout:
            lines.add(HEADING_LINES + 2.0)
            columns = []
            for column in (contrast.left, contrast.right):
                counter = _Lines(ctx.language, width_mm)
                for point in column.points:
                    counter.text(point, width=0.45, gap=0.2)
                columns.append(counter.total)
            lines.add(max(columns))
    if document.glossary:
        lines.add(HEADING_LINES)
        for entry in document.glossary:
            lines.add(1.0)
            lines.text(entry.definition, width=0.95, gap=0.3)
    lines.add(HEADING_LINES + BOX_LINES)
    lines.text(document.disclaimer.text, width=0.9)
    lines.add(CONTACT_LINES)
    if document.references:
        lines.add(HEADING_LINES)
        from builder.handout.view import REFERENCES_IN_COLUMNS  # only with a page budget

        references = _Lines(ctx.language, width_mm)
        columns = 2 if len(document.references) <= REFERENCES_IN_COLUMNS else 1
        for ref in document.references:
            link = ref.doi or ref.url or ""
            references.text(f"{ref.authors}. {ref.title}. {ref.source}. {ref.year}. {link}",
                            size=9.0, width=0.45 if columns == 2 else 0.95, gap=0.3)
        lines.add(references.total * 1.3 / 1.42 / columns)  # balanced columns, or one
    points = metrics.body_pt
    scale = (points / 12.0) ** 2
    page_lines = height_mm / (metrics.line_mm * 12.0 / points)
    text_pages = lines.total * scale * UNBREAKABLE / page_lines
    figure_pages = figures * UNBREAKABLE / page_lines
    detail = (f"text {text_pages:.1f} pages at {points:g} pt, figures {figure_pages:.1f}")
    return text_pages + figure_pages, detail


@rule("page-budget", "warning",
      "the handout is predicted to run over document.page_budget pages")
def page_budget(ctx: Context) -> Iterator[Problem]:
    """A cheap prediction; the build measures the real PDF and errors over budget."""
    budget = ctx.document.document.page_budget
    if budget is None:
        return
    budget = template_metrics(ctx.template_dirs, ctx.paper).page_budget(budget)
    pages, detail = estimate_pages(ctx)
    if pages > budget:
        yield ctx.problem("page-budget", ("document", "page_budget"),
                          f"the handout is predicted to take about {pages:.1f} pages, over the "
                          f"budget of {budget} ({detail}); shorten the text or raise the budget")


def planned_deck(ctx: Context) -> tuple[Any, list[Problem]]:
    """(what planning the deck predicts or None, problems that stopped it), once per check run:
    text fitted with the real fonts, pictures placed, no .pptx written; recalled from the
    persistent cache when the deck's inputs were planned before (`builder.deck.prediction`)."""
    cached = ctx.cache.get("deck-plan")
    if cached is not None:
        return cached  # type: ignore[return-value]
    result: tuple[Any, list[Problem]] = (None, [])
    if not any(use.refused for use in image_uses(ctx)):  # else image-missing says why
        try:
            from builder.deck.prediction import predict
            from builder.options import RenderContext

            context = RenderContext(ctx.source.path, ctx.options, ctx.assets, ctx.source)
            predicted = predict(ctx.document, context)
            result = (None, predicted.failed) if predicted.failed else (predicted, [])
        except ImportError:  # pragma: no cover - the deck ships with the tool
            pass
        except TemplateError as exc:
            if ctx.options.slides != "default":  # `check --slides FILE`: what build would say
                result = (None, [Problem(ctx.source.path, 1, 1, f"slide template: {exc}")])
    ctx.cache["deck-plan"] = result
    return result


@rule("slide-overflow", "warning",
      "deck text predicted not to fit its slide (error when it cannot fit even at the smallest "
      "size)")
def slide_overflow(ctx: Context) -> Iterator[Problem]:
    """What the deck planner reports, re-labelled with this rule id.

    `builder.deck.deck_plan` fits every text with the real fonts (no .pptx is written): text
    that cannot fit even at the layout's smallest size raises a `ContentError` (reported here
    as an error), words too wide for a line come back as warnings. Imported only when this rule
    runs, because it brings in python-pptx.
    """
    predicted, failed = planned_deck(ctx)
    for problem in failed:
        yield dataclasses.replace(problem, rule="slide-overflow", level="error")
    for problem in predicted.warnings if predicted is not None else ():
        yield dataclasses.replace(problem, rule="slide-overflow")
