"""Citations and the reference list must agree: no citation of a missing source, no source
listed that nothing cites (a printed "[?]" or an orphan reference both look careless)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from builder.checks.registry import Context, rule
from builder.errors import Problem
from builder.fields import text_fields
from builder.located import YamlPath
from builder.markup import cited_ids


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
    document = ctx.document
    found: list[Citation] = []

    def cite_list(path: YamlPath, ids: list[str]) -> None:
        found.extend(Citation(ref_id, (*path, "cite", k), False) for k, ref_id in enumerate(ids))

    for t_index, therapy in enumerate(document.therapies):
        for c_index, claim in enumerate(therapy.claims):
            cite_list(("therapies", t_index, "claims", c_index), claim.cite)
    for s_index, section in enumerate(document.sections):
        cite_list(("sections", s_index), section.cite)
    if document.comparison:
        cite_list(("comparison",), document.comparison.cite)
    for i, contrast in enumerate(document.contrasts):
        cite_list(("contrasts", i), contrast.cite)
    for field in text_fields(document):
        counts: dict[str, int] = {}
        for ref_id in cited_ids(field.text):
            found.append(Citation(ref_id, field.path, True, counts.get(ref_id, 0)))
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
