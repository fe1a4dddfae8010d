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

from builder.deck.typeface import Typeface
from builder.markup import Run

ZWSP = "\u200b"
"""Zero-width space: an invisible line-break opportunity both PowerPoint and LibreOffice honour."""

_BREAK_AFTER = re.compile(r"[/\-._?&=+,;:)\]]")
"""Characters after which a too-long word (a URL, a chemical name) is best broken."""

WIDTH_SLACK = 0.96
"""Share of a box's width used when wrapping: kerning and rounding differ a little between
renderers, and a line that is 1% too long wraps one word earlier than measured."""


# ---------------------------------------------------------------------------------- text


@dataclass(frozen=True)
class Para:
    """One paragraph as the deck will write it: runs, list level and bullet."""

    runs: tuple[Run, ...]
    level: int = 0
    """0 = no indent; 1, 2... = list levels (each indents by `Spacing.indent` em)."""
    bullet: str | None = None
    """'•' for a bullet, '1.' for automatic numbering, None for none."""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Spacing:
    """How paragraphs are set; the deck writes exactly these values into the XML."""

    line: float = 1.2
    """Line pitch in em (written as exact line spacing)."""
    before: float = 0.35
    """Space before each paragraph but the first, in em."""
    indent: float = 1.1
    """Left margin per list level, in em (the bullet hangs in it)."""
    bottom_reserve: float = 0.25
    """Extra room kept below the last line, in em (descenders, renderer rounding)."""


@dataclass(frozen=True)
class Piece:
    """A word or space fragment in one run style."""

    text: str
    bold: bool
    italic: bool


@lru_cache(maxsize=4096)
def _words(para: Para) -> tuple[tuple[Piece, ...] | None, ...]:
    """The paragraph as words (lists of styled pieces); None marks a forced line break.

    Words end at spaces and at zero-width spaces; a word may span runs (`**bold**ness`).
    """
    words: list[list[Piece] | None] = []
    current: list[Piece] = []
    for run in para.runs:
        bold, italic = run.bold, run.italic
        if run.link:  # LibreOffice draws a hyperlink as one field: it never breaks inside
            current.append(Piece(run.text, bold, italic))
            continue
        for token in re.split(r"( |\n|\t|\u200b)", run.text):
            if token in (" ", "\t", ZWSP):
                if current:
                    words.append(current)
                current = []
            elif token == "\n":
                if current:
                    words.append(current)
                current = []
                words.append(None)
            elif token:
                current.append(Piece(token, bold, italic))
    if current:
        words.append(current)
    return tuple(tuple(word) if word is not None else None for word in words)


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


def line_room(para: Para, width: float, size: float, spacing: Spacing = Spacing()) -> float:
    """Width a line of `para` may use: the box minus its list indent, less the slack."""
    return (width - para.level * spacing.indent * size) * WIDTH_SLACK


def wrap(para: Para, width: float, size: float, face: Typeface,
         spacing: Spacing = Spacing()) -> tuple[int, float]:
    """(line count, widest word in pt) for `para` in a box `width` pt wide at `size` pt."""
    room = line_room(para, width, size, spacing)
    space = face.width(" ", size)
    lines, used, widest = 1, 0.0, 0.0
    for word in _words(para):
        if word is None:
            lines, used = lines + 1, 0.0
            continue
        width_word = _word_width(face, word, size)
        widest = max(widest, width_word)
        if used == 0.0:
            used = width_word
        elif used + space + width_word <= room:
            used += space + width_word
        else:
            lines, used = lines + 1, width_word
        while used > room > 0:  # an over-long word takes as many lines as it needs
            lines, used = lines + 1, used - room
    return lines, widest


def measure(paras: Sequence[Para], width: float, size: float, face: Typeface,
            spacing: Spacing = Spacing()) -> Measure:
    """Lay out `paras` at `size` in a box `width` pt wide."""
    result = Measure(size)
    for para in paras:
        lines, widest = wrap(para, width, size, face, spacing)
        result.lines.append(lines)
        if widest > line_room(para, width, size, spacing):
            result.word_fits = False
    if paras:
        gaps = len(paras) - 1
        result.height = size * (result.line_count * spacing.line + gaps * spacing.before
                                + spacing.bottom_reserve)
    return result


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
         spacing: Spacing = Spacing()) -> bool:
    """True when every word fits a line and all lines fit the height."""
    result = measure(paras, box.width, size, face, spacing)
    return result.word_fits and result.height <= box.height


def fit(paras: Sequence[Para], box: Box, start: float, floor: float, face: Typeface,
        spacing: Spacing = Spacing(), step: float = 1.0) -> Fitted:
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
             spacing: Spacing = Spacing(), step: float = 1.0) -> list[Fitted]:
    """`paras` in as few boxes as possible, at the largest size that needs no more boxes.

    One box when `fit` manages; else pages are cut at the floor size (paragraphs kept whole
    where they can be; one taller than a whole box is split between lines, `split_para`), and
    then the largest size that still needs only that many pages is used.
    """
    whole = fit(paras, box, start, floor, face, spacing, step)
    if whole.fits:
        return [whole]
    at_floor = _pages(whole.paras, box, floor, face, spacing)
    for size in sizes(start, floor, step)[:-1]:
        if not measure(whole.paras, box.width, size, face, spacing).word_fits:
            continue
        pages = _pages(whole.paras, box, size, face, spacing, limit=len(at_floor))
        if pages is not None and len(pages) == len(at_floor):
            return [replace(page, broken_words=whole.broken_words) for page in pages]
    return [replace(page, broken_words=whole.broken_words) for page in at_floor]


def _pages(paras: Sequence[Para], box: Box, size: float, face: Typeface, spacing: Spacing,
           limit: int | None = None) -> list[Fitted] | None:
    """Greedy pages at one size; None as soon as there would be more than `limit`."""
    pending = list(paras)
    pages: list[Fitted] = []
    while pending:
        if limit is not None and len(pages) >= limit:
            return None
        count = 0
        while count < len(pending) and fits(pending[:count + 1], box, size, face, spacing):
            count += 1
        if count == 0:  # the first paragraph alone is too tall: split it between lines
            head, tail = split_para(pending[0], box, size, face, spacing)
            pending = [head, *([tail] if tail else []), *pending[1:]]
            count = 1
        chunk, pending = pending[:count], pending[count:]
        result = measure(chunk, box.width, size, face, spacing)
        pages.append(Fitted(chunk, float(size), result.height, True))
    return _balance(pages, box, size, face, spacing)


def _balance(pages: list[Fitted], box: Box, size: float, face: Typeface,
             spacing: Spacing) -> list[Fitted]:
    """The same paragraphs over the same number of pages, as evenly as they go (6+6 reads
    better than 10+2). Paragraph heights add up, so this is a linear partition."""
    paras = [para for page in pages for para in page.paras]
    count, wanted = len(paras), len(pages)
    if wanted < 2:
        return pages
    lines = measure(paras, box.width, size, face, spacing).lines

    def height(start: int, end: int) -> float:
        return size * (sum(lines[start:end]) * spacing.line + (end - start - 1) * spacing.before
                       + spacing.bottom_reserve)

    infinity = float("inf")
    best = [[infinity] * (count + 1) for _ in range(wanted + 1)]
    cut = [[0] * (count + 1) for _ in range(wanted + 1)]
    best[0][0] = 0.0
    for k in range(1, wanted + 1):
        for end in range(k, count + 1):
            for start in range(k - 1, end):
                tallest = max(best[k - 1][start], height(start, end))
                if tallest < best[k][end]:
                    best[k][end], cut[k][end] = tallest, start
    if best[wanted][count] > box.height:
        return pages
    bounds, end = [], count
    for k in range(wanted, 0, -1):
        bounds.append((cut[k][end], end))
        end = cut[k][end]
    return [Fitted(paras[a:b], float(size), height(a, b), True) for a, b in reversed(bounds)]


def split_para(para: Para, box: Box, size: float, face: Typeface,
               spacing: Spacing = Spacing()) -> tuple[Para, Para | None]:
    """Cut `para` after the last whole word that still fits `box`; the rest continues."""
    words = [w for w in _words(para) if w is not None]
    low, high = 1, len(words)
    while low < high:  # largest word count whose prefix fits
        middle = (low + high + 1) // 2
        head, _ = _cut(para, middle)
        if fits([head], box, size, face, spacing):
            low = middle
        else:
            high = middle - 1
    head, tail = _cut(para, low)
    return head, tail


def _cut(para: Para, word_count: int) -> tuple[Para, Para | None]:
    """Split a paragraph's runs after `word_count` words."""
    seen, in_word = 0, False
    for run_index, run in enumerate(para.runs):
        for char_index, char in enumerate(run.text):
            if char in " \t\n" + ZWSP:
                if in_word:
                    seen += 1
                    in_word = False
                    if seen == word_count:
                        head_runs = [*para.runs[:run_index],
                                     replace(run, text=run.text[:char_index])]
                        rest = [replace(run, text=run.text[char_index + 1:]),
                                *para.runs[run_index + 1:]]
                        rest = [r for r in rest if r.text]
                        tail = replace(para, runs=tuple(rest), bullet=None) if any(
                            r.text.strip() for r in rest) else None
                        return replace(para, runs=tuple(r for r in head_runs if r.text)), tail
            else:
                in_word = True
    return para, None


def break_long_words(paras: Sequence[Para], width: float, size: float, face: Typeface,
                     spacing: Spacing = Spacing()) -> tuple[list[Para], list[str]]:
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
    """`word` with zero-width spaces so each piece fits `room`, preferring URL-ish breaks."""
    pieces: list[str] = []
    rest = word
    while rest:  # one measuring pass per piece: the rest is never re-measured whole
        cut = 0
        for index in range(1, len(rest) + 1):  # longest prefix that fits
            if width_of(rest[:index]) > room:
                break
            cut = index
        if cut == len(rest):
            break
        cut = max(cut, 1)
        natural = [m.end() for m in _BREAK_AFTER.finditer(rest[:cut]) if m.end() > cut // 3]
        cut = natural[-1] if natural else cut
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return ZWSP.join(p for p in pieces if p)
