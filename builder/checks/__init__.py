"""`brochure check`: content rules for patient materials, run without building anything.

Each rule is a small function registered under an id in `RULES` (see `docs/rules.md`); a content
file switches rules off with `checks: {disable: [rule-id]}` and tunes the overclaiming list with
`hype_words` / `allow_words`. `run_checks` runs the rules on a validated document (the build
calls it first); `check_file` is the whole command: load, validate, run, and an exit status.

Importing this package stays cheap: no WeasyPrint, no python-pptx, no textstat/NLTK. Only the
slide-overflow rule imports the deck planner, and only when it runs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from builder.assets import AssetPolicy
from builder.checks.registry import RULES, Context, Rule
from builder.errors import BrochureError, ContentError, Problem, TemplateError, display_path
from builder.located import Source
from builder.model import CheckSettings, Document
from builder.options import BuildOptions

__all__ = ["RULES", "CheckReport", "Rule", "check_file", "run_checks"]

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_INVALID = 0, 1, 2

RULE_MODULES = ("yaml_rules", "references", "claims", "honesty", "language", "actionability",
                "governance", "preflight", "layout", "trifold", "translation", "authoring",
                "figures")
"""Modules whose import registers their rules, in the order `--list-rules` groups them."""

for _module in RULE_MODULES:
    import_module(f"builder.checks.{_module}")


def _template_dirs(brochure: str, content: Path) -> tuple[Path, ...]:
    """The brochure template's folders, or none when the template cannot be found."""
    from builder.templates import brochure_search_path

    try:
        return tuple(brochure_search_path(brochure, Path(content).resolve().parent))
    except (TemplateError, OSError):
        return ()


def _order(problem: Problem) -> tuple[str, int, int, str, str]:
    return (str(problem.file), problem.line, problem.column, problem.rule, problem.message)


def run_checks(document: Document, source: Source, *,
               settings_override: CheckSettings | None = None, today: dt.date | None = None,
               options: BuildOptions | None = None, assets: AssetPolicy | None = None,
               skip: Collection[str] = ()) -> list[Problem]:
    """Run every enabled rule on a validated document; problems sorted by file position.

    `settings_override` replaces the file's own `checks:` block; `today` is injectable so tests
    of review dates do not depend on the calendar; `options` are the build's (the brochure
    template whose CSS the print rules read, the paper, the slide template the deck rules plan
    with); `assets` defaults to the content folder plus the template folders; `skip`
    names rules the caller measures for real (a build renders the deck, so it can skip the
    slide-overflow prediction).
    """
    settings = settings_override or document.checks
    context = make_context(document, source, settings=settings, today=today, options=options,
                           assets=assets)
    disabled = set(settings.disable) | set(skip)
    problems: list[Problem] = []
    for rule_id, rule in RULES.items():
        if rule.check is None or rule_id in disabled:
            continue
        problems.extend(rule.check(context))
    unique = {(_order(p), p.level): p for p in problems}
    return sorted(unique.values(), key=_order)


def make_context(document: Document, source: Source, *, settings: CheckSettings | None = None,
                 today: dt.date | None = None, options: BuildOptions | None = None,
                 assets: AssetPolicy | None = None) -> Context:
    """What rules (and the PEMAT-P / CDC judges) read about one validated document."""
    options = options or BuildOptions()
    template_dirs = _template_dirs(options.brochure, source.path)
    return Context(document=document, source=source, settings=settings or document.checks,
                   options=options, today=today or dt.date.today(),
                   assets=assets or AssetPolicy.for_content(source.path, *template_dirs),
                   template_dirs=template_dirs)


@dataclass
class CheckReport:
    """The outcome of checking one content file."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    exit_code: int = EXIT_CLEAN
    """0 clean; 1 content problems (errors, or warnings when strict); 2 invalid input."""
    languages: tuple[str, ...] = ()
    """The languages checked when not just the file's own, named in the summary line (so a
    Spanish check does not read as a result for the English file)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    def to_json(self) -> str:
        """A JSON array of problems (file, line, column, level, rule, path, message)."""
        return problems_json(self.problems)

    def summary(self) -> str:
        """One line for the end of the text output."""
        name = display_path(self.path)
        if self.languages:
            name = f"{name} ({', '.join(self.languages)})"
        if self.exit_code == EXIT_INVALID:
            return f"{name}: invalid input, {_plural(len(self.problems), 'problem')}"
        if not self.problems:
            return f"{name}: no problems"
        return (f"{name}: {_plural(len(self.errors), 'error')}, "
                f"{_plural(len(self.warnings), 'warning')}")


def problems_json(problems: list[Problem]) -> str:
    """A JSON array of problems (file, line, column, level, rule, path, message)."""
    return json.dumps([p.as_json() for p in problems], indent=2, ensure_ascii=False)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _invalid(error: BrochureError) -> list[Problem]:
    """A loader or validator error as `schema` (or `yaml-duplicate-key`) problems. An error
    about the file as a whole (missing, unreadable, no such translation) has no position to
    report and is raised as it is: the command line prints it as one `path: message` line."""
    if not all(isinstance(item, Problem) for item in error.problems):
        raise error
    return [dataclasses.replace(item, level="error", rule=item.rule or "schema")
            for item in error.problems if isinstance(item, Problem)]


def check_file(path: Path, *, strict: bool = False, language: str | None = None,
               today: dt.date | None = None, options: BuildOptions | None = None,
               ) -> CheckReport:
    """Load, validate and check `path`; `language` checks a translation ('all': every one)."""
    from builder import loader, translate
    from builder.validate import validate

    path = Path(path)
    try:
        source = loader.load(path)
    except ContentError as exc:
        return CheckReport(path, _invalid(exc), EXIT_INVALID)
    languages: list[str | None] = [language or None]
    if language == "all":
        own = translate.source_language(source)
        languages = [None, *[lang for lang in translate.available(path) if lang != own]]
    problems: list[Problem] = []
    invalid = False
    for lang in languages:  # a broken translation does not hide the other languages' problems
        try:
            merged = translate.apply(source, lang) if lang else source
            document = validate(merged)
        except ContentError as exc:
            problems.extend(_invalid(exc))
            invalid = True
            continue
        problems.extend(run_checks(document, merged, today=today, options=options))
    unique = sorted({(_order(p), p.level): p for p in problems}.values(), key=_order)
    named = tuple(lang or translate.source_language(source) for lang in languages
                  ) if language else ()
    if invalid:
        return CheckReport(path, unique, EXIT_INVALID, named)
    failing = any(p.level == "error" for p in unique) or (strict and bool(unique))
    return CheckReport(path, unique, EXIT_PROBLEMS if failing else EXIT_CLEAN, named)
