"""Column widths given in the content file (`comparison.widths`), read back from the real
outputs: where each column's text starts in the PDF (poppler's word boxes) and how wide each
column of every slide table is in the PPTX; wrong widths stop at their line with exit 2.

Built on the second content file (sleep apnoea, a seven-column table), not on the sample.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.deck import render_pptx
from builder.handout.render import render_pdf
from builder.options import BuildOptions
from builder.pipeline import context_for, load_document
from tests.conftest import FIXTURES
from tests.measure import MM, page_layout

CLINIC = FIXTURES / "print" / "sleep-apnoea.yaml"
WIDTHS = [3, 1, 1, 1, 1, 1, 2]
"""The row labels three times a column, Surgery (long words) twice."""
TEXT_WIDTH = (210 - 2 * 18) * MM
"""The handout's text block on A4 (handout.css: 18 mm each side); the table is 100 % of it."""


def with_widths(tmp_path: Path, widths: str) -> Path:
    """A copy of the clinic's folder whose table says `widths: ...`."""
    shutil.copytree(CLINIC.parent, tmp_path / "c")
    content = tmp_path / "c" / CLINIC.name
    text = content.read_text(encoding="utf-8")
    marker = "  columns: [\"CPAP\""
    assert marker in text
    content.write_text(text.replace(marker, f"  widths: {widths}\n{marker}"), encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_widths(tmp_path_factory.mktemp("widths"), str(WIDTHS))


def column_starts(widths: list[float]) -> list[float]:
    """Where each printed column starts, from the table's left edge, in points."""
    total = sum(widths)
    return [TEXT_WIDTH * sum(widths[:i]) / total for i in range(len(widths))]


def word_starts(pdf: bytes, title: str) -> tuple[float, list[float]]:
    """(the table's left edge, the left of every word in it) on the page with `title`."""
    page = next(p for p in page_layout(pdf) if title in " ".join(w.text for w in p.words))
    heading = next(line for line in page.lines if line.text.startswith(title))
    words = [w for w in page.words if w.box.y0 > heading.box.y1]
    return heading.box.x0, [w.box.x0 for w in words]


def test_handout_columns_start_where_the_widths_say(content: Path) -> None:
    """Every column's text starts at the share the content gives it: in each column at least
    one word per row (the header and four rows) starts at its left edge plus the cell padding;
    without widths the columns start elsewhere (the measure can fail)."""
    loaded = load_document(content, None)
    document = loaded.document
    options = BuildOptions(outputs=("pdf",))
    pdf = render_pdf(document, context_for(content, options, loaded.source)).data
    rows = len(document.comparison.rows)
    padding = 1.5 * MM  # seven columns: the `wide` table's padding

    def starting_at(pdf: bytes, widths: list[float]) -> list[int]:
        left, starts = word_starts(pdf, document.comparison.title)
        return [sum(1 for x in starts if abs(x - (left + column + padding)) < 1.0)
                for column in column_starts(widths)[1:]]

    assert all(count >= rows for count in starting_at(pdf, WIDTHS)), starting_at(pdf, WIDTHS)
    plain = load_document(CLINIC, None)
    pdf_plain = render_pdf(plain.document, context_for(CLINIC, options, plain.source)).data
    assert not all(count >= rows for count in starting_at(pdf_plain, WIDTHS))


def test_every_slide_table_keeps_the_proportions(content: Path) -> None:
    """Each slide table (the wide table continues by groups of columns, row labels on each)
    gives the row labels their share of the whole table and its other columns the content's
    proportions among themselves."""
    from pptx import Presentation

    loaded = load_document(content, None)
    document = loaded.document
    options = BuildOptions(outputs=("pptx",))
    data = render_pptx(document, context_for(content, options, loaded.source)).data
    tables = [shape.table for slide in Presentation(io.BytesIO(data)).slides
              for shape in slide.shapes if shape.has_table]
    assert tables
    names = ["", *document.comparison.columns]
    for table in tables:
        shown = [names.index(table.cell(0, c).text) for c in range(len(table.columns))]
        widths = [column.width for column in table.columns]
        assert shown[0] == 0 and len(shown) > 1
        labels = WIDTHS[0] / sum(WIDTHS)
        assert widths[0] / sum(widths) == pytest.approx(labels, abs=0.005)
        columns = sum(WIDTHS[i] for i in shown[1:])
        for width, i in zip(widths[1:], shown[1:], strict=True):
            assert width / sum(widths) == pytest.approx((1 - labels) * WIDTHS[i] / columns,
                                                        abs=0.005)


@pytest.mark.parametrize(("widths", "message"), [
    ("[2, 1]", "comparison.widths: 2 widths for 7 printed columns (the row labels and 6 "
               "columns); give one width per printed column, the row labels first"),
    ("[3, 1, 1, 0, 1, 1, 2]", "comparison.widths[3]: should be greater than 0"),
    ("[3, 1, 1, wide, 1, 1, 2]", "comparison.widths[3]: should be a valid number, unable to "
                                 "parse string as a number"),
])
def test_wrong_widths_stop_at_their_line(tmp_path: Path, widths: str, message: str) -> None:
    content = with_widths(tmp_path, widths)
    line = next(i for i, text in enumerate(content.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("  widths:"))
    result = CliRunner().invoke(main, ["build", str(content), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    first = result.output.splitlines()[0]
    assert first.startswith(f"{content}:{line}:") and first.endswith(message), result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
