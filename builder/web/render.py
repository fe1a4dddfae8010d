"""The web page renderer: the handout's view model filled into the web template (`page.html`,
which extends the handout's `base.html`, so every content element the handout prints reaches the
page too), then made one self-contained file.

Fills the template up to three times (cheap, no layout): once to find the page's headings for
its table of contents, once with them, and once with the fonts subset to the page's characters.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from builder import i18n, markup, translate
from builder.errors import Problem
from builder.handout.environment import fill_template, stylesheets
from builder.handout.figures import resolve_images
from builder.handout.render import qr_addresses, qr_colour
from builder.handout.view import section_views, template_values
from builder.model import Document
from builder.options import RenderContext, Rendered
from builder.qr import qr_svg, qr_target
from builder.templates import brochure_search_path
from builder.web.colours import readable, text_on
from builder.web.inline import (
    assert_self_contained,
    inline_figure,
    stylesheet_text,
    svg_data_uri,
)
from builder.web.typefaces import font_faces, font_stack

TEMPLATE_FOLDER = "web"
"""`brochures/web/` (or a content folder's own `brochures/web/`, which may override any file)."""
PAGE = "page.html"
STYLESHEET = "web.css"

_HEADING = re.compile(r'<section\b[^>]*\bid="([^"]+)"[^>]*>\s*<h2\b[^>]*>(.*?)</h2>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def search_path(content_dir: Path) -> list[Path]:
    """Where the web templates are looked up: a content folder's `brochures/web/`, the built-in
    `brochures/web/`, then the handout's folder (for `base.html` and `macros.html`)."""
    return brochure_search_path(TEMPLATE_FOLDER, content_dir)


def render_page(document: Document, context: RenderContext) -> Rendered:
    """The finished page: fonts inlined, checked to fetch nothing."""
    page, values, warnings = _filled(document, context)
    families = (document.brand.fonts.body, document.brand.fonts.heading)
    values["font_faces"] = Markup(font_faces(families, html_lib.unescape(_TAG.sub(" ", page))))
    page = fill_template(values["search_path"], PAGE, values)
    assert_self_contained(page)
    data = page.encode("utf-8")
    figures = sum(1 for v in values["sections"] if v.figure)
    return Rendered(kind="html", data=data, warnings=warnings,
                    summary=f"{len(data) / 1024:.0f} kB, {figures} images, one file")


def page_inputs(document: Document, context: RenderContext) -> str:
    """What the page is made from besides files: the filled page before its fonts (which
    follow from it). What incremental builds fingerprint."""
    return _filled(document, context)[0]


def _filled(document: Document, context: RenderContext,
            ) -> tuple[str, dict[str, Any], list[Problem]]:
    """(page without fonts, the values it was filled with, warnings)."""
    folders = search_path(context.content_dir)
    printed = {s.id for s in document.sections if s.handout}
    figures, logo = resolve_images(document, context, printed)
    figures = {key: inline_figure(f) for key, f in figures.items()}  # type: ignore[misc]
    warnings: list[Problem] = []
    website, qr_address = qr_addresses(document, context, warnings)
    values = template_values(document, section_views(document, figures), [], inline_figure(logo),
                             website, qr_address, printed=False)
    if qr_address:
        colour = qr_colour(document.brand.colours.text)
        values["qr"] = svg_data_uri(qr_svg(qr_address, colour=colour))
    allowed = tuple(p.resolve() for p in folders)
    css = "\n".join(stylesheet_text(p, allowed)
                    for p in stylesheets(folders, STYLESHEET))
    values.update({
        "search_path": folders,
        "stylesheet": Markup(css + _brand_css(document)),
        "font_faces": Markup(""),
        "contents": [],
        "translations": _translations(document, context),
        "untranslated": _untranslated_references(document, context),
        "source_language": _source_language(document, context),
        "web_address": qr_target(document.document.web_address),
        "link": markup.safe_link,
    })
    page = fill_template(folders, PAGE, values)
    values["contents"] = [(section_id, Markup(title).striptags())
                          for section_id, title in _HEADING.findall(page)]
    return fill_template(folders, PAGE, values), values, warnings


def _brand_css(document: Document) -> str:
    """The brand's colours and font families as CSS custom properties, plus the colours text
    is set in on each of them (`--on-primary`, ...) and brand colours darkened where needed to
    read as text on the page and its tinted boxes (`--primary-text`, ...)."""
    brand = document.brand
    given = brand.colours.model_dump()
    background = given["background"]
    given["text"] = readable(readable(given["text"], background), given["muted"])
    lines = [f"  --{name}: {value};" for name, value in given.items()]
    for name in ("primary", "secondary", "accent"):
        lines.append(f"  --on-{name}: {text_on(given[name])};")
        shade = readable(readable(given[name], background), given["muted"])
        lines.append(f"  --{name}-text: {shade};")
    colours = "\n".join(lines)
    return (f"\n:root {{\n{colours}\n  --body-font: {font_stack(brand.fonts.body)};\n"
            f"  --heading-font: {font_stack(brand.fonts.heading)};\n}}\n")


def _source_language(document: Document, context: RenderContext) -> str:
    """The language the content file is written in (the document's own unless translated)."""
    return str(getattr(context.source, "source_language", None) or document.document.language)


def _untranslated_references(document: Document, context: RenderContext) -> set[str]:
    """Ids of references whose title a translation left in the source language (so the page
    marks them with that language, and a screen reader pronounces them right)."""
    origins = getattr(context.source, "origins", None)
    if not origins or _source_language(document, context) == document.document.language:
        return set()
    return {ref.id for index, ref in enumerate(document.references)
            if ("references", index, "title") not in origins}


def _translations(document: Document, context: RenderContext) -> list[dict[str, Any]]:
    """The page in every language the content folder has, each named in its own language and
    linked by the file name a build gives it (`stem.html`, `stem.es.html`)."""
    stem = context.content_path.stem
    source = _source_language(document, context)
    found = [(source, f"{stem}.html")]
    found += [(code, f"{stem}.{code}.html") for code in translate.available(context.content_path)
              if code != source]
    if len(found) < 2:
        return []
    return [{"code": code, "name": language_name(code), "href": href,
             "current": code == document.document.language,
             "direction": "rtl" if i18n.is_rtl(code) else "ltr"} for code, href in found]


def language_name(code: str) -> str:
    """'es' -> 'Español': a language named in itself, as a reader looks for it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return code
    return (name[:1].upper() + name[1:]) if name else code

