"""The building blocks of the content model: the read-only base class, small validated types,
and the declaration of where each text field appears.

Every text field of the model is declared with `shown(kind, *places)`: what kind of text it is
(prose, a bullet point, a risk, speaker notes...) and where a reader or listener meets it (the
handout, the tri-fold, a slide, the speaker notes). That declaration is stated once, here in the
model, and read by one walker (`builder.fields.walk`) which the citation numbering, the
content rules, the translation status and the "nothing lost" test all use. It also reaches the
JSON schema as `x-kind` / `x-appears`, so an editor can show it.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticUndefined

Markdown = str
"""Text that may hold inline Markdown and `[@ref-id]` citations."""


COLOUR_PATTERN = r"#[0-9a-fA-F]{6}"
LANGUAGE_PATTERN = r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"
ID_PATTERN = r"[a-z0-9][a-z0-9-]*"


def _is_colour(value: str) -> str:
    if not re.fullmatch(COLOUR_PATTERN, value):
        raise ValueError("a colour is written #rrggbb, e.g. #1f5f8b")
    return value.lower()


def _is_language(value: str) -> str:
    if not re.fullmatch(LANGUAGE_PATTERN, value):
        raise ValueError("a language is a code such as en, es or pt-BR")
    return value


def _is_id(value: str) -> str:
    if not re.fullmatch(ID_PATTERN, value):
        raise ValueError("an id uses lower-case letters, digits and hyphens, e.g. knee-oa")
    return value


WORD_PATTERN = r"[^\W_]+(?:-[^\W_]+)*"


def _is_word(value: str) -> str:
    if not re.fullmatch(WORD_PATTERN, value):
        raise ValueError("a hyphenation exception is one word with a hyphen where it may break "
                         "(evi-dence), or none where it never breaks (PRP)")
    return value


def _pattern(regex: str) -> Any:
    """The validator's pattern, for the JSON Schema only (editors check it as you type); the
    validator itself gives the plain-language message."""
    return Field(json_schema_extra={"pattern": f"^{regex}$"})


Colour = Annotated[str, AfterValidator(_is_colour), _pattern(COLOUR_PATTERN)]
Id = Annotated[str, AfterValidator(_is_id), _pattern(ID_PATTERN)]
Language = Annotated[str, AfterValidator(_is_language), _pattern(LANGUAGE_PATTERN)]
NonEmpty = Annotated[str, Field(min_length=1)]
HyphenatedWord = Annotated[str, AfterValidator(_is_word), _pattern(WORD_PATTERN)]


class Model(BaseModel):
    """Base: unknown keys are errors, each field documents itself (its attribute docstring,
    which `builder.schema` reads), objects are read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Place(StrEnum):
    """Where a reader or listener meets a piece of text."""

    HANDOUT = "handout"
    """The handout PDF."""
    TRIFOLD = "trifold"
    """The tri-fold brochure PDF (only sections placed on a panel)."""
    SLIDE = "slide"
    """Text on a slide of the deck."""
    NOTES = "notes"
    """The deck's speaker notes."""


HANDOUT, TRIFOLD, SLIDE, NOTES = Place.HANDOUT, Place.TRIFOLD, Place.SLIDE, Place.NOTES
EVERYWHERE = (HANDOUT, TRIFOLD, SLIDE, NOTES)


class Kind(StrEnum):
    """What kind of text a field holds, so each content rule can pick the fields it is about."""

    PROSE = "prose"
    POINT = "point"
    CLAIM = "claim"
    RISK = "risk"
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
    MESSAGE = "message"
    """The document's one main message."""
    ACTION = "action"
    """Something the reader is asked to do: the call to action, steps, warning signs."""
    CONTACT = "contact"
    """Contact details (names, numbers, addresses, opening hours)."""
    BYLINE = "byline"
    """Who reviewed the material and their credentials."""
    REFERENCE = "reference"
    """A part of a reference in the list of sources."""
    CITES = "cites"
    """A `cite:` list of reference ids."""


def shown(kind: Kind, *places: Place, when: dict[str, str] | None = None,
         translate: bool = True, default: Any = PydanticUndefined, **field: Any) -> Any:
    """A text field (or a list of text items): its kind and every place it appears.

    `when` makes a place conditional: {"trifold": "body_is_summary"} names a method of the
    model that says whether the text is shown there for this item. `translate=False` marks text
    a translation need not change (names, phone numbers, reference titles).
    """
    extra: dict[str, Any] = {"x-kind": str(kind), "x-appears": [str(p) for p in places]}
    if when:
        extra["x-when"] = dict(when)
    if not translate:
        extra["x-translate"] = False
    return Field(default, json_schema_extra=extra, **field)


def cites(**field: Any) -> Any:
    """A list of reference ids supporting the item it belongs to."""
    return Field(default_factory=list, json_schema_extra={"x-kind": str(Kind.CITES)}, **field)
