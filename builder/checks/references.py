"""Citations and the reference list must agree: no citation of a missing source, no source
listed that nothing cites (a printed "[?]" or an orphan reference both look careless)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from builder.checks.registry import Context, rule
from builder.errors import Problem
from builder.fields import walk
from builder.located import YamlPath
from builder.markup import cited_ids
from builder.model_base import Kind


@dataclass(frozen=True)
class Citation:
    """One mention of a reference id."""

    ref_id: str
    path: YamlPath
    inline: bool
    """Written as [@id] in text (else an item of a `cite` list)."""
    nth: int = 0
    """Which inline mention of this id in the field it is."""


def citations(ctx: Context) -> list[Citation]:
    """Every citation in the document: `cite` lists and inline [@id] in any text."""
    found: list[Citation] = []
    for element in walk(ctx.document):
        if element.kind == Kind.CITES:
            found.extend(Citation(ref_id, (*element.path, k), False)
                         for k, ref_id in enumerate(element.refs))
            continue
        counts: dict[str, int] = {}
        for ref_id in cited_ids(element.text):
            found.append(Citation(ref_id, element.path, True, counts.get(ref_id, 0)))
            counts[ref_id] = counts.get(ref_id, 0) + 1
    return found


@rule("unknown-reference", "error", "a citation names a reference id that is not in references")
def unknown_reference(ctx: Context) -> Iterator[Problem]:
    """Citations whose id is not in the reference list, with the closest known id."""
    known = [ref.id for ref in ctx.document.references]
    for citation in citations(ctx):
        if citation.ref_id in known:
            continue
        close = difflib.get_close_matches(citation.ref_id, known, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else (
            f"; known: {', '.join(known)}" if known else "; the reference list is empty")
        yield ctx.problem("unknown-reference", citation.path,
                          f"unknown reference '{citation.ref_id}'{hint}",
                          needle=f"@{citation.ref_id}" if citation.inline else None,
                          nth=citation.nth)


@rule("unused-reference", "warning", "a reference is never cited")
def unused_reference(ctx: Context) -> Iterator[Problem]:
    """References no `cite` list and no [@id] mentions."""
    used = {citation.ref_id for citation in citations(ctx)}
    for index, ref in enumerate(ctx.document.references):
        if ref.id not in used:
            yield ctx.problem("unused-reference", ("references", index, "id"),
                              f"reference '{ref.id}' is never cited; cite it where it supports "
                              "the text, or remove it")


@rule("reference-identifier", "warning", "a reference has no DOI, PMID or URL to check it by")
def reference_identifier(ctx: Context) -> Iterator[Problem]:
    """A reviewer must be able to find each source: a DOI, a PubMed id or an address."""
    for index, ref in enumerate(ctx.document.references):
        if not (ref.doi or ref.pmid or ref.url):
            yield ctx.problem("reference-identifier", ("references", index, "id"),
                              f"reference '{ref.id}' has no doi, pmid or url; add one so a "
                              "reviewer can check that it supports what cites it")
