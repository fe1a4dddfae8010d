"""Legal but large input must cost work roughly in proportion to its size: a quadratic step
turns a pasted blob (well under the 2 MB file cap) into a build that never ends."""

from __future__ import annotations

import time


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


def test_yaml11_number_pattern_is_linear() -> None:
    """The loader's YAML 1.1 number pattern once backtracked quadratically (20,000 digits: 12 s)."""
    from builder.loader import _YAML11_NUMBER

    for text in ("1" * 200_000 + "x", "1_" * 100_000 + "x", "1" * 100_000 + "." + "1" * 100_000
                 + "x", "0" * 200_000 + "x", "1" + ":11" * 60_000 + "x"):
        started = time.perf_counter()
        _YAML11_NUMBER.match(text)
        assert time.perf_counter() - started < 0.5
