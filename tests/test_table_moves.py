"""Where the comparison table goes when it left a hole at a page's foot: whole after a short
glossary, or split between rows in its place when the glossary is longer than a spread
(`gaps.LATE_GLOSSARY_PAGES`), where moving it would put it far from the text about it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml

from builder.handout import gaps
from tests.conftest import SLEEP_APNOEA, searched_pdf


def searched(content: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
             ) -> tuple[list[dict[str, Any]], bytes]:
    """(the table's placement in every layout the hole search made, the PDF), with nothing
    remembered from an earlier search."""
    tries: list[dict[str, Any]] = []
    data = searched_pdf(content, cache_dir, monkeypatch, lambda prepared, _laid_out: tries.append(
        {key: prepared.values.get(key) for key in ("table_late", "table_split")}))
    return tries, data


def first_page_with(pdf: bytes, text: str) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        for number in range(len(document)):
            page_text = document[number].get_textpage().get_text_range()
            if text in " ".join(page_text.split()):
                return number + 1
    finally:
        document.close()
    raise AssertionError(f"'{text}' is not in the PDF")


def test_a_table_that_left_a_hole_is_tried_after_a_short_glossary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tries, _pdf = searched(SLEEP_APNOEA, tmp_path / "cache", monkeypatch)
    assert tries[0] == {"table_late": False, "table_split": False}
    assert any(t["table_late"] for t in tries), "the table left no hole: pick content where it does"


def test_past_a_long_glossary_the_table_is_split_in_its_place(
        sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = yaml.safe_load(sample_copy.read_text(encoding="utf-8"))
    data["glossary"] = [{**entry, "term": f"{entry['term']} {round_no}"}
                        for round_no in range(1, 9) for entry in data["glossary"]]
    data["document"].pop("page_budget", None)
    sample_copy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    layouts: list[float] = []
    measure = gaps.glossary_pages
    monkeypatch.setattr(gaps, "glossary_pages",
                        lambda laid_out: layouts.append(measure(laid_out)) or layouts[-1])

    tries, pdf = searched(sample_copy, tmp_path / "cache", monkeypatch)

    assert layouts and layouts[0] > gaps.LATE_GLOSSARY_PAGES, "the table left no hole"
    assert not any(t["table_late"] for t in tries)
    assert tries[-1] == {"table_late": False, "table_split": True}
    table, glossary = data["comparison"]["title"], "Words to know"
    assert first_page_with(pdf, table) < first_page_with(pdf, glossary)
