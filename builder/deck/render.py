"""The deck pipeline's last stage: plan, write every slide, save with reproducible bytes."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from builder.deck.storyboard import plan_slides
from builder.deck.template import DeckTemplate, deck_fonts, load_template, template_notices
from builder.deck.write import Writer
from builder.markup import clean_text
from builder.model import Document
from builder.options import RenderContext, Rendered
from builder.reproducible import fixed_time, normalise_zip

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationObject


def render_pptx(document: Document, context: RenderContext) -> Rendered:
    """The deck as .pptx bytes (byte-identical for the same content and template)."""
    template = load_template(context.options.slides)
    plans = plan_slides(document, context, template)
    prs = template.open()
    writer = Writer(prs, document, template)
    writer.prepare()
    for number, plan in enumerate(plans, start=1):
        writer.slide(plan, number)
    _set_properties(prs, document)
    buffer = io.BytesIO()
    prs.save(buffer)
    data = normalise_zip(buffer.getvalue(), fixed_time(document.document.date))
    width, height = template.slide_size
    warnings = template_notices(template, document)
    warnings += list(dict.fromkeys(w for plan in plans for w in plan.warnings))
    return Rendered("pptx", data, f"{len(plans)} slides, {_ratio(width, height)}", warnings,
                    choices_described(template, document))


def choices_described(template: DeckTemplate, document: Document) -> list[str]:
    """One line for the fonts measured and one per kind of slide: the layout it uses, why."""
    fonts = dict.fromkeys(font.describe() for font in deck_fonts(template, document.brand))
    lines = [f"{template.name}: fonts: {'; '.join(fonts)}"]
    for key, choice in template.choices.items():
        lines.append(f"{template.name}: {key} slides: {choice.reason or repr(choice.layout)}")
    return lines


def _set_properties(prs: PresentationObject, document: Document) -> None:
    """Fixed core properties: nothing in the file depends on when or where it was built."""
    meta = document.document
    when = fixed_time(meta.date).replace(tzinfo=None)
    props = prs.core_properties
    props.title = clean_text(meta.title)
    props.subject = clean_text(meta.subtitle or "")
    props.author = clean_text(meta.organisation.name)
    props.last_modified_by = "brochure"
    props.language = meta.language
    props.revision = 1
    props.created = props.modified = props.last_printed = when


def _ratio(width: int, height: int) -> str:
    """The slide shape for the build summary ("16:9"), or its size in inches."""
    for label, value in (("16:9", 16 / 9), ("4:3", 4 / 3), ("16:10", 16 / 10)):
        if abs(width / height - value) < 0.02:
            return label
    return f"{width / 914400:.2f}x{height / 914400:.2f} in"
