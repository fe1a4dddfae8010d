"""The printed outputs: a patient handout (A4/Letter) and a tri-fold brochure, via WeasyPrint.

Stages, each its own function: resolve and check every file the document names (clean, located
errors before any rendering); fill the Jinja2 page template (autoescaped, strict); lay out with
WeasyPrint through a fetcher that serves only pre-approved files; check the laid-out pages (page
budget, tri-fold panel overflow, image resolution); write the PDF bytes.

WeasyPrint is imported inside functions: it costs about a second and `brochure check` never
needs it. Font configuration and stylesheets are cached at module level, so a long-lived
watcher pays for them once.
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import logging
import mimetypes
import re
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from builder import fonts, i18n, images, markup
from builder.assets import AssetRefused
from builder.citations import ordered_references, reference_numbers
from builder.errors import ContentError, Problem, TemplateError
from builder.loader import YamlPath
from builder.model import Document, Evidence, Reference, RegulatoryStatus, Section, Therapy
from builder.options import RenderContext, Rendered
from builder.qr import qr_svg, qr_target
from builder.reproducible import fixed_time
from builder.templates import brochure_search_path

PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
"""Trim size (width, height) in millimetres, portrait."""

PAPER_NAMES = {"a4": "A4", "letter": "Letter"}
MIN_PRINT_DPI = 150
"""Raster images printed at fewer dots per inch than this look soft; the build warns."""

QR_URL = "memory:qr-website.svg"
"""In-memory address the fetcher serves the QR code from (it is never written to disk)."""

TEMPLATE_SUFFIXES = {".css", ".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp", ".ttf", ".otf",
                     ".woff", ".woff2"}
"""Files a template folder may serve to WeasyPrint (never .html, .py, ...)."""

SOURCES_PANELS = ("inside 3", "inside 2", "inside 1", "flap", "back")
"""Where the tri-fold's list of sources may go, most natural first (the end of the inside)."""

_CITED = re.compile(r'href="#ref-([a-z0-9][a-z0-9-]*)"')
"""A citation link in the filled template."""


# ----------------------------------------------------------------------------- view model


@dataclass(frozen=True)
class Figure:
    """An image ready for the template: an approved URL plus its words."""

    url: str
    alt: str
    caption: str | None
    credit: str | None
    width: int
    height: int
    is_raster: bool
    yaml_path: YamlPath


@dataclass(frozen=True)
class SectionView:
    """One section with what the template needs beside it."""

    section: Section
    therapy: Therapy | None
    figure: Figure | None
    yaml_path: YamlPath

    def sources_left(self, *, body: bool = True, claims: bool = True) -> list[str]:
        """The section's own `cite` ids that what is printed does not already cite (the body
        when `body`, the callout, the therapy's note, its claims when `claims`): the
        'Sources' line under a section adds only those."""
        section, therapy = self.section, self.therapy
        texts = [*(section.callout.items if section.callout else [])]
        shown: set[str] = set()
        if body:
            texts.append(section.body)
        if therapy:
            texts.append(therapy.status_note or "")
            if claims:
                texts += [claim.text for claim in therapy.claims]
                shown.update(i for claim in therapy.claims for i in claim.cite)
        for text in texts:
            shown.update(markup.cited_ids(text))
        return [i for i in dict.fromkeys(section.cite) if i not in shown]


@dataclass(frozen=True)
class Panel:
    """One tri-fold panel: its printed name, content file key and sections."""

    name: str
    key: YamlPath
    sections: list[SectionView]


@dataclass
class Prepared:
    """Everything rendering needs: the HTML, its stylesheets and the files it may fetch."""

    html: str
    values: dict[str, Any]
    """What the page template was filled with (kept to refill it after a first layout)."""
    search_path: list[Path]
    page: str
    css: list[Path]
    generated_css: str
    allowed_files: set[Path]
    allowed_dirs: tuple[Path, ...]
    memory: dict[str, tuple[bytes, str]]
    figures: list[Figure]
    panels: list[Panel]
    trifold: bool
    paper: str
    warnings: list[Problem] = field(default_factory=list)


# ----------------------------------------------------------------------------- public API


def layout_inputs(document: Document, context: RenderContext) -> str:
    """Everything WeasyPrint is given besides template files: the HTML and the generated CSS
    (brand colours, fonts, paper, footer words). What incremental builds fingerprint; cheap,
    because the tri-fold's second pass is decided by layout from these same inputs."""
    prepared = prepare(document, context)
    return prepared.html + "\0" + prepared.generated_css


def render_html(document: Document, context: RenderContext) -> str:
    """The final HTML of the handout (or tri-fold), as WeasyPrint will see it.

    The handout's HTML does not depend on layout. The tri-fold's does (the list of sources
    goes to a panel with room for it), so for a tri-fold this lays the pages out once.
    """
    prepared = prepare(document, context)
    if prepared.trifold:
        prepared, _laid_out, _log = layout(prepared, context)
    return prepared.html


def render_pdf(document: Document, context: RenderContext) -> Rendered:
    """Lay out and write the PDF; content problems raise `ContentError`."""
    started = time.perf_counter()
    prepared, laid_out, log = layout(prepare(document, context), context)
    _check_layout(document, context, prepared, laid_out)
    with _collect_log() as write_log:
        data = laid_out.write_pdf(pdf_variant=context.options.pdf_variant, pdf_tags=True)
    warnings = prepared.warnings + _image_warnings(laid_out, prepared, context) + [
        _problem(context, (), f"renderer: {line}", level="warning", rule="renderer")
        for line in dict.fromkeys(log + write_log)
    ]
    pages = len(laid_out.pages)
    kind = "tri-fold, landscape" if prepared.trifold else PAPER_NAMES[prepared.paper]
    logging.getLogger(__name__).debug("rendered %d pages in %.2f s", pages,
                                      time.perf_counter() - started)
    return Rendered(kind="pdf", data=data, summary=f"{pages} pages, {kind}", warnings=warnings)


def layout(prepared: Prepared, context: RenderContext) -> tuple[Prepared, Any, list[str]]:
    """(prepared, WeasyPrint document, log lines): one layout pass, plus for the tri-fold one
    more when its list of sources fits better in another panel."""
    laid_out, log = _layout_once(prepared, context)
    if prepared.trifold:
        better = _sources_panel(laid_out, prepared)
        if better:
            values = {**prepared.values, "sources_panel": better}
            prepared = replace(prepared, values=values,
                               html=_fill_template(prepared.search_path, prepared.page, values))
            laid_out, log = _layout_once(prepared, context)
    return prepared, laid_out, log


# ----------------------------------------------------------------------------- preparing


def prepare(document: Document, context: RenderContext) -> Prepared:
    """Resolve files, fill the template and gather what the fetcher may serve."""
    search_path = brochure_search_path(context.options.brochure, context.content_dir)
    trifold = _is_trifold(context.options.brochure, search_path)
    if trifold and document.trifold is None:
        raise ContentError(_problem(context, (), "the tri-fold needs a `trifold:` section in the "
                                    "content that says which sections go on which panel"))
    warnings: list[Problem] = []
    panels = _panels(document, context) if trifold else []
    printed = ({v.section.id for p in panels for v in p.sections} if trifold
               else {s.id for s in document.sections if s.handout})
    figures, logo = _resolve_images(document, context, printed)
    sections = _section_views(document, figures)
    panels = [replace(p, sections=[sections[v.section.id] for v in p.sections]) for p in panels]
    paper = context.options.paper or document.document.paper
    memory: dict[str, tuple[bytes, str]] = {}
    website = qr_target(document.document.organisation.website)
    if website:
        memory[QR_URL] = (qr_svg(website, colour=_dark(document.brand.colours.text)),
                          "image/svg+xml")
    elif document.document.organisation.website:
        warnings.append(_problem(context, ("document", "organisation", "website"),
                                 "no QR code: the website is not an http(s) address",
                                 level="warning", rule="qr-code"))
    values = _template_values(document, sections, panels, logo, website)
    page_name = "trifold.html" if trifold else "handout.html"
    html = _fill_template(search_path, page_name, values)
    if trifold:  # a panel has no room for sources it does not cite: list only those
        cited = set(_CITED.findall(html))
        values["references"] = [(n, r) for n, r in values["references"] if r.id in cited]
        html = _fill_template(search_path, page_name, values)
    css_name = "trifold.css" if trifold else "handout.css"
    stylesheets = [p for p in (_find(search_path, css_name), _find(search_path, "custom.css"))
                   if p]
    approved = {Path(url2pathname(urlsplit(f.url).path)) for f in figures.values()}
    if logo:
        approved.add(Path(url2pathname(urlsplit(logo.url).path)))
    return Prepared(
        html=html, values=values, search_path=search_path, page=page_name, css=stylesheets,
        generated_css=_generated_css(document, context, paper, trifold),
        allowed_files=approved,
        allowed_dirs=(*(p.resolve() for p in search_path), fonts.FONT_DIR.resolve()),
        memory=memory, figures=[f for f in figures.values()], panels=panels, trifold=trifold,
        paper=paper, warnings=warnings)


def _is_trifold(name: str, search_path: list[Path]) -> bool:
    """The tri-fold layout is chosen by name, or by a user folder holding `trifold.html`."""
    return name == "trifold" or (search_path[0] / "trifold.html").is_file()


def _find(search_path: list[Path], name: str) -> Path | None:
    """The first file called `name` along the template search path."""
    for folder in search_path:
        if (folder / name).is_file():
            return (folder / name).resolve()
    return None


def _problem(context: RenderContext, path: YamlPath, message: str, *, level: str = "error",
             rule: str = "") -> Problem:
    """A problem at `path` in the content file (line 1 when positions are unknown)."""
    if context.source is not None:
        return context.source.problem(path, message, level=level, rule=rule)
    from builder.loader import format_path

    return Problem(context.content_path, 1, 1, message, format_path(path), level,  # type: ignore[arg-type]
                   rule)


def _dark(colour: str) -> str:
    """The brand text colour for the QR code if it is dark enough to scan, else black."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return colour if 0.299 * red + 0.587 * green + 0.114 * blue < 90 else "#000000"


# ----------------------------------------------------------------------------- images


def _resolve_images(document: Document, context: RenderContext, printed: set[str],
                    ) -> tuple[dict[str, Figure], Figure | None]:
    """Resolve and check the logo and the images of the `printed` sections before rendering;
    every problem is reported at once, located at its `src`."""
    problems: list[Problem] = []
    figures: dict[str, Figure] = {}
    logo: Figure | None = None
    if document.brand.logo:
        name = document.document.organisation.name
        logo = _figure(context, document.brand.logo,
                       i18n.Words(document.document.language)("logo", name=name), None, None,
                       ("brand", "logo"), problems)
    for index, section in enumerate(document.sections):
        image = section.image
        if image is None or section.id not in printed:
            continue
        figure = _figure(context, image.src, image.alt, image.caption, image.credit,
                         ("sections", index, "image", "src"), problems)
        if figure:
            figures[section.id] = figure
    if problems:
        raise ContentError(problems)
    return figures, logo


def _figure(context: RenderContext, src: str, alt: str, caption: str | None,
            credit: str | None, path: YamlPath, problems: list[Problem]) -> Figure | None:
    """One checked image, or None after recording why it cannot be used."""
    try:
        real = context.assets.resolve(src)
        if real.suffix.lower() not in {".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"}:
            raise AssetRefused(f"'{src}': not an image (use SVG, PNG or JPEG)")
        width, height, _dpi, mode = images.image_info(real)
    except AssetRefused as exc:
        problems.append(_problem(context, path, str(exc)))
        return None
    # as_uri() percent-encodes the path, so the URL is safe in an attribute as it is
    return Figure(Markup(real.as_uri()), alt, caption, credit, width, height, mode != "SVG",
                  path)


def _image_warnings(laid_out: Any, prepared: Prepared, context: RenderContext) -> list[Problem]:
    """Warn about raster images printed below `MIN_PRINT_DPI` at their laid-out size."""
    by_url = {f.url: f for f in prepared.figures}
    warned: set[str] = set()
    out: list[Problem] = []
    for page in laid_out.pages:
        for box in _descendants(page._page_box):
            url = getattr(getattr(box, "image", None), "_url", None) or _box_src(box)
            figure = by_url.get(url or "")
            if not figure or not figure.is_raster or url in warned or not box.width:
                continue
            dpi = figure.width / (box.width / 96)
            if dpi < MIN_PRINT_DPI:
                warned.add(url)
                out.append(_problem(context, figure.yaml_path,
                                    f"image prints at {dpi:.0f} dpi ({figure.width} px across "
                                    f"{box.width / 96 * 25.4:.0f} mm); {MIN_PRINT_DPI} dpi or "
                                    "more prints sharply", level="warning",
                                    rule="image-resolution"))
    return out


def _box_src(box: Any) -> str | None:
    element = getattr(box, "element", None)
    if element is not None and getattr(element, "tag", None) == "img" and \
            type(box).__name__.endswith("ReplacedBox"):
        return element.get("src")
    return None


# ----------------------------------------------------------------------------- sections


def _section_views(document: Document, figures: dict[str, Figure]) -> dict[str, SectionView]:
    """Every section by id, with its therapy and figure attached."""
    therapies = {t.id: t for t in document.therapies}
    return {
        s.id: SectionView(s, therapies.get(s.therapy or ""), figures.get(s.id), ("sections", i))
        for i, s in enumerate(document.sections)
    }


def _panels(document: Document, context: RenderContext) -> list[Panel]:
    """The six tri-fold panels in page order (outside: flap, back, cover; then inside 1..3).

    Sections here carry no figure yet: images are resolved only for what is printed."""
    trifold = document.trifold
    assert trifold is not None
    bare = _section_views(document, {})
    problems: list[Problem] = []

    def pick(ids: list[str], key: YamlPath) -> list[SectionView]:
        for index, section_id in enumerate(ids):
            if section_id not in bare:
                problems.append(_problem(context, (*key, index),
                                         f"no section has the id '{section_id}'"))
        return [bare[i] for i in ids if i in bare]

    panels = [Panel("flap", ("trifold", "flap"), pick(trifold.flap, ("trifold", "flap"))),
              Panel("back", ("trifold", "back"), pick(trifold.back, ("trifold", "back"))),
              Panel("cover", ("trifold",), [])]
    for index, ids in enumerate(trifold.inside):
        key = ("trifold", "inside", index)
        panels.append(Panel(f"inside {index + 1}", key, pick(ids, key)))
    if problems:
        raise ContentError(problems)
    return panels


# ----------------------------------------------------------------------------- templates


def _template_values(document: Document, sections: dict[str, SectionView], panels: list[Panel],
                     logo: Figure | None, website: str | None) -> dict[str, Any]:
    """The names a page template can use (documented in brochures/handout/base.html)."""
    meta = document.document
    language = meta.language
    words = i18n.Words(language)
    numbers = reference_numbers(document)
    references = ordered_references(document)

    def md(text: str | None, inline: bool = False) -> Markup:
        """Content Markdown as HTML; markup escapes raw HTML, so the result is safe. A
        citation is tied to the word before it, never alone at the start of a line."""
        html = markup.to_html(text or "", language=language, numbering=numbers.get,
                              inline=inline)
        return Markup(html.replace(' <sup class="citation">', '\u00a0<sup class="citation">'))

    def md_parts(text: str | None) -> tuple[Markup, Markup]:
        """(first paragraph, the rest): a picture placed between them never strands the
        heading at the foot of a page."""
        html = str(md(text))
        if html.startswith("<p>") and "</p>" in html:
            cut = html.index("</p>") + len("</p>")
            return Markup(html[:cut]), Markup(html[cut:])
        return Markup(""), Markup(html)

    def cite(ids: list[str]) -> Markup:
        """Citation marks for a list of ids: numbers sorted, repeats dropped, linked."""
        known = sorted({numbers[i] for i in ids if i in numbers})
        by_number = {numbers[i]: i for i in ids if i in numbers}
        links = [Markup('<a class="cite" href="#ref-{}">{}</a>').format(by_number[n], n)
                 for n in known]
        links += [Markup("?") for i in dict.fromkeys(ids) if i not in numbers]
        if not links:
            return Markup("")
        return Markup('<sup class="citation">[{}]</sup>').format(Markup(",").join(links))

    def plain(text: str | None) -> str:
        return markup.to_plain(text or "", language=language)

    return {
        "doc": document,
        "meta": meta,
        "lang": language,
        "direction": "rtl" if i18n.is_rtl(language) else "ltr",
        "words": words,
        "md": md,
        "plain": plain,
        "date": words.date(meta.date),
        "reviewed": words.date(meta.reviewer.reviewed_on) if meta.reviewer else None,
        "created": _created(meta.date),
        "sections": [v for v in sections.values() if v.section.handout],
        "panels": panels,
        "sources_panel": SOURCES_PANELS[0],
        "references": [(numbers[r.id], r) for r in references],
        "contrasts": [c for c in document.contrasts if c.handout],
        "logo": logo,
        "qr": Markup(QR_URL) if website else None,
        "website": website,
        "cite": cite,
        "md_parts": md_parts,
        "short_reference": short_reference,
        "number": lambda ref_id: numbers.get(ref_id) or "?",
        "evidence_label": lambda e: words(f"evidence.{Evidence(e).value}"),
        "status_label": lambda s: words(f"status.{RegulatoryStatus(s).value}"),
    }


def full_stop(text: str) -> str:
    """'Smith J' -> 'Smith J.'; text already ending in . ? or ! is left alone."""
    text = str(text).rstrip()
    return text if not text or text[-1] in ".?!" else text + "."


def short_reference(ref: Reference) -> str:
    """'Bennell KL, et al. JAMA, 2021': enough to find a source, short enough for a panel."""
    people = [p.strip() for p in ref.authors.split(",") if p.strip()]
    first = people[0] if people else ref.authors
    if len(people) > 1 and not first.endswith("et al."):
        first += ", et al."
    where = ref.title if ref.source.strip() == ref.authors.strip() else ref.source
    return f"{full_stop(first)} {where.rstrip('.')}, {ref.year}."


def _created(date: dt.date) -> str:
    """W3C date-time for the PDF metadata: SOURCE_DATE_EPOCH if set, else the content's date
    (so two builds of the same content are byte-identical)."""
    return fixed_time(date).strftime("%Y-%m-%dT%H:%M:%SZ")


_ENVIRONMENTS: dict[tuple[Path, ...], jinja2.Environment] = {}
_LOCK = threading.Lock()


def _environment(search_path: list[Path]) -> jinja2.Environment:
    """One Jinja2 environment per search path (compiled templates are reused; auto_reload
    notices edited files)."""
    key = tuple(search_path)
    with _LOCK:
        env = _ENVIRONMENTS.get(key)
        if env is None:
            env = SandboxedEnvironment(  # a clinic's template cannot reach Python internals
                loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
                autoescape=True,  # every template, whatever its suffix
                undefined=jinja2.StrictUndefined,
                finalize=_soften,
                trim_blocks=True, lstrip_blocks=True, auto_reload=True,
            )
            env.filters["stop"] = full_stop
            env.tests["rtl_text"] = _rtl_text
            _ENVIRONMENTS[key] = env
    return env


def _rtl_text(text: Any) -> bool:
    """True when `text` has a strong right-to-left character (Hebrew, Arabic, ...): a
    reference in that script runs right to left, any other left to right."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in str(text))


def _soften(value: Any) -> Any:
    """Every plain value printed by a template gets break points in very long runs (WeasyPrint
    cannot hyphenate a 10,000-character word in reasonable time). Markup (rendered content,
    approved URLs) is left alone."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return markup.soften_long_words(markup.clean_text(value))
    return value


def _fill_template(search_path: list[Path], name: str, values: dict[str, Any]) -> str:
    """Render the page template; any Jinja problem becomes a one-line `TemplateError`."""
    env = _environment(search_path)
    try:
        return env.get_template(name).render(values)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template '{exc.name}' not found in: "
                            f"{', '.join(str(p) for p in search_path)}") from None
    except jinja2.TemplateSyntaxError as exc:
        file = exc.filename or exc.name or name
        raise TemplateError(Problem(Path(file), exc.lineno or 1, 1,
                                    f"template syntax error: {exc.message}",
                                    rule="template")) from None
    except jinja2.TemplateError as exc:
        file, line = _template_position(exc.__traceback__, search_path, name)
        raise TemplateError(Problem(file, line, 1, f"template error: {exc.message or exc}",
                                    rule="template")) from None
    except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as exc:
        # `{{ 1 + "a" }}` and the like: Python errors raised while the template runs
        file, line = _template_position(exc.__traceback__, search_path, name)
        raise TemplateError(Problem(file, line, 1, f"template error: {type(exc).__name__}: "
                                    f"{exc}", rule="template")) from None


def _template_position(tb: TracebackType | None, search_path: list[Path],
                       fallback: str) -> tuple[Path, int]:
    """The innermost template file and line in a traceback (Jinja maps frames to templates)."""
    folders = [str(p) for p in search_path]
    found = (_find(search_path, fallback) or Path(fallback), 1)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(folder) for folder in folders):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found


# ----------------------------------------------------------------------------- CSS


def css_string(text: str) -> str:
    """A CSS string literal; everything outside plain ASCII is hex-escaped (no injection)."""
    out = []
    for char in text:
        if char.isascii() and (char.isalnum() or char in " .,:;!?()-_/+#&%*'"):
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x} ")  # the space ends the escape (CSS eats it)
    return f'"{"".join(out)}"'


def page_x_of_y_content(words: i18n.Words) -> str:
    """The CSS `content` value for 'Page X of Y' in the document language."""
    template = words._table.get("page_x_of_y", "Page {page} of {pages}")
    parts = re.split(r"(\{page\}|\{pages\})", template)
    tokens = []
    for part in parts:
        if part == "{page}":
            tokens.append("counter(page)")
        elif part == "{pages}":
            tokens.append("counter(pages)")
        elif part:
            tokens.append(css_string(part))
    return " ".join(tokens)


def _font_stack(name: str) -> str:
    """The brand family first, then the shipped fallbacks for other scripts."""
    families = [name, *(f for f in fonts.FALLBACKS if f != name)]
    return ", ".join(css_string(f) for f in families) + ", sans-serif"


def _generated_css(document: Document, context: RenderContext, paper: str,
                   trifold: bool) -> str:
    """Per-document CSS: brand colours, fonts, paper size, bleed and the page-number words."""
    brand = document.brand
    colours = "\n".join(f"  --{name}: {value};"
                        for name, value in brand.colours.model_dump().items())
    width, height = PAPER_MM[paper]
    if trifold:
        width, height = height, width
    bleed = max(0.0, float(context.options.bleed_mm))
    marks = f"bleed: {bleed:g}mm; marks: crop;" if bleed > 0 else ""
    words = i18n.Words(document.document.language)
    footer = f"@page {{ @bottom-right {{ content: {page_x_of_y_content(words)}; }} }}"
    if i18n.is_rtl(document.document.language):  # mirrored: page numbers on the left
        footer = (f"@page {{ @bottom-left {{ content: {page_x_of_y_content(words)}; "
                  "font-size: 9pt; } @bottom-right { content: element(footer); } }")
    return f""":root {{
{colours}
  --bleed: {bleed:g}mm;
  --page-width: {width:g}mm;
  --page-height: {height:g}mm;
}}
@page {{ size: {width:g}mm {height:g}mm; {marks} }}
{"" if trifold else footer}
html {{ font-family: {_font_stack(brand.fonts.body)}; }}
h1, h2, h3, h4, .heading-font {{ font-family: {_font_stack(brand.fonts.heading)}; }}
.page-x-of-y::after {{ content: {page_x_of_y_content(words)}; }}
"""


def _font_faces() -> str:
    """@font-face rules for every shipped family, pointing at the shipped files."""
    rules = []
    for family in fonts.FAMILIES.values():
        for weight, style, path in family.styles():
            rules.append(f"@font-face {{ font-family: {css_string(family.name)}; "
                         f"src: url({css_string(path.resolve().as_uri())}); "
                         f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


# ----------------------------------------------------------------------------- fetching


def _fetcher_class() -> type:
    """A WeasyPrint URL fetcher that serves approved files and in-memory data only."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ApprovedOnly(URLFetcher):
        """Everything not approved is refused (and remembered, so the build fails)."""

        def __init__(self, files: set[Path], folders: tuple[Path, ...],
                     memory: dict[str, tuple[bytes, str]]) -> None:
            super().__init__(fail_on_errors=True)
            self.files = {Path(f).resolve() for f in files}
            self.folders = folders
            self.memory = memory
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url in self.memory:
                data, mime = self.memory[url]
                return URLFetcherResponse(url, data, {"Content-Type": mime})
            path = self._approved_path(url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"refused to fetch {url[:80]}")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

        def _approved_path(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                return None
            try:
                real = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
            except (OSError, RuntimeError):
                return None
            if real in self.files:
                return real
            if not real.is_file() or real.suffix.lower() not in TEMPLATE_SUFFIXES:
                return None
            if not any(folder in real.parents for folder in self.folders):
                return None
            if real.suffix.lower() in {".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"}:
                try:
                    images.check_image(real)
                except AssetRefused:
                    return None
            return real

    return ApprovedOnly


_FETCHER: list[type] = []


def _new_fetcher(files: set[Path], folders: tuple[Path, ...],
                 memory: dict[str, tuple[bytes, str]]) -> Any:
    """A fresh fetcher (each build has its own approvals); the class is made once."""
    if not _FETCHER:
        _FETCHER.append(_fetcher_class())
    return _FETCHER[0](files, folders, memory)


# ----------------------------------------------------------------------------- caches


_FONTS: dict[tuple[Any, ...], tuple[Any, Any]] = {}
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


def _font_state() -> tuple[Any, Any]:
    """(FontConfiguration, @font-face CSS), built once per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    key = _font_key()
    with _LOCK:
        state = _FONTS.get(key)
        if state is None:
            config = FontConfiguration()
            fetcher = _new_fetcher(set(), (fonts.FONT_DIR.resolve(),), {})
            sheet = CSS(string=_font_faces(), font_config=config, url_fetcher=fetcher)
            if fetcher.refused:
                raise TemplateError(f"shipped fonts could not be loaded: {fetcher.refused}")
            _FONTS.clear()
            _FONTS[key] = state = (config, sheet)
    return state


def _stylesheet(path: Path, fetcher: Any) -> Any:
    """A template stylesheet, parsed once per file version."""
    from weasyprint import CSS

    config, _ = _font_state()
    info = path.stat()
    key = (str(path), info.st_mtime_ns, info.st_size, id(config))
    with _LOCK:
        sheet = _STYLESHEETS.get(key)
    if sheet is None:
        sheet = CSS(filename=str(path), font_config=config, url_fetcher=fetcher)
        if not fetcher.refused:
            with _LOCK:  # an edited file replaces its old version: the cache never grows
                for old in [k for k in _STYLESHEETS if k[0] == key[0]]:
                    del _STYLESHEETS[old]
                _STYLESHEETS[key] = sheet
    return sheet


# ----------------------------------------------------------------------------- layout


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings and errors so the build can report them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(" ".join(record.getMessage().split()))


@contextmanager
def _collect_log() -> Iterator[list[str]]:
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


def _layout_once(prepared: Prepared, context: RenderContext) -> tuple[Any, list[str]]:
    """Lay the HTML out into pages (WeasyPrint's `render`); refused fetches become a
    `TemplateError`."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    config, font_sheet = _font_state()
    fetcher = _new_fetcher(prepared.allowed_files, prepared.allowed_dirs, prepared.memory)
    with _collect_log() as log:
        try:
            sheets = [font_sheet, *(_stylesheet(p, fetcher) for p in prepared.css),
                      CSS(string=prepared.generated_css, font_config=config,
                          url_fetcher=fetcher)]
            html = HTML(string=prepared.html, base_url=context.content_dir.as_uri() + "/",
                        url_fetcher=fetcher)
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


def _check_layout(document: Document, context: RenderContext, prepared: Prepared,
                  laid_out: Any) -> None:
    """Page budget (handout) and panel overflow (tri-fold) are content errors."""
    if prepared.trifold:
        _check_panels(context, prepared, laid_out)
        return
    budget = document.document.page_budget
    pages = len(laid_out.pages)
    if budget is not None and pages > budget:
        raise ContentError(_problem(context, ("document", "page_budget"),
                                    f"handout has {pages} pages; the page budget is {budget}",
                                    rule="page-budget"))


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _descendants(child)


def _check_panels(context: RenderContext, prepared: Prepared, laid_out: Any) -> None:
    """Every panel's body must end inside its panel; report each one that does not."""
    panels = {p.name: p for p in prepared.panels}
    problems: list[Problem] = []
    seen: set[str] = set()
    for page in laid_out.pages:
        for box in _descendants(page._page_box):
            name = _attribute(box, "data-panel")
            if not name or name in seen:
                continue
            seen.add(name)
            over_mm = _overflow_mm(box)
            if over_mm > 0.5 and name in panels:
                problems.append(_problem(
                    context, panels[name].key,
                    f"trifold panel '{name}' overflows by {over_mm:.0f} mm; move a section to "
                    "another panel or shorten the text", rule="trifold-overflow"))
    missing = [name for name in panels if name not in seen]
    if missing:
        raise TemplateError(f"tri-fold template has no panel for: {', '.join(missing)} (each "
                            "panel is a <section data-panel=\"NAME\">)")
    if problems:
        raise ContentError(problems)


def _sources_panel(laid_out: Any, prepared: Prepared) -> str | None:
    """A better panel for the tri-fold's sources when they overflow where they are, if any."""
    current = prepared.values.get("sources_panel")
    overflow: dict[str, float] = {}
    needed = 0.0
    for page in laid_out.pages:
        for box in _descendants(page._page_box):
            name = _attribute(box, "data-panel")
            if name and name not in overflow:
                overflow[name] = _overflow_mm(box)
            if "sources" in (_attribute(box, "class") or "").split():
                needed = box.margin_height() / 96 * 25.4
    if not needed or overflow.get(str(current), 0.0) <= 0.5:
        return None
    for name in SOURCES_PANELS:
        if name != current and name in overflow and -overflow[name] >= needed + 1:
            return name
    return None


def _attribute(box: Any, name: str) -> str | None:
    """An HTML attribute of the element that generated `box` (None for anonymous boxes)."""
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return None
    value = element.get(name)
    return str(value) if value else None


def _overflow_mm(panel: Any) -> float:
    """How far the panel's content reaches below the panel's content box, in millimetres."""
    limit = panel.content_box_y() + panel.height
    body = next((b for b in _descendants(panel)
                 if "panel-body" in (_attribute(b, "class") or "").split()), None)
    if body is not None:
        bottom = body.position_y + body.margin_height()
    else:
        bottom = max((_bottom(b) for b in _descendants(panel) if b is not panel), default=0.0)
    return (bottom - limit) / 96 * 25.4


def _bottom(box: Any) -> float:
    """Lowest edge of a box's border area (what a reader would see)."""
    try:
        return box.position_y + box.margin_height() - box.margin_bottom
    except (AttributeError, TypeError):
        return 0.0

