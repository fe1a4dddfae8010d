"""Planning the comparison table: column widths, row heights and rows split over slides."""

from __future__ import annotations

import math
from dataclasses import replace

from builder.deck import fit
from builder.deck.fit import Para
from builder.deck.geometry import EMU_PER_PT, Rect, Slot
from builder.deck.partition import even_pages
from builder.deck.slide_plan import CELL_MARGINS, TABLE_SPACING, TablePlan
from builder.deck.typeface import Typeface


def emboldened(paras: list[Para]) -> list[Para]:
    """`paras` with every run bold: header cells are measured and drawn bold."""
    return [replace(p, runs=tuple(replace(r, bold=True) for r in p.runs)) for p in paras]


def table_pages(slot: Slot, rect: Rect, header: list[list[Para]],
                rows: list[list[list[Para]]], face: Typeface, *, split_columns: bool = True,
                shares: list[float] | None = None) -> list[TablePlan] | None:
    """The table over as few slides as it needs: all its columns at once when they fit at the
    floor size, else (with `split_columns`) its columns in as few groups as fit, each group
    with the row labels, as a printed table too wide for its page continues on the next. None
    when even one column beside the labels cannot hold its cells. `shares` are the content's
    relative column widths (labels first); a group of columns keeps their proportions."""
    columns = max(1, len(header) - 1)  # a table of labels alone is one group
    widths = {math.ceil(columns / groups) for groups in range(1, columns + 1)}
    for per in sorted(widths, reverse=True) if split_columns else [columns]:
        groups = [[0, *range(start, min(start + per, len(header)))]  # labels, then columns
                  for start in range(1, columns + 1, per)]  # each width tried once, widest first
        plans = _group_pages(slot, rect, header, rows, face, groups, shares)
        if plans is None:
            continue
        smallest = min(plan.size for plan in plans)
        if any(plan.size != smallest for plan in plans):  # one size on every slide of the table
            plans = _group_pages(replace(slot, size=smallest), rect, header, rows, face,
                                 groups, shares) or plans
        return plans
    return None


def _group_pages(slot: Slot, rect: Rect, header: list[list[Para]],
                 rows: list[list[list[Para]]], face: Typeface,
                 groups: list[list[int]], shares: list[float] | None,
                 ) -> list[TablePlan] | None:
    """The pages of each group of columns in turn; None if one group does not fit."""
    plans: list[TablePlan] = []
    for picked in groups:
        part = _row_pages(slot, rect, [header[i] for i in picked],
                          [[row[i] for i in picked] for row in rows], face,
                          _group_shares(shares, picked) if shares else None)
        if part is None:
            return None
        plans += part
    return plans


def _group_shares(shares: list[float], picked: list[int]) -> list[float]:
    """A group's shares: the row labels keep their share of the whole table, the group's
    columns divide the rest in their own proportions (labels [3, 1, 1, 1] on a slide of two
    columns: 3/6, then 1/4 each; not 3/5, which would leave the columns cramped)."""
    labels = shares[0] / sum(shares)
    columns = sum(shares[i] for i in picked[1:])
    return [labels, *((1 - labels) * shares[i] / columns for i in picked[1:])]


def _row_pages(slot: Slot, rect: Rect, header: list[list[Para]],
               rows: list[list[list[Para]]], face: Typeface,
               shares: list[float] | None = None) -> list[TablePlan] | None:
    """Rows split over as few slides as possible, the header row on each, at the largest size
    that does it; None when a row does not fit one slide even at the slot's floor size."""
    widths = _column_widths(rect.width, len(header), shares)
    best: list[TablePlan] | None = None
    for size in fit.sizes(slot.size, slot.floor):
        header_height = _row_height(header, widths, size, face, bold=True)
        body = [_row_height(r, widths, size, face) for r in rows]
        if header_height is None or None in body:
            continue
        pages = _split_rows(header_height, body, rect.height)  # type: ignore[arg-type]
        if pages is None:
            continue
        if best is None or len(pages) < len(best):
            best = [TablePlan(rect, slot, widths, [header_height, *[body[i] for i in page]],
                              [header, *[rows[i] for i in page]], size)  # type: ignore[list-item]
                    for page in pages]
    return best


def _column_widths(width: int, columns: int, shares: list[float] | None = None) -> list[int]:
    """The content's proportions when it gives them; else a wider label column and the rest
    shared equally. The last column takes the rounding."""
    if shares:
        total = sum(shares)
        widths = [int(width * share / total) for share in shares]
    else:
        label_share = 0.24 if columns > 2 else 0.4
        label_width = int(width * label_share)
        other = (width - label_width) // max(1, columns - 1)
        widths = [label_width] + [other] * (columns - 1)
    widths[-1] = width - sum(widths[:-1])
    return widths


def _row_height(cells: list[list[Para]], widths: list[int], size: float, face: Typeface,
                bold: bool = False) -> int | None:
    """Height a row needs in EMU, or None when a word is wider than its column."""
    left, top, right, bottom = CELL_MARGINS
    tallest = 0.0
    for paras, width in zip(cells, widths, strict=True):
        result = fit.measure(emboldened(paras) if bold else paras,
                             (width - left - right) / EMU_PER_PT, size, face, TABLE_SPACING)
        if not result.word_fits:
            return None
        tallest = max(tallest, result.height)
    return int(tallest * EMU_PER_PT) + top + bottom


def _split_rows(header: int, rows: list[int], height: int) -> list[list[int]] | None:
    """Row indices per page: the fewest pages, then the most even page heights (4+4 reads
    better than 7+1); None if one row cannot fit under the header at all."""
    if any(header + row > height for row in rows):
        return None
    return [list(range(start, end)) for start, end in even_pages(rows, header, height)]
