"""`brochure check --format ...`: the report in the shapes CI systems read.

- `github`: GitHub Actions workflow commands (`::warning file=...,line=...::message`), which
  appear as annotations on the changed lines of a pull request.
- `sarif`: a SARIF 2.1.0 log, the format of code-scanning dashboards (GitHub code scanning,
  GitLab, Azure DevOps); every rule is described once in the log and each result points at it.
- `json`: the tool's own array of problems (`CheckReport.to_json`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from builder import __version__
from builder.checks.registry import RULES
from builder.errors import Problem, one_line, relative_path

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _escape_data(text: str) -> str:
    """GitHub's escaping for a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping for a workflow command's property (file, title)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: Iterable[Problem]) -> str:
    """One `::error` or `::warning` workflow command per problem."""
    lines = []
    for problem in problems:
        title = f"brochure {problem.rule}" if problem.rule else "brochure"
        message = one_line(f"{problem.yaml_path}: {problem.message}" if problem.yaml_path
                           else problem.message)
        lines.append(f"::{problem.level} file={_escape_property(_uri(problem.file))},"
                     f"line={problem.line},col={problem.column},"
                     f"title={_escape_property(title)}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _uri(path: Path) -> str:
    """The file as a URI reference: relative (POSIX) inside the working folder, else file://."""
    shown = Path(relative_path(path))
    return shown.as_posix() if not shown.is_absolute() else shown.as_uri()


def sarif_log(problems: Sequence[Problem]) -> str:
    """A SARIF 2.1.0 log of one run of `brochure check`."""
    used = sorted({p.rule or "schema" for p in problems})
    rules = [_rule_descriptor(rule_id) for rule_id in sorted(set(used) | set(RULES))]
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    results = []
    for problem in problems:
        rule_id = problem.rule or "schema"
        location = {"physicalLocation": {
            "artifactLocation": _artifact(problem.file),
            "region": {"startLine": max(1, problem.line), "startColumn": max(1, problem.column)},
        }}
        if problem.yaml_path:
            location["logicalLocations"] = [{"fullyQualifiedName": problem.yaml_path,
                                             "kind": "element"}]
        results.append({"ruleId": rule_id, "ruleIndex": index[rule_id], "level": problem.level,
                        "message": {"text": one_line(problem.message)},
                        "locations": [location]})
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "brochure", "version": __version__, "rules": rules}},
            "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().resolve().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


def _artifact(path: Path) -> dict[str, Any]:
    uri = _uri(path)
    return {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": "SRCROOT"}


def _rule_descriptor(rule_id: str) -> dict[str, Any]:
    rule = RULES.get(rule_id)
    description = rule.description if rule else "The content file is not valid input."
    level = rule.level if rule else "error"
    return {"id": rule_id, "name": rule_id,
            "shortDescription": {"text": description},
            "help": {"text": f"{description} (how to fix it: docs/rules.md, {rule_id})"},
            "defaultConfiguration": {"level": level}}
