"""The deck's text as the fitter measures it and the writer writes it: paragraphs of styled
runs, how they are spaced, and the words a paragraph wraps at (`builder.deck.fit`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from builder.markup import Run

ZWSP = "\u200b"
"""Zero-width space: an invisible line-break opportunity both PowerPoint and LibreOffice honour."""


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


class Word(NamedTuple):
    """One word: its styled pieces, and where it starts (run index, offset in that run)."""

    pieces: tuple[Piece, ...]
    run: int
    offset: int
