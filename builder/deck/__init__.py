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

from builder.deck.drawingml import A
from builder.deck.pictures import PICTURE_DPI
from builder.deck.render import render_pptx
from builder.deck.slide_plan import (
    BODY_SPACING,
    CELL_MARGINS,
    DEFAULT_INSETS,
    NUMBERED_SPACING,
    TABLE_SPACING,
    TITLE_SPACING,
    PicturePlan,
    SlidePlan,
    TablePlan,
    TextPlan,
    slot_insets,
)
from builder.deck.storyboard import deck_plan
from builder.deck.template import DeckTemplate, deck_fonts, load_template
from builder.deck.theme import apply_theme
from builder.deck.write import SLIDENUM_FIELD_ID

__all__ = [
    "A",
    "BODY_SPACING",
    "CELL_MARGINS",
    "DEFAULT_INSETS",
    "NUMBERED_SPACING",
    "PICTURE_DPI",
    "SLIDENUM_FIELD_ID",
    "TABLE_SPACING",
    "TITLE_SPACING",
    "DeckTemplate",
    "PicturePlan",
    "SlidePlan",
    "TablePlan",
    "TextPlan",
    "apply_theme",
    "deck_fonts",
    "deck_plan",
    "load_template",
    "render_pptx",
    "slot_insets",
]
