"""The JSON Schema editors use agrees with the model the tool validates with.

Files are read for the schema the way an editor's YAML language server reads them (numbers and
booleans typed, dates as text) and for the model through the tool's own loader, so both verdicts
are the ones a person would see: a squiggle in the editor, an error from `brochure check`.
"""

from __future__ import annotations

import copy
import json
import typing
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import BaseModel, ValidationError

from builder import loader, model
from builder.errors import ContentError
from builder.schema import (
    FILE_NAME,
    MODELINE,
    SHIPPED,
    content_schema,
    field_docstrings,
    schema_text,
)
from builder.validate import validate
from tests.conftest import FIXTURES, MINIMAL, ROOT, SAMPLE

VALIDATOR = Draft202012Validator(content_schema(),
                                 format_checker=Draft202012Validator.FORMAT_CHECKER)


class EditorLoader(yaml.SafeLoader):
    """YAML as the YAML language server reads it: dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def editor_data(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)  # noqa: S506


def schema_errors(data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in VALIDATOR.iter_errors(data)]


def model_accepts(path: Path) -> bool:
    """The tool's verdict: loaded by its loader, validated by the model and the cross-checks."""
    try:
        validate(loader.load(path))
    except ContentError:
        return False
    return True


def shape_accepts(path: Path) -> bool:
    """The model's verdict on types and keys alone; what a schema can express (the cross-checks,
    unique ids and known therapy ids, are `validate`'s and `check`'s)."""
    try:
        model.Document.model_validate(loader.load(path).data)
    except ValidationError:
        return False
    return True


def is_translation(path: Path) -> bool:
    """`stem.es.yaml` beside `stem.yaml` holds only translated text, not a whole document."""
    stem, _, language = path.stem.rpartition(".")
    return bool(stem) and 2 <= len(language) <= 3 and (path.parent / f"{stem}.yaml").exists()


CONTENT_FILES = sorted(p for p in [*FIXTURES.rglob("*.yaml"), *(ROOT / "data").glob("*.yaml")]
                       if not is_translation(p))


# ------------------------------------------------------------------------- the schema itself


def test_shipped_schema_is_generated_from_the_current_model() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), (
        "builder/content.schema.json is out of date with builder/model.py: run "
        "`brochure schema --out builder/content.schema.json` and commit the result")


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def models() -> Iterator[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    pending: list[Any] = [model.Document]
    while pending:
        current = pending.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            if current in seen:
                continue
            seen.append(current)
            pending.extend(f.annotation for f in current.model_fields.values())
        else:
            pending.extend(typing.get_args(current))
    yield from seen


def test_every_field_of_every_model_has_its_description_in_the_schema() -> None:
    definitions = content_schema()["$defs"]
    for cls in models():
        properties = (content_schema() if cls is model.Document
                      else definitions[cls.__name__])["properties"]
        assert set(properties) == set(cls.model_fields), cls.__name__
        docstrings = field_docstrings(cls)
        for name in cls.model_fields:
            assert docstrings.get(name), f"{cls.__name__}.{name} has no docstring"
            assert properties[name]["description"] == docstrings[name]


def test_enums_and_defaults_come_from_the_model() -> None:
    definitions = content_schema()["$defs"]
    for enum in (model.RegulatoryStatus, model.Evidence):
        assert definitions[enum.__name__]["enum"] == [e.value for e in enum]
        assert issubclass(enum, StrEnum)
    paper = definitions["Meta"]["properties"]["paper"]
    assert paper["enum"] == list(typing.get_args(model.Meta.model_fields["paper"].annotation))
    assert paper["default"] == model.Meta.model_fields["paper"].default
    assert definitions["Colours"]["properties"]["primary"]["default"] == model.Colours().primary


# ---------------------------------------------------------------- valid files pass the schema


def test_sample_carries_the_modeline_and_validates() -> None:
    first_lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:3]
    (line,) = [x for x in first_lines if x.startswith(MODELINE)]
    target = (SAMPLE.parent / line.removeprefix(MODELINE)).resolve()
    assert target == SHIPPED and target.name == FILE_NAME
    assert schema_errors(editor_data(SAMPLE)) == []


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_the_model_accepts_the_schema_accepts(path: Path) -> None:
    if not model_accepts(path):
        pytest.skip("not valid content (an invalid-input fixture)")
    found = {tuple(e.absolute_path) for e in VALIDATOR.iter_errors(editor_data(path))}
    # `version: 1.10` is text to the tool but a number to an editor: the schema marks exactly
    # the values the `yaml-ambiguous` rule warns about, nothing else.
    assert found <= {path_ for path_, _text in loader.load(path).ambiguous}


# ------------------------------------------------------- invalid files: both reject, same files

HAND_EDITS: dict[str, tuple[tuple[str | int, ...], Any]] = {
    "unknown top-level key": (("sectoins",), []),
    "misspelt nested key": (("document", "organisation", "websit"), "https://x.example"),
    "bad colour": (("brand", "colours", "primary"), "blue"),
    "colour without hash": (("brand", "colours", "accent"), "1f5f8b"),
    "bad id": (("sections", 0, "id"), "What Is PRP"),
    "bad language code": (("document", "language"), "english!"),
    "unknown regulatory status": (("therapies", 0, "status"), "fda-approved"),
    "unknown evidence level": (("therapies", 0, "claims", 0, "evidence"), "proven"),
    "unknown callout kind": (("sections", 1, "callout", "kind"), "danger"),
    "unknown paper": (("document", "paper"), "poster"),
    "page budget zero": (("document", "page_budget"), 0),
    "reading grade too high": (("document", "reading_grade"), 30),
    "year too early": (("references", 0, "year"), 1800),
    "date not a date": (("document", "date"), "next week"),
    "review date not a date": (("document", "reviewer", "reviewed_on"), "2026-13-45"),
    "empty title": (("document", "title"), ""),
    "empty sections": (("sections",), []),
    "empty callout": (("sections", 1, "callout", "items"), []),
    "text where a list is expected": (("sections", 0, "key_points"), {"a": 1}),
    "list where text is expected": (("document", "title"), ["a", "b"]),
    "two trifold inside panels": (("trifold", "inside"), [[], []]),
    "deck flag not a boolean": (("sections", 0, "deck"), [True]),
}


def with_edit(data: Any, where: tuple[str | int, ...], value: Any) -> Any:
    edited = copy.deepcopy(data)
    parent = edited
    for part in where[:-1]:
        parent = parent.setdefault(part, {}) if isinstance(parent, dict) else parent[part]
    parent[where[-1]] = value
    return edited


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(HAND_EDITS))
def test_hand_made_invalid_files_are_rejected_by_both(tmp_path: Path, name: str) -> None:
    where, value = HAND_EDITS[name]
    path = write(tmp_path, name.replace(" ", "-"), with_edit(editor_data(MINIMAL), where, value))
    assert not model_accepts(path), f"model accepts: {name}"
    assert schema_errors(editor_data(path)), f"schema accepts: {name}"


def test_the_invalid_input_fixture_is_rejected_by_both() -> None:
    path = FIXTURES / "checks" / "schema.yaml"
    assert not model_accepts(path)
    assert schema_errors(editor_data(path))


def mutations(data: Any, where: tuple[str | int, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every key removed, an unknown key added to every mapping, every value made a mapping."""
    node = data
    for part in where:
        node = node[part]
    if isinstance(node, dict):
        yield f"{where} + unknown key", with_edit(data, (*where, "no_such_key"), "x")
        for key in node:
            pruned = copy.deepcopy(data)
            target = pruned
            for part in where:
                target = target[part]
            del target[key]
            yield f"{(*where, key)} removed", pruned
            yield from mutations(data, (*where, key))
    elif isinstance(node, list):
        for index in range(len(node)):
            yield from mutations(data, (*where, index))
    elif where:
        yield f"{where} -> mapping", with_edit(data, where, {"no": "mapping here"})


def test_schema_and_model_agree_on_every_mutation_of_the_minimal_file(tmp_path: Path) -> None:
    """Each mutation is written as a real file: the loader and the model judge it, the schema
    judges what an editor reads; the two verdicts must be the same for every one."""
    original = editor_data(MINIMAL)
    disagreements, rejected = [], 0
    for index, (name, mutated) in enumerate(mutations(original)):
        path = write(tmp_path, f"mutation-{index}", mutated)
        by_model, by_schema = shape_accepts(path), not schema_errors(editor_data(path))
        rejected += not by_model
        if by_model != by_schema:
            disagreements.append(f"{name}: model {'accepts' if by_model else 'rejects'}, "
                                 f"schema {'accepts' if by_schema else 'rejects'}")
    assert disagreements == []
    assert rejected > 50  # the corpus really is mostly invalid files
