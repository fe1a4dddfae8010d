"""Words a table had to break without a hyphen, found on the laid-out pages.

Table columns take their width from their content and hyphenate in the document's language;
only a word that still does not fit its column is broken anywhere (`overflow-wrap: anywhere`),
so nothing ever reaches past the text block. Such a break is reported with the row, the column
and the word (rule `table-word`), at the cell in the content file or its translation.
"""

from __future__ import annotations

from typing import Any

from builder.errors import Problem
from builder.handout.boxes import descendants
from builder.model import Document
from builder.options import RenderContext

_HYPHENS = ("-", "\u2010", "\u00ad")


def _text(box: Any) -> str:
    text = getattr(box, "text", None)
    if text is not None:
        return text
    return "".join(_text(child) for child in getattr(box, "children", ()) or ())


def _cells(page: Any) -> list[tuple[int, int, Any]]:
    """(row, column, cell box) of every body cell of a table on the page; the row label's
    column is -1."""
    found = []
    for group in descendants(page._page_box):
        if getattr(group, "element_tag", None) != "tbody":
            continue
        rows = [r for r in group.element if r.tag == "tr"]
        for row_box in group.children:
            element = getattr(row_box, "element", None)
            if element is None or element not in rows:
                continue
            cells = [c for c in element if c.tag in ("td", "th")]
            for cell_box in row_box.children:
                if getattr(cell_box, "element", None) in cells:
                    found.append((rows.index(element), cells.index(cell_box.element) - 1,
                                  cell_box))
    return found


def broken_word(text: str, lines: list[str]) -> str | None:
    """The first word of `text` that `lines` split with no hyphen, if any."""
    cursor = 0
    for line in lines[:-1]:
        hyphenated = line.endswith(_HYPHENS) and not text.startswith(line, cursor)
        piece = line[:-1] if hyphenated else line
        if not text.startswith(piece, cursor):
            return None  # not the text expected (generated content): say nothing
        cursor += len(piece)
        if hyphenated or cursor >= len(text) or text[cursor] == " " or \
                text[cursor - 1] in "-/\u2013":
            cursor += 1 if cursor < len(text) and text[cursor] == " " else 0
            continue
        start = text.rfind(" ", 0, cursor) + 1
        end = text.find(" ", cursor)
        return text[start:end if end >= 0 else len(text)]
    return None


def broken_words(laid_out: Any, document: Document, context: RenderContext) -> list[Problem]:
    """A warning for each table cell with a word split across lines with no hyphen."""
    table = document.comparison
    if table is None:
        return []
    found: list[Problem] = []
    seen: set[tuple[int, int]] = set()
    for page in laid_out.pages:
        for row, column, box in _cells(page):
            if (row, column) in seen:
                continue
            lines = [line for line in (_text(b).strip() for b in descendants(box)
                                       if type(b).__name__ == "LineBox") if line]
            word = broken_word(" ".join("".join(box.element.itertext()).split()), lines)
            if word is None:
                continue
            seen.add((row, column))
            label = table.rows[row].label
            name = table.columns[column] if column >= 0 else "row label"
            path = ("comparison", "rows", row, "cells", column) if column >= 0 else \
                ("comparison", "rows", row, "label")
            found.append(context.problem(
                path, f"table row '{label}', column '{name}': the word '{word}' is wider than "
                "its column and was broken without a hyphen; shorten it, give the table "
                "fewer columns or widen this column (comparison.widths)", level="warning",
                rule="table-word"))
    return found
