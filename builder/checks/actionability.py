"""What a patient needs to act on the material: one main message, one call to action, the risks
of every treatment beside its benefits, and, for anything injected or done in a procedure,
when to get help and whom to call (CDC Clear Communication Index items 1 and 5; PEMAT-P
actionability; the FDA asks that harm be reported).

The model keeps these fields optional so that a draft still builds; these rules are warnings,
which `--strict` (the sign-off run) turns into failures.
"""

from __future__ import annotations

from collections.abc import Iterator

from builder.checks.registry import Context, rule
from builder.checks.text import sentences
from builder.errors import Problem
from builder.markup import to_plain


def _sentence_count(ctx: Context, text: str) -> int:
    return len(sentences(to_plain(text, language=ctx.language)))


@rule("main-message-missing", "warning",
      "no main_message, or one that takes more than one sentence")
def main_message_missing(ctx: Context) -> Iterator[Problem]:
    """One main message, at the top, in one sentence (CDC Clear Communication Index item 1)."""
    message = (ctx.document.main_message or "").strip()
    if not message:
        yield ctx.problem("main-message-missing", ("document",),
                          "no main_message: add the one thing a reader must remember, in one "
                          "sentence (main_message: at the top level); it is printed first",
                          key=True)
        return
    count = _sentence_count(ctx, message)
    if count > 1:
        yield ctx.problem("main-message-missing", ("main_message",),
                          f"main_message has {count} sentences; say the one main message in "
                          "one sentence and move the rest to the sections")


@rule("action-missing", "warning", "no call_to_action telling the reader what to do next")
def action_missing(ctx: Context) -> Iterator[Problem]:
    """At least one action the reader can take (PEMAT-P item 20, CDC item 5)."""
    if not (ctx.document.call_to_action or "").strip():
        yield ctx.problem("action-missing", ("document",),
                          "no call_to_action: say in one sentence what the reader should do "
                          "next (e.g. See your doctor before you pay for any of these "
                          "treatments)", key=True)


@rule("risks-missing", "warning", "a therapy lists no risks")
def risks_missing(ctx: Context) -> Iterator[Problem]:
    """Risks are printed beside benefits (CDC item 19): every therapy needs its own."""
    for index, therapy in enumerate(ctx.document.therapies):
        if not therapy.risks:
            yield ctx.problem("risks-missing", ("therapies", index, "id"),
                              f"therapy '{therapy.id}' lists no risks; add risks: (what, "
                              "how_often in words, count/out_of where known, cite) so they "
                              "print beside the benefits")


@rule("warning-signs-missing", "warning",
      "a therapy is a procedure or injection but the document does not say when to get help "
      "and whom to call after hours")
def warning_signs_missing(ctx: Context) -> Iterator[Problem]:
    """After an injection a patient must know which signs need a call, and to whom."""
    document = ctx.document
    procedures = [(i, t) for i, t in enumerate(document.therapies) if t.procedure]
    if not procedures:
        return
    signs = document.warning_signs
    if signs is None:
        index, therapy = procedures[0]
        names = ", ".join(t.id for _, t in procedures)
        verb = "is a procedure" if len(procedures) == 1 else "are procedures"
        yield ctx.problem("warning-signs-missing", ("therapies", index, "procedure"),
                          f"{names} {verb} but there is no warning_signs: list the signs that "
                          "need a call the same day, whom to call, and what to do after hours")
        return
    organisation = document.document.organisation
    if not (signs.call or organisation.after_hours):
        yield ctx.problem("warning-signs-missing", ("warning_signs",),
                          "warning_signs does not say whom to call after hours; add "
                          "warning_signs.call or document.organisation.after_hours", key=True)
