"""Reading-level formulas, chosen by the document's language.

English uses Flesch-Kincaid grade; Spanish uses Fernández Huerta's reading ease (Flesch's formula
refitted to Spanish), mapped onto the same grade scale so one `reading_grade` target works for
both. Other languages have no formula here and are skipped.

The formulas are the textstat ones, computed here because textstat 0.7.13 counts English
syllables with NLTK's CMU dictionary: importing it costs about a second, and when the dictionary
is missing it tries to download it, so an offline `brochure check` would crash. Syllables are
counted with spelling rules instead (within a syllable or so per sentence on plain text, which
is well inside the formulas' own error).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from builder.checks.text import sentences
from builder.languages import facts

_RUN_IN = re.compile(r"(?m)^([ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?)(\*\*|__)(?=\S)([^*_\n]{1,80}?)"
                     r"([.:!?]?)\2([.:!?]?)(?=[ \t]+\S)")


def without_run_in_heads(markdown: str) -> str:
    """`markdown` with the closing stop of bold run-in heads removed ("**What it is.** Plasma
    is…" -> "What it is Plasma is…"): a head is not a sentence of its own, and counting it as
    one would make the text look easier than it reads. Its words still count."""

    def drop_stop(match: re.Match[str]) -> str:
        if not (match.group(4) or match.group(5)):
            return match.group()
        return f"{match.group(1)}{match.group(3)}"

    return _RUN_IN.sub(drop_stop, markdown)


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,]\d+)*")


def words(text: str) -> list[str]:
    """The words of `text` (hyphenated compounds count once, numbers count as words)."""
    return _WORD.findall(text)


# ------------------------------------------------------------------------------- syllables


@lru_cache(maxsize=8192)  # words repeat (the sample: 2,076 words, 553 distinct)
def english_syllables(word: str) -> int:
    """Syllables in an English word, by spelling: vowel groups, less silent endings."""
    if word[:1].isdigit():
        return min(4, max(1, len(re.sub(r"\D", "", word))))
    total = 0
    for part in re.split(r"[-'’]", word.lower()):
        w = re.sub(r"[^a-z]", "", part)
        if not w:
            continue
        if len(w) <= 3:
            total += 1
            continue
        count = len(re.findall(r"[aeiouy]+", w))
        if re.search(r"[^aeiouy]e$", w) and not re.search(r"[^aeiouy]le$", w):
            count -= 1  # silent final e: make, base (but table, little keep it)
        elif re.search(r"[^aeiouysxzhgc]es$", w) or re.search(r"[^aeiouytd]ed$", w):
            count -= 1  # makes, helped (but boxes, places, injected keep it)
        # vowel pairs that are two syllables: area, idea, radio, medium, actual, quieter
        count += len(re.findall(r"ea$|ia|io(?!n)|iu|ua|uo|ie(?=[rt])", w))
        if w.endswith("ism"):
            count += 1
        total += max(1, count)
    return max(1, total)


_ES_VOWELS = "aeiouáéíóúü"
_ES_STRONG = "aeoáéóíú"
"""Strong vowels never share a syllable; an accented í or ú breaks a diphthong too."""


@lru_cache(maxsize=8192)
def spanish_syllables(word: str) -> int:
    """Syllables in a Spanish word: vowel nuclei, where two strong vowels are a hiatus."""
    if word[:1].isdigit():
        return min(4, max(1, len(re.sub(r"\D", "", word))))
    w = word.lower()
    if w == "y":
        return 1
    count = 0
    for group in re.findall(f"[{_ES_VOWELS}]+", w):
        nuclei = 1
        for before, after in zip(group, group[1:], strict=False):
            if before in _ES_STRONG and after in _ES_STRONG:
                nuclei += 1
        count += nuclei
    return max(1, count)


# ------------------------------------------------------------------------------- formulas


@dataclass(frozen=True)
class Score:
    """A reading level: the grade compared against the target, and how it was obtained."""

    grade: float
    detail: str
    """E.g. 'Flesch-Kincaid' or 'Fernández Huerta 58 (algo difícil)'."""


@dataclass(frozen=True)
class Formula:
    """A reading-level formula for one language."""

    name: str
    score: Callable[[str], Score | None]

    def sentence_scores(self, text: str) -> list[tuple[Score, str]]:
        """Each sentence of `text` with its own score, hardest first."""
        scored = []
        for start, end in sentences(text):
            sentence = text[start:end]
            if len(words(sentence)) < 3:
                continue
            result = self.score(sentence)
            if result:
                scored.append((result, sentence))
        return sorted(scored, key=lambda item: -item[0].grade)


def _counts(text: str, syllables: Callable[[str], int]) -> tuple[int, int, int]:
    found = words(text)
    count = max(1, len(sentences(text)))
    return len(found), count, sum(syllables(w) for w in found)


def flesch_kincaid(text: str) -> Score | None:
    """Flesch-Kincaid grade: 0.39 words/sentence + 11.8 syllables/word - 15.59."""
    n_words, n_sentences, n_syllables = _counts(text, english_syllables)
    if not n_words:
        return None
    grade = 0.39 * n_words / n_sentences + 11.8 * n_syllables / n_words - 15.59
    return Score(round(grade, 1), "Flesch-Kincaid")


EASE_TO_GRADE = ((100.0, 4.0), (90.0, 5.0), (80.0, 6.0), (70.0, 7.0), (60.0, 9.0), (50.0, 12.0),
                 (30.0, 16.0), (0.0, 18.0))
"""Reading ease -> school grade, from Flesch's table (90-100 grade 5, 80-90 grade 6, 70-80
grade 7, 60-70 grades 8-9, 50-60 grades 10-12, 30-50 college, 0-30 graduate), which Fernández
Huerta kept for Spanish. Interpolated linearly; grade 8 is a score of 65."""

_HUERTA_BANDS = ((90, "muy fácil"), (80, "fácil"), (70, "algo fácil"), (60, "normal"),
                 (50, "algo difícil"), (30, "difícil"), (-math.inf, "muy difícil"))


def ease_to_grade(ease: float) -> float:
    """A Flesch-style reading ease (0-100, higher is easier) as a grade-like number."""
    if ease >= EASE_TO_GRADE[0][0]:
        return EASE_TO_GRADE[0][1]
    for (high, g_high), (low, g_low) in zip(EASE_TO_GRADE, EASE_TO_GRADE[1:], strict=False):
        if ease >= low:
            return g_high + (high - ease) / (high - low) * (g_low - g_high)
    return EASE_TO_GRADE[-1][1]


def fernandez_huerta(text: str) -> Score | None:
    """Fernández Huerta: 206.84 - 60 syllables/word - 1.02 words/sentence, as a grade."""
    n_words, n_sentences, n_syllables = _counts(text, spanish_syllables)
    if not n_words:
        return None
    ease = round(206.84 - 60 * n_syllables / n_words - 1.02 * n_words / n_sentences, 1)
    band = next(name for floor, name in _HUERTA_BANDS if round(ease) >= floor)
    return Score(round(ease_to_grade(ease), 1), f"Fernández Huerta {ease:.0f}, {band}")


FORMULAS = {
    "flesch-kincaid": Formula("Flesch-Kincaid grade", flesch_kincaid),
    "fernandez-huerta": Formula("Fernández Huerta", fernandez_huerta),
}
"""The formulas by the name a language module gives (`LanguageFacts.reading_formula`)."""


def formula_for(language: str) -> Formula | None:
    """The reading-level formula for a BCP 47 language, or None when it declares none."""
    name = facts(language).reading_formula
    return FORMULAS.get(name) if name else None
