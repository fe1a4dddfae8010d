"""Reference numbering shared by the handout and the deck.

References are numbered in the order the handout first cites them, so "[3]" means the same source
on a slide and on paper. References never cited are numbered after the cited ones.
"""

from __future__ import annotations

from collections.abc import Iterator

from builder.markup import cited_ids
from builder.model import Document


def citation_order(document: Document) -> Iterator[str]:
    """Every reference id cited anywhere, in reading order (with repeats)."""
    therapies = {t.id: t for t in document.therapies}
    for section in document.sections:
        yield from cited_ids(section.body)
        for point in section.key_points:
            yield from cited_ids(point)
        if section.callout:
            for item in section.callout.items:
                yield from cited_ids(item)
        therapy = therapies.get(section.therapy or "")
        if therapy:
            yield from cited_ids(therapy.status_note or "")
            for claim in therapy.claims:
                yield from cited_ids(claim.text)
                yield from claim.cite
        yield from section.cite
    if document.comparison:
        for row in document.comparison.rows:
            for cell in row.cells:
                yield from cited_ids(cell)
        yield from cited_ids(document.comparison.caption or "")
        yield from document.comparison.cite
    for contrast in document.contrasts:
        for point in (*contrast.left.points, *contrast.right.points):
            yield from cited_ids(point)
        yield from contrast.cite
    if document.key_messages:
        for point in document.key_messages.points:
            yield from cited_ids(point)
    for term in document.glossary:
        yield from cited_ids(term.definition)
    yield from cited_ids(document.disclaimer.text)


def reference_numbers(document: Document) -> dict[str, int]:
    """Reference id -> its number in the reference list."""
    known = {ref.id for ref in document.references}
    numbers: dict[str, int] = {}
    for ref_id in citation_order(document):
        if ref_id in known and ref_id not in numbers:
            numbers[ref_id] = len(numbers) + 1
    for ref in document.references:
        numbers.setdefault(ref.id, len(numbers) + 1)
    return numbers


def ordered_references(document: Document) -> list:
    """References in their numbered order."""
    numbers = reference_numbers(document)
    return sorted(document.references, key=lambda ref: numbers[ref.id])
