"""The content model: what a clinic's YAML file may say, validated once, read by every renderer.

Renderers and checks read only these objects, never raw YAML. Text fields marked `Markdown` take
inline Markdown (bold, italic, links, lists) and `[@ref-id]` citations; raw HTML in them is shown
as text. Every list item that other parts refer to has an `id`, which is also what translations
key on. Each text field declares where it appears (`builder.fields.text`); the treatment parts of
the model live in `builder.therapy` and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, model_validator

from builder.comparison import Comparison, ComparisonRow
from builder.model_base import (
    EVERYWHERE,
    HANDOUT,
    NOTES,
    SLIDE,
    TRIFOLD,
    Colour,
    HyphenatedWord,
    Id,
    Kind,
    Language,
    Markdown,
    Model,
    NonEmpty,
    Place,
    cites,
    shown,
)
from builder.paper import PaperName
from builder.therapy import (
    APPROVED_STATUSES,
    Claim,
    Evidence,
    Outcome,
    OutcomeArm,
    RegulatoryStatus,
    ReportProblem,
    Risk,
    Therapy,
    WarningSigns,
    WriteIn,
)

__all__ = ["APPROVED_STATUSES", "Claim", "Comparison", "ComparisonRow", "Evidence", "Kind",
           "Markdown", "Outcome", "OutcomeArm", "Place", "RegulatoryStatus", "ReportProblem",
           "Risk", "Therapy", "WarningSigns", "WriteIn"]


class Organisation(Model):
    name: NonEmpty = shown(Kind.CONTACT, *EVERYWHERE, translate=False)
    """The clinic's name as patients know it."""
    address: str | None = shown(Kind.CONTACT, *EVERYWHERE, translate=False, default=None)
    """Postal address, one line."""
    phone: str | None = shown(Kind.CONTACT, *EVERYWHERE, translate=False, default=None)
    """Phone number as it should be printed."""
    email: str | None = shown(Kind.CONTACT, *EVERYWHERE, translate=False, default=None)
    """Contact e-mail address."""
    website: str | None = None
    """Website (https://...); the handout prints a QR code to it."""
    hours: str | None = shown(Kind.CONTACT, *EVERYWHERE, default=None)
    """Opening hours as printed, e.g. Monday to Friday, 8 am to 6 pm."""
    after_hours: str | None = shown(Kind.CONTACT, *EVERYWHERE, default=None)
    """What to do when the clinic is closed, e.g. the on-call doctor's number."""


class Reviewer(Model):
    name: NonEmpty = shown(Kind.BYLINE, HANDOUT, SLIDE, NOTES, translate=False)
    """The clinician who reviewed the medical content."""
    credentials: str | None = shown(Kind.BYLINE, HANDOUT, translate=False, default=None)
    """Degrees and role, e.g. 'MD, sports medicine'."""
    reviewed_on: dt.date
    """Date of the last medical review (YYYY-MM-DD)."""


class Meta(Model):
    title: NonEmpty = shown(Kind.TITLE, *EVERYWHERE)
    """Main title on the cover and the title slide."""
    subtitle: str | None = shown(Kind.TITLE, *EVERYWHERE, default=None)
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
    next_review: dt.date | None = None
    """When the content will next be reviewed; printed so readers can tell it is current."""
    paper: PaperName = "a4"
    """Default paper size of the handout."""
    page_budget: int | None = Field(None, ge=1, le=200)
    """Most handout pages allowed; more is reported by build and check."""
    reading_grade: float = Field(8, ge=1, le=18)
    """Highest reading grade allowed for patient-facing text."""
    web_address: str | None = None
    """Where the web page of this content is published (https://...); the handout's QR code
    then leads there instead of to the organisation's website."""
    hyphenation: dict[Language, list[HyphenatedWord]] = {}
    """Per language code, words to hyphenate only where marked (evi-dence) or never (PRP),
    added to the tool's own list for that language (builder/languages)."""


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
    alt: NonEmpty = shown(Kind.ALT)
    """What the image shows, for screen readers and slide alt text."""
    caption: str | None = shown(Kind.CAPTION, HANDOUT, SLIDE, default=None)
    """Caption printed under the image."""
    credit: str | None = shown(Kind.CAPTION, HANDOUT, SLIDE, default=None)
    """Who made the image, printed small under the caption."""
    width: Literal["auto", "full", "half"] = "auto"
    """Printed width in the handout: the whole text column, half of it with the text beside
    it, or `auto`: half when the figure's own text still prints at 9 pt or more, else full."""
    placement: Literal["auto", "here"] = "auto"
    """`auto`: after the section's first paragraph, moved down the section when that leaves
    a gap at the foot of a page; `here`: always after the first paragraph."""


class Callout(Model):
    kind: Literal["key-facts", "questions", "warning", "tip"] = "key-facts"
    """Box style: key facts, questions to ask your doctor, a warning or a tip."""
    title: str | None = shown(Kind.TITLE, HANDOUT, TRIFOLD, SLIDE, default=None)
    """Box heading; defaults to the kind's name in the document language."""
    items: list[Markdown] = shown(Kind.POINT, HANDOUT, TRIFOLD, SLIDE, min_length=1)
    """The points in the box (also on a slide: their own, or with the section's when short)."""


class Steps(Model):
    title: str | None = shown(Kind.TITLE, HANDOUT, TRIFOLD, SLIDE, default=None)
    """Heading over the steps, e.g. How to check a clinical trial."""
    items: list[Markdown] = shown(Kind.ACTION, HANDOUT, TRIFOLD, SLIDE, min_length=1)
    """The steps in order, each one action (printed as a numbered list)."""
    image: Image | None = None
    """Optional picture that shows the action (e.g. a phone, a form)."""


class Section(Model):
    id: Id
    """Short id, used by translations, the tri-fold and links."""
    title: NonEmpty = shown(Kind.TITLE, HANDOUT, TRIFOLD, SLIDE)
    """Section heading; also the slide title."""
    therapy: str | None = None
    """Therapy id this section presents; adds its status, claims and risks."""
    body: Markdown = shown(Kind.PROSE, HANDOUT, TRIFOLD, SLIDE, default="",
                          when={"trifold": "body_on_panel", "slide": "body_on_slide"})
    """Prose for the handout (the tri-fold and slide use it only without key points)."""
    key_points: list[Markdown] = shown(Kind.POINT, HANDOUT, TRIFOLD, SLIDE,
                                       when={"trifold": "points_on_panel"},
                                       default_factory=list)
    """Short points: the slide bullets, the tri-fold panel and the handout's "In short" box."""
    notes: str | None = shown(Kind.NOTES, NOTES, default=None)
    """What the speaker says; shown in the deck's notes."""
    image: Image | None = None
    """Optional illustration."""
    callout: Callout | None = None
    """Optional box of key facts, questions or a warning (also on a slide: its own, or, short
    and not a warning, joined to the section's)."""
    steps: Steps | None = None
    """Optional numbered steps the reader can follow (also a slide of its own)."""
    outcome: Outcome | None = None
    """Optional numbers shown as icon arrays, with the same numbers in words."""
    write_in: WriteIn | None = None
    """Optional ruled box where the reader writes their own questions or notes."""
    cite: list[str] = cites()
    """Reference ids supporting the section as a whole."""
    handout: bool = True
    """Include in the handout."""
    deck: bool = True
    """Include in the deck."""
    patient_facing: bool = True
    """Counted by the reading-level check."""

    def body_on_panel(self) -> bool:
        """The tri-fold panel prints the body when it has no key points to print instead, or
        when a call-out box follows it."""
        return bool(self.callout) or not self.key_points

    def points_on_panel(self) -> bool:
        """The tri-fold panel prints the key points in place of the body, unless a call-out
        box follows the body."""
        return not self.callout

    def body_on_slide(self) -> bool:
        """The slide shows the body's first paragraph only when there are no key points."""
        return not self.key_points


class Column(Model):
    heading: NonEmpty = shown(Kind.NAME, HANDOUT, SLIDE)
    """Column heading, e.g. PRP."""
    points: list[Markdown] = shown(Kind.POINT, HANDOUT, SLIDE, min_length=1)
    """Points in this column."""


class Contrast(Model):
    id: Id
    """Short id."""
    title: NonEmpty = shown(Kind.TITLE, HANDOUT, SLIDE)
    """Slide title, e.g. PRP or stem cells?"""
    left: Column
    """Left column."""
    right: Column
    """Right column."""
    notes: str | None = shown(Kind.NOTES, NOTES, default=None)
    """Speaker notes."""
    cite: list[str] = cites()
    """Reference ids supporting the comparison."""
    handout: bool = False
    """Also print it in the handout."""


class KeyMessages(Model):
    title: NonEmpty = shown(Kind.TITLE, HANDOUT, SLIDE, default="Key messages")
    """Slide and box title; defaults to "Key messages" in the document language."""
    points: list[Markdown] = shown(Kind.POINT, HANDOUT, SLIDE, min_length=1)
    """The few things a patient should remember."""
    notes: str | None = shown(Kind.NOTES, NOTES, default=None)
    """Speaker notes."""


class Reference(Model):
    id: Id
    """Id cited in text as [@id]."""
    authors: NonEmpty = shown(Kind.REFERENCE, HANDOUT, TRIFOLD, SLIDE, translate=False)
    """Authors or issuing body, e.g. U.S. Food and Drug Administration."""
    title: NonEmpty = shown(Kind.REFERENCE, HANDOUT, TRIFOLD, SLIDE, translate=False,
                            when={"trifold": "title_in_short_form"})
    """Title of the article or page."""
    source: NonEmpty = shown(Kind.REFERENCE, HANDOUT, TRIFOLD, SLIDE, translate=False)
    """Journal or publisher."""
    year: int = Field(ge=1900, le=2100)
    """Year of publication."""
    url: str | None = None
    """Where to read it (printed, never fetched)."""
    doi: str | None = None
    """DOI, e.g. 10.1000/xyz."""
    pmid: str | None = Field(None, pattern=r"^\d{1,9}$")
    """PubMed identifier, e.g. 34812863."""

    def title_in_short_form(self) -> bool:
        """The tri-fold's short reference names the title only when the source is the author."""
        return self.source.strip() == self.authors.strip()


class GlossaryTerm(Model):
    term: NonEmpty = shown(Kind.TERM, HANDOUT, SLIDE)
    """The word as it appears in the text."""
    definition: Markdown = shown(Kind.DEFINITION, HANDOUT, SLIDE)
    """A plain-language definition."""


class Disclaimer(Model):
    title: NonEmpty = shown(Kind.TITLE, HANDOUT, TRIFOLD, SLIDE, default="Important")
    """Box heading; defaults to "Important" in the document language."""
    text: Markdown = shown(Kind.DISCLAIMER, *EVERYWHERE)
    """The disclaimer, shown in the handout box and on a slide (and spoken)."""
    notes: str | None = shown(Kind.NOTES, NOTES, default=None)
    """What the speaker says on the disclaimer slide before the text."""


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


DEFAULT_TITLES = ("key_messages", "disclaimer", "warning_signs", "report_a_problem")
"""Blocks whose `title` defaults to the tool's word for it in the document's language."""


class Document(Model):
    """A whole content file. Fields are in the order a reader meets them in the handout."""

    document: Meta
    """Title, organisation, language, dates and print settings."""
    brand: Brand = Brand()
    """Colours, fonts and logo."""
    main_message: Markdown | None = shown(Kind.MESSAGE, *EVERYWHERE, default=None)
    """The one thing to remember, in one sentence; printed first and emphasised."""
    call_to_action: Markdown | None = shown(Kind.ACTION, *EVERYWHERE, default=None)
    """What the reader should do next, in one sentence, e.g. See your doctor before..."""
    key_messages: KeyMessages | None = None
    """The take-home messages (the handout's summary)."""
    therapies: list[Therapy] = []
    """The therapies discussed, with regulatory status, claims and risks."""
    sections: list[Section] = Field(min_length=1)
    """The sections, in reading order."""
    comparison: Comparison | None = None
    """The comparison table."""
    contrasts: list[Contrast] = []
    """Two-column comparisons (slides; optionally in the handout)."""
    warning_signs: WarningSigns | None = None
    """When to get help after a treatment; required when a therapy is a procedure."""
    report_a_problem: ReportProblem | None = None
    """How to report harm (e.g. to the FDA's MedWatch)."""
    glossary: list[GlossaryTerm] = []
    """Terms a patient may not know."""
    disclaimer: Disclaimer
    """Regulatory and medical disclaimer; required."""
    disclosure: Markdown | None = shown(Kind.DISCLAIMER, *EVERYWHERE, default=None)
    """The publisher's own interest: does it sell or profit from these treatments?"""
    references: list[Reference] = []
    """Sources cited in the text."""
    trifold: Trifold | None = None
    """Which sections go on which tri-fold panel; a translation may give its own."""
    checks: CheckSettings = CheckSettings()
    """Settings for `brochure check`."""

    @model_validator(mode="before")
    @classmethod
    def _default_titles_in_language(cls, data: Any) -> Any:
        """A title the file leaves out is the tool's word in the document's language (a
        translation cannot translate a key the source does not have)."""
        if not isinstance(data, dict):
            return data
        meta = data.get("document")
        language = meta.get("language") if isinstance(meta, dict) else None
        if not isinstance(language, str) or not language:
            return data
        from builder.i18n import Words  # Babel is imported only when a default is needed

        for block in DEFAULT_TITLES:
            value = data.get(block)
            if isinstance(value, dict) and "title" not in value:
                data = {**data, block: {**value, "title": Words(language)(block)}}
        return data
