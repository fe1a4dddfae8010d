"""The one walker of the content model: every text element of a document, with its YAML path,
its kind and where it appears, in the order a reader meets it in the handout.

It It reads the declarations the model makes with
`builder.model_base.shown` (kind, places, conditions) and narrows each element's places by what
the author decided for its container: a section with `handout: false` is not in the handout, a
section on no tri-fold panel is not in the tri-fold, a contrast prints in the handout only with
`handout: true`, a therapy appears wherever a section presenting it appears. Reference
numbering, the content rules, the translation status and the "nothing lost" test all read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from builder.located import YamlPath
from builder.model import Contrast, Document, Image, Section, Therapy
from builder.model_base import EVERYWHERE, HANDOUT, NOTES, SLIDE, TRIFOLD, Kind, Place


@dataclass(frozen=True)
class Element:
    """One text value of the document and where it stands."""

    path: YamlPath
    text: str
    kind: Kind
    places: frozenset[Place] = frozenset()
    """Where a reader or listener meets it (empty: nowhere, e.g. a therapy no section shows)."""
    therapy: str | None = None
    """Id of the therapy the text is about, when the document says so."""
    section: int | None = None
    """Index of the section the text belongs to."""
    refs: tuple[str, ...] = ()
    """For a `cite:` list (kind CITES): the reference ids, in order."""
    translate: bool = True
    """Every translation is expected to give this text (names, numbers and credentials may
    stay as they are, though a translation can still give them)."""

    @property
    def handout(self) -> bool:
        """Printed in the handout."""
        return HANDOUT in self.places


SKIPPED = frozenset({"therapies", "trifold", "checks", "brand"})
"""Document fields the walk does not enter where they stand: therapies are walked beside the
sections that present them; the rest hold no text a reader meets."""


def walk(document: Document) -> Iterator[Element]:
    """Every text element of `document`, in handout reading order.

    A document is read-only, and `check` walks it once per rule (13 walks of the sample): the
    last document's elements are kept and walked again from the list."""
    last = _LAST_WALK[:1]
    if last and last[0][0] is document:
        return iter(last[0][1])
    elements = tuple(_Walker(document).run())
    _LAST_WALK[:] = [(document, elements)]
    return iter(elements)


_LAST_WALK: list[tuple[Document, tuple[Element, ...]]] = []
"""The last document walked and its elements."""


class _Walker:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.everywhere = frozenset(EVERYWHERE) - (
            set() if document.trifold else {TRIFOLD})
        self.on_panels = set()
        if document.trifold:
            panels = [document.trifold.flap, document.trifold.back, *document.trifold.inside]
            self.on_panels = {section_id for ids in panels for section_id in ids}
        self.done: set[str] = set()

    def run(self) -> Iterator[Element]:
        document = self.document
        for name in type(document).model_fields:
            if name in SKIPPED:
                continue
            if name == "sections":
                for index, section in enumerate(document.sections):
                    yield from self.model(section, ("sections", index), self.section_gate(section),
                                          section.therapy, index)
                for index, therapy in enumerate(document.therapies):
                    if therapy.id not in self.done:  # presented by no section
                        yield from self.therapy(index, therapy)
                continue
            yield from self.field(document, name, (), self.everywhere, None, None)

    # ------------------------------------------------------------------ gates

    def section_gate(self, section: Section) -> frozenset[Place]:
        """Where a section appears, from its own switches and the tri-fold's panels."""
        places = set()
        if section.handout:
            places.add(HANDOUT)
        if section.deck:
            places |= {SLIDE, NOTES}
        if section.id in self.on_panels:
            places.add(TRIFOLD)
        return frozenset(places) & self.everywhere

    def therapy_gate(self, therapy: Therapy) -> frozenset[Place]:
        """A therapy appears wherever a section presenting it appears."""
        places: set[Place] = set()
        for section in self.document.sections:
            if section.therapy == therapy.id:
                places |= self.section_gate(section)
        return frozenset(places)

    # ------------------------------------------------------------------ walking

    def therapy(self, index: int, therapy: Therapy) -> Iterator[Element]:
        self.done.add(therapy.id)
        yield from self.model(therapy, ("therapies", index), self.therapy_gate(therapy),
                              therapy.id, None)

    def model(self, model: BaseModel, path: YamlPath, gate: frozenset[Place],
              therapy: str | None, section: int | None) -> Iterator[Element]:
        if isinstance(model, Contrast):
            gate = gate & frozenset({SLIDE, NOTES} | ({HANDOUT} if model.handout else set()))
        for name in type(model).model_fields:
            yield from self.field(model, name, path, gate, therapy, section)
            if isinstance(model, Section) and name == "image" and model.therapy:
                # the therapy box follows the section's text and figure in the handout
                found = next(((i, t) for i, t in enumerate(self.document.therapies)
                              if t.id == model.therapy and t.id not in self.done), None)
                if found:
                    yield from self.therapy(*found)

    def field(self, model: BaseModel, name: str, path: YamlPath, gate: frozenset[Place],
              therapy: str | None, section: int | None) -> Iterator[Element]:
        value = getattr(model, name)
        here = (*path, name)
        extra = type(model).model_fields[name].json_schema_extra
        declared = extra if isinstance(extra, dict) else {}
        kind = declared.get("x-kind")
        if kind == Kind.CITES:
            if value:
                yield Element(here, "", Kind.CITES, gate, therapy, section, tuple(value))
            return
        if kind is not None:
            places = frozenset(Place(p) for p in declared.get("x-appears", ())) & gate
            for place, condition in dict(declared.get("x-when") or {}).items():
                if not getattr(model, str(condition))():
                    places -= {Place(place)}
            translate = bool(declared.get("x-translate", True))
            items = [(here, value)] if isinstance(value, str) else (
                [((*here, i), v) for i, v in enumerate(value)] if isinstance(value, list)
                else [])
            for item_path, item in items:
                if isinstance(item, str):
                    yield Element(item_path, item, Kind(kind), places, therapy, section,
                                  translate=translate)
            return
        if isinstance(value, BaseModel):
            yield from self.model(value, here, gate, therapy, section)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from self.model(item, (*here, index), gate, therapy, section)


# ----------------------------------------------------------------------------- for the rules

PROSE, POINT, CLAIM, RISK, STATUS = Kind.PROSE, Kind.POINT, Kind.CLAIM, Kind.RISK, Kind.STATUS
CELL, CAPTION, TITLE, NAME, NOTES_KIND = Kind.CELL, Kind.CAPTION, Kind.TITLE, Kind.NAME, Kind.NOTES
ALT, TERM, DEFINITION, DISCLAIMER = Kind.ALT, Kind.TERM, Kind.DEFINITION, Kind.DISCLAIMER
MESSAGE, ACTION = Kind.MESSAGE, Kind.ACTION
"""Kinds of text, so each rule can pick the fields it is about (declared in the model)."""

READER_PROSE = frozenset({PROSE, POINT, CLAIM, RISK, STATUS, CELL, CAPTION, DISCLAIMER, MESSAGE,
                          ACTION})
"""Running text a reader must understand; titles, names and speaker notes are left out."""

NOT_WORDING = frozenset({Kind.CITES, Kind.REFERENCE, Kind.CONTACT, Kind.BYLINE})
"""Elements the wording rules leave alone: citation lists, the list of sources, contact details
and the reviewer's byline."""

TextField = Element
"""The wording rules' name for an element of the document."""


def text_fields(document: Document) -> Iterator[Element]:
    """Every text a reader or listener meets, in reading order (sources and contacts left out)."""
    return (e for e in walk(document) if e.kind not in NOT_WORDING)


def section_images(document: Document) -> Iterator[tuple[YamlPath, str, Image]]:
    """Every image the sections show, with its YAML path and a key ('prp' for the section's
    picture, 'prp/steps' for the picture beside its steps), in reading order."""
    for index, section in enumerate(document.sections):
        if section.image:
            yield ("sections", index, "image"), section.id, section.image
        if section.steps and section.steps.image:
            yield ("sections", index, "steps", "image"), f"{section.id}/steps", section.steps.image
