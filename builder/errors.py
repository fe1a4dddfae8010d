"""One error vocabulary for the whole tool.

Every problem the tool finds in user input becomes a `Problem` that knows its file, line, column
and YAML path, so the command line can print it as `path:line:col: message` like a compiler.
Only `cli.py` turns `BrochureError` into an exit status; everything else raises or collects.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding about the input, located in its source file."""

    file: Path
    line: int
    column: int
    message: str
    yaml_path: str = ""
    level: Level = "error"
    rule: str = ""

    def format(self, *, with_level: bool = False) -> str:
        """Render as `file:line:col: [level: ]message [rule]`, one line."""
        where = f"{display_path(self.file)}:{self.line}:{self.column}"
        what = f"{self.yaml_path}: {self.message}" if self.yaml_path else self.message
        what = one_line(what)
        level = f"{self.level}: " if with_level else ""
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{where}: {level}{what}{rule}"

    def as_json(self) -> dict[str, object]:
        """The stable JSON shape used by `brochure check --format json`."""
        return {
            "file": relative_path(self.file),
            "line": self.line,
            "column": self.column,
            "level": self.level,
            "rule": self.rule,
            "path": self.yaml_path,
            "message": self.message,
        }


def one_line(text: str) -> str:
    """A message as one printable line: whitespace folded, control characters shown as escapes
    (content text quoted in a message must not move the cursor or retitle the terminal)."""
    return printable(" ".join(text.split()))


def printable(text: str) -> str:
    """`text` with every control or invisible character shown as an escape (`\\x1b`): a file
    name or a quoted value printed to a terminal must not move the cursor, clear the screen or
    retitle the window."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def internal_error(exc: BaseException, where: str = "brochure") -> str:
    """One line for a bug in the tool (never for bad input): what broke, and how to see more.
    With BROCHURE_DEBUG set, the traceback is printed to stderr first."""
    if os.environ.get("BROCHURE_DEBUG"):
        traceback.print_exception(exc)
    return one_line(f"{where}: internal error: {type(exc).__name__}: {exc} "
                    "(set BROCHURE_DEBUG=1 for details)")


def display_path(path: Path) -> str:
    """A path as printed for a person: relative to the working folder when it is inside it,
    control characters escaped (see `relative_path` for machine-readable output)."""
    return printable(relative_path(path))


def relative_path(path: Path) -> str:
    """A path relative to the working folder when it is inside it (symlinks in the path are not
    followed, so a link is named as the user named it), else as given."""
    absolute, here = os.path.abspath(path), os.getcwd()
    if absolute == here or absolute.startswith(here.rstrip(os.sep) + os.sep):
        return os.path.relpath(absolute, here)
    try:
        return str(Path(path).resolve().relative_to(Path(here).resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


class BrochureError(Exception):
    """Base of every error the tool reports to a user; carries its exit status."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str | Problem):
            problems = [problems]  # type: ignore[list-item]
        self.problems: list[Problem | str] = list(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """Each problem as one printable line."""
        return [p.format() if isinstance(p, Problem) else one_line(str(p))
                for p in self.problems]


class ContentError(BrochureError):
    """The content file (or a file it names) is not valid input."""


class TemplateError(BrochureError):
    """A brochure or slide template cannot be found or used."""


class OutputError(BrochureError):
    """An output cannot be written (read-only folder, full disk, ...)."""


@dataclass
class ProblemList:
    """Collects problems so a stage can report all of them in one pass."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    def raise_if_errors(self) -> None:
        """Stop the pipeline with every error found so far."""
        if self.errors:
            raise ContentError(sorted(self.errors, key=lambda p: (str(p.file), p.line, p.column)))
