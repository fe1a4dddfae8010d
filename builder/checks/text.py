"""Where the words are: every text field of a document with its YAML path, plus the small
language helpers (sentences, negation, phrase patterns) the wording rules share.

Rules match on the raw field text with citations and link targets blanked out (same length, so
offsets still point into the raw text); that keeps `[@cure-2019]` or a URL from tripping a
word rule while letting the rule report where in the field the words stand.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache

from builder.languages import Wording

# ------------------------------------------------------------------------------- masking

CITATION = re.compile(r"\[@[^\]\n]*\]")
_HIDDEN = re.compile(r"\[@[^\]\n]*\]|\]\([^)\s]*\)|<[a-z]+:[^>\s]*>|\bhttps?://\S+|\bmailto:\S+",
                     re.IGNORECASE)


@lru_cache(maxsize=4096)
def masked(text: str) -> str:
    """`text` with citations and link targets replaced by spaces (offsets unchanged); kept,
    because the glossary rules mask every field once per term."""
    return _HIDDEN.sub(lambda m: " " * len(m.group()), text)


# ------------------------------------------------------------------------------- sentences

_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "no",
    "fig", "approx", "cf", "al", "sr", "sra", "dra", "ee.uu", "ee", "uu", "ud", "uds", "pág", "núm",
}
_END = re.compile(r"[.!?…]+[\"'”’»)\]*_]*\s+(?=[*_\"'“‘«(\[¿¡]*[A-ZÁÉÍÓÚÑÜ0-9])")
_BREAK = re.compile(r"\n[ \t]*\n\s*|\n[ \t]*(?=(?:[-*+]|\d+[.)])[ \t])")


@lru_cache(maxsize=256)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) spans of the sentences in `text` (paragraphs and list items end one)."""
    cuts = {0, len(text)}
    for match in _BREAK.finditer(text):
        cuts.update((match.start(), match.end()))
    for match in _END.finditer(text):
        word = re.search(r"([\w.]+)[.!?…]*$", text[max(0, match.start() - 20): match.start() + 1])
        before = (word.group(1) if word else "").rstrip(".").lower()
        if before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
            continue
        cuts.add(match.end())
    spans = []
    points = sorted(cuts)
    for start, end in zip(points, points[1:], strict=False):
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped or not re.search(r"\w", stripped):
            continue
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))
    return tuple(spans)


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The span of the sentence holding `offset`."""
    spans = sentences(text)
    index = bisect.bisect_right(spans, (offset, len(text) + 1)) - 1
    if index >= 0 and spans[index][0] <= offset < spans[index][1]:
        return spans[index]
    return 0, len(text)


def sentences_matching(pattern: re.Pattern[str], raw: str
                       ) -> Iterator[tuple[re.Match[str], int, int, int]]:
    """Matches of `pattern` in a field's text (markup and citations masked), each with the
    span of its sentence and which occurrence of that wording it is (for locating it)."""
    text = masked(raw)
    counts: dict[str, int] = {}
    for match in pattern.finditer(text):
        key = match.group().lower()
        nth = counts.get(key, 0)
        counts[key] = nth + 1
        start, end = sentence_at(text, match.start())
        yield match, start, end, nth


def is_question(sentence: str) -> bool:
    """Questions ask, they do not claim ("Is it FDA approved for my knee?")."""
    return sentence.rstrip(" *_\"'”’»)").endswith("?") or sentence.lstrip("*_ ").startswith("¿")


# ------------------------------------------------------------------------------- negation

_PUNCTUATION = r"[;:,—–()]"
WINDOW = 8
"""How many words before a phrase are searched for a negation ("no exosome product is ...")."""


@lru_cache(maxsize=16)
def _clause_pattern(breaks: tuple[str, ...]) -> re.Pattern[str]:
    words = "".join(rf"|\b{re.escape(word)}\b" for word in breaks)
    return re.compile(_PUNCTUATION + words, re.IGNORECASE)


def _words_before(text: str, start: int, sentence_start: int, wording: Wording) -> list[str]:
    before = text[sentence_start:start]
    clause = _clause_pattern(wording.clause_breaks).split(before)[-1]
    return re.findall(r"[\w'’-]+", clause.lower().replace("’", "'"))[-WINDOW:]


def negated(text: str, start: int, sentence_start: int, wording: Wording) -> bool:
    """True when a negation stands shortly before `start` in the same clause."""
    words = _words_before(text, start, sentence_start, wording)
    return any(w in wording.negators or w.endswith("n't") for w in words)


def reported(text: str, start: int, sentence_start: int, wording: Wording) -> bool:
    """True when the phrase is quoted or reported ("clinics promise a cure")."""
    words = _words_before(text, start, sentence_start, wording)
    if set(words) & wording.reporting:
        return True
    before = text[sentence_start:start]
    opened = sum(before.count(q) for q in "“«") - sum(before.count(q) for q in "”»")
    return opened > 0 or before.count('"') % 2 == 1


# ------------------------------------------------------------------------------- phrases


def phrase_pattern(phrase: str, *, plural: bool = True, case: bool = False) -> re.Pattern[str]:
    """A whole-word pattern for `phrase`: between words any spaces, hyphens or emphasis marks,
    and with `plural` each word may take a plural ending ('factores de crecimiento' for
    'Factor de crecimiento', 'stem cells' for 'stem cell')."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", phrase.strip()) if w]
    if plural:
        words = [w + r"(?:s|es)?" if w[-1:].isalpha() else w for w in words]
    body = r"[\s*_-]+".join(words)
    flags = 0 if case else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){body}(?![\w])", flags)


# ------------------------------------------------------------------------------- passing over

@lru_cache(maxsize=512)
def phrase_needle(phrase: str) -> str:
    """The first word of `phrase` in lower case, which every match of its `phrase_pattern`
    contains in some case; none unless ASCII (case-insensitive matching of other letters
    goes beyond `str.lower`: 'ſ' matches 's')."""
    words = [w for w in re.split(r"[\s-]+", phrase.strip()) if w]
    return words[0].lower() if words and words[0].isascii() else ""


@lru_cache(maxsize=4096)
def ascii_lower(text: str) -> str:
    """`text` in lower case when it is ASCII (a substring test is then exact), else ''."""
    return text.lower() if text.isascii() else ""


def may_hold(texts: list[str], phrase: str) -> bool:
    """False when none of `texts` can hold a match of `phrase_pattern(phrase)` (any case,
    plural or not): a rule passes over them without making or running the pattern."""
    needle = phrase_needle(phrase)
    return not needle or any(needle in (ascii_lower(text) or needle) for text in texts)
