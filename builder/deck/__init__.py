"""The seminar deck: a native .pptx built on a template's layouts, with nothing that overflows.

Two stages, like the handout: `deck_plan` decides every slide (kind, layout, the text of each
placeholder at a measured font size, pictures, table pages, notes) without writing anything, so
`brochure check` can predict overflow cheaply; `render_pptx` turns the plan into a presentation.

Text only ever goes into the layout's placeholders, so the template's theme (fonts, colours)
applies and PowerPoint users can restyle the deck. Each run carries an explicit size, each text
frame has autofit off and explicit insets and line spacing, so the sizes `fit.py` measured with
the theme's font files are exactly what PowerPoint and LibreOffice draw. The built-in template is
re-coloured with the content's brand; a clinic's own template keeps its colours, and its theme
fonts are replaced by the brand fonts only when the tool does not ship them (it could not
measure them otherwise).

The pipeline, one module per stage:
  template    load a template and its layout choices   theme       brand the theme part
  layouts     analyse and match a template's layouts   fit         measure and wrap text (TTFs)
  placing     fit text into placeholders, over pages   storyboard  decide every slide (`deck_plan`)
  tables      split the comparison table over slides   pictures    picture bytes and placement
  slide_plan  the plan data both stages share          write       fill an opened template
  drawingml   explicit text, geometry and fill XML     render      save reproducibly (`render_pptx`)
"""

from importlib import import_module
from typing import Any

_PUBLIC = {
    "A": "builder.deck.drawingml",
    "BODY_SPACING": "builder.deck.slide_plan",
    "CELL_MARGINS": "builder.deck.slide_plan",
    "DEFAULT_INSETS": "builder.deck.slide_plan",
    "DeckTemplate": "builder.deck.template",
    "NUMBERED_SPACING": "builder.deck.slide_plan",
    "PICTURE_DPI": "builder.deck.pictures",
    "PicturePlan": "builder.deck.slide_plan",
    "SLIDENUM_FIELD_ID": "builder.deck.write",
    "SlidePlan": "builder.deck.slide_plan",
    "TABLE_SPACING": "builder.deck.slide_plan",
    "TITLE_SPACING": "builder.deck.slide_plan",
    "TablePlan": "builder.deck.slide_plan",
    "TextPlan": "builder.deck.slide_plan",
    "apply_theme": "builder.deck.theme",
    "deck_fonts": "builder.deck.template",
    "deck_plan": "builder.deck.storyboard",
    "load_template": "builder.deck.template",
    "render_pptx": "builder.deck.render",
    "slot_insets": "builder.deck.slide_plan",
}
"""Where each public name lives; imported on first use, so that declaring the deck's output
kind (`builder.deck.kind`) does not import python-pptx."""

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'builder.deck' has no attribute '{name}'")
    return getattr(import_module(_PUBLIC[name]), name)
