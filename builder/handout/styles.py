"""The CSS generated per document: brand colours and fonts, paper size, bleed and the
page-number words; plus the @font-face rules of the shipped fonts."""

from __future__ import annotations

import re

from builder import fonts, hyphenation, i18n
from builder.model import Document
from builder.options import RenderContext
from builder.paper import PAPERS


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


HYPHENATION = {"en": "en_US", "pt": "pt_PT"}
"""Hyphenation dictionary for a bare language code where pyphen's own choice is poor: its 'en'
is a British list that splits 'evid-ence' and 'os-teoarth-rit-is'."""


def hyphenation_language(language: str) -> str:
    """The pyphen dictionary for a content language ('en' -> 'en_US', 'es-MX' -> 'es_MX')."""
    code = language.replace("-", "_")
    return HYPHENATION.get(code, code)


def generated_css(document: Document, context: RenderContext, paper: str,
                   trifold: bool) -> str:
    """Per-document CSS: brand colours, fonts, paper size, bleed and the page-number words."""
    brand = document.brand
    colours = "\n".join(f"  --{name}: {value};"
                        for name, value in brand.colours.model_dump().items())
    width, height = PAPERS[paper].width_mm, PAPERS[paper].height_mm
    if trifold:
        width, height = height, width
    bleed = max(0.0, float(context.options.bleed_mm))
    marks = f"bleed: {bleed:g}mm;" if bleed > 0 else ""  # marks: printmarks.py
    language = document.document.language
    words = i18n.Words(language)
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
[lang="{language}"] {{ -weasy-lang: {css_string(hyphenation_language(language))} !important; }}
h1, h2, h3, h4, .heading-font {{ font-family: {_font_stack(brand.fonts.heading)}; }}
.page-x-of-y::after {{ content: {page_x_of_y_content(words)}; }}
{hyphenation.css_note(hyphenation_exceptions(document))}"""


def hyphenation_exceptions(document: Document) -> tuple[str, ...]:
    """The words this document's language breaks only where marked, or never."""
    meta = document.document
    return hyphenation.exceptions_for(meta.language, meta.hyphenation)


def font_faces() -> str:
    """@font-face rules for every shipped family, pointing at the shipped files."""
    rules = []
    for family in fonts.FAMILIES.values():
        for weight, style, path in family.styles():
            rules.append(f"@font-face {{ font-family: {css_string(family.name)}; "
                         f"src: url({css_string(path.resolve().as_uri())}); "
                         f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)
