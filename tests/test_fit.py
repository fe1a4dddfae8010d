"""Text measurement for the deck: sizes step down to the floor, never below; what does not fit
is paginated; words too wide for a line are broken, never left to spill."""

from __future__ import annotations

import pytest

from builder.deck import fit
from builder.deck.fit import ZWSP, Box, Para, Spacing
from builder.deck.typeface import Typeface
from builder.markup import Run

FACE = Typeface("Noto Sans")


def para(text: str, **run: object) -> Para:
    return Para((Run(text, **run),), 1, "•")  # type: ignore[arg-type]


def test_width_scales_with_size_and_weight() -> None:
    regular = FACE.width("Platelet-rich plasma", 20)
    assert FACE.width("Platelet-rich plasma", 40) == pytest.approx(2 * regular)
    assert FACE.width("Platelet-rich plasma", 20, bold=True) > regular


def test_characters_missing_from_the_brand_font_use_the_shipped_fallbacks() -> None:
    arabic = FACE.width("العلاج بالخلايا", 20)
    chinese = FACE.width("干细胞", 20)
    assert arabic > 0 and chinese == pytest.approx(60, rel=0.05)  # CJK glyphs are one em wide


def test_sizes_step_down_and_end_exactly_at_the_floor() -> None:
    assert fit.sizes(24, 18) == [24, 23, 22, 21, 20, 19, 18]
    assert fit.sizes(20, 17.5, step=2)[-1] == 17.5


def test_the_largest_size_that_fits_is_chosen() -> None:
    points = [para("Made from your own blood in one visit")] * 3
    roomy = fit.fit(points, Box(700, 300), 28, 18, FACE)
    tight = fit.fit(points, Box(300, 150), 28, 18, FACE)
    assert roomy.fits and roomy.size == 28
    assert tight.fits and 18 <= tight.size < 28
    assert fit.measure(tight.paras, 300, tight.size, FACE).height <= 150
    assert fit.measure(tight.paras, 300, tight.size + 1, FACE).height > 150


def test_size_never_drops_below_the_floor() -> None:
    points = [para("A key point that is long enough to need a line of its own")] * 20
    result = fit.fit(points, Box(400, 200), 24, 18, FACE)
    assert not result.fits and result.size == 18


def test_a_long_list_is_paginated_and_every_page_fits() -> None:
    points = [para(f"Point number {n} says something short") for n in range(30)]
    pages = fit.paginate(points, Box(500, 250), 24, 18, FACE)
    assert len(pages) > 1
    assert [p for page in pages for p in page.paras] == points
    for page in pages:
        assert page.fits and page.size >= 18
        assert fit.measure(page.paras, 500, page.size, FACE).height <= 250
    sizes = {page.size for page in pages}
    assert len(sizes) == 1  # one size across the pages of one list


def test_pages_are_balanced() -> None:
    points = [para(f"Point {n}") for n in range(13)]
    pages = fit.paginate(points, Box(500, 240), 24, 24, FACE)
    counts = [len(page.paras) for page in pages]
    assert max(counts) - min(counts) <= 1


def test_a_paragraph_taller_than_a_box_is_split_between_words() -> None:
    long = Para((Run(" ".join(["word"] * 400)),))
    pages = fit.paginate([long], Box(400, 120), 18, 18, FACE)
    assert len(pages) > 1
    assert sum(p.text.count("word") for page in pages for p in page.paras) == 400
    assert all(page.height <= 120 for page in pages)


def test_a_word_wider_than_the_box_is_broken_with_zero_width_spaces() -> None:
    url = "https://www.example.org/a-very/long/address/that-goes/on-and-on/without/any-spaces"
    result = fit.fit([Para((Run(f"See {url} today"),))], Box(200, 400), 24, 18, FACE)
    assert result.fits and result.size == 18
    assert result.broken_words == [url]
    text = result.paras[0].text
    assert ZWSP in text and text.replace(ZWSP, "") == f"See {url} today"
    room = fit.line_room(result.paras[0], 200, 18)
    for piece in text.replace(" ", ZWSP).split(ZWSP):
        assert FACE.width(piece, 18) <= room
    assert all(piece.endswith(("/", "-", ".")) for piece in text.split(ZWSP)[:-1])  # URL breaks


def test_words_are_wrapped_greedily_at_spaces() -> None:
    width = FACE.width("alpha beta", 20) / fit.WIDTH_SLACK + 1
    lines, widest = fit.wrap(Para((Run("alpha beta gamma"),)), width, 20, FACE, Spacing())
    assert lines == 2
    assert widest == pytest.approx(FACE.width("gamma", 20))


def test_a_link_is_measured_as_one_unbreakable_word() -> None:
    linked = Para((Run("our clinic website", link="https://example.org"),))
    plain = Para((Run("our clinic website"),))
    width = FACE.width("our clinic", 20) / fit.WIDTH_SLACK + 1
    assert fit.wrap(plain, width, 20, FACE)[0] == 2
    assert fit.wrap(linked, width, 20, FACE)[1] == pytest.approx(
        FACE.width("our clinic website", 20))


def test_forced_line_breaks_count_as_lines() -> None:
    lines, _ = fit.wrap(Para((Run("one\ntwo\nthree"),)), 500, 20, FACE)
    assert lines == 3


def test_list_indent_narrows_the_line() -> None:
    text = "words " * 30
    flat = fit.wrap(Para((Run(text),)), 400, 20, FACE)[0]
    indented = fit.wrap(Para((Run(text),), level=3), 400, 20, FACE)[0]
    assert indented > flat
