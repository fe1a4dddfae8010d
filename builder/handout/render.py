"""The handout renderer: prepare (resolve files, fill the template), lay out, check the
pages, write the PDF bytes."""

from __future__ import annotations

import gc
import logging
import time
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from builder import fonts
from builder.errors import ContentError, Problem
from builder.handout import choices, colours, gaps, page_tree, printmarks, tables
from builder.handout.environment import STATUS_SHEET, fill_template, stylesheets
from builder.handout.figures import image_warnings, resolve_images
from builder.handout.pages import check_page_budget, collect_log, layout_once
from builder.handout.styles import generated_css, hyphenation_exceptions
from builder.handout.trifold import (
    _CITED,
    better_sources_panel,
    is_trifold,
    panels_of,
)
from builder.handout.view import QR_URL, Prepared, section_views, template_values
from builder.model import Document
from builder.options import RenderContext, Rendered
from builder.paper import PAPERS
from builder.qr import qr_svg, qr_target
from builder.templates import brochure_search_path


def layout_inputs(document: Document, context: RenderContext) -> str:
    """Everything WeasyPrint is given besides template files: the HTML and the generated CSS
    (brand colours, fonts, paper, footer words). What incremental builds fingerprint; cheap,
    because the tri-fold's second pass is decided by layout from these same inputs."""
    prepared = prepare(document, context)
    return prepared.html + "\0" + prepared.generated_css


def render_html(document: Document, context: RenderContext) -> str:
    """The final HTML of the handout (or tri-fold), as WeasyPrint will see it.

    Both depend on a first layout: a handout's figure moves down its section when it left a
    hole, the tri-fold's list of sources goes to a panel with room for it.
    """
    prepared, _laid_out, _log = layout(prepare(document, context), context)
    return prepared.html


def render_pdf(document: Document, context: RenderContext) -> Rendered:
    """Lay out and write the PDF; content problems raise `ContentError`."""
    started = time.perf_counter()
    prepared, laid_out, log = layout(prepare(document, context), context)
    check_page_budget(document, context, prepared, laid_out)
    page_tree.install()
    with collect_log() as write_log:
        bleed = float(context.options.bleed_mm)
        data = laid_out.write_pdf(pdf_variant=context.options.pdf_variant, pdf_tags=True,
                                  finisher=printmarks.finisher(bleed) if bleed > 0 else None)
    if not prepared.trifold:
        prepared.warnings.extend(gaps.space_warnings(laid_out, context))
    prepared.warnings.extend(colours.contrast_warnings(laid_out, context))
    prepared.warnings.extend(tables.broken_words(laid_out, document, context))
    warnings = prepared.warnings + image_warnings(laid_out, prepared, context) + [
        context.problem((), f"renderer: {line}", level="warning", rule="renderer")
        for line in dict.fromkeys(log + write_log)
    ]
    page_count = len(laid_out.pages)
    kind = "tri-fold, landscape" if prepared.trifold else PAPERS[prepared.paper].label
    logging.getLogger(__name__).debug("rendered %d pages in %.2f s", page_count,
                                      time.perf_counter() - started)
    return Rendered(kind="pdf", data=data, summary=f"{page_count} pages, {kind}", warnings=warnings)


def layout(prepared: Prepared, context: RenderContext) -> tuple[Prepared, Any, list[str]]:
    """(prepared, WeasyPrint document, log lines): one layout pass, plus for the tri-fold one
    more when its list of sources fits better in another panel."""
    if not prepared.trifold:
        remembered = choices.recall(prepared, context)
        if remembered is not None:  # this very handout was searched before: lay out its choice
            return (remembered, *layout_once(remembered, context))
    if not prepared.trifold:
        best = _fill_holes_shortened(prepared, context)
        choices.remember(prepared, best[0], context)
        return best
    laid_out, log = layout_once(prepared, context)
    if prepared.trifold:
        better = better_sources_panel(laid_out, prepared)
        if better:
            values = {**prepared.values, "sources_panel": better}
            prepared = replace(prepared, values=values,
                               html=fill_template(prepared.search_path, prepared.page, values))
            laid_out, log = layout_once(prepared, context)
    return prepared, laid_out, log


SHORTENED_SHARE = 0.5
"""Search where figures go on the handout without its back matter when that leaves at most this
share of its HTML. The search lays out once per try (three on the sample) and the chosen
handout is then laid out whole once more, which pays when the back matter is most of it."""


def _fill_holes_shortened(prepared: Prepared, context: RenderContext,
                          ) -> tuple[Prepared, Any, list[str]]:
    """`_fill_holes`, run on the handout without its back matter (the disclaimer, contact and
    references, and the glossary unless a table may move after it: see base.html) when that is
    most of it (a long reference list), and the chosen handout then laid out whole.

    Figures and the table move only within the part before the back matter, so every try lays
    out the same back matter after them; leaving it out makes each try as cheap as the part
    that can change (750 references: 45.7 s -> 16.2 s for a build, the same PDF). A hole the
    back matter has is still measured on the whole handout and reported."""
    values = {**prepared.values, "back_matter": False}
    html = fill_template(prepared.search_path, prepared.page, values)
    if len(html) > SHORTENED_SHARE * len(prepared.html):
        return _fill_holes(prepared, context)
    chosen, laid_out, _log = _fill_holes(replace(prepared, values=values, html=html), context)
    del laid_out
    gc.collect()  # the shortened pages' boxes hold reference cycles
    whole = {**chosen.values, "back_matter": True}
    chosen = replace(chosen, values=whole,
                     html=fill_template(prepared.search_path, prepared.page, whole))
    return (chosen, *layout_once(chosen, context))


def _fill_holes(prepared: Prepared, context: RenderContext) -> tuple[Prepared, Any, list[str]]:
    """Lay out, move figures that left a hole down their section and lay out again, keeping
    the layout with the fewest pages and the least empty space before the last page. One
    laid-out document is held at a time (two 100-page layouts at once were most of a large
    handout's memory): an earlier best is laid out again if the last try is worse."""
    laid_out, log = layout_once(prepared, context)

    def cost(document: Any) -> tuple[int, float]:
        spaces = gaps.page_spaces(document)
        return len(spaces), sum(max(0.0, s.empty - gaps.MAX_EMPTY) for s in spaces[:-1])

    best, best_cost, best_pages = (prepared, log), cost(laid_out), laid_out
    for _ in range(gaps.MAX_PASSES):
        pushed = gaps.pushed_figures(laid_out)
        moved = (gaps.move_figures(prepared, pushed) if pushed else None) or prepared
        if gaps.table_left_hole(laid_out):
            moved = gaps.move_table(moved, laid_out) or moved
        if moved is prepared:
            break
        prepared = moved
        best_pages = laid_out = None
        gc.collect()  # its boxes hold reference cycles: free them before the next layout
        laid_out, log = layout_once(prepared, context)
        if cost(laid_out) < best_cost:
            best, best_cost, best_pages = (prepared, log), cost(laid_out), laid_out
    if best_pages is None:  # an earlier try was better than the last: lay it out again
        best_pages, _log = layout_once(best[0], context)
    return best[0], best_pages, best[1]


_LAST_PREPARED: list[tuple[Document, RenderContext, Prepared]] = []
"""The last `prepare` result: a build fingerprints the handout (its HTML) and then renders it,
and both need the same filled template."""


def prepare(document: Document, context: RenderContext) -> Prepared:
    """Resolve files, fill the template and gather what the fetcher may serve (once per
    document and context: the result is kept for the render that follows a fingerprint)."""
    last = _LAST_PREPARED[:1]
    if last and last[0][0] is document and last[0][1] is context:
        prepared = last[0][2]
    else:
        prepared = _prepare(document, context)
        _LAST_PREPARED[:] = [(document, context, prepared)]
    return replace(prepared, warnings=list(prepared.warnings))  # a render adds to its own


def _prepare(document: Document, context: RenderContext) -> Prepared:
    search_path = brochure_search_path(context.options.brochure, context.content_dir)
    trifold = is_trifold(context.options.brochure, search_path)
    if trifold and document.trifold is None:
        raise ContentError(context.problem((), "the tri-fold needs a `trifold:` section in the "
                                    "content that says which sections go on which panel"))
    warnings: list[Problem] = []
    panels = panels_of(document, context) if trifold else []
    printed = ({v.section.id for p in panels for v in p.sections} if trifold
               else {s.id for s in document.sections if s.handout})
    figures, logo = resolve_images(document, context, printed)
    sections = section_views(document, figures)
    panels = [replace(p, sections=[sections[v.section.id] for v in p.sections]) for p in panels]
    paper = context.options.paper or document.document.paper
    memory: dict[str, tuple[bytes, str]] = {}
    website, qr_address = qr_addresses(document, context, warnings)
    if qr_address:
        memory[QR_URL] = (qr_svg(qr_address, colour=qr_colour(document.brand.colours.text)),
                          "image/svg+xml")
    values = template_values(document, sections, panels, logo, website, qr_address)
    page_name = "trifold.html" if trifold else "handout.html"
    html = fill_template(search_path, page_name, values)
    if trifold:  # a panel has no room for sources it does not cite: number and list only
        # those, in the order the tri-fold cites them
        cited = dict.fromkeys(_CITED.findall(html))
        numbers = {ref_id: number for number, ref_id in enumerate(cited, start=1)}
        values = template_values(document, sections, panels, logo, website, qr_address,
                                 numbers)
        html = fill_template(search_path, page_name, values)
    css_name = "trifold.css" if trifold else "handout.css"
    sheets = stylesheets(search_path, css_name, shared=(STATUS_SHEET,))
    approved = {Path(url2pathname(urlsplit(f.url).path)) for f in figures.values()}
    if logo:
        approved.add(Path(url2pathname(urlsplit(logo.url).path)))
    return Prepared(
        html=html, values=values, search_path=search_path, page=page_name, css=sheets,
        generated_css=generated_css(document, context, paper, trifold),
        hyphenation=hyphenation_exceptions(document),
        allowed_files=approved,
        allowed_dirs=(*(p.resolve() for p in search_path), fonts.FONT_DIR.resolve()),
        memory=memory, figures=[f for f in figures.values()], panels=panels, trifold=trifold,
        paper=paper, warnings=warnings)


def qr_addresses(document: Document, context: RenderContext, warnings: list[Problem],
                 ) -> tuple[str | None, str | None]:
    """(website, what the QR code encodes): the page's published address when the content
    gives one, else the website. An address that is not http(s) is warned about, not used."""
    meta = document.document
    website = qr_target(meta.organisation.website)
    for path, given in ((("document", "web_address"), meta.web_address),
                        (("document", "organisation", "website"), meta.organisation.website)):
        if given and not qr_target(given):
            warnings.append(context.problem(path, f"no QR code to '{given}': it is not an "
                                            "http(s) address", level="warning", rule="qr-code"))
    return website, qr_target(meta.web_address) or website


def qr_colour(colour: str) -> str:
    """The brand text colour for the QR code if it is dark enough to scan, else black."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return colour if 0.299 * red + 0.587 * green + 0.114 * blue < 90 else "#000000"
