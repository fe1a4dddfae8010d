"""The one walker of the content model: every text field of a document with its YAML path, its
kind and where it is shown. Citations, checks and translations all read the document through it,
so a new field is declared once, here, and reaches every one of them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from builder.located import YamlPath
from builder.model import Document

PROSE = "prose"
"""Kinds of text, so each rule can pick the fields it is about."""
POINT = "point"
CLAIM = "claim"
STATUS = "status"
CELL = "cell"
CAPTION = "caption"
TITLE = "title"
NAME = "name"
NOTES = "notes"
ALT = "alt"
TERM = "term"
DEFINITION = "definition"
DISCLAIMER = "disclaimer"

READER_PROSE = frozenset({PROSE, POINT, CLAIM, STATUS, CELL, CAPTION, DISCLAIMER})
"""Running text a reader must understand; titles, names and speaker notes are left out."""


@dataclass(frozen=True)
class TextField:
    """One text value of the document and where it stands."""

    path: YamlPath
    text: str
    kind: str
    therapy: str | None = None
    """Id of the therapy the text is about, when the document says so."""
    section: int | None = None
    """Index of the section the text belongs to."""
    handout: bool = True
    """Printed in the handout."""


def text_fields(document: Document) -> Iterator[TextField]:
    """Every text field a reader or listener meets, in reading order (references excluded)."""
    meta = document.document
    yield TextField(("document", "title"), meta.title, TITLE)
    if meta.subtitle:
        yield TextField(("document", "subtitle"), meta.subtitle, TITLE)
    for t_index, therapy in enumerate(document.therapies):
        base: YamlPath = ("therapies", t_index)
        yield TextField((*base, "name"), therapy.name, NAME, therapy.id)
        yield TextField((*base, "short_name"), therapy.short_name, NAME, therapy.id)
        if therapy.status_note:
            yield TextField((*base, "status_note"), therapy.status_note, STATUS, therapy.id)
        for c_index, claim in enumerate(therapy.claims):
            yield TextField((*base, "claims", c_index, "text"), claim.text, CLAIM, therapy.id)
    for s_index, section in enumerate(document.sections):
        base = ("sections", s_index)
        kw = {"therapy": section.therapy, "section": s_index, "handout": section.handout}
        yield TextField((*base, "title"), section.title, TITLE, **kw)
        if section.body:
            yield TextField((*base, "body"), section.body, PROSE, **kw)
        for k, point in enumerate(section.key_points):
            yield TextField((*base, "key_points", k), point, POINT, **kw)
        if section.notes:
            yield TextField((*base, "notes"), section.notes, NOTES, **kw)
        if section.image:
            yield TextField((*base, "image", "alt"), section.image.alt, ALT, **kw)
            if section.image.caption:
                yield TextField((*base, "image", "caption"), section.image.caption, CAPTION,
                                **kw)
        if section.callout:
            if section.callout.title:
                yield TextField((*base, "callout", "title"), section.callout.title, TITLE, **kw)
            for k, item in enumerate(section.callout.items):
                yield TextField((*base, "callout", "items", k), item, POINT, **kw)
    comparison = document.comparison
    if comparison:
        yield TextField(("comparison", "title"), comparison.title, TITLE)
        for k, column in enumerate(comparison.columns):
            yield TextField(("comparison", "columns", k), column, NAME)
        for r, row in enumerate(comparison.rows):
            yield TextField(("comparison", "rows", r, "label"), row.label, CELL)
            for c, cell in enumerate(row.cells):
                yield TextField(("comparison", "rows", r, "cells", c), cell, CELL)
        if comparison.caption:
            yield TextField(("comparison", "caption"), comparison.caption, CAPTION)
        if comparison.notes:
            yield TextField(("comparison", "notes"), comparison.notes, NOTES, handout=False)
    for i, contrast in enumerate(document.contrasts):
        base = ("contrasts", i)
        shown = contrast.handout
        yield TextField((*base, "title"), contrast.title, TITLE, handout=shown)
        for side in ("left", "right"):
            column = getattr(contrast, side)
            yield TextField((*base, side, "heading"), column.heading, NAME, handout=shown)
            for k, point in enumerate(column.points):
                yield TextField((*base, side, "points", k), point, POINT, handout=shown)
        if contrast.notes:
            yield TextField((*base, "notes"), contrast.notes, NOTES, handout=False)
    messages = document.key_messages
    if messages:
        yield TextField(("key_messages", "title"), messages.title, TITLE)
        for k, point in enumerate(messages.points):
            yield TextField(("key_messages", "points", k), point, POINT)
        if messages.notes:
            yield TextField(("key_messages", "notes"), messages.notes, NOTES, handout=False)
    for i, term in enumerate(document.glossary):
        yield TextField(("glossary", i, "term"), term.term, TERM)
        yield TextField(("glossary", i, "definition"), term.definition, DEFINITION)
    disclaimer = document.disclaimer
    yield TextField(("disclaimer", "title"), disclaimer.title, TITLE)
    yield TextField(("disclaimer", "text"), disclaimer.text, DISCLAIMER)
    if disclaimer.notes:
        yield TextField(("disclaimer", "notes"), disclaimer.notes, NOTES, handout=False)
