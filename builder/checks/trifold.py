"""Tri-fold overflow, predicted before a build: does each panel's content fit its panel?

The build lays the tri-fold out and stops when a panel's content reaches past it
(`trifold-overflow`, measured). `check --brochure trifold` predicts the same without WeasyPrint:
it adds up the height of what each panel prints (headings, text wrapped at the panel's width,
lists, boxes, figures at the panel's width, the list of sources) the way `page-budget` adds up
the handout's lines. The panel's size, padding, body size and line height are read from the
template's CSS; the sizes of headings and small print are the built-in template's.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from builder import markup
from builder.checks.preflight import image_uses
from builder.checks.registry import Context, rule
from builder.errors import Problem
from builder.handout.metrics import template_metrics
from builder.located import YamlPath
from builder.markup import to_plain
from builder.model import Section
from builder.paper import PAPERS

CHARS_PER_MM = 84.0 / 174.0 * 1.07
"""Characters per millimetre of a line of 12 pt text: `page-budget`'s figure, 7 % more. Measured
on 80 panels (two content files on different topics, English and Spanish, eight ways of placing
their sections) against the real layout: every panel the build overflowed by more than 10 mm
was predicted, none with more than 10 mm to spare was; median error 5 mm."""

BOLD = 1.05
"""Bold text is about 5 % wider: it is measured as that much larger."""

PT = 25.4 / 72
SPACE = 5 * PT
"""The template's `--space` (5 pt): the margin under paragraphs, lists and headings."""

MARGIN_MM = 2.0
"""A panel predicted to end within 2 mm past its foot passes (the build allows 0.5 mm)."""


class _Panel:
    """Adds up the height of a panel's content, in millimetres."""

    def __init__(self, width_mm: float, language: str, body_pt: float, line_height: float
                 ) -> None:
        self.width_mm, self.language = width_mm, language
        self.body_pt, self.line_height = body_pt, line_height
        self.height = 0.0

    def text(self, text: str | None, *, size: float | None = None, inset_mm: float = 0.0,
             after_mm: float = SPACE, leading: float | None = None) -> None:
        """Text wrapped at `size` pt across the panel less `inset_mm`, paragraph by
        paragraph, each followed by `after_mm`."""
        size = size or self.body_pt
        per_line = CHARS_PER_MM * (self.width_mm - inset_mm) * 12.0 / size
        line_mm = size * (leading or self.line_height) * PT
        plain = to_plain(text or "", language=self.language)
        for paragraph in (p for p in plain.split("\n") if p.strip()):
            self.height += math.ceil(len(paragraph) / per_line) * line_mm + after_mm

    def items(self, items: list[str], *, inset_mm: float, gap_mm: float,
              size: float | None = None) -> None:
        """A list: each item wrapped beside its marker, `gap_mm` under it, the list's margin
        under the last."""
        for item in items:
            self.text(item, size=size, inset_mm=inset_mm, after_mm=gap_mm)
        self.height += SPACE

    def heading(self, text: str, size: float, after_mm: float) -> None:
        self.text(text, size=size, leading=1.2, after_mm=after_mm)

    def add(self, mm: float) -> None:
        self.height += mm


def _section(panel: _Panel, ctx: Context, index: int, section: Section) -> None:
    """What trifold.html's `panel_section` prints for a section."""
    panel.heading(section.title, 13.0, SPACE + 3.5 * PT)
    therapy = ctx.therapies.get(section.therapy or "")
    if therapy is not None and therapy.status:
        panel.add(9 * 1.3 * PT + 1.2 + SPACE)
    if section.image:
        size = next((u.size for u in image_uses(ctx)
                     if u.src_path == ("sections", index, "image", "src")), None)
        aspect = size[1] / size[0] if size and size[0] else 0.6
        panel.add(panel.width_mm * aspect + SPACE)
    if section.callout or not section.key_points:
        panel.text(section.body)
    else:
        panel.items(section.key_points, inset_mm=4.0, gap_mm=1.5)
    if section.callout:
        panel.add(4.0 + 2 * SPACE)
        panel.heading(section.callout.title or "Title", 11.0, SPACE)
        panel.items(section.callout.items, inset_mm=15.0, gap_mm=2 * PT)
    if therapy is not None and therapy.risks:
        panel.text("Risks: " + "; ".join(r.what + " [1]" * bool(r.cite) for r in therapy.risks),
                   size=9.5, inset_mm=3.4)
    if section.steps:
        if section.steps.title:
            panel.heading(section.steps.title, 11.0, SPACE + 1.0)
        panel.items(section.steps.items, inset_mm=6.0, gap_mm=1.0)
    if section.write_in:
        panel.heading(section.write_in.title, 11.0, SPACE + 1.0)
        panel.add(3 * 7.0 + 4.0 + 2 * SPACE)
    if therapy is not None and therapy.status_note:
        panel.text(therapy.status_note, size=9.5)
    if section.cite:
        panel.add(8.5 * 1.38 * PT)


def panel_heights(ctx: Context) -> tuple[dict[str, tuple[float, YamlPath]], float]:
    """({panel: (predicted height in mm, where the file fills it)}, the panel's height)."""
    document = ctx.document
    trifold = document.trifold
    assert trifold is not None
    metrics = template_metrics(ctx.template_dirs, ctx.paper, "trifold.css")
    variables = metrics.variables
    paper = PAPERS[ctx.paper] if ctx.paper in PAPERS else PAPERS["a4"]
    pad_x = metrics.length(variables.get("--panel-pad-x"), 8.0)
    pad_y = metrics.length(variables.get("--panel-pad-y"), 8.0)
    width_mm = paper.height_mm / 3 - 2 * pad_x  # landscape: the paper's height across
    height_mm = paper.width_mm - 2 * pad_y
    sections = {s.id: (i, s) for i, s in enumerate(document.sections)}
    heights: dict[str, tuple[float, YamlPath]] = {}
    named = [("flap", trifold.flap, ("trifold", "flap")), ("back", trifold.back,
                                                           ("trifold", "back"))]
    named += [(f"inside {i + 1}", ids, ("trifold", "inside", i))
              for i, ids in enumerate(trifold.inside)]
    for name, ids, key in named:
        panel = _Panel(width_mm, ctx.language, metrics.body_pt, metrics.line_height)
        for n, section_id in enumerate(i for i in ids if i in sections):
            panel.add(12 * PT if n else 0.0)  # .panel-section's margin
            _section(panel, ctx, *sections[section_id])
        if name == "flap":
            _safety(panel, ctx)
        if name == "back":
            _contact(panel, ctx)
        heights[name] = (panel.height, key)
    sources = _Panel(width_mm, ctx.language, metrics.body_pt, metrics.line_height)
    _sources(sources, ctx, _cited(ctx, [section for _name, ids, _key in named for i in ids
                                        if i in sections for section in [sections[i][1]]]))
    from builder.handout.view import SOURCES_PANELS, sources_panel_with_room

    first = SOURCES_PANELS[0]  # where the build puts them first, then moves them as here
    overflow = {name: height - height_mm for name, (height, _key) in heights.items()}
    overflow[first] += sources.height
    where = sources_panel_with_room(overflow, sources.height, first) or first
    heights[where] = (heights[where][0] + sources.height, heights[where][1])
    return heights, height_mm


def _safety(panel: _Panel, ctx: Context) -> None:
    """The flap's warning signs, how to report a problem, the disclaimer and disclosure."""
    document = ctx.document
    if document.warning_signs:
        signs = document.warning_signs
        panel.add(3.5 + SPACE)
        panel.heading(signs.title, 11.0, SPACE + 1.0)
        panel.items(signs.signs, inset_mm=11.0, gap_mm=2 * PT)
        for text in (signs.call, signs.emergency):
            panel.text(text, size=9.5 * BOLD, inset_mm=8.0)
    if document.report_a_problem:
        panel.heading(document.report_a_problem.title, 11.0, SPACE + 1.0)
        panel.items(document.report_a_problem.steps, inset_mm=6.0, gap_mm=1.0)
        panel.add(8.5 * 1.38 * PT if document.report_a_problem.cite else 0.0)
    panel.add(3 * SPACE + 3.5 + 2 * SPACE)
    panel.heading(document.disclaimer.title, 10.5, 1.0)
    panel.text(document.disclaimer.text, size=10.0, inset_mm=8.0, leading=1.32)
    panel.text(f"Disclosure: {document.disclosure}" if document.disclosure else None,
               size=10.0, inset_mm=8.0, leading=1.32)


def _contact(panel: _Panel, ctx: Context) -> None:
    """The back's contact block with its QR code."""
    org = ctx.document.document.organisation
    panel.add(2 * SPACE + 6.0)
    panel.heading("Contact", 11.5, SPACE)
    for line in (org.name, org.address, org.phone, org.email, org.website, org.hours,
                 org.after_hours):
        panel.text(line, size=9.5, inset_mm=8.0, after_mm=0.0)
    if org.website or ctx.document.document.web_address:
        panel.add(2.5 + 20.0)


def _cited(ctx: Context, placed: list[Section]) -> set[str]:
    """The references the tri-fold cites: it lists only those."""
    document = ctx.document
    texts: list[str | None] = [document.disclaimer.text, document.disclosure]
    ids: set[str] = set()
    for section in placed:
        ids.update(section.cite)
        texts += [section.body, *section.key_points]
        texts += section.callout.items if section.callout else []
        texts += section.steps.items if section.steps else []
        therapy = ctx.therapies.get(section.therapy or "")
        if therapy is not None:
            texts.append(therapy.status_note)
            ids.update(i for risk in therapy.risks for i in risk.cite)
    if document.warning_signs:
        texts += [*document.warning_signs.signs, document.warning_signs.call,
                  document.warning_signs.emergency]
    if document.report_a_problem:
        texts += document.report_a_problem.steps
        ids.update(document.report_a_problem.cite)
    ids.update(i for text in texts for i in markup.cited_ids(text or ""))
    return ids


def _sources(panel: _Panel, ctx: Context, cited: set[str]) -> None:
    """The short list of the sources the panels cite (authors, where, year)."""
    from builder.handout.view import short_reference

    references = [r for r in ctx.document.references if r.id in cited]
    if not references:
        return
    panel.add(3 * SPACE)
    panel.heading("Sources", 9.5, 1.0)
    for ref in references:
        panel.text(short_reference(ref), size=8.5, leading=1.28, inset_mm=4.0, after_mm=0.0)


@rule("trifold-overflow-predicted", "warning",
      "a tri-fold panel is predicted to overflow (check --brochure trifold)")
def trifold_overflow_predicted(ctx: Context) -> Iterator[Problem]:
    """A cheap prediction; the build measures the real panels (`trifold-overflow`). The
    handout's view model is imported only then: other checks do not need it."""
    if ctx.document.trifold is None:
        return
    from builder.handout.trifold import is_trifold

    if not is_trifold(ctx.options.brochure, ctx.template_dirs):
        return  # checked when the tri-fold is the chosen brochure and the content places it
    heights, limit = panel_heights(ctx)
    for name, (height, key) in heights.items():
        if height > limit + MARGIN_MM:
            yield ctx.problem("trifold-overflow-predicted", key,
                              f"trifold panel '{name}' is predicted to overflow by about "
                              f"{height - limit:.0f} mm ({height:.0f} of {limit:.0f} mm); "
                              "move a section to another panel or shorten the text")
