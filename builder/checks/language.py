"""Wording rules: reading level, overclaiming words, and terms a patient may not know.

Patient materials should read at grade 8 or below (NIH, CDC), avoid promises the evidence does
not support (FTC), and define the medical words they cannot avoid. Each rule reports where the
words stand, so a writer can go straight to the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from builder.checks.readability import formula_for, without_run_in_heads
from builder.checks.registry import Context, rule
from builder.checks.text import (
    ALT,
    DEFINITION,
    READER_PROSE,
    TERM,
    TextField,
    is_question,
    masked,
    negated,
    phrase_pattern,
    reported,
    sentence_at,
    text_fields,
)
from builder.errors import Level, Problem
from builder.located import YamlPath
from builder.markup import to_plain
from builder.model import RegulatoryStatus, Section

# ------------------------------------------------------------------------------- reading grade


def _plain(ctx: Context, texts: list[str]) -> str:
    parts = [to_plain(without_run_in_heads(t), language=ctx.language) for t in texts if t]
    return "\n\n".join(p for p in parts if p.strip())


def section_text(ctx: Context, section: Section) -> str:
    """The running text a reader meets in a section: body, call-out, steps, and its therapy's
    status, claims, what to expect and cost.

    Key points, risks and alternatives are left out: they are short list items (fragments),
    which would lower the grade. Bold run-in heads do not count as sentences of their own.
    """
    texts = [section.body]
    if section.callout:
        texts += section.callout.items
    if section.steps:
        texts += section.steps.items
    therapy = ctx.therapies.get(section.therapy or "")
    if therapy is not None:
        texts += [therapy.status_note or "", *(c.text for c in therapy.claims),
                  *therapy.what_to_expect, therapy.cost or ""]
    return _plain(ctx, texts)


def reading_units(ctx: Context) -> list[tuple[YamlPath, str]]:
    """What the reading grade is measured on, one unit per handout block a patient reads: each
    patient-facing section, the summary at the top, the warning signs, the reporting steps and
    the disclaimer with the disclosure."""
    document = ctx.document
    units: list[tuple[YamlPath, str]] = []
    top = [document.main_message or "", document.call_to_action or ""]
    if document.key_messages:
        top += document.key_messages.points
    units.append((("main_message",) if document.main_message else ("document", "title"),
                  _plain(ctx, top)))
    for index, section in enumerate(document.sections):
        if section.patient_facing and section.handout:
            units.append((("sections", index, "body" if section.body else "title"),
                          section_text(ctx, section)))
    if document.warning_signs:
        signs = document.warning_signs
        units.append((("warning_signs", "signs"),
                      _plain(ctx, [*signs.signs, signs.call or "", signs.emergency or ""])))
    if document.report_a_problem:
        units.append((("report_a_problem", "steps"),
                      _plain(ctx, document.report_a_problem.steps)))
    units.append((("disclaimer", "text"),
                  _plain(ctx, [document.disclaimer.text, document.disclosure or ""])))
    return [(path, text) for path, text in units if text.strip()]


def _quote(sentence: str, words: int = 8) -> str:
    parts = sentence.split()
    head = " ".join(parts[:words])
    return f"“{head}…”" if len(parts) > words else f"“{head}”"


@rule("reading-grade", "warning",
      "a patient-facing block reads above the target grade (default 8)")
def reading_grade(ctx: Context) -> Iterator[Problem]:
    """Each block a patient reads in the handout, scored by the formula for its language."""
    formula = formula_for(ctx.document.document.language)
    if formula is None:
        return
    target = ctx.document.document.reading_grade
    for path, text in reading_units(ctx):
        score = formula.score(text)
        if score is None or score.grade <= target:
            continue
        ranked = formula.sentence_scores(text)
        above = [(sc, s) for sc, s in ranked if sc.grade > target] or ranked[:1]
        hardest = [f"{_quote(s)} (grade {sc.grade:.0f})" for sc, s in above[:2]]
        yield ctx.problem(
            "reading-grade", path,
            f"reads at grade {score.grade:.1f} ({score.detail}); the target is {target:g}. "
            f"Hardest: {'; '.join(hardest)}. Use shorter sentences and everyday words")


# ------------------------------------------------------------------------------- hype words


@dataclass(frozen=True)
class Hype:
    """An overclaiming word or phrase."""

    label: str
    pattern: re.Pattern[str]
    fda: bool = False
    """A claim of FDA approval: an error when the therapy is not approved."""
    negative: bool = False
    """The phrase is itself a negation ("no side effects"), so "no" before it means nothing."""


def _hype(label: str, regex: str | None = None, **flags: bool) -> Hype:
    pattern = re.compile(rf"(?<![\w-])(?:{regex})(?!\w)", re.IGNORECASE) if regex else \
        phrase_pattern(label, plural=False)
    return Hype(label, pattern, **flags)


HYPE: dict[str, tuple[Hype, ...]] = {
    "en": (
        _hype("proven"),
        _hype("cure", r"cures?"),
        _hype("guaranteed", r"guarantee[sd]?"),
        _hype("miracle", r"miracles?|miraculous"),
        _hype("breakthrough", r"breakthroughs?"),
        _hype("revolutionary"),
        _hype("no side effects", r"(?:no|without|zero)[\s-]+(?:\w+\s+)?side[\s-]+effects?",
              negative=True),
        _hype("risk-free", r"risk[\s-]*free", negative=True),
        _hype("100% safe", r"100\s?%\s+safe"),
        _hype("safe and natural", r"safe\s+and\s+natural"),
        _hype("anti-aging", r"anti[\s-]?ag(?:e)?ing"),
        _hype("fountain of youth"),
        _hype("FDA approved", r"FDA[\s-]+approved|approved\s+by\s+the\s+(?:U\.?S\.?\s+)?"
              r"(?:FDA|Food\s+and\s+Drug\s+Administration)", fda=True),
    ),
    "es": (
        _hype("probado", r"(?:científicamente\s+)?(?:probad|comprobad)[oa]s?"),
        _hype("cura", r"curas?|cura\s+definitiva"),
        _hype("garantizado", r"garantizad[oa]s?|garantía\s+de"),
        _hype("milagro", r"milagros?|milagros[oa]s?"),
        _hype("revolucionario", r"revolucionari[oa]s?"),
        _hype("sin efectos secundarios", r"sin\s+(?:\w+\s+)?efectos\s+secundarios",
              negative=True),
        _hype("sin riesgos", r"sin\s+riesgos?|libre\s+de\s+riesgos?", negative=True),
        _hype("100% seguro", r"100\s?%\s+segur[oa]s?"),
        _hype("antienvejecimiento", r"anti[\s-]?envejecimiento"),
        _hype("fuente de la juventud", r"fuente\s+de\s+(?:la\s+)?juventud"),
        _hype("aprobado por la FDA", r"aprobad[oa]s?\s+por\s+la\s+FDA", fda=True),
    ),
}
"""Built-in overclaiming phrases by language; English ones apply to languages not listed."""


def _normal(word: str) -> str:
    return " ".join(re.split(r"[\s-]+", word.lower().strip())).removesuffix("s")


def hype_list(ctx: Context) -> list[Hype]:
    """The built-in phrases for the language, less `allow_words`, plus `hype_words`."""
    allowed = {_normal(w) for w in ctx.settings.allow_words}
    builtin = HYPE.get(ctx.language, HYPE["en"])
    phrases = [h for h in builtin if _normal(h.label) not in allowed]
    for word in ctx.settings.hype_words:
        if word.strip() and _normal(word) not in allowed:
            phrases.append(Hype(word.strip(), phrase_pattern(word, plural=False)))
    return phrases


@rule("hype-word", "warning",
      "an overclaiming word such as 'proven', 'cure' or 'miracle' (error: 'FDA approved' when "
      "the therapy is not)")
def hype_word(ctx: Context) -> Iterator[Problem]:
    """Overclaiming words in any text a patient reads or hears, unless negated or quoted."""
    phrases = hype_list(ctx)
    language = ctx.language
    for field in text_fields(ctx.document):
        if field.kind in (TERM,):
            continue
        text = masked(field.text)
        seen: dict[str, int] = {}
        for hype in phrases:
            for match in hype.pattern.finditer(text):
                nth = seen.get(match.group().lower(), 0)
                seen[match.group().lower()] = nth + 1
                start, end = sentence_at(text, match.start())
                sentence = text[start:end]
                if is_question(sentence) or reported(text, match.start(), start, language):
                    continue
                if not hype.negative and negated(text, match.start(), start, language):
                    continue
                level: Level = "warning"
                if hype.fda:
                    therapies = ctx.mentioned(sentence, field)
                    statuses = [getattr(ctx.therapies[t], "status", None) for t in therapies]
                    if therapies and all(s == RegulatoryStatus.APPROVED for s in statuses):
                        continue
                    if therapies:
                        level = "error"
                        names = ", ".join(therapies)
                        message = (f"'{match.group()}' but the status of {names} is not "
                                   "'approved'; say what the FDA has actually done (cleared a "
                                   "device, nothing approved)")
                    else:
                        message = (f"'{match.group()}': make sure the product is FDA approved "
                                   "for this use, or say what the FDA has actually done")
                else:
                    message = (f"'{match.group()}' overclaims; say what the evidence shows "
                               "(e.g. 'may help some people', 'studies are small')")
                yield ctx.problem("hype-word", field.path, message, level=level,
                                  needle=match.group(), nth=nth)


# ------------------------------------------------------------------------------- glossary

TERMS_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=8)
def vocabulary(language: str) -> tuple[str, ...]:
    """Medical words worth a glossary entry: `terms.txt` (English) or `terms.<lang>.txt`."""
    name = "terms.txt" if language == "en" else f"terms.{language}.txt"
    path = TERMS_DIR / name
    if not path.is_file():
        return ()
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(dict.fromkeys(line.strip().lower() for line in lines
                               if line.strip() and not line.lstrip().startswith("#")))


def term_variants(term: str) -> list[str]:
    """Ways a glossary term appears in text: 'Mesenchymal stem cell (MSC)' is also
    'Mesenchymal stem cell' and 'MSC'; 'Kellgren-Lawrence (KL) grade' is also
    'Kellgren-Lawrence grade', 'Kellgren-Lawrence' and 'KL'."""
    variants = [term]
    inner = re.findall(r"\(([^)]+)\)", term)
    outer = " ".join(re.sub(r"\([^)]*\)", " ", term).split())
    if inner:
        variants.append(outer)
        variants.extend(i.strip() for i in inner)
        head = term.split("(", 1)[0].strip()
        if head and head != outer:
            variants.append(head)
    return [v for v in dict.fromkeys(variants) if v]


def _variant_pattern(variant: str) -> re.Pattern[str]:
    """Abbreviations (all capitals) match case-sensitively: 'OA' is not 'oa'."""
    abbreviation = variant.isupper() and len(variant) <= 6
    return phrase_pattern(variant, case=abbreviation)


def _uses(fields: list[TextField], pattern: re.Pattern[str]) -> list[tuple[TextField, str, int]]:
    """Fields where `pattern` occurs, with the matched text and which occurrence it is."""
    found = []
    for field in fields:
        text = masked(field.text)
        counts: dict[str, int] = {}
        for match in pattern.finditer(text):
            key = match.group().lower()
            found.append((field, match.group(), counts.get(key, 0)))
            counts[key] = counts.get(key, 0) + 1
    return found


@rule("glossary-undefined", "warning",
      "a medical term from the built-in vocabulary is used but not in the glossary")
def glossary_undefined(ctx: Context) -> Iterator[Problem]:
    """Medical words in running text that the glossary does not define."""
    vocabulary_words = vocabulary(ctx.language)
    if not vocabulary_words:
        return
    defined = [v.lower() for g in ctx.document.glossary for v in term_variants(g.term)]
    fields = [f for f in text_fields(ctx.document) if f.kind in READER_PROSE]
    for word in vocabulary_words:
        pattern = phrase_pattern(word)
        if any(pattern.search(term) for term in defined):
            continue
        uses = _uses(fields, pattern)
        if not uses:
            continue
        field, matched, nth = uses[0]
        times = f" ({len(uses)} times)" if len(uses) > 1 else ""
        yield ctx.problem("glossary-undefined", field.path,
                          f"'{matched}'{times} is a medical term the glossary does not define; "
                          f"add it to glossary: or use plainer words", needle=matched, nth=nth)


@rule("glossary-unused", "warning", "a glossary term never appears in the text")
def glossary_unused(ctx: Context) -> Iterator[Problem]:
    """Glossary entries nobody needs: the term appears nowhere outside the glossary."""
    fields = [f for f in text_fields(ctx.document) if f.kind not in (TERM, DEFINITION, ALT)]
    for index, entry in enumerate(ctx.document.glossary):
        if any(_uses(fields, _variant_pattern(v)) for v in term_variants(entry.term)):
            continue
        yield ctx.problem("glossary-unused", ("glossary", index, "term"),
                          f"'{entry.term}' is defined but never used in the text; remove it or "
                          "use the term where it helps")


EXPLAINED_AFTER = {
    "en": re.compile(r"^\s*(?:\((?P<paren>[^)]*)\)|,?\s+(?:is|are|means|meaning|"
                     r"which\s+(?:is|are|means|mean)|that\s+is|or)\b|,\s+(?:a|an|the)\s|:\s"
                     r"|\s+[-–—]\s)", re.IGNORECASE),
    "es": re.compile(r"^\s*(?:\((?P<paren>[^)]*)\)|,?\s+(?:es|son|significa|"
                     r"quiere\s+decir|o\s+sea)\b|,\s+(?:que|un|una|el|la|los|las)\s|:\s"
                     r"|\s+[-–—]\s)", re.IGNORECASE),
}
"""What may follow a term's first use to explain it there: a parenthesis of plain words, "is",
"means", an appositive ("PRP, a shot made from…"), a colon or a dash."""

EXPLAINED_BEFORE = {
    "en": re.compile(r"(?:called|known\s+as|named|termed)\s+(?:an?\s+|the\s+)?[\"“‘']?\s*$",
                     re.IGNORECASE),
    "es": re.compile(r"(?:llamad[oa]s?|conocid[oa]s?\s+como|denominad[oa]s?|se\s+llaman?)\s+"
                     r"(?:una?\s+|el\s+|la\s+|los\s+|las\s+)?[\"“«]?\s*$", re.IGNORECASE),
}
"""What may precede it: "a machine called a centrifuge"."""


def explained_here(text: str, start: int, end: int, language: str) -> bool:
    """Whether the term at text[start:end] is explained where it stands."""
    after = re.sub(r"[*_]+", "", text[end:end + 160])
    before = re.sub(r"[*_]+", "", text[max(0, start - 60):start])
    if before.rstrip().endswith("(") and re.search(r"\w", before.rstrip()[:-1]):
        return True  # "a skin doctor (dermatologist)": the plain words come first
    pattern = EXPLAINED_AFTER.get(language, EXPLAINED_AFTER["en"])
    found = pattern.match(after)
    if found and found.group("paren") is not None and len(re.findall(r"\w+", found.group(
            "paren"))) < 2:  # "(MSCs)" only names the abbreviation: look past it
        found = pattern.match(after[found.end():])
    if found:
        paren = found.group("paren")
        return paren is None or len(re.findall(r"\w+", paren)) >= 2
    return bool(EXPLAINED_BEFORE.get(language, EXPLAINED_BEFORE["en"]).search(before))


@rule("jargon-before-definition", "warning",
      "a glossary term is used before it is explained in plain words where a reader first "
      "meets it")
def jargon_before_definition(ctx: Context) -> Iterator[Problem]:
    """The glossary is at the back; a reader meets a term first in the text (CDC Clear
    Communication Index item 7). Its first use in handout order must say what it means."""
    fields = [f for f in text_fields(ctx.document) if f.kind in READER_PROSE and f.handout]
    for entry in ctx.document.glossary:
        patterns = [_variant_pattern(v) for v in term_variants(entry.term)]
        first: tuple[TextField, re.Match[str]] | None = None
        for field in fields:
            text = masked(field.text)
            matches = [m for p in patterns for m in p.finditer(text)]
            if matches:
                first = (field, min(matches, key=lambda m: (m.start(), -m.end())))
                break
        if first is None:
            continue
        field, match = first
        text = masked(field.text)
        if explained_here(text, match.start(), match.end(), ctx.language):
            continue
        same = re.compile(rf"(?<!\w){re.escape(match.group())}(?!\w)", re.IGNORECASE)
        nth = len(same.findall(text, 0, match.start()))
        term = re.sub(r"[*_]+", "", match.group())
        yield ctx.problem("jargon-before-definition", field.path,
                          f"'{term}' is used here before it is explained; say what it "
                          f"means where a reader first meets it (e.g. '{term}, which "
                          "means …', or plain words with the term in brackets)",
                          needle=match.group(), nth=nth)
