"""Laying the HTML out with WeasyPrint, with the font configuration and stylesheets cached
for a long-lived process (watch, serve) and WeasyPrint's log collected for the build report."""

from __future__ import annotations

import atexit
import gc
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from builder import cache, fonts, hyphenation
from builder.errors import ContentError, TemplateError
from builder.handout.fetcher import new_fetcher
from builder.handout.metrics import template_metrics
from builder.handout.styles import font_faces, hyphenation_language
from builder.handout.trifold import check_panels
from builder.handout.view import Prepared
from builder.model import Document
from builder.options import RenderContext
from builder.templates import read_template

_FONTS: dict[tuple[Any, ...], tuple[Any, Any]] = {}

_LOCK = threading.Lock()
"""Guards the caches below (a watcher may build from more than one thread)."""


_STYLESHEETS: dict[tuple[Any, ...], Any] = {}


def _release_caches() -> None:
    """Drop the cached font configuration while the interpreter still works: WeasyPrint
    deletes its temporary font folder when the configuration goes away."""
    with _LOCK:
        _STYLESHEETS.clear()
        _FONTS.clear()
    gc.collect()


atexit.register(_release_caches)


def _font_key() -> tuple[Any, ...]:
    """Shipped font files and their change times: a new font file means a new configuration."""
    return tuple((str(path), path.stat().st_mtime_ns) for family in fonts.FAMILIES.values()
                 for _w, _s, path in family.styles())


def font_state() -> tuple[Any, Any]:
    """(FontConfiguration, @font-face CSS), built once per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    key = _font_key()
    with _LOCK:
        state = _FONTS.get(key)
        if state is None:
            config = FontConfiguration()
            fetcher = new_fetcher(set(), (fonts.FONT_DIR.resolve(),), {})
            sheet = CSS(string=font_faces(), font_config=config, url_fetcher=fetcher)
            if fetcher.refused:
                raise TemplateError(f"shipped fonts could not be loaded: {fetcher.refused}")
            _FONTS.clear()
            _FONTS[key] = state = (config, sheet)
    return state


def load_hyphenation(language: str) -> None:
    """Put the language's hyphenation patterns where WeasyPrint's hyphenator (Pyphen) looks
    first, from the persistent cache (parsing a dictionary costs a cold build about 60 ms,
    reading the parsed patterns 6 ms), wrapped to answer for the document's hyphenation
    exceptions (`builder.hyphenation`)."""
    import pyphen

    def parsed(path: Any) -> Any:
        try:
            return cache.remembered(
                "hyphenation", (str(path), cache.file_digest(Path(path)),
                                cache.library_stamp("pyphen")), lambda: pyphen.HyphDict(path))
        except Exception:  # the cache is an optimisation only
            return pyphen.HyphDict(path)

    with _LOCK:
        hyphenation.install(hyphenation_language(language), parsed)


def _stylesheet(path: Path, fetcher: Any) -> Any:
    """A template stylesheet, parsed once per file version."""
    from weasyprint import CSS

    config, _ = font_state()
    info = path.stat()
    key = (str(path), info.st_mtime_ns, info.st_size, id(config))
    with _LOCK:
        sheet = _STYLESHEETS.get(key)
    if sheet is None:
        sheet = CSS(string=read_template(path), base_url=path.as_uri(), font_config=config,
                    url_fetcher=fetcher)
        if not fetcher.refused:
            with _LOCK:  # an edited file replaces its old version: the cache never grows
                for old in [k for k in _STYLESHEETS if k[0] == key[0]]:
                    del _STYLESHEETS[old]
                _STYLESHEETS[key] = sheet
    return sheet


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings and errors so the build can report them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(" ".join(record.getMessage().split()))


@contextmanager
def collect_log() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


def layout_once(prepared: Prepared, context: RenderContext) -> tuple[Any, list[str]]:
    """Lay the HTML out into pages (WeasyPrint's `render`); refused fetches become a
    `TemplateError`."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    config, font_sheet = font_state()
    load_hyphenation(str(prepared.values.get("lang") or ""))
    fetcher = new_fetcher(prepared.allowed_files, prepared.allowed_dirs, prepared.memory)
    with collect_log() as log:
        try:
            sheets = [font_sheet, *(_stylesheet(p, fetcher) for p in prepared.css),
                      CSS(string=prepared.generated_css, font_config=config,
                          url_fetcher=fetcher)]
            html = HTML(string=prepared.html, base_url=context.content_dir.as_uri() + "/",
                        url_fetcher=fetcher)
            with hyphenation.applied(prepared.hyphenation):
                laid_out = html.render(stylesheets=sheets, font_config=config, pdf_tags=True,
                                       pdf_variant=context.options.pdf_variant)
        except FatalURLFetchingError:
            pass
        else:
            if not fetcher.refused:
                return laid_out, [line for line in log if not line.startswith("Error fetching")]
    raise TemplateError([
        f"the brochure template refers to '{url[:100]}': it may use only files in its own "
        "folders, the content's images and the shipped fonts (never URLs)"
        for url in dict.fromkeys(fetcher.refused)
    ])


def check_page_budget(document: Document, context: RenderContext, prepared: Prepared,
                  laid_out: Any) -> None:
    """Page budget (handout) and panel overflow (tri-fold) are content errors."""
    if prepared.trifold:
        check_panels(context, prepared, laid_out)
        return
    budget = document.document.page_budget
    if budget is None:
        return
    allowed = template_metrics(tuple(prepared.search_path), prepared.paper).page_budget(budget)
    pages = len(laid_out.pages)
    if pages > allowed:
        given = "" if allowed == budget else f" ({budget} times the template's page budget scale)"
        raise ContentError(context.problem(("document", "page_budget"),
                                    f"handout has {pages} pages; the page budget is {allowed}"
                                    f"{given}", rule="page-budget"))
