"""Every medical claim has a source (CDC Clear Communication Index, FTC substantiation).

Claims in the model carry `cite` lists; claims made in prose are caught by their wording: a
sentence that says a treatment helps, heals or restores must cite a reference, or sit in a
section that cites its sources as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from builder.checks.registry import Context, rule
from builder.checks.text import (
    CITATION,
    is_question,
    masked,
    negated,
    reported,
    sentences_matching,
)
from builder.errors import Problem
from builder.fields import POINT, PROSE, text_fields
from builder.markup import cited_ids


@rule("claim-uncited", "error", "a therapy claim or risk has no reference in `cite`")
def claim_uncited(ctx: Context) -> Iterator[Problem]:
    """Claims and risks with an empty `cite` (an inline [@id] in their text also counts)."""
    for t_index, therapy in enumerate(ctx.document.therapies):
        items = [("claims", i, c.text, c.cite) for i, c in enumerate(therapy.claims)]
        items += [("risks", i, r.what, r.cite) for i, r in enumerate(therapy.risks)]
        for key, index, text, cite in items:
            if cite or cited_ids(text):
                continue
            path = ("therapies", t_index, key, index)
            has_key = (*path, "cite") in ctx.source.keys
            field = "text" if key == "claims" else "what"
            yield ctx.problem("claim-uncited", (*path, "cite") if has_key else (*path, field),
                              f"this {key[:-1]} cites no reference; add the supporting "
                              "reference ids to cite: (e.g. cite: [smith-2021])")


@lru_cache(maxsize=16)
def _benefit(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@rule("benefit-uncited", "warning",
      "benefit wording ('helps', 'heals', 'restores', ...) in a sentence without a citation")
def benefit_uncited(ctx: Context) -> Iterator[Problem]:
    """Benefit sentences in section prose and key messages that cite nothing.

    A section with its own `cite` list vouches for its prose; a negated benefit ("no study
    shows it helps"), a question or a reported one ("ads say it heals") is no claim.
    """
    if ctx.wording is None:
        return  # no word list for this language: language-unsupported says so
    wording = ctx.wording
    pattern = _benefit(wording.benefit)
    sections = ctx.document.sections
    for field in text_fields(ctx.document):
        in_section = field.section is not None
        in_messages = field.path[0] == "key_messages" and field.kind == POINT
        if not ((in_section and field.kind in (PROSE, POINT)) or in_messages):
            continue
        if in_section and sections[field.section].cite:  # type: ignore[index]
            continue
        text = masked(field.text)
        for match, start, end, nth in sentences_matching(pattern, field.text):
            if CITATION.search(field.text[start:end + 1]) or is_question(text[start:end]):
                continue
            if negated(text, match.start(), start, wording) or \
                    reported(text, match.start(), start, wording):
                continue
            yield ctx.problem("benefit-uncited", field.path,
                              f"'{match.group()}' states a benefit with no source; cite one "
                              "([@id] in the sentence or cite: on the section), or say what is "
                              "not known", needle=match.group(), nth=nth)
