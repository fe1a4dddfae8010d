"""What the PEMAT-P and CDC judges read, gathered once: the content rules' findings, the
reading grades, the sentences and actions a reader meets, and the handout's HTML and CSS; plus
small helpers the judges share (`builder.pemat_items`). Word lists come from the document's
language (`builder/languages/`): a language without them has those items go to the reviewer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from builder.checks.language import reading_units
from builder.checks.readability import formula_for
from builder.checks.registry import RULES, Context
from builder.checks.text import sentences
from builder.errors import Problem
from builder.fields import READER_PROSE, text_fields
from builder.languages import PatientWording, compiled, facts
from builder.markup import to_plain
from builder.model import Document

MAX_SECTION_WORDS = 300
"""A section a reader takes in at once; longer ones are not 'short sections'."""
MAX_PASSIVE_SHARE = 0.2
"""At most one sentence in five in the passive counts as 'uses the active voice'."""
MAX_TABLE_COLUMNS = 5
MAX_HEADING_WORDS = 5


@dataclass
class Evidence:
    """What the judges read, gathered once."""

    ctx: Context
    document: Document
    language: str
    problems: dict[str, list[Problem]]
    grades: list[tuple[str, float]]
    sentences: list[str]
    actions: list[str]
    html: Any = None
    """The handout's HTML as an lxml tree, or None when it could not be made."""
    patient: PatientWording | None = None
    """The language's patterns (passive voice, instructions, calculations); None: unknown."""
    html_error: str = ""
    css: str = ""
    notes: dict[str, str] = field(default_factory=dict)

    def rule(self, *rule_ids: str) -> list[Problem]:
        return [p for r in rule_ids for p in self.problems.get(r, [])]

    def plain(self, text: str | None) -> str:
        return to_plain(text or "", language=self.language)


def gather(ctx: Context) -> Evidence:
    """Run the content rules the judges need, score the reading units, collect the sentences
    and actions, and render the handout's HTML."""
    language = ctx.language
    needed = ("reading-grade", "glossary-undefined", "jargon-before-definition",
              "numbers-in-words", "hedged-approval", "hedged-benefit")
    problems = {rule_id: list(RULES[rule_id].check(ctx)) for rule_id in needed  # type: ignore[misc]
                if rule_id in RULES and RULES[rule_id].check}
    formula = formula_for(language)
    grades = []
    for path, text in reading_units(ctx):
        score = formula.score(text) if formula else None
        if score:
            grades.append((".".join(str(p) for p in path), score.grade))
    document = ctx.document
    reader = [f for f in text_fields(document) if f.kind in READER_PROSE and f.handout]
    found = []
    for element in reader:
        plain = to_plain(element.text, language=language)
        found += [plain[a:b] for a, b in sentences(plain)]
    evidence = Evidence(ctx, document, language, problems, grades, found, _actions(document),
                        patient=facts(document.document.language).patient)
    _render(evidence)
    return evidence


def _actions(document: Document) -> list[str]:
    """Texts that ask the reader to do something."""
    actions = [document.call_to_action or ""]
    for section in document.sections:
        if section.steps:
            actions += section.steps.items
    if document.warning_signs:
        signs = document.warning_signs
        actions += [signs.call or "", signs.emergency or ""]
    if document.report_a_problem:
        actions += document.report_a_problem.steps
    return [a for a in actions if a.strip()]


def _render(evidence: Evidence) -> None:
    """The handout's HTML, from the same templates as the build (layout items read it)."""
    from lxml import html as lxml_html

    from builder.errors import BrochureError
    from builder.options import RenderContext

    ctx = evidence.ctx
    try:
        from builder.handout import prepare

        context = RenderContext(ctx.source.path, ctx.options, ctx.assets, ctx.source)
        prepared = prepare(ctx.document, context)
        evidence.html = lxml_html.fromstring(prepared.html)
        evidence.css = "\n".join(p.read_text(encoding="utf-8") for p in prepared.css)
    except (BrochureError, OSError, ValueError) as exc:
        evidence.html_error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__


# ------------------------------------------------------------------------------ helpers

Verdict = tuple[str, str]


def yes(reason: str) -> Verdict:
    return "agree", reason


def no(reason: str) -> Verdict:
    return "disagree", reason


def n_a(reason: str) -> Verdict:
    return "n/a", reason


def short(problems: list[Problem], limit: int = 2) -> str:
    return "; ".join(f"line {p.line}: {p.message.split(';')[0]}" for p in problems[:limit])


def has_numbers(evidence: Evidence) -> bool:
    document = evidence.document
    return (any(re.search(r"\d", s) for s in evidence.sentences)
            or any(s.outcome for s in document.sections)
            or any(r.count is not None for t in document.therapies for r in t.risks))


def is_direct(evidence: Evidence, text: str) -> bool:
    """An instruction that says 'you' or starts with a verb (needs the language's lists)."""
    words = re.findall(r"[\w'’]+", evidence.plain(text).lower())
    patient = evidence.patient
    if not words or patient is None:
        return False
    return bool(set(words) & patient.you) or words[0] in patient.imperative


def passive(evidence: Evidence, text: str) -> bool:
    patient = evidence.patient
    return bool(patient and compiled(patient.passive).search(evidence.plain(text)))


def asks_calculation(evidence: Evidence, sentence: str) -> bool:
    patient = evidence.patient
    return bool(patient and compiled(patient.calculate).search(sentence))


def html_order(evidence: Evidence, css_class: str) -> tuple[int | None, int | None]:
    """Position (in document order) of the first element with `css_class` and of the first
    section of the handout body."""
    if evidence.html is None:
        return None, None
    found, first_section = None, None
    for index, node in enumerate(evidence.html.iter()):
        classes = (node.get("class") or "").split()
        if found is None and css_class in classes:
            found = index
        if first_section is None and "section" in classes and node.tag == "section":
            first_section = index
    return found, first_section


def handout_sections(e: Evidence) -> list:
    """The sections printed in the handout."""
    return [s for s in e.document.sections if s.handout]


JUDGES: dict[tuple[str, int], Callable[[Evidence], Verdict]] = {}
"""(instrument, item number) -> its judge."""


def judge(instrument: str, *numbers: int) -> Callable[[Callable[[Evidence], Verdict]],
                                                       Callable[[Evidence], Verdict]]:
    """Register the decorated function as the judge of these items."""
    def register(function: Callable[[Evidence], Verdict]) -> Callable[[Evidence], Verdict]:
        for number in numbers:
            JUDGES[(instrument, number)] = function
        return function
    return register
