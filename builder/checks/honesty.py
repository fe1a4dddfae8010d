"""Wording that softens the facts a patient decides on: approval hedged ("most are not
approved" when none is), benefit hedged ("some studies suggest it helps" for an unapproved
treatment), a trial registry offered as proof of legitimacy (the FDA says to ask for the IND
number and letter instead), and percentages or ratios without the counts behind them.

Each rule works sentence by sentence on the text a reader meets, with the patterns of the
document's language (`builder/languages/`; a language without them is not checked, and
language-unsupported says so); questions are exempt where they ask rather than claim, negations
where they deny the phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from builder.checks.registry import Context, rule
from builder.checks.text import (
    is_question,
    masked,
    negated,
    reported,
    sentences_matching,
)
from builder.errors import Problem
from builder.fields import READER_PROSE, TextField, text_fields
from builder.languages import compiled
from builder.model import APPROVED_STATUSES


def _sentences_matching(ctx: Context, pattern: re.Pattern[str], field: TextField
                        ) -> Iterator[tuple[re.Match[str], str, int, int]]:
    """Matches of `pattern` in a field, with their sentence and which occurrence they are."""
    text = masked(field.text)
    for match, start, end, nth in sentences_matching(pattern, field.text):
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
    if ctx.patient is None:
        return
    pattern = compiled(ctx.patient.hedged_approval)
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
    if ctx.patient is None or ctx.wording is None:
        return
    hedge_pattern = compiled(ctx.patient.study_hedge)
    benefit = compiled(ctx.wording.benefit)
    for field in _reader_fields(ctx):
        text = masked(field.text)
        for match, sentence, start, nth in _sentences_matching(ctx, hedge_pattern, field):
            after = text[match.end(): start + len(sentence)]
            verb = benefit.search(after)
            if verb is None or is_question(sentence):
                continue
            at = match.end() + verb.start()
            if negated(text, at, start, ctx.wording) or reported(text, at, start, ctx.wording):
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
    if ctx.patient is None or ctx.wording is None:
        return
    pattern = compiled(ctx.patient.trial_claim)
    ind = compiled(ctx.patient.ind)
    negators = ctx.wording.negators
    for field in _reader_fields(ctx):
        for match, sentence, _start, nth in _sentences_matching(ctx, pattern, field):
            words = set(re.findall(r"[\w'’]+", sentence.lower()))
            if ind.search(sentence) or words & negators or any(w.endswith("n't") for w in words):
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
    if ctx.patient is None:
        return
    denominator = compiled(ctx.patient.denominator)
    patterns = (compiled(ctx.patient.percent), compiled(ctx.patient.ratio))
    for field in _reader_fields(ctx):
        for pattern in patterns:
            for match, sentence, _start, nth in _sentences_matching(ctx, pattern, field):
                if denominator.search(sentence):
                    continue
                yield ctx.problem("numbers-in-words", field.path,
                                  f"'{match.group()}' has no count beside it; say it as people "
                                  "out of a number ('about 7 out of 10 people', '13 of 20 "
                                  "people')", needle=match.group(), nth=nth)
