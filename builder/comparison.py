"""The comparison table's part of the content model: its columns, rows and, optionally, how
wide each printed column is (`widths`). Re-exported by `builder.model`.

Without `widths` the handout sizes columns from their content and the deck gives the row labels
a wider column and shares the rest; with it both follow the content's proportions.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from builder.model_base import HANDOUT, NOTES, SLIDE, Kind, Markdown, Model, NonEmpty, cites, shown

Width = Annotated[float, Field(gt=0, le=100)]
"""One column's relative width: a positive number, compared with the others."""


class ComparisonRow(Model):
    label: NonEmpty = shown(Kind.CELL, HANDOUT, SLIDE)
    """Row heading, e.g. Can it multiply?"""
    cells: list[Markdown] = shown(Kind.CELL, HANDOUT, SLIDE, min_length=1)
    """One cell per column, in column order."""


class Comparison(Model):
    title: NonEmpty = shown(Kind.TITLE, HANDOUT, SLIDE)
    """Table title."""
    columns: list[NonEmpty] = shown(Kind.NAME, HANDOUT, SLIDE, min_length=1)
    """Column headings, usually therapy short names."""
    rows: list[ComparisonRow] = Field(min_length=1)
    """The rows; each has as many cells as there are columns."""
    widths: list[Width] | None = None
    """Relative column widths, one per printed column with the row labels first, e.g. [2, 1, 1]
    (labels take half); numbers adding up to 100 read as percentages. Default: from content."""
    caption: Markdown | None = shown(Kind.CAPTION, HANDOUT, SLIDE, default=None)
    """Note under the table, with citations; say how to use the table to decide."""
    cite: list[str] = cites()
    """Reference ids supporting the table."""
    notes: str | None = shown(Kind.NOTES, NOTES, default=None)
    """Speaker notes for the table slides."""

    def shares(self) -> list[float] | None:
        """Each printed column's share of the table's width (labels first), or None when the
        content leaves the widths to the renderers; also None when the count is wrong (the
        validator reports that)."""
        if not self.widths or len(self.widths) != len(self.columns) + 1:
            return None
        total = sum(self.widths)
        return [w / total for w in self.widths]
