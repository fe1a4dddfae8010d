"""What the content says about a treatment: where it stands with the regulator, what studies
show, its risks, the options to consider instead, numbers a patient can use, and what to do
when something goes wrong (warning signs, reporting harm), and a box to write in.

Part of the content model (`builder.model` re-exports every class); see `builder.fields` for
how each text field declares where it appears.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from builder.model_base import (
    EVERYWHERE,
    HANDOUT,
    NOTES,
    SLIDE,
    TRIFOLD,
    Id,
    Kind,
    Markdown,
    Model,
    NonEmpty,
    cites,
    shown,
)


class RegulatoryStatus(StrEnum):
    """Where a therapy stands with the regulator, in the FDA's own categories."""

    APPROVED = "approved"
    """An approved drug or biologic (NDA/BLA), for the uses in `approved_uses` only."""
    APPROVED_DEVICE = "approved-device"
    """A device approved through premarket approval (PMA), for its approved uses."""
    CLEARED_DEVICE = "cleared-device"
    """A device cleared through 510(k) as like one already sold; no proof the treatment works."""
    OFF_LABEL = "off-label"
    """An approved or cleared product used for a use the FDA has not reviewed."""
    INVESTIGATIONAL = "investigational"
    """Given only in a clinical trial under an FDA IND (or IDE for a device)."""
    UNAPPROVED = "unapproved"
    """Not approved for any use it is offered for here."""


APPROVED_STATUSES = frozenset({RegulatoryStatus.APPROVED, RegulatoryStatus.APPROVED_DEVICE})
"""Statuses under which the FDA has found the product safe and effective for a use."""


class Evidence(StrEnum):
    """How strong the evidence is behind one claim, strongest first."""

    STRONG = "strong"
    MODERATE = "moderate"
    LIMITED = "limited"
    PRECLINICAL = "preclinical"
    DISPUTED = "disputed"
    NONE = "none"


class Claim(Model):
    text: Markdown = shown(Kind.CLAIM, HANDOUT, SLIDE)
    """One statement about benefit, risk or mechanism, in plain words."""
    evidence: Evidence
    """How strong the evidence behind it is."""
    cite: list[str] = cites()
    """Reference ids that support it; every claim needs at least one."""


class Risk(Model):
    what: Markdown = shown(Kind.RISK, HANDOUT, TRIFOLD, SLIDE)
    """The harm or side effect, in plain words, e.g. Pain and swelling for a few days."""
    how_often: Markdown = shown(Kind.RISK, HANDOUT, SLIDE)
    """How often, in words: common, rare, not known..."""
    count: int | None = Field(None, ge=0)
    """Where known: how many people out of `out_of` had it."""
    out_of: int | None = Field(None, ge=1)
    """The denominator of `count`, e.g. 100."""
    cite: list[str] = cites()
    """Reference ids that report this risk."""

    @model_validator(mode="after")
    def _count_needs_denominator(self) -> Risk:
        if (self.count is None) != (self.out_of is None):
            raise ValueError("give both count and out_of (e.g. count: 2, out_of: 100), or "
                             "neither")
        if self.count is not None and self.out_of is not None and self.count > self.out_of:
            raise ValueError(f"count {self.count} is more than out_of {self.out_of}")
        return self


class Therapy(Model):
    id: Id
    """Short id used by sections, e.g. prp."""
    name: NonEmpty = shown(Kind.NAME, HANDOUT)
    """Full name, e.g. Platelet-rich plasma (PRP)."""
    short_name: NonEmpty = shown(Kind.NAME, SLIDE)
    """Short name for tables and slides, e.g. PRP."""
    status: RegulatoryStatus | None = None
    """Regulatory status; `check` requires one."""
    status_note: Markdown | None = shown(Kind.STATUS, HANDOUT, TRIFOLD, SLIDE, default=None)
    """One sentence explaining the status, with a citation."""
    approved_uses: list[Markdown] = shown(Kind.STATUS, HANDOUT, NOTES, default_factory=list)
    """What the FDA approved or cleared the product for, as labelled (empty: nothing)."""
    procedure: bool = False
    """Given by injection, infusion or surgery: the document must then say when to get help
    (`warning_signs`)."""
    claims: list[Claim] = []
    """What is said about it, each with its evidence level and sources."""
    risks: list[Risk] = []
    """Its harms and side effects, each with how often and a source."""
    alternatives: list[Markdown] = shown(Kind.POINT, HANDOUT, NOTES, default_factory=list)
    """Proven options to ask about first, e.g. exercise and weight loss for knee arthritis."""
    what_to_expect: list[Markdown] = shown(Kind.ACTION, HANDOUT, NOTES, default_factory=list)
    """What happens at the visit, step by step (printed as a numbered list)."""
    cost: Markdown | None = shown(Kind.POINT, HANDOUT, NOTES, default=None)
    """Price and insurance cover, or where to ask about them."""


class OutcomeArm(Model):
    label: NonEmpty = shown(Kind.POINT, HANDOUT, SLIDE, NOTES)
    """Who this row of icons is, completing "out of 100 people...", e.g. who had PRP shots."""
    count: int = Field(ge=0)
    """How many of `out_of` people had the outcome."""


class Outcome(Model):
    """Numbers a patient can use: an icon array of `out_of` people per arm, with the same
    numbers printed in words beside it."""

    title: NonEmpty = shown(Kind.TITLE, HANDOUT, SLIDE)
    """Heading of the block, e.g. Side effects in one small trial."""
    people: NonEmpty = shown(Kind.POINT, HANDOUT, SLIDE, NOTES)
    """Who the numbers are about, e.g. adults with knee arthritis."""
    event: NonEmpty = shown(Kind.POINT, HANDOUT, SLIDE, NOTES)
    """What happened to them, e.g. had a side effect, mostly a short rise in knee pain."""
    timeframe: NonEmpty = shown(Kind.POINT, HANDOUT, SLIDE, NOTES)
    """Over what time, e.g. over 24 weeks."""
    out_of: int = Field(100, ge=10, le=200)
    """Icons in each array: the denominator (100 unless the study was smaller)."""
    approximate: bool = False
    """The counts are rounded from a study of another size (printed with "about")."""
    arms: list[OutcomeArm] = Field(min_length=1, max_length=3)
    """One array per group compared, e.g. PRP shots and salt-water shots."""
    note: Markdown | None = shown(Kind.CAPTION, HANDOUT, SLIDE, NOTES, default=None)
    """What the numbers do and do not show, with a citation."""
    cite: list[str] = cites()
    """Reference ids the numbers come from."""

    @model_validator(mode="after")
    def _counts_fit(self) -> Outcome:
        for arm in self.arms:
            if arm.count > self.out_of:
                raise ValueError(f"count {arm.count} is more than out_of {self.out_of}")
        return self


class WarningSigns(Model):
    title: NonEmpty = shown(Kind.TITLE, HANDOUT, TRIFOLD, SLIDE, default="When to get help")
    """Box heading; defaults to "When to get help" in the document language."""
    signs: list[Markdown] = shown(Kind.ACTION, *EVERYWHERE, min_length=1)
    """Signs after a treatment that need a call the same day."""
    call: Markdown | None = shown(Kind.ACTION, *EVERYWHERE, default=None)
    """Whom to call and how, day and night (the clinic's phone and after-hours line follow)."""
    emergency: Markdown | None = shown(Kind.ACTION, *EVERYWHERE, default=None)
    """When to call emergency services instead, e.g. Call 911 if you cannot breathe."""
    notes: str | None = shown(Kind.NOTES, NOTES, default=None)
    """Speaker notes."""


class ReportProblem(Model):
    title: NonEmpty = shown(Kind.TITLE, HANDOUT, TRIFOLD, SLIDE,
                           default="How to report a problem")
    """Heading; defaults to "How to report a problem" in the document language."""
    steps: list[Markdown] = shown(Kind.ACTION, HANDOUT, TRIFOLD, SLIDE, min_length=1)
    """What to do, in order, e.g. tell your doctor; report it to FDA MedWatch."""
    cite: list[str] = cites()
    """Reference ids for the reporting routes."""
    notes: str | None = shown(Kind.NOTES, NOTES, default=None)
    """Speaker notes."""


class WriteIn(Model):
    title: NonEmpty = shown(Kind.TITLE, HANDOUT, TRIFOLD)
    """Heading of the box, e.g. My questions for the doctor."""
    lines: int = Field(6, ge=1, le=20)
    """Ruled lines to write on in the handout (the tri-fold prints fewer)."""
