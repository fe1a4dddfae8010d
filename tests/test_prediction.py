"""`brochure check` predicts slide overflow from the persistent cache when the deck's inputs
were planned before, and still reports each problem where it now is in the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder import cache
from builder.checks import check_file
from builder.deck import fit, storyboard, typeface
from builder.errors import Problem
from tests.conftest import FIXTURES, SAMPLE

PRINT = FIXTURES / "print" / "sleep-apnoea.yaml"
"""Content on another topic, with a Spanish translation."""

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


def _planned_from_nothing(path: Path, monkeypatch: pytest.MonkeyPatch, **options: object
                          ) -> list[Problem]:
    """Every problem of `path` with the persistent cache off: no prediction, no fit recalled."""
    with monkeypatch.context() as patch:
        patch.setenv("BROCHURE_CACHE", "off")
        patch.setattr(cache, "folder", lambda: None)  # memoised: the switch alone is not enough
        return check_file(path, **options).problems  # type: ignore[arg-type]


def test_a_key_point_edit_fits_that_text_again_not_the_deck(
        minimal_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fitted: list[str] = []
    real = fit.paginate

    def recording(paras: list[fit.Para], *args: object) -> list[fit.Fitted]:
        fitted.append(" ".join(para.text for para in paras))
        return real(paras, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(fit, "paginate", recording)
    overflow(minimal_copy)  # plans the deck; every text fitted is remembered
    first = len(fitted)
    fitted.clear()
    minimal_copy.write_text(minimal_copy.read_text().replace(
        "      - Spun to collect platelets\n", f"      - Spun to collect {LONG_WORD}\n"))
    problems = check_file(minimal_copy).problems
    assert any(LONG_WORD in text for text in fitted)  # the edited points are fitted again,
    assert len(fitted) <= first // 4  # and little else (here a slide merged at their size)
    assert [p for p in problems if p.rule == "slide-overflow"]
    assert problems == _planned_from_nothing(minimal_copy, monkeypatch)


def test_after_an_edit_only_the_new_words_are_measured(
        minimal_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    minimal_copy.write_text(minimal_copy.read_text().replace(  # a deck not predicted before
        "Made from your own blood", "Made from your very own blood"))
    fit.wrap.cache_clear()  # as in a new process: every word's width is asked for
    overflow(minimal_copy)  # plans it, and remembers the width of every word it measured
    measured: list[str] = []
    real = typeface._width.__wrapped__  # the measurement, as in a new process: nothing kept

    def recording(face: typeface.Typeface, text: str, bold: bool, italic: bool) -> float:
        measured.append(text)
        return real(face, text, bold, italic)

    monkeypatch.setattr(typeface, "_width", recording)
    fit.wrap.cache_clear()
    minimal_copy.write_text(minimal_copy.read_text().replace(
        "      - Spun to collect platelets\n", f"      - Spun to collect {LONG_WORD}\n"))
    assert [p for p in check_file(minimal_copy).problems if p.rule == "slide-overflow"]
    assert measured and all(text in LONG_WORD for text in measured)  # the word, its pieces


@pytest.mark.parametrize(("content", "old", "new", "options"), [
    (SAMPLE, '      - "Made from your own blood in one visit"',
     f'      - "Made from your own blood in one visit, {LONG_WORD}"', {}),
    (PRINT, "      - \"A sleep study counts the pauses\"",
     f"      - \"A sleep study counts the pauses, {LONG_WORD} {LONG_WORD}\"",
     {"language": "all"}),
])
def test_what_check_remembers_gives_what_planning_from_nothing_gives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: Path, old: str, new: str,
        options: dict[str, object]) -> None:
    """Cold cache, warm cache after an edit of slide text, and no cache: the same problems."""
    folder = tmp_path / "content"
    shutil.copytree(content.parent, folder)
    path = folder / content.name
    cold = check_file(path, **options).problems  # type: ignore[arg-type]
    assert cold == _planned_from_nothing(path, monkeypatch, **options)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    edited = check_file(path, **options).problems  # type: ignore[arg-type]
    assert edited != cold
    assert edited == _planned_from_nothing(path, monkeypatch, **options)
    path.write_text(text, encoding="utf-8")  # and back: what was remembered before the edit
    assert check_file(path, **options).problems == cold  # type: ignore[arg-type]
