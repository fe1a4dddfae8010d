"""Legal but large input must cost work roughly in proportion to its size: a quadratic step
turns a pasted blob (well under the 2 MB file cap) into a build that never ends."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest


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
