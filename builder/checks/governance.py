"""Who stands behind the material: a disclaimer, a medical reviewer whose review is current, a
regulatory status for every therapy, and a `checks:` block that names real rules."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Iterator

from builder.checks.registry import RULES, Context, rule
from builder.errors import Problem
from builder.markup import to_plain


@rule("disclaimer-missing", "error",
      "the disclaimer is empty or says nothing about approval status or seeing a doctor")
def disclaimer_missing(ctx: Context) -> Iterator[Problem]:
    """The FTC expects the disclaimer where the claims are; an empty one does not count."""
    text = to_plain(ctx.document.disclaimer.text, language=ctx.language)
    if not text.strip():
        message = "the disclaimer text is empty; say what is approved and to see a doctor"
    elif ctx.wording and not re.search(ctx.wording.disclaimer, text, re.IGNORECASE):
        message = ("the disclaimer does not mention regulatory status (approved / not approved) "
                   "or seeing a doctor; say both")
    else:
        return
    yield ctx.problem("disclaimer-missing", ("disclaimer", "text"), message)


@rule("reviewer-missing", "warning", "no medical reviewer is named (document.reviewer)")
def reviewer_missing(ctx: Context) -> Iterator[Problem]:
    """Patient material should name the clinician who checked it."""
    if ctx.document.document.reviewer is None:
        yield ctx.problem("reviewer-missing", ("document",),
                          "no medical reviewer; add document.reviewer with name and reviewed_on",
                          key=True)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus `months` calendar months (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@rule("review-expired", "warning",
      "the medical review is older than document.review_period_months")
def review_expired(ctx: Context) -> Iterator[Problem]:
    """A review is valid for `review_period_months` after `reviewed_on`, counted from today."""
    meta = ctx.document.document
    if meta.reviewer is None:
        return
    due = add_months(meta.reviewer.reviewed_on, meta.review_period_months)
    if ctx.today > due:
        yield ctx.problem("review-expired", ("document", "reviewer", "reviewed_on"),
                          f"the medical review of {meta.reviewer.reviewed_on.isoformat()} expired "
                          f"on {due.isoformat()} ({meta.review_period_months} months); have the "
                          "content reviewed again and update reviewed_on")


@rule("status-missing", "error", "a therapy has no regulatory status")
def status_missing(ctx: Context) -> Iterator[Problem]:
    """Patients need to know where each therapy stands with the regulator."""
    for index, therapy in enumerate(ctx.document.therapies):
        if therapy.status is None:
            yield ctx.problem("status-missing", ("therapies", index, "id"),
                              f"therapy '{therapy.id}' has no status; add status: (approved, "
                              "cleared-device, off-label, investigational or unapproved)")


@rule("unknown-rule", "warning", "checks.disable names a rule that does not exist")
def unknown_rule(ctx: Context) -> Iterator[Problem]:
    """A misspelt rule id would silently disable nothing."""
    for index, rule_id in enumerate(ctx.settings.disable):
        if rule_id in RULES:
            if not RULES[rule_id].switchable:
                yield ctx.problem("unknown-rule", ("checks", "disable", index),
                                  f"'{rule_id}' cannot be switched off: the file must be valid")
            continue
        close = difflib.get_close_matches(rule_id, list(RULES), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else "; see `brochure check --list-rules`"
        yield ctx.problem("unknown-rule", ("checks", "disable", index),
                          f"unknown rule '{rule_id}'{hint}")
