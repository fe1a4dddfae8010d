"""Wording that softens the facts a patient decides on: approval hedged ("most are not
approved" when none is), benefit hedged ("some studies suggest it helps" for an unapproved
treatment), a trial registry offered as proof of legitimacy (the FDA says to ask for the IND
number and letter instead), and percentages or ratios without the counts behind them.

Each rule works sentence by sentence on the text a reader meets, by language; questions are
exempt where they ask rather than claim, negations where they deny the phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from builder.checks.claims import BENEFIT
from builder.checks.registry import Context, rule
from builder.checks.text import (
    NEGATORS,
    READER_PROSE,
    TextField,
    is_question,
    masked,
    negated,
    reported,
    sentence_at,
    text_fields,
)
from builder.errors import Problem
from builder.model import APPROVED_STATUSES


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


HEDGED_APPROVAL = {
    "en": _rx(r"\b(?:most(?:ly)?|largely|many|generally|usually|mainly|often)\b"
              r"(?:\s+[\w'’-]+){0,8}?\s+not\s+(?:yet\s+)?(?:been\s+)?(?:FDA[\s-]+)?approved\b"
              r"|\b(?:mostly|largely|mainly|generally|usually)\s+unapproved\b"),
    "es": _rx(r"\b(?:la\s+mayor[ií]a|mayormente|en\s+su\s+mayor[ií]a|muchos|muchas|en\s+general"
              r"|casi\s+todos|casi\s+todas|sobre\s+todo)\b(?:\s+[\w'’-]+){0,8}?\s+"
              r"(?:no\s+(?:[\w]+\s+){0,3}aprobad[oa]s?|sin\s+aprobar)\b"),
}
"""'Most … not approved' and its kin: a hedge in front of a denial of approval."""

STUDY_HEDGE = {
    "en": _rx(r"\b(?:some|small|early|a\s+few|several|limited|preliminary|recent|certain|"
              r"other)\s+(?:\w+\s+)?(?:studies|study|trials|research|reports|reviews|data|"
              r"evidence)\s+(?:suggests?|shows?|showed|indicates?|hints?|found|finds|"
              r"reports?|reported|points?\s+to)\b|\b(?:studies|research|evidence)\s+"
              r"(?:suggests?|hints?)\b"),
    "es": _rx(r"\b(?:algunos|pequeños|primeros|varios|ciertos|otros)\s+(?:\w+\s+)?"
              r"(?:estudios|ensayos|trabajos|informes)\s+(?:sugieren|muestran|indican|"
              r"apuntan|encontraron|informan)\b|\b(?:la\s+)?(?:investigación|evidencia)\s+"
              r"(?:sugiere|indica)\b"),
}
"""'Some studies suggest…': weak evidence presented as a finding."""

TRIAL_CLAIM = {
    "en": _rx(r"\bregistered\s+(?:clinical\s+)?(?:trial|study)|clinicaltrials\.gov|"
              r"\bFDA[\s-]+registered\b|registered\s+with\s+the\s+FDA|\btrial\s+number\b|"
              r"\bNCT\s?\d{8}\b"),
    "es": _rx(r"\bensayo\s+(?:clínico\s+)?registrado|clinicaltrials\.gov|registrad[oa]s?\s+"
              r"(?:ante|en)\s+la\s+FDA|número\s+(?:de(?:l)?\s+)?(?:ensayo|registro)|"
              r"\bNCT\s?\d{8}\b"),
}
"""A trial registry or an FDA registration offered as a sign that a treatment is legitimate."""

IND = _rx(r"\bIND\b|investigational\s+new\s+drug|nuevo\s+fármaco\s+en\s+investigación")
"""What the FDA tells patients to ask for instead: the IND number and the FDA's letter."""

PERCENT = _rx(r"\d+(?:[.,]\d+)?\s?%|\b\d+(?:[.,]\d+)?\s+(?:percent|per\s+cent|por\s+ciento)\b")
RATIO = {
    "en": _rx(r"\b\d+(?:[.,]\d+)?\s*(?:x|×)(?!\w)|\b\d+(?:[.,]\d+)?[\s-]*fold\b|"
              r"\b(?:\d+(?:[.,]\d+)?|twice|two|three|four|five|six|seven|eight|nine|ten)\s+"
              r"times\s+(?:more|less|higher|lower|greater|fewer|as)\b"),
    "es": _rx(r"\b\d+(?:[.,]\d+)?\s*(?:x|×)(?!\w)|\b(?:\d+(?:[.,]\d+)?|dos|tres|cuatro|cinco|"
              r"seis|siete|ocho|nueve|diez)\s+veces\s+(?:más|menos|mayor|menor)\b"),
}
"""Relative numbers that mean nothing without the absolute numbers behind them."""

_COUNT = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|a|an|un[oa]?|dos|tres|" \
         r"cuatro|cinco|seis|siete|ocho|nueve|diez)"
_BASE = r"(?:\d[\d,.]*|ten|twenty|fifty|a\s+hundred|one\s+hundred|hundred|a\s+thousand|" \
        r"thousand|diez|veinte|cincuenta|cien|mil)"
DENOMINATOR = {
    "en": _rx(rf"\b{_COUNT}\s+(?:\w+\s+)?(?:out\s+of|in(?:\s+every)?|of(?:\s+every|\s+the)?)\s+"
              rf"{_BASE}\b"),
    "es": _rx(rf"\b{_COUNT}\s+(?:\w+\s+)?de\s+(?:cada\s+)?{_BASE}\b"),
}
"""A count with its denominator in the same sentence: 'about 7 in 10', '13 of 20 people'."""


def _lang(table: dict[str, re.Pattern[str]], ctx: Context) -> re.Pattern[str]:
    return table.get(ctx.language, table["en"])


def _sentences_matching(ctx: Context, pattern: re.Pattern[str], field: TextField
                        ) -> Iterator[tuple[re.Match[str], str, int, int]]:
    """Matches of `pattern` in a field, with their sentence and which occurrence they are."""
    text = masked(field.text)
    counts: dict[str, int] = {}
    for match in pattern.finditer(text):
        key = match.group().lower()
        nth = counts.get(key, 0)
        counts[key] = nth + 1
        start, end = sentence_at(text, match.start())
        yield match, text[start:end], start, nth


def _reader_fields(ctx: Context) -> Iterator[TextField]:
    """Text a reader meets (not speaker notes, titles or names)."""
    return (f for f in text_fields(ctx.document) if f.kind in READER_PROSE and f.places)


def _approved(ctx: Context, therapy_ids: list[str]) -> bool:
    return any(ctx.therapies[t].status in APPROVED_STATUSES for t in therapy_ids
               if t in ctx.therapies)


@rule("hedged-approval", "warning",
      "'most … not approved' (or 'largely unapproved') where no product discussed is approved "
      "for the use")
def hedged_approval(ctx: Context) -> Iterator[Problem]:
    """A hedge in front of 'not approved' suggests that some are approved; say 'none' when none
    of the products the sentence is about (or, naming none, the document discusses) is."""
    pattern = _lang(HEDGED_APPROVAL, ctx)
    for field in _reader_fields(ctx):
        for match, sentence, _start, nth in _sentences_matching(ctx, pattern, field):
            concerned = ctx.mentioned(sentence, field) or list(ctx.therapies)
            if not concerned or _approved(ctx, concerned):
                continue
            hedge = match.group().split()[0]
            yield ctx.problem("hedged-approval", field.path,
                              f"'{hedge} … not approved' softens the fact: none of the products "
                              "discussed here is approved for this use; say so plainly (e.g. "
                              "'None of these is FDA-approved for joint pain')",
                              needle=hedge, nth=nth)


@rule("hedged-benefit", "warning",
      "benefit wording after 'some studies suggest' for a therapy that is not approved")
def hedged_benefit(ctx: Context) -> Iterator[Problem]:
    """'Some studies suggest PRP helps' reads as a finding; for an unapproved product, say what
    was measured, in how many people, and what the larger trials found."""
    hedge_pattern = _lang(STUDY_HEDGE, ctx)
    benefit = BENEFIT.get(ctx.language, BENEFIT["en"])
    for field in _reader_fields(ctx):
        text = masked(field.text)
        for match, sentence, start, nth in _sentences_matching(ctx, hedge_pattern, field):
            after = text[match.end(): start + len(sentence)]
            verb = benefit.search(after)
            if verb is None or is_question(sentence):
                continue
            at = match.end() + verb.start()
            if negated(text, at, start, ctx.language) or reported(text, at, start, ctx.language):
                continue
            concerned = ctx.mentioned(sentence, field)
            if not concerned or _approved(ctx, concerned):
                continue
            yield ctx.problem("hedged-benefit", field.path,
                              f"'{match.group()} … {verb.group()}' presents weak evidence as a "
                              f"benefit of {', '.join(concerned)}, which is not approved for "
                              "this use; say what was measured, in how many people, and what "
                              "the larger trials found", needle=match.group(), nth=nth)


@rule("trial-legitimacy", "warning",
      "a registered trial, ClinicalTrials.gov or 'FDA registered' offered as a sign of "
      "legitimacy without the IND")
def trial_legitimacy(ctx: Context) -> Iterator[Problem]:
    """Anyone can list a study on ClinicalTrials.gov; the FDA tells patients to ask for the IND
    number and the FDA's letter. A sentence that names the IND, or says the listing is not FDA
    review, is fine; a question that teaches the wrong test is not."""
    pattern = _lang(TRIAL_CLAIM, ctx)
    negators = NEGATORS.get(ctx.language, NEGATORS["en"])
    for field in _reader_fields(ctx):
        for match, sentence, _start, nth in _sentences_matching(ctx, pattern, field):
            words = set(re.findall(r"[\w'’]+", sentence.lower()))
            if IND.search(sentence) or words & negators or any(w.endswith("n't") for w in words):
                continue
            yield ctx.problem("trial-legitimacy", field.path,
                              f"'{match.group()}' is not a sign of FDA review: the FDA says to ask "
                              "for the IND number and the FDA's letter, and that a "
                              "ClinicalTrials.gov listing or 'FDA registered' is not review",
                              needle=match.group(), nth=nth)


@rule("numbers-in-words", "warning",
      "a percentage or ratio with no count and denominator beside it ('about 7 in 10')")
def numbers_in_words(ctx: Context) -> Iterator[Problem]:
    """Percentages and 'three times more' are misread; give the counts ('13 of 20 people')."""
    denominator = _lang(DENOMINATOR, ctx)
    patterns = (PERCENT, _lang(RATIO, ctx))
    for field in _reader_fields(ctx):
        for pattern in patterns:
            for match, sentence, _start, nth in _sentences_matching(ctx, pattern, field):
                if denominator.search(sentence):
                    continue
                yield ctx.problem("numbers-in-words", field.path,
                                  f"'{match.group()}' has no count beside it; say it as people "
                                  "out of a number ('about 7 out of 10 people', '13 of 20 "
                                  "people')", needle=match.group(), nth=nth)
