"""Empty space at the foot of each laid-out page, what caused it, and moving figures down their
section until the holes close.

A picture, table or box that does not fit at the foot of a page moves to the next one and
leaves a hole. After layout each page's empty band above the footer is measured; a figure that
may move (`placement: auto`) and was pushed over goes after the next block of its section and
the pages are laid out again (at most `MAX_PASSES` times, keeping the best). Holes that remain
on any page but the last are reported with the page and the cause (rule `page-space`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from builder.errors import Problem
from builder.handout.boxes import attribute, bottom, descendants
from builder.handout.environment import fill_template
from builder.handout.view import Prepared
from builder.markup import to_html, top_level_blocks
from builder.options import RenderContext

MAX_EMPTY = 0.15
"""Share of a page's text area that may stay empty at its foot (the last page aside)."""

MAX_PASSES = 4
"""Layouts tried while moving figures; each costs a full layout."""


@dataclass(frozen=True)
class PageSpace:
    """One page's empty band at the foot, and what the next page starts with."""

    number: int
    """1-based."""
    empty: float
    """Share (0..1) of the text area left empty below the lowest content."""
    next_first: Any | None
    """The first content box of the next page (None on the last page)."""


def _visible(box: Any) -> bool:
    """Boxes a reader sees: lines of text, pictures, boxes with a background or border."""
    name = type(box).__name__
    if name in ("LineBox", "InlineReplacedBox", "BlockReplacedBox"):
        return True
    style = getattr(box, "style", None)
    if style is None or not name.endswith("BlockBox") and name not in ("TableRowBox",
                                                                        "TableBox"):
        return False
    colour = style["background_color"]
    return bool(getattr(colour, "alpha", 0)) or any(
        style[f"border_{side}_width"] for side in ("top", "bottom"))


def _content_bottoms(box: Any) -> list[float]:
    """Lowest edges of what a reader sees in `box`. A frame (a box with a background or
    border) counts by what it holds, not by its own edge: a box split across pages is drawn
    to the page's foot, and the empty band inside it is a hole all the same. A frame holding
    no text or picture (a write-in line, a rule) counts itself."""
    name = type(box).__name__
    if name in ("LineBox", "InlineReplacedBox", "BlockReplacedBox"):
        return [bottom(box)]
    inner = [edge for child in getattr(box, "children", ()) or ()
             for edge in _content_bottoms(child)]
    if inner or not _visible(box):
        return inner
    return [bottom(box)]


def _content_root(page: Any) -> Any:
    return page._page_box.children[0]


def page_spaces(laid_out: Any) -> list[PageSpace]:
    """Every page's empty share at the foot, with the first box of the page after it."""
    spaces: list[PageSpace] = []
    pages = laid_out.pages
    for index, page in enumerate(pages):
        box = page._page_box
        top, height = box.content_box_y(), box.height
        lowest = max(_content_bottoms(_content_root(page)), default=top)
        empty = max(0.0, (top + height - lowest) / height) if height else 0.0
        following = first_content(pages[index + 1]) if index + 1 < len(pages) else None
        spaces.append(PageSpace(index + 1, empty, following))
    return spaces


_KINDS = ("figure", "table", "aside", "section", "h2", "h3", "li", "p")


def first_content(page: Any) -> Any | None:
    """The outermost meaningful element at the top of a page: a figure, table, box, heading
    or paragraph."""
    for box in descendants(_content_root(page)):
        tag = getattr(box, "element_tag", None)
        if tag in _KINDS and tag != "section":
            return box
        if tag == "section" and "section" not in (attribute(box, "class") or "").split():
            return box  # a whole block such as key messages, the disclaimer, the table
    return None


def _figures_on(page: Any) -> list[Any]:
    return [b for b in descendants(_content_root(page))
            if getattr(b, "element_tag", None) == "figure" and attribute(b, "data-section")]


def _sections_on(page: Any) -> set[str]:
    return {attribute(b, "id") or "" for b in descendants(_content_root(page))
            if getattr(b, "element_tag", None) == "section"}


FULL_WIDTH_SHARE = 0.55
"""A paragraph beside a half-width figure takes about this share of its height once it moves
above the figure, to the full column."""


def pushed_figures(laid_out: Any) -> dict[str, int]:
    """Section ids whose figure left a hole (the page before is too empty at its foot and the
    figure's section begins on that page), each with how many of the blocks after the figure
    would fill the hole: one layout pass moves the figure that far."""
    spaces = page_spaces(laid_out)
    pushed: dict[str, int] = {}
    for space in spaces[:-1]:
        if space.empty <= MAX_EMPTY:
            continue
        page = laid_out.pages[space.number - 1]._page_box
        hole = space.empty * page.height
        before = _sections_on(laid_out.pages[space.number - 1])
        for figure in _figures_on(laid_out.pages[space.number]):
            section = attribute(figure, "data-section") or ""
            if section in before and attribute(figure, "data-placement") == "auto" and \
                    section not in pushed:
                parent = next((box for box in descendants(_content_root(
                    laid_out.pages[space.number])) if figure in (box.children or ())), None)
                pushed[section] = _blocks_to_fill(parent, figure, hole)
    return pushed


def _blocks_to_fill(parent: Any | None, figure: Any, hole: float) -> int:
    """How many of the blocks that follow `figure` in `parent` fit, at full width, into a
    hole `hole` high (at least one)."""
    count, used = 0, 0.0
    siblings = list(getattr(parent, "children", ()) or ()) if parent is not None else []
    after = siblings[siblings.index(figure) + 1:] if figure in siblings else []
    for block in after:
        used += block.margin_height() * FULL_WIDTH_SHARE
        if used > hole:
            break
        count += 1
    return max(1, count)


def table_left_hole(laid_out: Any) -> bool:
    """True when the comparison table, kept whole, moved on and left a hole before it."""
    for space in page_spaces(laid_out)[:-1]:
        box = space.next_first
        if space.empty > MAX_EMPTY and box is not None and (
                getattr(box, "element_tag", None) == "table"
                or "comparison" in (attribute(box, "class") or "").split()):
            return True
    return False


LATE_GLOSSARY_PAGES = 2.0
"""A table that left a hole moves after the glossary only when the glossary takes at most this
many pages (a spread; the sample's takes 1.1). Past a longer one the table would be far from
the text that refers to it (1,250 terms: 80 pages), so it is split between rows in its place
instead, and the search lays the handout out once less."""


def glossary_pages(laid_out: Any) -> float:
    """How many pages' text areas the glossary takes (0 without one)."""
    total = 0.0
    for page in laid_out.pages:
        for box in descendants(_content_root(page)):
            if getattr(box, "element_tag", None) == "section" and \
                    attribute(box, "id") == "glossary":
                total += box.margin_height() / page._page_box.height
                break
    return total


def move_table(prepared: Prepared, laid_out: Any) -> Prepared | None:
    """`prepared` with the comparison table where it may fit better: first after the glossary
    (whole) when the glossary is short (`LATE_GLOSSARY_PAGES`), then back in its place but
    split between rows (its header repeated); None when both were tried."""
    if prepared.values.get("table_split"):
        return None
    if prepared.values.get("table_late") or glossary_pages(laid_out) > LATE_GLOSSARY_PAGES:
        values = {**prepared.values, "table_late": False, "table_split": True}
    else:
        values = {**prepared.values, "table_late": True}
    return replace(prepared, values=values,
                   html=fill_template(prepared.search_path, prepared.page, values))


def move_figures(prepared: Prepared, moves: dict[str, int]) -> Prepared | None:
    """`prepared` with each named section's figure the given number of blocks further down
    (never past the section's body), or None when none of them can move."""
    views = prepared.values["sections"]
    moved = False
    updated = []
    for view in views:
        if view.section.id in moves and view.figure is not None:
            blocks = len(top_level_blocks(to_html(view.section.body or "")))
            after = min(blocks, view.figure_after + moves[view.section.id])
            if after > view.figure_after:
                view = replace(view, figure_after=after)
                moved = True
        updated.append(view)
    if not moved:
        return None
    values = {**prepared.values, "sections": updated}
    return replace(prepared, values=values,
                   html=fill_template(prepared.search_path, prepared.page, values))


def _cause(box: Any | None) -> str:
    """What a reader would call the box that moved on to the next page."""
    if box is None:
        return "nothing"
    tag = getattr(box, "element_tag", "")
    classes = (attribute(box, "class") or "").split()
    if tag == "figure":
        return "a figure, kept whole with its caption,"
    if tag == "table" or "comparison" in classes:
        return "the table, kept whole,"
    if tag in ("h2", "h3"):
        return "a heading, kept with the text after it,"
    if tag in ("aside", "section"):
        return "a box kept in one piece"
    return "text kept together (no single line left behind)"


def space_warnings(laid_out: Any, context: RenderContext) -> list[Problem]:
    """A warning for each page but the last whose foot is more than `MAX_EMPTY` empty."""
    warnings = []
    for space in page_spaces(laid_out)[:-1]:
        if space.empty > MAX_EMPTY:
            warnings.append(context.problem(
                (), f"page {space.number} is {space.empty:.0%} empty at its foot: "
                f"{_cause(space.next_first)} did not fit there and starts page "
                f"{space.number + 1}; shorten the text before it, or let a figure move "
                "(placement: auto)", level="warning", rule="page-space"))
    return warnings
