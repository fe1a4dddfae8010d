"""Measuring slide text with the real font files, so what the deck promises is what renders.

PowerPoint's "shrink text on overflow" is only a flag that PowerPoint applies after an edit, and
LibreOffice applies it differently, so the deck sets every size itself. This module wraps words
the way a renderer does (greedy, breaking at spaces and zero-width spaces), with Pillow measuring
each piece in the same TTF the deck's theme names (`builder.fonts`), and picks the largest size
that fits a box, never below the layout's floor. What does not fit at the floor is split into
pages for "(cont.)" slides. All lengths here are in points.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from builder.deck.paragraphs import ZWSP, Para, Piece, Spacing, Word
from builder.deck.partition import even_pages
from builder.deck.typeface import Typeface

__all__ = ["ZWSP", "Box", "Fitted", "Para", "Spacing", "fit", "measure", "paginate"]

_BREAK_AFTER = re.compile(r"[/\-._?&=+,;:)\]]")
"""Characters after which a too-long word (a URL, a chemical name) is best broken."""

SPACING = Spacing()
"""The usual spacing."""

WIDTH_SLACK = 0.96
"""Share of a box's width used when wrapping: kerning and rounding differ a little between
renderers, and a line that is 1% too long wraps one word earlier than measured."""


_SEPARATOR = re.compile(r"[ \n\t\u200b]")


@lru_cache(maxsize=16_384)
def _words(para: Para) -> tuple[Word | None, ...]:
    """The paragraph as words; None marks a forced line break. Remembered for as many
    paragraphs as the longest legal list gives one text (10,000 for 5,000 glossary terms):
    fewer, and each size tried found none remembered (a cycle through an LRU).

    Words end at spaces and at zero-width spaces; a word may span runs (`**bold**ness`).
    """
    words: list[Word | None] = []
    current: list[Piece] = []
    start = (0, 0)

    def finish() -> None:
        if current:
            words.append(Word(tuple(current), *start))
            current.clear()

    for index, run in enumerate(para.runs):
        bold, italic = run.bold, run.italic
        if run.link:  # LibreOffice draws a hyperlink as one field: it never breaks inside
            if not current:
                start = (index, 0)
            current.append(Piece(run.text, bold, italic))
            continue
        position = 0
        for separator in _SEPARATOR.finditer(run.text):
            if separator.start() > position:
                if not current:
                    start = (index, position)
                current.append(Piece(run.text[position:separator.start()], bold, italic))
            finish()
            if separator.group() == "\n":
                words.append(None)
            position = separator.end()
        if position < len(run.text):
            if not current:
                start = (index, position)
            current.append(Piece(run.text[position:], bold, italic))
    finish()
    return tuple(words)


@dataclass
class Measure:
    """How a set of paragraphs lays out at one size."""

    size: float
    lines: list[int] = field(default_factory=list)
    """Lines per paragraph."""
    height: float = 0.0
    """Height needed, in points (lines, paragraph gaps and the bottom reserve)."""
    word_fits: bool = True
    """False when some single word is wider than its line."""

    @property
    def line_count(self) -> int:
        return sum(self.lines)


def _word_width(face: Typeface, word: Sequence[Piece], size: float) -> float:
    return sum(face.width(p.text, size, bold=p.bold, italic=p.italic) for p in word)


def line_room(para: Para, width: float, size: float, spacing: Spacing = SPACING) -> float:
    """Width a line of `para` may use: the box minus its list indent, less the slack."""
    return (width - para.level * spacing.indent * size) * WIDTH_SLACK


@lru_cache(maxsize=16_384)
def wrap(para: Para, width: float, size: float, face: Typeface,
         spacing: Spacing = SPACING) -> tuple[int, float]:
    """(line count, widest word in pt) for `para` in a box `width` pt wide at `size` pt
    (remembered: pagination tries each size on the same paragraphs more than once)."""
    starts, widest = _line_starts(para, width, size, face, spacing)
    return len(starts), widest


def _line_starts(para: Para, width: float, size: float, face: Typeface,
                 spacing: Spacing) -> tuple[list[int], float]:
    """The index of the word each line starts with (greedy wrapping, as renderers do), and
    the widest word in pt. A word wider than the line runs on over as many lines as it needs."""
    room = line_room(para, width, size, spacing)
    space = face.width(" ", size)
    starts, used, widest, count = [0], 0.0, 0.0, 0
    for word in _words(para):
        if word is None:
            starts.append(count)
            used = 0.0
            continue
        width_word = _word_width(face, word.pieces, size)
        widest = max(widest, width_word)
        if used == 0.0:
            used = width_word
        elif used + space + width_word <= room:
            used += space + width_word
        else:
            starts.append(count)
            used = width_word
        while used > room > 0:  # an over-long word takes as many lines as it needs
            starts.append(count)
            used -= room
        count += 1
    return starts, widest


def measure(paras: Sequence[Para], width: float, size: float, face: Typeface,
            spacing: Spacing = SPACING) -> Measure:
    """Lay out `paras` at `size` in a box `width` pt wide."""
    result = Measure(size)
    for para in paras:
        lines, widest = wrap(para, width, size, face, spacing)
        result.lines.append(lines)
        if widest > line_room(para, width, size, spacing):
            result.word_fits = False
    result.height = block_height(result.lines, size, spacing)
    return result


def block_height(lines: Sequence[int], size: float, spacing: Spacing = SPACING) -> float:
    """Height in points of paragraphs of these line counts, set one after another."""
    return _height(sum(lines), len(lines), size, spacing)


@dataclass(frozen=True)
class Box:
    """A text area in points, insets already removed."""

    width: float
    height: float


@dataclass
class Fitted:
    """Paragraphs set at one size in one box."""

    paras: list[Para]
    size: float
    height: float
    fits: bool
    broken_words: list[str] = field(default_factory=list)
    """Words too wide for the box at the floor size, broken with zero-width spaces."""


def sizes(start: float, floor: float, step: float = 1.0) -> list[float]:
    """Candidate sizes, largest first, ending exactly at the floor."""
    out, size = [], float(start)
    while size > floor:
        out.append(size)
        size -= step
    out.append(float(floor))
    return out


def fits(paras: Sequence[Para], box: Box, size: float, face: Typeface,
         spacing: Spacing = SPACING) -> bool:
    """True when every word fits a line and all lines fit the height; stops at the first
    paragraph past the foot (10,000 glossary paragraphs are not wrapped at every size)."""
    early = spacing.line >= 0 and spacing.before >= 0  # the height only grows
    lines = count = 0
    for count, para in enumerate(paras, start=1):
        para_lines, widest = wrap(para, box.width, size, face, spacing)
        lines += para_lines
        if widest > line_room(para, box.width, size, spacing) or (
                early and _height(lines, count, size, spacing) > box.height):
            return False
    return _height(lines, count, size, spacing) <= box.height


def _height(lines: int, paras: int, size: float, spacing: Spacing) -> float:
    """`block_height` from the sums: `paras` paragraphs of `lines` lines in all."""
    return size * (lines * spacing.line + (paras - 1) * spacing.before
                   + spacing.bottom_reserve) if paras else 0.0


def fit(paras: Sequence[Para], box: Box, start: float, floor: float, face: Typeface,
        spacing: Spacing = SPACING, step: float = 1.0) -> Fitted:
    """The largest size from `start` down to `floor` at which `paras` fit `box`.

    At the floor, words wider than a line are broken (zero-width spaces) rather than spilling;
    `fits` is False when the text is still too tall, and the caller splits it (`paginate`).
    """
    paras = list(paras)
    for size in sizes(start, floor, step):
        if fits(paras, box, size, face, spacing):
            return Fitted(paras, size, measure(paras, box.width, size, face, spacing).height, True)
    paras, broken = break_long_words(paras, box.width, floor, face, spacing)
    result = measure(paras, box.width, floor, face, spacing)
    return Fitted(paras, float(floor), result.height, result.height <= box.height, broken)


def paginate(paras: Sequence[Para], box: Box, start: float, floor: float, face: Typeface,
             spacing: Spacing = SPACING, step: float = 1.0) -> list[Fitted]:
    """`paras` in as few boxes as possible, at the largest size that needs no more boxes.

    One box when `fit` manages; else pages are cut at the floor size (paragraphs kept whole
    where they can be; one taller than a whole box is split between lines, `split_lines`), and
    then the largest size that still needs only that many pages is used.
    """
    whole = fit(paras, box, start, floor, face, spacing, step)
    if whole.fits:
        return [whole]
    at_floor = _pages(whole.paras, box, floor, face, spacing)
    for size in sizes(start, floor, step)[:-1]:
        measured = measure(whole.paras, box.width, size, face, spacing)
        if not measured.word_fits or not _may_fill(measured, len(at_floor), box, spacing):
            continue
        pages = _pages(whole.paras, box, size, face, spacing, limit=len(at_floor))
        if pages is not None and len(pages) == len(at_floor):
            return [replace(page, broken_words=whole.broken_words) for page in pages]
    return [replace(page, broken_words=whole.broken_words) for page in at_floor]


def _may_fill(measured: Measure, pages: int, box: Box, spacing: Spacing) -> bool:
    """False when text this tall cannot fill exactly `pages` boxes (cut k times it needs its
    height, k-1 paragraph gaps less, k-1 reserves more; a line a page spare for rounding)."""
    least = measured.height + measured.size * (pages - 1) * (spacing.bottom_reserve
                                                             - spacing.before)
    return spacing.before < 0 or least <= pages * (box.height + measured.size * spacing.line)


def _pages(paras: Sequence[Para], box: Box, size: float, face: Typeface, spacing: Spacing,
           limit: int | None = None) -> list[Fitted] | None:
    """The fewest pages at one size, as evenly filled as they go (6+6 reads better than 10+2);
    None when there would be more than `limit`. Each paragraph is wrapped once (a paragraph
    taller than a whole box is first split between lines), so the work is linear in the text."""
    units: list[Para] = []
    for para in paras:
        if measure([para], box.width, size, face, spacing).height <= box.height:
            units.append(para)
        else:  # (words too wide for a line were broken first, or this size is not tried)
            units.extend(split_lines(para, box, size, face, spacing))
    lines = measure(units, box.width, size, face, spacing).lines
    # a page's height is `base` plus its paragraphs' weights (`block_height` term by term)
    weights = [size * (count * spacing.line + spacing.before) for count in lines]
    base = size * (spacing.bottom_reserve - spacing.before)
    cuts, room = even_pages(weights, base, box.height), box.height
    for _ in range(3):  # sums in another order can differ in the last bit from `measure`'s
        over = max((block_height(lines[a:b], size, spacing) - box.height for a, b in cuts
                    if b - a > 1), default=0.0)
        if over <= 0:
            break
        room -= over * 2
        cuts = even_pages(weights, base, room)
    if limit is not None and len(cuts) > limit:
        return None
    return [Fitted(units[a:b], float(size), block_height(lines[a:b], size, spacing), True)
            for a, b in cuts]


def split_lines(para: Para, box: Box, size: float, face: Typeface,
                spacing: Spacing = SPACING) -> list[Para]:
    """`para` cut between lines into pieces as tall as `box` allows (the last may be shorter);
    each continues the one before, without a bullet. One wrapping pass and one cutting pass,
    so a paragraph of a million characters costs no more than reading it twice."""
    starts, _ = _line_starts(para, box.width, size, face, spacing)
    per_box = int((box.height / size - spacing.bottom_reserve) / spacing.line)
    if per_box < 1:  # not even one line fits: a word per piece (so it shows as many pages)
        count = sum(1 for word in _words(para) if word is not None)
        return _cut_at(para, list(range(1, count)))
    cuts = sorted({starts[line] for line in range(per_box, len(starts), per_box)} - {0})
    return _cut_at(para, cuts)


def _cut_at(para: Para, cuts: list[int]) -> list[Para]:
    """`para` split before each word index in `cuts` (ascending); separators at a cut are
    dropped, and so are pieces with no visible text."""
    words = [word for word in _words(para) if word is not None]
    bounds = [(0, 0), *[(words[i].run, words[i].offset) for i in cuts if i < len(words)],
              (len(para.runs), 0)]
    pieces: list[Para] = []
    for (run_a, offset_a), (run_b, offset_b) in zip(bounds, bounds[1:], strict=False):
        runs = []
        for index in range(run_a, min(run_b, len(para.runs) - 1) + 1):
            run = para.runs[index]
            text = run.text[offset_a if index == run_a else 0:
                            offset_b if index == run_b else len(run.text)]
            if text:
                runs.append(replace(run, text=text) if text != run.text else run)
        while runs and runs[-1].text.rstrip(" \t\n" + ZWSP) != runs[-1].text:
            trimmed = runs[-1].text.rstrip(" \t\n" + ZWSP)
            if trimmed:
                runs[-1] = replace(runs[-1], text=trimmed)
                break
            runs.pop()
        if any(run.text.strip(" \t\n" + ZWSP) for run in runs):
            pieces.append(replace(para, runs=tuple(runs), bullet=para.bullet if not pieces
                                  else None))
    return pieces or [para]


def break_long_words(paras: Sequence[Para], width: float, size: float, face: Typeface,
                     spacing: Spacing = SPACING) -> tuple[list[Para], list[str]]:
    """Insert zero-width spaces into words too wide for a line; returns the words broken."""
    out: list[Para] = []
    broken: list[str] = []
    for para in paras:
        room = line_room(para, width, size, spacing)
        runs = []
        for run in para.runs:
            if run.link and face.width(run.text, size, bold=run.bold, italic=run.italic) > room:
                run = replace(run, link=None)  # too wide to stay one unbreakable link
            text_parts = []
            for token in re.split(r"( |\n|\t|\u200b)", run.text):
                bold, italic = run.bold, run.italic
                if token and token not in " \n\t" + ZWSP and face.width(
                        token, size, bold=bold, italic=italic) > room:
                    token = _break_word(token, room, lambda t, b=bold, i=italic: face.width(
                        t, size, bold=b, italic=i))
                    broken.append(token.replace(ZWSP, ""))
                text_parts.append(token)
            runs.append(replace(run, text="".join(text_parts)))
        out.append(replace(para, runs=tuple(runs)))
    return out, broken


def _break_word(word: str, room: float, width_of) -> str:  # noqa: ANN001 - small callable
    """`word` with zero-width spaces so each piece fits `room`, preferring URL-ish breaks.
    Pieces are measured where they lie (the rest of a 1.4 MB word is never copied or
    re-measured), so the work is linear in the word's length."""
    pieces: list[str] = []
    start = 0
    while start < len(word):
        cut = start
        for index in range(start + 1, len(word) + 1):  # longest piece that fits
            if width_of(word[start:index]) > room:
                break
            cut = index
        if cut == len(word):
            pieces.append(word[start:])
            break
        cut = max(cut, start + 1)
        natural = [m.end() for m in _BREAK_AFTER.finditer(word, start, cut)
                   if m.end() - start > (cut - start) // 3]
        cut = natural[-1] if natural else cut
        pieces.append(word[start:cut])
        start = cut
    return ZWSP.join(pieces)
