"""The content file's JSON Schema, generated from the model, for editors.

Why: with `# yaml-language-server: $schema=...` at the top of a content file, VS Code (and any
editor using the YAML language server) autocompletes keys, lists allowed values and shows each
field's one-line description on hover, so nobody has to read `builder/model.py`.

The schema is derived from `builder.model.Document` every time (descriptions are the attribute
docstrings, enums and defaults come from the types), so it follows the model. The docstrings
are read from the model's source here, when a schema is made, rather than by pydantic each time
a model class is made (`use_attribute_docstrings`): that read was a tenth of what `brochure
check` spends before it looks at a file. A copy ships with
the package (`SHIPPED`) for editors to point at; a test fails when it differs from the model,
saying to run `brochure schema --out builder/content.schema.json`.

The schema cannot express the rules that span the file (unique ids, references between parts,
a table's cell count): `brochure check` reports those.
"""

from __future__ import annotations

import ast
import inspect
import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonRef, JsonSchemaValue
from pydantic_core import core_schema

from builder.model import Document

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SHIPPED = Path(__file__).resolve().parent / "content.schema.json"
"""The copy shipped with the package; content files and starters point at it."""
FILE_NAME = SHIPPED.name
"""The name `brochure new` gives its copy in a new content folder."""
MODELINE = "# yaml-language-server: $schema="
"""How a YAML file names its schema for the YAML language server (VS Code, Neovim, Helix...)."""


def content_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a content file."""
    generated = Document.model_json_schema(mode="validation", schema_generator=_Described)
    return {
        "$schema": DRAFT,
        "$id": "urn:brochure:content-file",
        "title": "brochure content file",
        "description": ("One YAML file of patient-education content: the handout (PDF) and the "
                        "seminar deck (PPTX) are built from it. Rules that span the file (unique "
                        "ids, cited references) are checked by `brochure check`."),
        **{key: value for key, value in generated.items() if key not in ("title", "description")},
    }


def schema_text() -> str:
    """The schema as the shipped file holds it: sorted keys, two-space indents, final newline."""
    return json.dumps(content_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def modeline(target: str) -> str:
    """The first line that points an editor at the schema `target` (a path or URL)."""
    return f"{MODELINE}{target}"


def field_docstrings(model: type[BaseModel]) -> dict[str, str]:
    """Each field's attribute docstring (the string just below `name: type = ...`), taken from
    the class that declares the field, cleaned as pydantic cleans docstrings."""
    found: dict[str, str] = {}
    for name in model.model_fields:
        owner = next((c for c in model.__mro__ if name in c.__dict__.get("__annotations__", {})),
                     None)
        docstring = _class_docstrings(owner).get(name) if owner is not None else None
        if docstring is not None:
            found[name] = docstring
    return found


@cache
def _class_docstrings(cls: type) -> dict[str, str]:
    try:
        tree = _module_tree(inspect.getsourcefile(cls) or "")
    except OSError:
        return {}
    node = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls.__name__),
                None)
    found: dict[str, str] = {}
    for before, statement in zip(node.body, node.body[1:], strict=False) if node else ():
        if (isinstance(before, ast.AnnAssign) and isinstance(before.target, ast.Name)
                and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)):
            found[before.target.id] = inspect.cleandoc(statement.value.value)
    return found


@cache
def _module_tree(path: str) -> ast.Module:
    return ast.parse(Path(path).read_text(encoding="utf-8"))


class _Described(GenerateJsonSchema):
    """Pydantic's JSON Schema, each model field described by its attribute docstring."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        docstrings = field_docstrings(schema["cls"])
        for name, field in json_schema.get("properties", {}).items():
            docstring = docstrings.get(name)
            if docstring is None or "description" in field:
                continue
            if "$ref" in field:  # as pydantic does: no sibling that repeats the target's key
                target = self.get_schema_from_definitions(JsonRef(field["$ref"]))
                if target is not None and target.get("description") == docstring:
                    continue
            field["description"] = docstring
        return json_schema
