"""The rule table and the context every rule reads.

A rule is a small function `(Context) -> Iterable[Problem]` registered under an id with its
default level and a one-line description. The table (`RULES`) is what `--list-rules`, the docs
and the per-file `checks.disable` switch all read, so a rule exists in exactly one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from builder.assets import AssetPolicy
from builder.checks.text import phrase_pattern
from builder.errors import Level, Problem
from builder.fields import Element
from builder.languages import PatientWording, Wording, facts
from builder.loader import read_text
from builder.located import Mark, Source, YamlPath
from builder.model import CheckSettings, Document, Therapy
from builder.options import BuildOptions

Check = Callable[["Context"], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    """One rule: its id, default level, what it is about, and the function that runs it."""

    id: str
    level: Level
    description: str
    group: str
    check: Check | None = None
    """None for rules reported by the loader or validator (they cannot be switched off)."""

    @property
    def switchable(self) -> bool:
        """Input rules (schema, duplicate keys) stop everything, so they cannot be disabled."""
        return self.check is not None


RULES: dict[str, Rule] = {}
"""Every rule by id, in registration order (grouped by module)."""


def rule(rule_id: str, level: Level, description: str) -> Callable[[Check], Check]:
    """Register the decorated function as rule `rule_id`."""

    def register(function: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} is registered twice")
        group = function.__module__.rsplit(".", 1)[-1]
        RULES[rule_id] = Rule(rule_id, level, description, group, function)
        return function

    return register


def input_rule(rule_id: str, description: str) -> None:
    """Register a rule whose problems come from loading or validating (exit status 2)."""
    RULES[rule_id] = Rule(rule_id, "error", description, "input", None)


@dataclass
class Context:
    """What rules may read: the validated document, its source positions and the settings."""

    document: Document
    source: Source
    settings: CheckSettings
    options: BuildOptions
    """The build's options: templates, paper, language."""
    today: dt.date
    assets: AssetPolicy
    template_dirs: tuple[Path, ...] = ()
    """Brochure template folders, most specific first (empty if the template is unknown)."""
    cache: dict[str, object] = field(default_factory=dict)
    """Results several rules share (resolved images, citations), computed once per run."""
    _files: dict[Path, str] = field(default_factory=dict)

    @property
    def paper(self) -> str:
        """The paper the handout is printed on: `--paper`, else the content's."""
        return self.options.paper or self.document.document.paper

    @property
    def language(self) -> str:
        """The document's base language (`es-MX` -> `es`)."""
        return self.document.document.language.replace("_", "-").split("-")[0].lower()

    @cached_property
    def wording(self) -> Wording | None:
        """The word lists of the document's language; None when the wording rules cannot
        check it (rule language-unsupported says so)."""
        return facts(self.document.document.language).wording

    @cached_property
    def patient(self) -> PatientWording | None:
        """The patterns of the patient-material rules for the document's language; None when
        they cannot check it (rule language-unsupported says so)."""
        return facts(self.document.document.language).patient

    @cached_property
    def therapies(self) -> dict[str, Therapy]:
        """Therapies by id."""
        return {t.id: t for t in self.document.therapies}

    @cached_property
    def _therapy_names(self) -> list[tuple[str, list[re.Pattern[str]]]]:
        found = []
        for therapy in self.document.therapies:
            names = {therapy.id, therapy.short_name, re.sub(r"\s*\(.*?\)", "", therapy.name)}
            names |= {n[:-1] for n in names if n.lower().endswith("s") and len(n) > 3}
            found.append((therapy.id, [phrase_pattern(n) for n in names if n.strip()]))
        return found

    def mentioned(self, sentence: str, field: Element) -> list[str]:
        """Ids of the therapies a sentence is about: the field's own (for a therapy's status
        note, claims and risks), or those it names, or else the field's therapy."""
        if field.therapy and field.path[:1] == ("therapies",):
            return [field.therapy]
        found = [therapy_id for therapy_id, patterns in self._therapy_names
                 if any(p.search(sentence) for p in patterns)]
        if not found and field.therapy:
            found.append(field.therapy)
        return found

    def problem(self, rule_id: str, path: YamlPath, message: str, *, level: Level | None = None,
                needle: str | None = None, nth: int = 0, key: bool = False) -> Problem:
        """A problem for `rule_id` at `path`; with `needle`, at that text inside the value.

        `needle` is found in the file text after the value's start, so a hype word in line 4 of
        a block scalar is reported at line 4, not at the `|` that opens the block; `nth` picks
        a later occurrence when the same words appear more than once in the value.
        """
        level = level or RULES[rule_id].level
        base = self.source.problem(path, message, key=key, level=level, rule=rule_id)
        if needle:
            where = self._find(path, needle, nth)
            if where:
                return Problem(base.file, where.line, where.column, message, base.yaml_path,
                               level, rule_id)
        return base

    def _find(self, path: YamlPath, needle: str, nth: int) -> Mark | None:
        """Position of the `nth` occurrence of `needle` at or after the value at `path`."""
        file = self.source.file_of(path)
        if file not in self._files:
            try:
                self._files[file] = read_text(file)
            except Exception:  # the file was read once already; never fail a check on this
                self._files[file] = ""
        text = self._files[file]
        if not text:
            return None
        start = offset_of(text, self.source.mark(path))
        words = [re.escape(w) for w in needle.split()]
        if not words:
            return None
        # Between words the file may hold a line break, indentation or markup such as `**`.
        body = r"[\s*_]+".join(words)
        before = r"(?<!\w)" if needle[:1].isalnum() else ""
        after = r"(?!\w)" if needle[-1:].isalnum() else ""
        pattern = re.compile(before + body + after, re.IGNORECASE)
        limit = start + len(needle) * 4 + 4000
        found = None
        for index, match in enumerate(pattern.finditer(text, start, min(limit, len(text)))):
            found = match
            if index == nth:
                break
        if found is None:
            return None
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        return Mark(line, column)


def offset_of(text: str, mark: Mark) -> int:
    """Character offset of a 1-based (line, column) in `text`."""
    offset = 0
    for _ in range(mark.line - 1):
        next_break = text.find("\n", offset)
        if next_break < 0:
            return len(text)
        offset = next_break + 1
    return offset + mark.column - 1

