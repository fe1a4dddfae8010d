"""The paper sizes the tool knows: one table, read by the model, the command line, the handout's
generated CSS, the checks and the preview."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PaperName = Literal["a4", "letter", "a5", "legal"]
"""How the content file and `--paper` name a paper size."""


@dataclass(frozen=True)
class Paper:
    """A trim size, portrait, in millimetres."""

    label: str
    """The name people use, e.g. A4."""
    width_mm: float
    height_mm: float


PAPERS: dict[str, Paper] = {
    "a4": Paper("A4", 210.0, 297.0),
    "letter": Paper("Letter", 215.9, 279.4),
    "a5": Paper("A5", 148.0, 210.0),
    "legal": Paper("Legal", 215.9, 355.6),
}


def paper_named(width_mm: float, height_mm: float, tolerance_mm: float = 1.0) -> str:
    """The label of a page size as people name it ('A4', 'Letter landscape'), else its size."""
    short, long = sorted((width_mm, height_mm))
    for paper in PAPERS.values():
        if max(abs(short - paper.width_mm), abs(long - paper.height_mm)) < tolerance_mm:
            return paper.label if height_mm >= width_mm else f"{paper.label} landscape"
    return f"{width_mm:g} × {height_mm:g} mm"
