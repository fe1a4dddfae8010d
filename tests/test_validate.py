"""Validation reports every problem at once, located, in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import loader
from builder.errors import ContentError
from builder.validate import annotation_at, validate
from tests.conftest import MINIMAL


def problems_for(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "c.yaml"
    path.write_text(text)
    with pytest.raises(ContentError) as caught:
        validate(loader.load(path))
    return caught.value.lines()


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(next(row for row in text.splitlines() if needle in row)) + 1


def test_minimal_fixture_is_valid() -> None:
    document = validate(loader.load(MINIMAL))
    assert [s.id for s in document.sections] == ["what-is-prp", "questions"]


def test_all_problems_in_one_pass_with_paths_and_hints(tmp_path: Path) -> None:
    text = MINIMAL.read_text()
    text = text.replace("    website:", "    websit:")
    text = text.replace("      alt: A round", "      alts: A round")
    text = text.replace("  page_budget: 4", "  page_budget: many")
    lines = problems_for(tmp_path, text)
    assert len(lines) == 4, lines
    assert f"c.yaml:{line_of(text, 'websit:')}:5: document.organisation.websit: unknown key " \
           "'websit'; did you mean 'website'?" in lines[0]
    assert f":{line_of(text, 'page_budget')}:16: document.page_budget: should be a valid " \
           "integer" in lines[1]
    assert lines[2].endswith("sections[0].image: required key 'alt' is missing")
    assert f":{line_of(text, 'alts:')}:7: sections[0].image.alts: unknown key 'alts'; " \
           "did you mean 'alt'?" in lines[3]


def test_missing_required_key_points_at_parent(tmp_path: Path) -> None:
    text = MINIMAL.read_text().replace("      alt: A round cell above a blue bar.\n", "")
    (line,) = problems_for(tmp_path, text)
    assert line.endswith("sections[0].image: required key 'alt' is missing")
    assert f":{line_of(text, 'src: images/cell.png')}:" in line


def test_cross_references(tmp_path: Path) -> None:
    text = MINIMAL.read_text().replace("therapy: prp", "therapy: prx")
    text = text.replace("  - id: questions", "  - id: what-is-prp")
    lines = problems_for(tmp_path, text)
    assert any("id 'what-is-prp' is used more than once" in line for line in lines)
    assert any("unknown therapy 'prx'; did you mean 'prp'?" in line for line in lines)


def test_table_rows_must_match_columns(tmp_path: Path) -> None:
    text = MINIMAL.read_text().replace("cells: [Your own blood]", "cells: [Your own blood, x]")
    (line,) = problems_for(tmp_path, text)
    assert "comparison.rows[0].cells: row has 2 cells but the table has 1 columns" in line


def test_annotation_lookup_follows_lists() -> None:
    assert annotation_at(("sections", 2, "title")) is str
    assert annotation_at(("document", "page_budget")) is not str
