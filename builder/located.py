"""A content file's data with the position of every value: what errors are located with.

The loader produces a `Source`; the validator, the checks and the renderers use it only to say
where a problem is (`path:line:col`), so they import this module, never the YAML loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.errors import Problem

YamlPath = tuple[str | int, ...]
"""Where a value sits in the content: keys and list indexes from the top."""


def format_path(path: YamlPath) -> str:
    """`("sections", 3, "image", "alt")` -> `sections[3].image.alt`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class Mark:
    """A 1-based position in the source file."""

    line: int
    column: int


@dataclass
class Source:
    """A loaded content file: plain data plus where each piece of it stands."""

    path: Path
    data: dict[str, Any]
    values: dict[YamlPath, Mark] = field(default_factory=dict)
    keys: dict[YamlPath, Mark] = field(default_factory=dict)
    ambiguous: list[tuple[YamlPath, str]] = field(default_factory=list)
    """Plain scalars that YAML 1.1 tools would read as booleans or numbers."""
    origins: dict[YamlPath, Path] = field(default_factory=dict)
    """Values that came from another file (a translation), by path."""

    def mark(self, path: YamlPath, *, key: bool = False) -> Mark:
        """Position of the value (or key) at `path`, or of its nearest located parent."""
        table = self.keys if key else self.values
        for cut in range(len(path), -1, -1):
            found = table.get(path[:cut]) or self.values.get(path[:cut])
            if found:
                return found
        return Mark(1, 1)

    def problem(self, path: YamlPath, message: str, *, key: bool = False, level: str = "error",
                rule: str = "") -> Problem:
        """A problem located at `path` in this file."""
        where = self.mark(path, key=key)
        return Problem(self.file_of(path), where.line, where.column, message, format_path(path),
                       level, rule)  # type: ignore[arg-type]

    def file_of(self, path: YamlPath) -> Path:
        """The file the value at `path` was read from."""
        for cut in range(len(path), 0, -1):
            if path[:cut] in self.origins:
                return self.origins[path[:cut]]
        return self.path
