"""One judge per machine-judgeable PEMAT-P and CDC item. Each states its rule in its reason, so a
reviewer can see why an item was scored as it was; items without a judge here go to the
medical reviewer's checklist."""

from __future__ import annotations

import re

from builder.model import Evidence as Level
from builder.pemat_evidence import (
    MAX_HEADING_WORDS,
    MAX_PASSIVE_SHARE,
    MAX_SECTION_WORDS,
    MAX_TABLE_COLUMNS,
    Evidence,
    Verdict,
    asks_calculation,
    handout_sections,
    has_numbers,
    html_order,
    is_direct,
    judge,
    n_a,
    no,
    passive,
    short,
    yes,
)

# ------------------------------------------------------------------ main message and purpose


@judge("PEMAT-P", 1)
@judge("CDC", 1)
def main_message(e: Evidence) -> Verdict:
    message = e.plain(e.document.main_message)
    if not message.strip():
        return no("(no main_message)")
    from builder.checks.text import sentences

    count = len(sentences(message))
    if count > 1:
        return no(f"(main_message has {count} sentences)")
    return yes(f"(main message: “{message.strip()}”)")


@judge("CDC", 2, 10)
def message_first(e: Evidence) -> Verdict:
    if e.html is None:
        return "reviewer", f"(the handout could not be laid out: {e.html_error})"
    found, first_section = html_order(e, "main-message")
    if found is None:
        return no("(the handout template prints no main message)")
    summary, _ = html_order(e, "key-messages")
    if first_section is not None and found > first_section:
        return no("(the main message prints after the first section)")
    where = "before the first section"
    if summary is not None and (first_section is None or summary < first_section):
        where += ", with the key messages"
    return yes(f"(the handout prints the main message {where})")


@judge("CDC", 3)
def message_emphasised(e: Evidence) -> Verdict:
    if e.html is None:
        return "reviewer", f"(the handout could not be laid out: {e.html_error})"
    found, _ = html_order(e, "main-message")
    if found is None:
        return no("(the handout template prints no main message)")
    styled = re.search(r"\.main-message[^{]*\{[^}]*(?:border|background|font-weight|"
                       r"font-size)", e.css)
    if not styled:
        return no("(the stylesheet gives .main-message no box, colour or weight)")
    return yes("(printed in its own box, larger and bold)")


@judge("PEMAT-P", 20)
@judge("CDC", 5)
def call_to_action(e: Evidence) -> Verdict:
    action = e.plain(e.document.call_to_action).strip()
    return yes(f"(“{action}”)") if action else no("(no call_to_action)")


@judge("CDC", 6)
def active_message(e: Evidence) -> Verdict:
    texts = [e.document.main_message or "", e.document.call_to_action or ""]
    if not all(t.strip() for t in texts):
        return no("(main message or call to action missing)")
    if e.patient is None:
        return "reviewer", f"(no passive-voice test for '{e.language}')"
    found = [t for t in texts if passive(e, t)]
    return no(f"(passive: {e.plain(found[0])})") if found else yes("(no passive clause found)")


# ------------------------------------------------------------------ words


@judge("PEMAT-P", 3)
def everyday_language(e: Evidence) -> Verdict:
    if not e.grades:
        return "reviewer", f"(no reading-grade formula for '{e.language}')"
    target = e.document.document.reading_grade
    worst = max(e.grades, key=lambda g: g[1])
    if worst[1] > target:
        return no(f"({worst[0]} reads at grade {worst[1]:.1f}; the target is {target:g})")
    return yes(f"(every block at grade {target:g} or below; hardest {worst[1]:.1f}, "
               f"{worst[0]})")


@judge("PEMAT-P", 4)
def terms_defined(e: Evidence) -> Verdict:
    found = e.rule("glossary-undefined", "jargon-before-definition")
    if found:
        return no(f"({len(found)} medical terms undefined or used before explained: "
                  f"{short(found)})")
    return yes(f"({len(e.document.glossary)} glossary terms, each explained where first used)")


@judge("CDC", 7)
def audience_words(e: Evidence) -> Verdict:
    words, grade = terms_defined(e), everyday_language(e)
    if words[0] == "agree" and grade[0] == "agree":
        return yes("(reading grade within target and every medical term explained; the "
                   "reviewer should still confirm the words suit the audience)")
    return no(words[1] if words[0] != "agree" else grade[1])


@judge("PEMAT-P", 5)
def active_voice(e: Evidence) -> Verdict:
    if e.patient is None:
        return "reviewer", f"(no passive-voice test for '{e.language}')"
    if not e.sentences:
        return n_a("(no running text)")
    passives = [s for s in e.sentences if passive(e, s)]
    share = len(passives) / len(e.sentences)
    reason = (f"({len(passives)} of {len(e.sentences)} sentences passive; at most "
              f"{MAX_PASSIVE_SHARE:.0%} allowed)")
    return yes(reason) if share <= MAX_PASSIVE_SHARE else no(reason)


# ------------------------------------------------------------------ numbers


@judge("PEMAT-P", 6)
@judge("CDC", 15)
def numbers_clear(e: Evidence) -> Verdict:
    if not has_numbers(e):
        return n_a("(no numbers)")
    found = e.rule("numbers-in-words")
    if found:
        return no(f"({len(found)} percentages or ratios without counts: {short(found)})")
    return yes("(every percentage or ratio comes with a count out of a whole)")


@judge("PEMAT-P", 7)
@judge("CDC", 17)
def no_calculations(e: Evidence) -> Verdict:
    if not has_numbers(e):
        return n_a("(no numbers)")
    asked = [s for s in e.sentences if asks_calculation(e, s)]
    if asked:
        return no(f"(asks the reader to calculate: “{asked[0][:60]}”)")
    if e.rule("numbers-in-words"):
        return no("(relative numbers without counts leave the reader to work them out)")
    return yes("(no calculation asked; counts are given out of a whole)")


@judge("PEMAT-P", 24)
def calculation_help(e: Evidence) -> Verdict:
    if any(asks_calculation(e, s) for s in e.sentences):
        return "reviewer", "(the material asks for a calculation: check it shows how)"
    return n_a("(no calculation asked)")


@judge("CDC", 16)
def numbers_explained(e: Evidence) -> Verdict:
    if not has_numbers(e):
        return n_a("(no numbers)")
    unexplained = [r.what for t in e.document.therapies for r in t.risks
                   if r.count is not None and not r.how_often.strip()]
    if unexplained or e.rule("numbers-in-words"):
        return no("(numbers without words)")
    outcomes = sum(1 for s in e.document.sections if s.outcome)
    return yes(f"(outcome blocks: {outcomes}, their numbers in words beside the icons; "
               "every counted risk says how often in words)")


@judge("CDC", 20)
def probability_in_words(e: Evidence) -> Verdict:
    counted = [r for t in e.document.therapies for r in t.risks if r.count is not None]
    outcomes = [s.outcome for s in e.document.sections if s.outcome]
    if not counted and not outcomes:
        return n_a("(no numeric probabilities)")
    return yes(f"({len(counted)} risks with counts also say how often in words; "
               f"outcome blocks drawn as icon arrays with words: {len(outcomes)})")


# ------------------------------------------------------------------ organisation


@judge("PEMAT-P", 8)
def chunked(e: Evidence) -> Verdict:
    """Chunks as the handout prints them: each section's own text (body, call-out, steps), and
    each therapy's box (status, evidence, risks, options, what to expect, cost) under its own
    heading."""
    sections = handout_sections(e)
    if len(sections) < 2:
        return no("(fewer than two sections)")
    chunks: list[tuple[str, str]] = []
    for section in sections:
        texts = [section.body, *(section.callout.items if section.callout else []),
                 *(section.steps.items if section.steps else [])]
        chunks.append((section.id, " ".join(texts)))
    for therapy in e.document.therapies:
        texts = [therapy.status_note or "", *(c.text for c in therapy.claims),
                 *(f"{r.what} {r.how_often}" for r in therapy.risks), *therapy.alternatives,
                 *therapy.what_to_expect, therapy.cost or ""]
        chunks.append((f"the {therapy.short_name} box", " ".join(texts)))
    name, longest = max(((n, len(e.plain(t).split())) for n, t in chunks), key=lambda c: c[1])
    reason = (f"({len(chunks)} chunks; the longest, {name}, has {longest} words; at most "
              f"{MAX_SECTION_WORDS})")
    return yes(reason) if longest <= MAX_SECTION_WORDS else no(reason)


@judge("PEMAT-P", 9)
@judge("CDC", 9)
def informative_headers(e: Evidence) -> Verdict:
    sections = handout_sections(e)
    if len(sections) < 2:
        return no("(fewer than two sections)")
    generic = e.patient.generic_titles if e.patient else frozenset()
    vague = [s.title for s in sections
             if (len(e.plain(s.title).split()) < 2 and not s.therapy)
             or e.plain(s.title).strip().lower() in generic]
    if vague:
        return no(f"(headings that say little: {', '.join(vague[:3])})")
    return yes(f"({len(sections)} sections, each headed in words that name its subject)")


@judge("PEMAT-P", 11)
def summary(e: Evidence) -> Verdict:
    if e.document.key_messages:
        return yes(f"(key messages: {len(e.document.key_messages.points)} points at the top)")
    if all(s.key_points for s in handout_sections(e)):
        return yes("(every section has an 'In short' box)")
    return no("(no key messages and not every section has key points)")


@judge("PEMAT-P", 12)
def visual_cues(e: Evidence) -> Verdict:
    cues = []
    if e.document.main_message:
        cues.append("main message box")
    if e.document.key_messages:
        cues.append("key messages box")
    callouts = sum(1 for s in e.document.sections if s.callout)
    if callouts:
        cues.append(f"call-out boxes: {callouts}")
    if any(s.key_points for s in e.document.sections):
        cues.append("'In short' bullets")
    return yes(f"({', '.join(cues)})") if cues else no("(no boxes, bullets or highlights)")


@judge("CDC", 8)
def lists(e: Evidence) -> Verdict:
    found = sum(1 for s in e.document.sections if s.key_points or s.callout or s.steps)
    return yes(f"({found} sections with bulleted or numbered lists)") if found else no("(none)")


@judge("PEMAT-P", 17)
def captions(e: Evidence) -> Verdict:
    images = [s.image for s in e.document.sections if s.image]
    images += [s.steps.image for s in e.document.sections if s.steps and s.steps.image]
    outcomes = [s.outcome for s in e.document.sections if s.outcome]
    if not images and not outcomes:
        return n_a("(no visual aids)")
    missing = [i.src for i in images if not (i.caption or "").strip()]
    if missing:
        return no(f"(images without a caption: {', '.join(missing[:3])})")
    return yes(f"(images with captions: {len(images)}; icon arrays with titles: {len(outcomes)})")


@judge("PEMAT-P", 19)
def simple_tables(e: Evidence) -> Verdict:
    table = e.document.comparison
    if table is None:
        return n_a("(no table)")
    long_heads = [h for h in [*table.columns, *(r.label for r in table.rows)]
                  if len(e.plain(h).split()) > MAX_HEADING_WORDS]
    if len(table.columns) > MAX_TABLE_COLUMNS or long_heads:
        return no(f"({len(table.columns)} columns; long headings: {', '.join(long_heads[:2])})")
    return yes(f"({len(table.columns)} columns, {len(table.rows)} rows, headings of at most "
               f"{MAX_HEADING_WORDS} words)")


# ------------------------------------------------------------------ actions


@judge("PEMAT-P", 21)
def addresses_reader(e: Evidence) -> Verdict:
    if not e.actions:
        return no("(no actions)")
    if e.patient is None:
        return "reviewer", f"(no list of instruction words for '{e.language}')"
    direct = [a for a in e.actions if is_direct(e, a)]
    share = len(direct) / len(e.actions)
    reason = f"({len(direct)} of {len(e.actions)} instructions say 'you' or start with a verb)"
    return yes(reason) if share >= 0.8 else no(reason)


@judge("PEMAT-P", 22)
@judge("CDC", 14)
def explicit_steps(e: Evidence) -> Verdict:
    steps = [s.steps for s in e.document.sections if s.steps]
    if e.document.report_a_problem:
        steps.append(e.document.report_a_problem)  # type: ignore[arg-type]
    if not steps:
        return no("(no numbered steps)")
    return yes(f"({len(steps)} numbered step lists)")


@judge("CDC", 12)
def recommendation(e: Evidence) -> Verdict:
    if e.document.call_to_action or any(s.steps for s in e.document.sections):
        return yes("(call to action and steps)")
    return no("(no behavioural recommendation)")


@judge("PEMAT-P", 23)
def tangible_tool(e: Evidence) -> Verdict:
    tools = []
    if any(s.write_in for s in e.document.sections):
        tools.append("a write-in box")
    if any(s.callout and s.callout.kind == "questions" for s in e.document.sections):
        tools.append("a question checklist")
    return yes(f"({' and '.join(tools)})") if tools else no("(no checklist or write-in space)")


@judge("PEMAT-P", 25)
def tables_for_action(e: Evidence) -> Verdict:
    visuals = []
    if e.document.comparison:
        visuals.append(("the table caption", e.document.comparison.caption or ""))
    visuals += [(f"outcome '{s.outcome.title}'", s.outcome.note or "")
                for s in e.document.sections if s.outcome]
    if not visuals:
        return n_a("(no charts, tables or diagrams)")
    silent = [name for name, text in visuals
              if not any(is_direct(e, sentence) for sentence in re.split(r"(?<=[.!?])\s+",
                                                                          text) if sentence)]
    if silent:
        return no(f"({', '.join(silent)} does not say how to use it)")
    return yes(f"({len(visuals)} tables and charts each say how to use them)")


@judge("PEMAT-P", 26)
def visuals_for_action(e: Evidence) -> Verdict:
    pictured = [s.steps.title or s.id for s in e.document.sections if s.steps and s.steps.image]
    if pictured:
        return yes(f"(steps with a picture: {', '.join(pictured[:3])})")
    return no("(no step list has a picture showing the action)")


# ------------------------------------------------------------------ state of the science, risk


@judge("CDC", 11)
def known_and_unknown(e: Evidence) -> Verdict:
    claims = [c for t in e.document.therapies for c in t.claims]
    if not claims:
        return "reviewer", "(no claims with evidence levels to judge from)"
    uncertain = [c for c in claims if c.evidence in (Level.LIMITED, Level.PRECLINICAL,
                                                      Level.DISPUTED, Level.NONE)]
    if not uncertain:
        return no("(no claim says what is not known)")
    return yes(f"({len(claims)} claims each with an evidence level; {len(uncertain)} say "
               "what is uncertain or unknown)")


@judge("CDC", 18)
def nature_of_risk(e: Evidence) -> Verdict:
    therapies = e.document.therapies
    if not therapies:
        return n_a("(no treatments)")
    bare = [t.id for t in therapies if not t.risks]
    if bare:
        return no(f"(no risks for {', '.join(bare)})")
    count = sum(len(t.risks) for t in therapies)
    return yes(f"({count} risks, each saying what happens and how often)")


@judge("CDC", 19)
def risks_and_benefits(e: Evidence) -> Verdict:
    therapies = e.document.therapies
    if not therapies:
        return n_a("(no treatments)")
    one_sided = [t.id for t in therapies if not (t.risks and t.claims)]
    if one_sided:
        return no(f"(risks or benefits missing for {', '.join(one_sided)})")
    return yes("(every treatment lists what studies show and its risks, side by side)")
