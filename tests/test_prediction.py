"""`brochure check` predicts slide overflow from the persistent cache when the deck's inputs
were planned before, and still reports each problem where it now is in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.checks import check_file
from builder.deck import storyboard

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2


def overflow(path: Path) -> list[tuple[int, str]]:
    report = check_file(path)
    return [(p.line, p.message) for p in report.problems if p.rule == "slide-overflow"]


def test_a_handout_edit_reuses_the_plan_and_moves_the_problem(
        minimal_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = minimal_copy.read_text(encoding="utf-8")
    minimal_copy.write_text(text.replace("      - Spun to collect platelets\n",
                                         f"      - Spun to collect {LONG_WORD}\n"))
    [(line, message)] = overflow(minimal_copy)
    assert "is too wide for the slide" in message
    assert minimal_copy.read_text().splitlines()[line - 1].startswith("      - ")  # a point

    def not_again(*_args: object) -> None:
        raise AssertionError("the deck was planned again")

    monkeypatch.setattr(storyboard, "plan_slides", not_again)
    edited = minimal_copy.read_text().replace(  # three more lines of handout-only text
        "      platelets [@trial-2021].\n",
        "      platelets [@trial-2021].\n\n"
        "      It takes about an hour.\n      You go home after.\n")
    minimal_copy.write_text(edited)
    assert overflow(minimal_copy) == [(line + 3, message)]


def test_a_slide_edit_plans_again(minimal_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overflow(minimal_copy)
    planned: list[int] = []
    real = storyboard.plan_slides
    monkeypatch.setattr(storyboard, "plan_slides",
                        lambda *a: planned.append(1) or real(*a))
    minimal_copy.write_text(minimal_copy.read_text().replace(
        "      - Spun to collect platelets\n", f"      - Spun to collect {LONG_WORD}\n"))
    assert [m for _line, m in overflow(minimal_copy)][0].startswith(f"the word '{LONG_WORD[:40]}")
    assert planned == [1]
