"""What the tool knows about each language, in one place per language.

One module per language (`en.py`, `es.py`, ...) declares its facts: typographic quotes, the
reading-grade formula, the overclaiming and benefit wording the checks look for, negations and
reported speech, what a disclaimer must mention, and the medical vocabulary (`terms.<code>.txt`).
A language that declares no wording facts is *not supported* by the wording rules, and `facts()`
says so; nothing silently falls back to English (a French disclaimer would otherwise fail for
lacking English keywords). The tool's own words ("Page 2 of 10") are in `builder/locales/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path

LANGUAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Hype:
    """An overclaiming word or phrase, as a language module declares it."""

    label: str
    """What a message calls it, e.g. 'miracle'."""
    regex: str | None = None
    """Whole-word pattern; None matches `label` itself (any spacing or hyphens)."""
    fda: bool = False
    """A claim of FDA approval: an error when the therapy is not approved."""
    negative: bool = False
    """The phrase is itself a negation ("no side effects"), so "no" before it means nothing."""


@dataclass(frozen=True)
class Wording:
    """The word lists the wording rules need; a language without them is not checked."""

    negators: frozenset[str]
    """Words that negate what follows ("no", "never")."""
    reporting: frozenset[str]
    """Words that mark reported speech ("ads *promise* a cure" is no claim of ours)."""
    clause_breaks: tuple[str, ...]
    """Conjunctions that start a new clause ("but"): a negation before them does not count."""
    hype: tuple[Hype, ...]
    """Built-in overclaiming phrases."""
    benefit: str
    """Pattern of benefit wording ("helps", "heals") that needs a citation."""
    disclaimer: str
    """Pattern of what a disclaimer must mention: approval status or seeing a doctor."""


@dataclass(frozen=True)
class PatientWording:
    """The word patterns of the patient-material rules (honesty, jargon, actionability) and of
    the PEMAT-P / CDC judges; a language without them is not checked by those rules."""

    hedged_approval: str
    """A hedge in front of a denial of approval: 'most … not approved', 'largely unapproved'."""
    study_hedge: str
    """Weak evidence presented as a finding: 'some studies suggest', 'small trials show'."""
    trial_claim: str
    """A registry offered as legitimacy: 'registered trial', 'ClinicalTrials.gov', 'FDA
    registered'."""
    ind: str
    """What the FDA tells patients to ask for instead: the IND (Investigational New Drug)."""
    percent: str
    """A percentage: '40%', '40 percent'."""
    ratio: str
    """A relative number: '3x', 'three times more'."""
    denominator: str
    """A count with its whole: '13 of 20', 'about 7 in 10'."""
    explained_after: str
    """What may follow a term's first use to explain it there (a group named `paren` holds a
    parenthesis, which explains only with two or more words)."""
    explained_before: str
    """What may precede it: 'a machine called a centrifuge'."""
    passive: str
    """A passive clause: a form of 'be' and a past participle."""
    you: frozenset[str]
    """Words that address the reader."""
    imperative: frozenset[str]
    """Common first words of an instruction."""
    calculate: str
    """Asking the reader to do arithmetic."""
    generic_titles: frozenset[str]
    """Headings that say nothing about their section."""


@dataclass(frozen=True)
class LanguageFacts:
    """Everything the tool knows about one language."""

    code: str
    """Base language code, e.g. es."""
    name: str
    """English name for messages, e.g. Spanish."""
    quotes: str = "“”‘’"
    """Typographic quotes: double open/close, single open/close."""
    reading_formula: str | None = None
    """Reading-grade formula: 'flesch-kincaid', 'fernandez-huerta', or None (no grade)."""
    wording: Wording | None = None
    """Word lists for the wording rules; None: those rules cannot check this language."""
    patient: PatientWording | None = None
    """Patterns of the patient-material rules; None: those rules cannot check this language."""
    hyphenation: tuple[str, ...] = ()
    """Words the hyphenation dictionary splits badly: each with a hyphen where it may break
    ('exo-somes'), or none where it never breaks ('PRP', drug names)."""

    @property
    def vocabulary_file(self) -> Path | None:
        """Medical words worth a glossary entry, one per line (None when there is no list)."""
        path = LANGUAGE_DIR / f"terms.{self.code}.txt"
        return path if path.is_file() else None


def base_code(language: str) -> str:
    """`es-MX` -> `es`; `pt_BR` -> `pt`."""
    return language.replace("_", "-").split("-")[0].lower()


@cache
def facts(language: str) -> LanguageFacts:
    """The facts for a BCP 47 language; an unknown language gets facts that support nothing
    (so every rule that needs a word list says it cannot check, never guesses)."""
    code = base_code(language)
    if not code.isalpha():
        return LanguageFacts(code, language)
    try:
        module = import_module(f"builder.languages.{code}")
    except ModuleNotFoundError:
        return LanguageFacts(code, language)
    return module.FACTS


def supported() -> list[str]:
    """Codes of the languages with a module here."""
    return sorted(p.stem for p in LANGUAGE_DIR.glob("[a-z]*.py"))


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """A language pattern compiled once, case-insensitively."""
    return re.compile(pattern, re.IGNORECASE)
