"""The seminar deck: a native .pptx built on a template's layouts, with nothing that overflows.

Two stages, like the handout: `deck_plan` decides every slide (kind, layout, the text of each
placeholder at a measured font size, pictures, table pages, notes) without writing anything, so
`brochure check` can predict overflow cheaply; `render_pptx` turns the plan into a presentation.

Text goes into the layout's placeholders (or, on a clinic's template whose boxes are too
small or missing, into free room clear of the template's artwork), so the template's theme
applies and PowerPoint users can restyle the deck. Each run carries an explicit size, each text
frame has autofit off and explicit insets and line spacing, so the sizes `fit.py` measured with
the theme's font files (or their metric-compatible stand-ins) are exactly what PowerPoint and
LibreOffice draw. The built-in template is re-coloured with the content's brand; a clinic's own
template keeps its colours and fonts.

The pipeline, one module per stage:
  template    load a template and its layout choices   theme       brand the theme part
  package     .pptx/.potx/.pptm/.potm, plain refusals  metrics     which font measures which
  layouts     analyse a template's layouts             matching    choose a layout per kind
  artwork     what the master draws (lxml)             colours     theme colours, WCAG contrast
  clearing    boxes clear of the artwork (geometry)
  geometry    rectangles, slots, layout choices        room        free room for growing boxes
  fit         measure and wrap text (TTFs)             typeface    widths from the font files
  placing     fit text into placeholders, over pages   storyboard  decide every slide (`deck_plan`)
  cover       the title slide on any template          tables      split the comparison table
  pictures    picture bytes and placement              slide_plan  the plan both stages share
  write       fill an opened template                  drawingml   explicit text, geometry, fills
  render      save reproducibly (`render_pptx`)  kind        the output-kind registry entry
  preview     slide pictures through LibreOffice   archive     unpack a template within limits
  partition   even pages in linear time (lists, table rows)
  fit_memory  `check`'s fits remembered by content, so an edit fits only what it changed
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
