"""Legal but large input must cost work roughly in proportion to its size: a quadratic step
turns a pasted blob (well under the 2 MB file cap) into a build that never ends."""

from __future__ import annotations

import cProfile
import pstats
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.conftest import (
    CONTENT,
    MINIMAL_DIR,
    Baseline,
    Workspace,
    assert_clean,
    run_cli,
)


def test_breaking_a_long_word_measures_each_character_a_bounded_number_of_times() -> None:
    """Counts the characters handed to the width function instead of timing the real font, so
    the check is exact and takes milliseconds: 20,000 characters cut into 50-character lines
    should measure on the order of 20,000 x 50, not 20,000^2 / 100."""
    from builder.deck import fit

    measured = 0

    def width_of(text: str) -> float:
        nonlocal measured
        measured += len(text)
        return 10.0 * len(text)

    word = "Pneumono" * 2500
    pieces = fit._break_word(word, room=500.0, width_of=width_of).split(fit.ZWSP)
    assert "".join(pieces) == word and max(len(p) for p in pieces) <= 50
    assert measured < 4 * len(word) * 50, f"{measured:,} characters measured"


def cpu_seconds(action: Callable[[], object], repeats: int = 7) -> float:
    """The least CPU time (this process's, not the wall clock) `action` took in `repeats` runs:
    other processes on a busy machine do not count, and the minimum drops interruptions."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        action()
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("shape", [
    lambda n: "1" * n + "x",
    lambda n: "1_" * (n // 2) + "x",
    lambda n: "1" * (n // 2) + "." + "1" * (n // 2) + "x",
    lambda n: "0" * n + "x",
    lambda n: "1" + ":11" * (n // 3) + "x",
], ids=["digits", "underscores", "decimal", "octal", "sexagesimal"])
def test_yaml11_number_pattern_is_linear(shape: Callable[[int], str]) -> None:
    """The loader's YAML 1.1 number pattern once backtracked quadratically (20,000 digits: 12 s).
    A scalar 8 times longer must cost about 8 times as much, not 64 times: the ratio of CPU
    times is compared with a wide margin, so a slow or busy machine changes neither side."""
    from builder.loader import _YAML11_NUMBER

    small, large = shape(1_000), shape(8_000)
    per_small = cpu_seconds(lambda: [_YAML11_NUMBER.match(small) for _ in range(16)]) / 16
    per_large = cpu_seconds(lambda: _YAML11_NUMBER.match(large), repeats=3)
    growth = per_large / max(per_small, 1e-7)
    assert growth < 24, f"8x longer input cost {growth:.0f}x (quadratic would be ~64x)"


# ----------------------------------------------------------------------------- long lists
# A clinic's legal content can hold 1,600 key points, 3,000 references or a 500-row table.
# Each case checks and plans the deck for 100, 400 and 1,600 items in-process and counts the
# work as the number of Python function calls (cProfile's count, which includes calls of
# built-ins such as `sum` over a slice): linear work grows 4x per step, quadratic 16x. The
# planned deck (slide text and speaker notes) must grow linearly too: repeating a whole
# series' notes on each "(cont.)" slide made a 500-row table's deck quadratic in size.

SIZES = (100, 400, 1600)
GROWTH = 5.5
"""Largest accepted ratio between two sizes 4x apart (n log n gives about 4.9)."""


def long_list(kind: str, count: int) -> str:
    """The minimal fixture with `count` key points, references or table rows."""
    text = (MINIMAL_DIR / "minimal.yaml").read_text(encoding="utf-8")
    if kind == "key points":
        points = "".join(f"      - Point number {i} about the blood\n" for i in range(count))
        old = ("    key_points:\n      - Made from your own blood\n"
               "      - Spun to collect platelets\n")
        new = "    key_points:\n" + points
    elif kind == "references":
        entries = "".join(f"  - id: ref-{i}\n    authors: Author {i}\n    title: Study number "
                          f"{i} of platelets\n    source: Journal\n    year: 2020\n"
                          for i in range(count))
        citing = " ".join(f"Fact {i} [@ref-{i}]." for i in range(count))
        text = text.replace("      platelets [@trial-2021].\n",
                            f"      platelets [@trial-2021]. {citing}\n", 1)
        old, new = "references:\n", "references:\n" + entries
    else:
        rows = "".join(f"    - label: Row {i}\n      cells: [Value {i}]\n" for i in range(count))
        old, new = "  rows:\n", "  rows:\n" + rows
    assert old in text
    return text.replace(old, new, 1).replace("page_budget: 4", "page_budget: 200")


def _work(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """(function calls to check `path`, characters of the deck it plans)."""
    from builder import checks
    from builder.deck import storyboard

    plans = []
    planner = storyboard.plan_slides

    def recording(*args: object, **kwargs: object) -> object:
        plans.append(planner(*args, **kwargs))
        return plans[-1]

    from builder import cache

    # plan every time: no prediction recalled (the folder is memoised, so not only the switch)
    monkeypatch.setenv("BROCHURE_CACHE", "off")
    monkeypatch.setattr(cache, "folder", lambda: None)
    monkeypatch.setattr(storyboard, "plan_slides", recording)
    profile = cProfile.Profile()
    profile.enable()
    report = checks.check_file(path)
    profile.disable()
    assert not [p for p in report.problems if p.level == "error"], report.problems[:3]
    assert len(plans) == 1
    slides = getattr(plans[0], "slides", plans[0])
    size = sum(len(slide.notes) + sum(len(p.text) for text in slide.texts.values()
                                      for p in text.paras) for slide in slides)
    return pstats.Stats(profile).total_calls, size  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["key points", "references", "rows"])
def test_checking_a_long_list_takes_linear_work(kind: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(MINIMAL_DIR / "images", tmp_path / "images")
    _work(MINIMAL_DIR / "minimal.yaml", monkeypatch)  # imports and caches out of the count
    measured = []
    for count in SIZES:
        path = tmp_path / f"long-{count}.yaml"
        path.write_text(long_list(kind, count), encoding="utf-8")
        measured.append(_work(path, monkeypatch))
    calls = [c for c, _ in measured]
    sizes = [s for _, s in measured]
    for smaller, larger in ((0, 1), (1, 2)):
        assert calls[larger] / calls[smaller] <= GROWTH, f"{kind}: calls {calls}"
        assert sizes[larger] / sizes[smaller] <= GROWTH, f"{kind}: planned characters {sizes}"


def test_the_long_lists_the_issue_found_finish_within_bounds(ws: Workspace, built: Baseline,
                                                             ) -> None:
    """The sizes that hung (1,600 key points: no end in 10 minutes; 3,000 references: no end in
    15 minutes and 800 MB): checked together, and the 1,600-point deck built, in subprocesses the
    harness stops after its timeout and limits to 2 GB of address space."""
    text = long_list("key points", 1600)
    references = long_list("references", 3000)
    text = text.replace("references:\n", references[references.index("references:\n"):
                                                     references.index("  - id: trial-2021")], 1)
    citing = references.split("      platelets [@trial-2021]. ", 1)[1].split("\n", 1)[0]
    text = text.replace("      platelets [@trial-2021].\n",
                        f"      platelets [@trial-2021]. {citing}\n", 1)
    rows = long_list("rows", 500)
    text = text.replace("  rows:\n", rows[rows.index("  rows:\n"):rows.index(
        "    - label: Where it comes from")], 1)
    ws.write(text)
    checked = run_cli(["check", CONTENT], ws.root, timeout=300)
    assert_clean(checked)
    assert checked.code in (0, 1), checked.stderr[-2000:]
    ws.write(long_list("key points", 1600))
    built_deck = ws.build("--only", "pptx", subprocess=True, timeout=300)
    assert_clean(built_deck)
    assert built_deck.code == 0, built_deck.stderr[-2000:]
    assert "slides" in built_deck.stdout
