"""`brochure check --pemat`: the two checklists patient-education reviewers sign against, scored
on what a machine can judge from the content model and the handout's layout.

- PEMAT-P (AHRQ's Patient Education Materials Assessment Tool, printable materials): 17
  understandability and 7 actionability items; each item is agree (1), disagree (0) or not
  applicable; a score is the share of agree among the items that apply. 70 % is the usual bar.
- The CDC Clear Communication Index: 20 scored items; 90 is the passing score.

Every item is judged here by a stated rule (its `reason` says what was seen), or handed to the
medical reviewer when only a person can judge it (whether the pictures help, whether the order
is logical). The percentages count machine-judged items only and say so. Item wording is
paraphrased from the public instruments (the item numbers are theirs).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from builder import pemat_items  # noqa: F401  (its judges register themselves)
from builder.checks.registry import Context
from builder.options import BuildOptions
from builder.pemat_evidence import JUDGES, Evidence, gather

Verdict = Literal["agree", "disagree", "n/a", "reviewer"]

PEMAT_PASS = 70.0
"""PEMAT-P: materials scoring 70 % or more on a domain are considered understandable or
actionable (AHRQ user's guide)."""
CDC_PASS = 90.0
"""CDC Clear Communication Index: 90 or more is a passing score."""


@dataclass(frozen=True)
class ItemSpec:
    """One item of an instrument: its number, domain and wording (paraphrased)."""

    instrument: Literal["PEMAT-P", "CDC"]
    number: int
    domain: str
    text: str


ITEMS: tuple[ItemSpec, ...] = (
    ItemSpec("PEMAT-P", 1, "understandability", "The purpose is completely evident."),
    ItemSpec("PEMAT-P", 2, "understandability",
             "Nothing distracts from the purpose."),
    ItemSpec("PEMAT-P", 3, "understandability", "It uses common, everyday language."),
    ItemSpec("PEMAT-P", 4, "understandability",
             "Medical terms are used only to familiarise readers with them, and are defined."),
    ItemSpec("PEMAT-P", 5, "understandability", "It uses the active voice."),
    ItemSpec("PEMAT-P", 6, "understandability", "Numbers are clear and easy to understand."),
    ItemSpec("PEMAT-P", 7, "understandability", "Readers need not do calculations."),
    ItemSpec("PEMAT-P", 8, "understandability", "Information is chunked into short sections."),
    ItemSpec("PEMAT-P", 9, "understandability", "Sections have informative headers."),
    ItemSpec("PEMAT-P", 10, "understandability", "Information is in a logical sequence."),
    ItemSpec("PEMAT-P", 11, "understandability", "It provides a summary."),
    ItemSpec("PEMAT-P", 12, "understandability",
             "Visual cues (boxes, bullets, bold) draw attention to key points."),
    ItemSpec("PEMAT-P", 15, "understandability",
             "Visual aids are used whenever they could make content easier to understand."),
    ItemSpec("PEMAT-P", 16, "understandability",
             "Visual aids reinforce rather than distract from the content."),
    ItemSpec("PEMAT-P", 17, "understandability", "Visual aids have clear titles or captions."),
    ItemSpec("PEMAT-P", 18, "understandability",
             "Illustrations and photographs are clear and uncluttered."),
    ItemSpec("PEMAT-P", 19, "understandability",
             "Tables are simple, with short and clear row and column headings."),
    ItemSpec("PEMAT-P", 20, "actionability", "It identifies at least one action to take."),
    ItemSpec("PEMAT-P", 21, "actionability",
             "It addresses the reader directly when describing actions."),
    ItemSpec("PEMAT-P", 22, "actionability",
             "Actions are broken down into manageable, explicit steps."),
    ItemSpec("PEMAT-P", 23, "actionability",
             "It gives a tangible tool (checklist, write-in space) where it could help."),
    ItemSpec("PEMAT-P", 24, "actionability",
             "It explains how to do any calculation it asks for."),
    ItemSpec("PEMAT-P", 25, "actionability",
             "It explains how to use its charts, tables or diagrams to act."),
    ItemSpec("PEMAT-P", 26, "actionability",
             "Visual aids make it easier to act on the instructions."),
    ItemSpec("CDC", 1, "main message", "There is one main message statement."),
    ItemSpec("CDC", 2, "main message", "The main message is at the top or front."),
    ItemSpec("CDC", 3, "main message", "The main message is emphasised with visual cues."),
    ItemSpec("CDC", 4, "main message",
             "At least one visual conveys or supports the main message."),
    ItemSpec("CDC", 5, "call to action", "There is a call to action for the reader."),
    ItemSpec("CDC", 6, "language",
             "The main message and the call to action use the active voice."),
    ItemSpec("CDC", 7, "language", "It always uses words the readers use."),
    ItemSpec("CDC", 8, "information design", "It uses bulleted or numbered lists."),
    ItemSpec("CDC", 9, "information design", "It is organised in chunks with headings."),
    ItemSpec("CDC", 10, "information design",
             "The most important information is summarised at the start."),
    ItemSpec("CDC", 11, "state of the science",
             "It says what experts know and do not know about the topic."),
    ItemSpec("CDC", 12, "behavioural recommendations",
             "It includes one or more behavioural recommendations."),
    ItemSpec("CDC", 13, "behavioural recommendations",
             "It explains why the recommendation matters to the reader."),
    ItemSpec("CDC", 14, "behavioural recommendations",
             "It gives specific directions for how to follow the recommendation."),
    ItemSpec("CDC", 15, "numbers", "It always presents numbers the readers use."),
    ItemSpec("CDC", 16, "numbers", "It always explains what the numbers mean."),
    ItemSpec("CDC", 17, "numbers", "Readers need not do calculations."),
    ItemSpec("CDC", 18, "risk", "It explains the nature of the risk."),
    ItemSpec("CDC", 19, "risk", "It addresses both the risks and the benefits."),
    ItemSpec("CDC", 20, "risk",
             "Numeric probabilities are also explained in words or a visual."),
)


@dataclass(frozen=True)
class ItemResult:
    """One item judged."""

    instrument: str
    number: int
    domain: str
    text: str
    verdict: Verdict
    reason: str


@dataclass(frozen=True)
class Score:
    """A score over the machine-judged items of one instrument (or domain)."""

    agree: int
    judged: int
    """Items judged agree or disagree (not applicable and reviewer items left out)."""
    reviewer: int

    @property
    def percent(self) -> float:
        return round(100.0 * self.agree / self.judged, 1) if self.judged else 0.0


@dataclass
class Assessment:
    """The PEMAT-P and CDC items for one content file (one language)."""

    path: Path
    language: str
    items: list[ItemResult] = field(default_factory=list)

    def score(self, instrument: str, domain: str | None = None) -> Score:
        chosen = [i for i in self.items if i.instrument == instrument
                  and (domain is None or i.domain == domain)]
        return Score(sum(i.verdict == "agree" for i in chosen),
                     sum(i.verdict in ("agree", "disagree") for i in chosen),
                     sum(i.verdict == "reviewer" for i in chosen))

    @property
    def scores(self) -> dict[str, Score]:
        return {"PEMAT-P understandability": self.score("PEMAT-P", "understandability"),
                "PEMAT-P actionability": self.score("PEMAT-P", "actionability"),
                "CDC Clear Communication Index": self.score("CDC")}

    @property
    def passed(self) -> bool:
        scores = self.scores
        return (scores["PEMAT-P understandability"].percent >= PEMAT_PASS
                and scores["PEMAT-P actionability"].percent >= PEMAT_PASS
                and scores["CDC Clear Communication Index"].percent >= CDC_PASS)

    def text(self) -> str:
        """The report for a person: scores, every item with its reason, the checklist."""
        lines = [f"{self.path} ({self.language})"]
        for name, score in self.scores.items():
            lines.append(f"  {name + ':':31} {score.percent:5.1f} %  ({score.agree} of "
                         f"{score.judged} machine-judged items; {score.reviewer} for the "
                         "reviewer)")
        lines.append(f"  bars: PEMAT-P {PEMAT_PASS:g} % per domain, CDC {CDC_PASS:g}; "
                     f"{'met' if self.passed else 'NOT met'}")
        lines.append("")
        for item in self.items:
            if item.verdict != "reviewer":
                lines.append(f"  {item.instrument:7} {item.number:2}  {item.verdict:8}  "
                             f"{item.text} {item.reason}")
        checklist = [i for i in self.items if i.verdict == "reviewer"]
        if checklist:
            lines += ["", "  For the medical reviewer (judge and tick):"]
            lines += [f"  [ ] {i.instrument} {i.number}: {i.text} {i.reason}".rstrip()
                      for i in checklist]
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        return {"file": str(self.path), "language": self.language,
                "scores": {name: {**asdict(score), "percent": score.percent}
                           for name, score in self.scores.items()},
                "passed": self.passed,
                "items": [asdict(i) for i in self.items]}


def assess(ctx: Context) -> Assessment:
    """Judge every item for the document in `ctx`."""
    evidence = gather(ctx)
    assessment = Assessment(ctx.source.path, ctx.document.document.language)
    for spec in ITEMS:
        judge: Callable[[Evidence], tuple[Verdict, str]] | None = JUDGES.get(
            (spec.instrument, spec.number))
        verdict, reason = judge(evidence) if judge else ("reviewer", "")
        assessment.items.append(ItemResult(spec.instrument, spec.number, spec.domain,
                                           spec.text, verdict, reason))
    return assessment


def report_json(assessments: Iterable[Assessment]) -> str:
    return json.dumps([a.as_json() for a in assessments], indent=2, ensure_ascii=False)


def quote(text: str, words: int = 10) -> str:
    """The first words of a text, quoted, for reasons."""
    parts = re.sub(r"[*_`]", "", text).split()
    return "“" + " ".join(parts[:words]) + ("…”" if len(parts) > words else "”")


def assess_file(path: Path, language: str | None = None,
                options: BuildOptions | None = None) -> list[Assessment]:
    """Load, validate and assess `path` (a translation with `language`; 'all': every one).
    Invalid input raises `ContentError`, as the build does."""
    from builder import loader, translate
    from builder.checks import make_context
    from builder.validate import validate

    source = loader.load(path)
    languages: list[str | None] = [language]
    if language == "all":
        own = translate.source_language(source)
        languages = [None, *[lang for lang in translate.available(path) if lang != own]]
    found = []
    for lang in languages:
        merged = translate.apply(source, lang) if lang else source
        document = validate(merged)
        found.append(assess(make_context(document, merged, options=options)))
    return found


def report(paths: Iterable[Path], language: str | None, fmt: str,
           options: BuildOptions | None = None) -> tuple[str, bool]:
    """`check --pemat`: the report on every file (a translation as its source in its language)
    as text or JSON, and whether every score meets its bar."""
    from builder.translate import translation_of

    assessments = []
    for path in dict.fromkeys(paths):
        source, lang = translation_of(path) or (path, language)
        assessments += assess_file(source, lang, options)
    text = (report_json(assessments) if fmt == "json"
            else "\n\n".join(a.text() for a in assessments))
    return text, all(a.passed for a in assessments)
