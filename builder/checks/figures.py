"""Words inside figures: big enough to read where they print, and in the reader's language.

`figure-text-size` measures every label of an SVG figure at the size it prints: in the
handout at the width `builder.figuretext` gives it (half or full column), and on a slide at the
size the deck's planner gives the picture. `image-not-translated` reports a figure with words
that a translated build would print in the source language.
"""

from __future__ import annotations

from collections.abc import Iterator

from builder.checks.layout import planned_deck
from builder.checks.preflight import image_uses
from builder.checks.registry import Context, rule
from builder.errors import Problem
from builder.figuretext import MIN_PRINT_PT
from builder.translate import TranslatedSource, localised_image

EMU_PER_PT = 12700
DECK_FLOOR_PT = 18.0
"""The smallest text on a slide (the deck's body floor): read from the back of a room."""


@rule("figure-text-size", "warning",
      "words inside a figure print below 8 pt in the handout, or below the deck's floor on a "
      "slide")
def figure_text_size(ctx: Context) -> Iterator[Problem]:
    """Label size = font size in the drawing x printed width / drawing width."""
    for use in image_uses(ctx):
        if use.text is None:
            continue
        smallest = use.text.smallest(use.width_mm * 72 / 25.4)
        if smallest and smallest[1] + 1e-6 < MIN_PRINT_PT:
            word, points = smallest
            yield ctx.problem("figure-text-size", use.src_path,
                              f"'{use.src}': its words print at {points:.1f} pt in the handout "
                              f"('{word[:30]}', {use.width_mm:.0f} mm wide); draw them at least "
                              f"{MIN_PRINT_PT:g} pt there (larger text, fewer words) or set "
                              "width: full")
    yield from _slide_sizes(ctx)


def _slide_sizes(ctx: Context) -> Iterator[Problem]:
    """Labels of each picture at the size the deck shows it, against the deck's floor."""
    plan, _failed = planned_deck(ctx)
    if plan is None:
        return
    by_alt = {use.alt: use for use in image_uses(ctx) if use.text is not None and use.alt}
    reported: set[str] = set()
    for slide in getattr(plan, "slides", plan):
        for picture in getattr(slide, "pictures", ()):
            use = by_alt.get(picture.alt)
            if use is None or use.text is None or use.src in reported:
                continue
            smallest = use.text.smallest(picture.rect.width / EMU_PER_PT)
            if smallest and smallest[1] + 1e-6 < DECK_FLOOR_PT:
                reported.add(use.src)
                yield ctx.problem("figure-text-size", use.src_path,
                                  f"'{use.src}': its words show at {smallest[1]:.1f} pt on a "
                                  f"slide ('{smallest[0][:30]}'); the deck's smallest text is "
                                  f"{DECK_FLOOR_PT:g} pt: draw fewer, larger words")


@rule("image-not-translated", "warning",
      "a figure with words has no version in the language being built")
def image_not_translated(ctx: Context) -> Iterator[Problem]:
    """A translated build finds `images/x.es.svg` beside `images/x.svg`, or the translation
    sets `image.src`; otherwise the reader sees the source language's words."""
    source = ctx.source
    if not isinstance(source, TranslatedSource) or source.language == source.source_language:
        return
    original = source.original.data if source.original is not None else {}
    sections = original.get("sections") or []
    for use in image_uses(ctx):
        if use.text is None or not use.text.labels or use.src_path[0] != "sections":
            continue
        index = use.src_path[1]
        before = ((sections[index] if isinstance(index, int) and index < len(sections) else {})
                  .get("image") or {}).get("src")
        if use.src != before:
            continue  # the translation (or a file found by name) gives its own picture
        words = ", ".join(f"'{label.text}'" for label in use.text.labels[:3])
        yield ctx.problem("image-not-translated", use.src_path,
                          f"'{use.src}' holds words ({words}) and has no {source.language} "
                          f"version: add {localised_image(use.src, source.language)} or set "
                          f"image.src in {source.translation_file.name}")
