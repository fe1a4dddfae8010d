"""Turn a loaded `Source` into a `Document`, reporting every problem at its line and column.

Pydantic does the type checking; this module only translates its errors into located,
plain-language `Problem`s (with a "did you mean" for unknown keys) and adds the rules that
span several parts of the file: unique ids and references between parts.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections import Counter
from typing import Any

from pydantic import BaseModel, ValidationError

from builder.errors import Problem, ProblemList
from builder.located import Source, YamlPath
from builder.model import Document


def validate(source: Source) -> Document:
    """Validate `source` against the content model; raise `ContentError` listing all problems."""
    problems = ProblemList()
    try:
        document = Document.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.add(_located(source, error))
        problems.raise_if_errors()
        raise  # pragma: no cover - unreachable: pydantic always reports at least one error
    for problem in cross_reference_problems(document, source):
        problems.add(problem)
    problems.raise_if_errors()
    return document


def _located(source: Source, error: dict[str, Any]) -> Problem:
    """One pydantic error as a located problem in plain words."""
    loc = _yaml_loc(source.data, error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        name = str(loc[-1])
        known = field_names(loc[:-1])
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = (f"; did you mean '{close[0]}'?" if close
                else f"; expected one of: {', '.join(known)}")
        return source.problem(loc, f"unknown key '{name}'{hint}", key=True)
    if kind == "missing":
        return source.problem(loc[:-1], f"required key '{loc[-1]}' is missing")
    message = error["msg"]
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    if kind.startswith("enum") or kind == "literal_error":
        message = message.replace("Input should be", "expected")
    else:
        message = message.replace("Input should be", "should be")
    return source.problem(loc, message)


def _yaml_loc(data: Any, loc: tuple[Any, ...]) -> YamlPath:
    """Pydantic's location as a YAML path: its internal tags dropped, the user's keys kept
    (a key such as `note[1]` looks like a tag but is in the data)."""
    path: list[str | int] = []
    for part in loc:
        present = (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data))
        if not present and _is_internal(part):
            continue
        path.append(part)
        data = data[part] if present else None
    return tuple(path)


def _is_internal(part: Any) -> bool:
    """Pydantic adds tags such as 'function-after[...]' to locations; they are not YAML keys."""
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def field_names(loc: YamlPath) -> list[str]:
    """Names of the keys allowed at `loc` (a mapping inside the document)."""
    model = model_at(loc)
    return list(model.model_fields) if model else []


def model_at(loc: YamlPath) -> type[BaseModel] | None:
    """The model class that describes the mapping at `loc`, following list indices."""
    current: Any = Document
    for part in loc:
        if isinstance(part, int):
            current = _unwrap(current, item=True)
            continue
        model = _unwrap(current)
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(part)
        if field is None:
            return None
        current = field.annotation
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def annotation_at(loc: YamlPath) -> Any:
    """The field annotation at `loc` (used to tell where text was meant)."""
    parent = model_at(loc[:-1]) if loc and isinstance(loc[-1], str) else None
    if parent is not None:
        field = parent.model_fields.get(str(loc[-1]))
        return field.annotation if field else None
    if loc and isinstance(loc[-1], int):
        return _unwrap(annotation_at(loc[:-1]), item=True)
    return None


def _unwrap(annotation: Any, *, item: bool = False) -> Any:
    """Strip Optional / Annotated, and take the item type of a list when `item`."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next((a for a in args if a is not type(None)), annotation)
            if annotation is None:
                return None
            if typing.get_origin(annotation) in (typing.Union, types.UnionType):
                return annotation
        elif item and origin is list:
            annotation, item = args[0], False
        else:
            return annotation


def cross_reference_problems(document: Document, source: Source) -> list[Problem]:
    """Ids must be unique, and every id a part refers to must exist."""
    problems: list[Problem] = []
    for name in ("therapies", "sections", "references", "contrasts"):
        counts = Counter(item.id for item in getattr(document, name))
        for index, item in enumerate(getattr(document, name)):
            if counts[item.id] > 1:
                problems.append(source.problem((name, index, "id"),
                                               f"id '{item.id}' is used more than once"))
    therapy_ids = [t.id for t in document.therapies]
    for index, section in enumerate(document.sections):
        if section.therapy is not None and section.therapy not in therapy_ids:
            problems.append(source.problem(("sections", index, "therapy"),
                                           _unknown("therapy", section.therapy, therapy_ids)))
    if document.comparison:
        width = len(document.comparison.columns)
        for index, row in enumerate(document.comparison.rows):
            if len(row.cells) != width:
                problems.append(source.problem(
                    ("comparison", "rows", index, "cells"),
                    f"row has {len(row.cells)} cells but the table has {width} columns"))
        widths = document.comparison.widths
        if widths is not None and len(widths) != width + 1:
            problems.append(source.problem(
                ("comparison", "widths"),
                f"{len(widths)} widths for {width + 1} printed columns (the row labels and "
                f"{width} columns); give one width per printed column, the row labels first"))
    if document.trifold:
        section_ids = [s.id for s in document.sections]
        panels = [("flap",), ("back",)] + [("inside", i) for i in range(3)]
        for panel in panels:
            ids = getattr(document.trifold, str(panel[0]))
            ids = ids[panel[1]] if len(panel) > 1 else ids
            for index, section_id in enumerate(ids):
                if section_id not in section_ids:
                    problems.append(source.problem(("trifold", *panel, index),
                                                   _unknown("section", section_id, section_ids)))
    return problems


def _unknown(kind: str, name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(known) or 'none'}"
    return f"unknown {kind} '{name}'{hint}"
