"""Reference numbering shared by the handout and the deck.

References are numbered in the order the handout first cites them, so "[3]" means the same source
on a slide and on paper. References never cited are numbered after the cited ones.
"""

from __future__ import annotations

from collections.abc import Iterator

from builder.fields import walk
from builder.markup import cited_ids
from builder.model import Document
from builder.model_base import Kind


def citation_order(document: Document) -> Iterator[str]:
    """Every reference id cited anywhere, in handout reading order (with repeats); text that
    never prints in the handout (speaker notes, deck-only slides) comes after it."""
    elements = list(walk(document))
    for printed in (True, False):
        for element in elements:
            if element.handout != printed:
                continue
            if element.kind == Kind.CITES:
                yield from element.refs
            else:
                yield from cited_ids(element.text)


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
