"""Numbers a patient can use, drawn the same way in every output: an icon array per arm (one
icon per person out of `out_of`, the ones with the outcome filled), and the same numbers in
words. The handout draws the icons as inline SVG, the deck as native shapes; both place them
with `icon_grid` and print `outcome_sentences`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from builder.i18n import Words
from builder.markup import to_plain
from builder.model import Outcome, OutcomeArm

COLUMNS = 10
"""Icons per row: rows of ten are what icon-array studies use, so counts read at a glance."""


@dataclass(frozen=True)
class Icon:
    """One person in the array: its column and row, and whether the outcome happened."""

    column: int
    row: int
    filled: bool


def icon_grid(count: int, out_of: int, columns: int = COLUMNS) -> Iterator[Icon]:
    """`out_of` icons in rows of `columns`, the first `count` filled (read left to right)."""
    for index in range(out_of):
        yield Icon(index % columns, index // columns, index < count)


def rows(out_of: int, columns: int = COLUMNS) -> int:
    """Rows the array needs."""
    return math.ceil(out_of / columns)


def outcome_sentences(outcome: Outcome, language: str) -> list[str]:
    """One sentence per arm, e.g. "Out of 100 people with knee arthritis who had PRP shots,
    about 65 had a side effect … during the 24-week study." (plain text, the language's
    pattern from the tool's word list)."""
    words = Words(language)
    return [arm_sentence(outcome, arm, words, language) for arm in outcome.arms]


def arm_sentence(outcome: Outcome, arm: OutcomeArm, words: Words, language: str) -> str:
    count = f"{words('about')} {arm.count}" if outcome.approximate else str(arm.count)
    sentence = words("outcome_sentence", out_of=outcome.out_of,
                     people=to_plain(outcome.people, language=language),
                     arm=to_plain(arm.label, language=language), count=count,
                     event=to_plain(outcome.event, language=language),
                     timeframe=to_plain(outcome.timeframe, language=language))
    return " ".join(sentence.replace(",,", ",").replace(", .", ".").replace(",.", ".").split())


PERSON = ("M{x:.2f},{y:.2f} m-{r:.2f},0 a{r:.2f},{r:.2f} 0 1,0 {d:.2f},0 "
          "a{r:.2f},{r:.2f} 0 1,0 -{d:.2f},0 z")
"""A head: a circle drawn as two arcs (SVG path, centred on x, y)."""


def icon_array_svg(count: int, out_of: int, filled: str, empty: str, label: str,
                   columns: int = COLUMNS) -> str:
    """An icon array as an SVG string (one person per icon), with `label` as its accessible
    name. Sizes are in user units; the template sets the printed width."""
    cell = 10.0
    height = rows(out_of, columns) * cell * 1.3
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="icon-array" role="img" '
             f'viewBox="0 0 {columns * cell:g} {height:g}" aria-label="{_attr(label)}">']
    for icon in icon_grid(count, out_of, columns):
        x = icon.column * cell + cell / 2
        y = icon.row * cell * 1.3
        colour = filled if icon.filled else empty
        parts.append(f'<path fill="{colour}" d="{PERSON.format(x=x, y=y + 2.6, r=2.1, d=4.2)}"/>')
        parts.append(f'<rect fill="{colour}" x="{x - 3.2:.2f}" y="{y + 5.3:.2f}" width="6.4" '
                     f'height="6.6" rx="2.4"/>')
    parts.append("</svg>")
    return "".join(parts)


def _attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))
