"""The content model: what a clinic's YAML file may say, validated once, read by every renderer.

Renderers and checks read only these objects, never raw YAML. Text fields marked `Markdown` take
inline Markdown (bold, italic, links, lists) and `[@ref-id]` citations; raw HTML in them is shown
as text. Every list item that other parts refer to has an `id`, which is also what translations
key on.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from builder.paper import PaperName

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


def _pattern(regex: str) -> Any:
    """The validator's pattern, for the JSON Schema only (editors check it as you type); the
    validator itself gives the plain-language message."""
    return Field(json_schema_extra={"pattern": f"^{regex}$"})


Colour = Annotated[str, AfterValidator(_is_colour), _pattern(COLOUR_PATTERN)]
Id = Annotated[str, AfterValidator(_is_id), _pattern(ID_PATTERN)]
Language = Annotated[str, AfterValidator(_is_language), _pattern(LANGUAGE_PATTERN)]
NonEmpty = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    """Base: unknown keys are errors, each field documents itself, objects are read-only."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True,
                              str_strip_whitespace=True)


class RegulatoryStatus(StrEnum):
    """Where a therapy stands with the regulator (FDA in the sample)."""

    APPROVED = "approved"
    CLEARED_DEVICE = "cleared-device"
    OFF_LABEL = "off-label"
    INVESTIGATIONAL = "investigational"
    UNAPPROVED = "unapproved"


class Evidence(StrEnum):
    """How strong the evidence is behind one claim, strongest first."""

    STRONG = "strong"
    MODERATE = "moderate"
    LIMITED = "limited"
    PRECLINICAL = "preclinical"
    DISPUTED = "disputed"
    NONE = "none"


class Organisation(Model):
    name: NonEmpty
    """The clinic's name as patients know it."""
    address: str | None = None
    """Postal address, one line."""
    phone: str | None = None
    """Phone number as it should be printed."""
    email: str | None = None
    """Contact e-mail address."""
    website: str | None = None
    """Website (https://...); the handout prints a QR code to it."""


class Reviewer(Model):
    name: NonEmpty
    """The clinician who reviewed the medical content."""
    credentials: str | None = None
    """Degrees and role, e.g. 'MD, sports medicine'."""
    reviewed_on: dt.date
    """Date of the last medical review (YYYY-MM-DD)."""


class Meta(Model):
    title: NonEmpty
    """Main title on the cover and the title slide."""
    subtitle: str | None = None
    """One line under the title."""
    language: Language = "en"
    """BCP 47 language of the content, e.g. en, es, ar."""
    version: NonEmpty = "1.0"
    """Version printed in the footer; bump it with each change."""
    date: dt.date
    """Publication date; also the PDF's creation date, for reproducible output."""
    organisation: Organisation
    """Who publishes this material."""
    reviewer: Reviewer | None = None
    """Medical reviewer; `brochure check` expects one."""
    review_period_months: int = Field(12, ge=1, le=120)
    """How long a medical review stays valid."""
    paper: PaperName = "a4"
    """Default paper size of the handout."""
    page_budget: int | None = Field(None, ge=1, le=200)
    """Most handout pages allowed; more is reported by build and check."""
    reading_grade: float = Field(8, ge=1, le=18)
    """Highest reading grade allowed for patient-facing text."""
    web_address: str | None = None
    """Where the web page of this content is published (https://...); the handout's QR code
    then leads there instead of to the organisation's website."""


class Colours(Model):
    primary: Colour = "#1f5f8b"
    """Headings, cover band, slide title bars."""
    secondary: Colour = "#2f8f83"
    """Call-out boxes, table headers."""
    accent: Colour = "#e0a526"
    """Small highlights: rules, bullets, badges."""
    text: Colour = "#1d2630"
    """Body text."""
    background: Colour = "#ffffff"
    """Page and slide background."""
    muted: Colour = "#eef3f7"
    """Tinted boxes and alternate table rows."""


class Fonts(Model):
    heading: str = "Noto Sans"
    """Font family for headings; must be one the tool ships (see README)."""
    body: str = "Noto Sans"
    """Font family for body text; must be one the tool ships."""


class Brand(Model):
    colours: Colours = Colours()
    """The clinic's colours."""
    fonts: Fonts = Fonts()
    """The clinic's fonts."""
    logo: str | None = None
    """Logo image, relative to the content file (SVG or PNG)."""


class Image(Model):
    src: NonEmpty
    """Image file, relative to the content file (SVG, PNG or JPEG)."""
    alt: NonEmpty
    """What the image shows, for screen readers and slide alt text."""
    caption: str | None = None
    """Caption printed under the image."""
    credit: str | None = None
    """Who made the image, printed small under the caption."""
    width: Literal["auto", "full", "half"] = "auto"
    """Printed width in the handout: the whole text column, half of it with the text beside
    it, or `auto`: half when the figure's own text still prints at 9 pt or more, else full."""
    placement: Literal["auto", "here"] = "auto"
    """`auto`: after the section's first paragraph, moved down the section when that leaves
    a gap at the foot of a page; `here`: always after the first paragraph."""


class Claim(Model):
    text: Markdown
    """One statement about benefit, risk or mechanism, in plain words."""
    evidence: Evidence
    """How strong the evidence behind it is."""
    cite: list[str] = []
    """Reference ids that support it; every claim needs at least one."""


class Therapy(Model):
    id: Id
    """Short id used by sections, e.g. prp."""
    name: NonEmpty
    """Full name, e.g. Platelet-rich plasma (PRP)."""
    short_name: NonEmpty
    """Short name for tables and slides, e.g. PRP."""
    status: RegulatoryStatus | None = None
    """Regulatory status; `check` requires one."""
    status_note: Markdown | None = None
    """One sentence explaining the status, with a citation."""
    claims: list[Claim] = []
    """What is said about it, each with its evidence level and sources."""


class Callout(Model):
    kind: Literal["key-facts", "questions", "warning", "tip"] = "key-facts"
    """Box style: key facts, questions to ask your doctor, a warning or a tip."""
    title: str | None = None
    """Box heading; defaults to the kind's name in the document language."""
    items: list[Markdown] = Field(min_length=1)
    """The points in the box."""


class Section(Model):
    id: Id
    """Short id, used by translations, the tri-fold and links."""
    title: NonEmpty
    """Section heading; also the slide title."""
    therapy: str | None = None
    """Therapy id this section presents; adds its status and claims."""
    body: Markdown = ""
    """Prose for the handout."""
    key_points: list[Markdown] = []
    """Short points for the slide (and the handout summary)."""
    notes: str | None = None
    """What the speaker says; shown in the deck's notes."""
    image: Image | None = None
    """Optional illustration."""
    callout: Callout | None = None
    """Optional box of key facts or questions."""
    cite: list[str] = []
    """Reference ids supporting the section as a whole."""
    handout: bool = True
    """Include in the handout."""
    deck: bool = True
    """Include in the deck."""
    patient_facing: bool = True
    """Counted by the reading-level check."""


class ComparisonRow(Model):
    label: NonEmpty
    """Row heading, e.g. Can it multiply?"""
    cells: list[Markdown] = Field(min_length=1)
    """One cell per column, in column order."""


class Comparison(Model):
    title: NonEmpty
    """Table title."""
    columns: list[NonEmpty] = Field(min_length=1)
    """Column headings, usually therapy short names."""
    rows: list[ComparisonRow] = Field(min_length=1)
    """The rows; each has as many cells as there are columns."""
    caption: Markdown | None = None
    """Note printed under the table, with citations."""
    cite: list[str] = []
    """Reference ids supporting the table."""
    notes: str | None = None
    """Speaker notes for the table slides."""


class Column(Model):
    heading: NonEmpty
    """Column heading, e.g. PRP."""
    points: list[Markdown] = Field(min_length=1)
    """Points in this column."""


class Contrast(Model):
    id: Id
    """Short id."""
    title: NonEmpty
    """Slide title, e.g. PRP or stem cells?"""
    left: Column
    """Left column."""
    right: Column
    """Right column."""
    notes: str | None = None
    """Speaker notes."""
    cite: list[str] = []
    """Reference ids supporting the comparison."""
    handout: bool = False
    """Also print it in the handout."""


class KeyMessages(Model):
    title: NonEmpty = "Key messages"
    """Slide and box title; defaults to "Key messages" in the document language."""
    points: list[Markdown] = Field(min_length=1)
    """The few things a patient should remember."""
    notes: str | None = None
    """Speaker notes."""


class Reference(Model):
    id: Id
    """Id cited in text as [@id]."""
    authors: NonEmpty
    """Authors or issuing body, e.g. U.S. Food and Drug Administration."""
    title: NonEmpty
    """Title of the article or page."""
    source: NonEmpty
    """Journal or publisher."""
    year: int = Field(ge=1900, le=2100)
    """Year of publication."""
    url: str | None = None
    """Where to read it (printed, never fetched)."""
    doi: str | None = None
    """DOI, e.g. 10.1000/xyz."""


class GlossaryTerm(Model):
    term: NonEmpty
    """The word as it appears in the text."""
    definition: Markdown
    """A plain-language definition."""


class Disclaimer(Model):
    title: NonEmpty = "Important"
    """Box heading; defaults to "Important" in the document language."""
    text: Markdown
    """The disclaimer, shown in the handout box and on a slide."""
    notes: str | None = None
    """What the speaker says on the disclaimer slide; defaults to the text."""


class Trifold(Model):
    flap: list[str] = []
    """Section ids on the inside flap (outer side, left panel)."""
    back: list[str] = []
    """Section ids on the back panel (outer side, middle); contact details follow."""
    inside: list[list[str]] = Field(default_factory=lambda: [[], [], []], min_length=3,
                                     max_length=3)
    """Section ids on the three inside panels, left to right."""


class CheckSettings(Model):
    disable: list[str] = []
    """Rule ids to switch off for this file."""
    hype_words: list[str] = []
    """Extra overclaiming words and phrases to flag."""
    allow_words: list[str] = []
    """Words from the built-in hype list this file may use."""


class Document(Model):
    """A whole content file."""

    document: Meta
    """Title, organisation, language, dates and print settings."""
    brand: Brand = Brand()
    """Colours, fonts and logo."""
    therapies: list[Therapy] = []
    """The therapies discussed, with regulatory status and claims."""
    sections: list[Section] = Field(min_length=1)
    """The sections, in reading order."""
    comparison: Comparison | None = None
    """The comparison table."""
    contrasts: list[Contrast] = []
    """Two-column comparisons (slides; optionally in the handout)."""
    key_messages: KeyMessages | None = None
    """The take-home messages."""
    glossary: list[GlossaryTerm] = []
    """Terms a patient may not know."""
    references: list[Reference] = []
    """Sources cited in the text."""
    disclaimer: Disclaimer
    """Regulatory and medical disclaimer; required."""
    trifold: Trifold | None = None
    """Which sections go on which tri-fold panel."""
    checks: CheckSettings = CheckSettings()
    """Settings for `brochure check`."""

    @model_validator(mode="before")
    @classmethod
    def _default_titles_in_language(cls, data: Any) -> Any:
        """A title the file leaves out is the tool's word in the document's language: an
        English default would be the one English heading in a Spanish handout, and a
        translation cannot translate a key the source does not have."""
        if not isinstance(data, dict):
            return data
        meta = data.get("document")
        language = meta.get("language") if isinstance(meta, dict) else None
        if not isinstance(language, str) or not language:
            return data
        from builder.i18n import Words  # Babel is imported only when a default is needed

        for block, word in (("key_messages", "key_messages"), ("disclaimer", "disclaimer")):
            value = data.get(block)
            if isinstance(value, dict) and "title" not in value:
                data = {**data, block: {**value, "title": Words(language)(word)}}
        return data
