"""Text contrast on the laid-out pages: every run of text against the colour actually behind it.

The colours come from the templates' CSS with the brand colours filled in, read back from
WeasyPrint's computed styles, so a clinic's own stylesheet or a brand colour from the content
is measured exactly as it prints. Text below WCAG AA (4.5:1, or 3:1 for large text) is
reported once per colour pair with the ratio and an example of the text (rule `contrast`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from builder import contrast
from builder.errors import Problem
from builder.handout.boxes import attribute
from builder.options import RenderContext

PX_TO_PT = 0.75


@dataclass(frozen=True)
class TextPair:
    """One run of text and the colour behind it."""

    foreground: str
    background: str
    ratio: float
    size_pt: float
    bold: bool
    text: str
    where: str
    """The class (or tag) of the element that sets the text."""

    @property
    def needed(self) -> float:
        """List bullets are graphics (3:1, WCAG 1.4.11); text needs 4.5:1, or 3:1 if large."""
        if self.where.endswith("::marker"):
            return contrast.AA_LARGE
        return contrast.required(self.size_pt, self.bold)

    @property
    def passes(self) -> bool:
        return self.ratio + 1e-9 >= self.needed


def _rgb(colour: Any) -> tuple[tuple[int, int, int], float]:
    red, green, blue, alpha = colour
    return (round(red * 255), round(green * 255), round(blue * 255)), alpha


def _walk(box: Any, background: tuple[int, int, int], where: str, out: list[TextPair]) -> None:
    style = getattr(box, "style", None)
    if style is not None:
        rgb, alpha = _rgb(style["background_color"])
        if alpha > 0:
            background = tuple(round(c) for c in contrast.blend(rgb, alpha, background))  # type: ignore[assignment]
        if getattr(box, "element_tag", None):
            where = (attribute(box, "class") or box.element_tag).split()[0]
    text = getattr(box, "text", None)
    if text and text.strip() and style is not None:
        rgb, alpha = _rgb(style["color"])
        seen = contrast.blend(rgb, alpha * style["opacity"], background)
        foreground = contrast.hex_colour(seen)
        out.append(TextPair(foreground, contrast.hex_colour(background),
                            contrast.ratio(foreground, contrast.hex_colour(background)),
                            style["font_size"] * PX_TO_PT, style["font_weight"] >= 600,
                            text.strip(), where))
    for child in getattr(box, "children", ()) or ():
        _walk(child, background, where, out)


def text_pairs(laid_out: Any) -> list[TextPair]:
    """Every text run on every page with its colour, the colour behind it and their ratio."""
    pairs: list[TextPair] = []
    for page in laid_out.pages:
        box = page._page_box
        rgb, alpha = _rgb(box.style["background_color"])
        page_colour = tuple(round(c) for c in contrast.blend(rgb, alpha, (255, 255, 255)))
        _walk(box, page_colour, "page", pairs)  # type: ignore[arg-type]
    return pairs


def contrast_warnings(laid_out: Any, context: RenderContext) -> list[Problem]:
    """One warning per colour pair that fails WCAG AA somewhere in the document."""
    failing: dict[tuple[str, str], TextPair] = {}
    for pair in text_pairs(laid_out):
        if not pair.passes:
            failing.setdefault((pair.foreground, pair.background), pair)
    return [context.problem(("brand", "colours"),
                            f"text {p.foreground} on {p.background} has a contrast of "
                            f"{p.ratio:.2f}:1 ('{p.text[:30]}', .{p.where}, {p.size_pt:g} pt); "
                            f"it needs {p.needed:g}:1: darken the "
                            "text colour or lighten the background", level="warning",
                            rule="contrast")
            for p in failing.values()]
