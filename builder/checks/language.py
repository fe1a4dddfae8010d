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

from builder.checks.readability import formula_for, without_run_in_heads
from builder.checks.registry import Context, rule
from builder.checks.text import (
    is_question,
    masked,
    may_hold,
    negated,
    phrase_pattern,
    reported,
    sentence_at,
)
from builder.errors import Level, Problem
from builder.fields import (
    ALT,
    DEFINITION,
    READER_PROSE,
    TERM,
    TextField,
    text_fields,
)
from builder.languages import Hype, PatientWording, compiled, facts
from builder.located import YamlPath
from builder.markup import to_plain
from builder.model import APPROVED_STATUSES, Section

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
        units.append((("warning_signs", "signs", 0),
                      _plain(ctx, [*signs.signs, signs.call or "", signs.emergency or ""])))
    if document.report_a_problem:
        units.append((("report_a_problem", "steps", 0),
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
class Phrase:
    """An overclaiming phrase ready to match: the language's declaration, compiled."""

    label: str
    pattern: re.Pattern[str]
    fda: bool = False
    negative: bool = False


@lru_cache(maxsize=256)
def _compiled(hype: Hype) -> Phrase:
    pattern = re.compile(rf"(?<![\w-])(?:{hype.regex})(?!\w)", re.IGNORECASE) if hype.regex \
        else phrase_pattern(hype.label, plural=False)
    return Phrase(hype.label, pattern, hype.fda, hype.negative)


def _normal(word: str) -> str:
    return " ".join(re.split(r"[\s-]+", word.lower().strip())).removesuffix("s")


def hype_list(ctx: Context) -> list[Phrase]:
    """The language's built-in phrases, less `allow_words`, plus the file's `hype_words`."""
    allowed = {_normal(w) for w in ctx.settings.allow_words}
    builtin = [_compiled(h) for h in ctx.wording.hype] if ctx.wording else []
    phrases = [h for h in builtin if _normal(h.label) not in allowed]
    for word in ctx.settings.hype_words:
        if word.strip() and _normal(word) not in allowed:
            phrases.append(Phrase(word.strip(), phrase_pattern(word, plural=False)))
    return phrases


@rule("hype-word", "warning",
      "an overclaiming word such as 'proven', 'cure' or 'miracle' (error: 'FDA approved' when "
      "the therapy is not)")
def hype_word(ctx: Context) -> Iterator[Problem]:
    """Overclaiming words in any text a patient reads or hears, unless negated or quoted."""
    phrases = hype_list(ctx)
    wording = ctx.wording
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
                if wording and (is_question(sentence)
                                or reported(text, match.start(), start, wording)):
                    continue
                if wording and not hype.negative and negated(text, match.start(), start,
                                                             wording):
                    continue
                level: Level = "warning"
                if hype.fda:
                    therapies = ctx.mentioned(sentence, field)
                    statuses = [getattr(ctx.therapies[t], "status", None) for t in therapies]
                    if therapies and all(s in APPROVED_STATUSES for s in statuses):
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

@lru_cache(maxsize=8)
def vocabulary(language: str) -> tuple[str, ...]:
    """Medical words worth a glossary entry (the language's `terms.<code>.txt`)."""
    path = facts(language).vocabulary_file
    if path is None:
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


def _uses(fields: list[TextField], pattern: re.Pattern[str], phrase: str = ""
          ) -> list[tuple[TextField, str, int]]:
    """Fields where `pattern` occurs, with the matched text and which occurrence it is.
    `phrase`, the words `pattern` was made from, lets texts that cannot hold a match be
    passed over without running the pattern (40 glossary words times every field)."""
    found = []
    for field in fields:
        text = masked(field.text)
        if phrase and not may_hold([text], phrase):
            continue
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
    texts = [masked(f.text) for f in fields]
    for word in vocabulary_words:
        if not may_hold(texts, word):
            continue  # no field uses it (its pattern is not even made)
        pattern = phrase_pattern(word)
        if any(pattern.search(term) for term in defined):
            continue
        uses = _uses(fields, pattern, word)
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
    texts = [masked(f.text) for f in fields]
    for index, entry in enumerate(ctx.document.glossary):
        if any(may_hold(texts, v) and _uses(fields, _variant_pattern(v), v)
               for v in term_variants(entry.term)):
            continue
        yield ctx.problem("glossary-unused", ("glossary", index, "term"),
                          f"'{entry.term}' is defined but never used in the text; remove it or "
                          "use the term where it helps")


def explained_here(text: str, start: int, end: int, patient: PatientWording) -> bool:
    """Whether the term at text[start:end] is explained where it stands."""
    after = re.sub(r"[*_]+", "", text[end:end + 160])
    before = re.sub(r"[*_]+", "", text[max(0, start - 60):start])
    if before.rstrip().endswith("(") and re.search(r"\w", before.rstrip()[:-1]):
        return True  # "a skin doctor (dermatologist)": the plain words come first
    pattern = compiled(patient.explained_after)
    found = pattern.match(after)
    if found and found.group("paren") is not None and len(re.findall(r"\w+", found.group(
            "paren"))) < 2:  # "(MSCs)" only names the abbreviation: look past it
        found = pattern.match(after[found.end():])
    if found:
        paren = found.group("paren")
        return paren is None or len(re.findall(r"\w+", paren)) >= 2
    return bool(compiled(patient.explained_before).search(before))


@rule("jargon-before-definition", "warning",
      "a glossary term is used before it is explained in plain words where a reader first "
      "meets it")
def jargon_before_definition(ctx: Context) -> Iterator[Problem]:
    """The glossary is at the back; a reader meets a term first in the text (CDC Clear
    Communication Index item 7). Its first use in handout order must say what it means."""
    if ctx.patient is None:
        return  # no patterns for this language: language-unsupported says so
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
        if explained_here(text, match.start(), match.end(), ctx.patient):
            continue
        same = re.compile(rf"(?<!\w){re.escape(match.group())}(?!\w)", re.IGNORECASE)
        nth = len(same.findall(text, 0, match.start()))
        term = re.sub(r"[*_]+", "", match.group())
        yield ctx.problem("jargon-before-definition", field.path,
                          f"'{term}' is used here before it is explained; say what it "
                          f"means where a reader first meets it (e.g. '{term}, which "
                          "means …', or plain words with the term in brackets)",
                          needle=match.group(), nth=nth)


# ------------------------------------------------------------------------------- languages


@rule("language-unsupported", "warning",
      "the document's language has no word lists for some wording rules, so a person must "
      "review what they would have checked")
def language_unsupported(ctx: Context) -> Iterator[Problem]:
    """Said once, instead of applying English word lists to another language (which would
    raise false errors and miss real overclaiming)."""
    known = facts(ctx.document.document.language)
    missing = []
    if known.wording is None:
        missing += ["overclaiming words (hype-word)", "uncited benefit wording "
                    "(benefit-uncited)", "what the disclaimer must say (disclaimer-missing)"]
    if known.patient is None:
        missing.append("hedged approval or benefit, trial legitimacy, numbers without counts "
                       "and jargon before its definition (hedged-approval, hedged-benefit, "
                       "trial-legitimacy, numbers-in-words, jargon-before-definition)")
    if known.reading_formula is None:
        missing.append("reading level (reading-grade)")
    if known.vocabulary_file is None:
        missing.append("medical terms to define (glossary-undefined)")
    if missing:
        yield ctx.problem("language-unsupported", ("document", "language"),
                          f"'{ctx.document.document.language}' ({known.name}): the checks "
                          f"have no word lists for {'; '.join(missing)}. Have a person review "
                          "these, then add language-unsupported to checks.disable")
