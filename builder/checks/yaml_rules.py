"""YAML traps: what the file says is not what another YAML tool would read.

The loader keeps every plain scalar as text and lets the model decide its type, so `version:
1.10` stays "1.10" here. A clinic's other tools (an editor plugin, a CMS, PyYAML) follow YAML 1.1
and would read 1.1 or a boolean, so text fields holding such values get a quoting hint.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Iterator
from typing import Any

import yaml

from builder.checks.registry import Context, input_rule, rule
from builder.errors import Problem
from builder.validate import annotation_at

input_rule("schema", "the file cannot be read, parsed or validated against the content model")
input_rule("yaml-duplicate-key", "a key appears twice in one mapping; YAML keeps only the last")


def is_text(annotation: Any) -> bool:
    """True when a field of this type holds text (str, Markdown, an id, a str enum or literal)."""
    seen = 0
    while seen < 10:
        seen += 1
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            return any(is_text(a) for a in args if a is not type(None))
        elif origin is typing.Literal:
            return all(isinstance(a, str) for a in args)
        else:
            break
    if isinstance(annotation, type):
        return issubclass(annotation, str) or (issubclass(annotation, enum.Enum)
                                               and issubclass(annotation, str))
    return False


@rule("yaml-ambiguous", "warning",
      "an unquoted value other YAML tools would read as a number or yes/no where text is meant")
def yaml_ambiguous(ctx: Context) -> Iterator[Problem]:
    """Text fields whose plain value YAML 1.1 turns into a boolean or a number."""
    for path, value in ctx.source.ambiguous:
        if not is_text(annotation_at(path)):
            continue
        yield ctx.problem("yaml-ambiguous", path,
                          f"'{value}' is read as {_reading(value)} by YAML 1.1 tools (PyYAML, "
                          f"many editors); quote it to keep the text: \"{value}\"")


def _reading(value: str) -> str:
    """What PyYAML (YAML 1.1) makes of a plain scalar, in words."""
    try:
        parsed = yaml.safe_load(value)
    except yaml.YAMLError:
        return "something other than text"
    if isinstance(parsed, bool):
        return f"the boolean {str(parsed).lower()}"
    if isinstance(parsed, int | float):
        return f"the number {parsed}"
    return "something other than text"
