"""The content file's JSON Schema, generated from the model, for editors.

Why: with `# yaml-language-server: $schema=...` at the top of a content file, VS Code (and any
editor using the YAML language server) autocompletes keys, lists allowed values and shows each
field's one-line description on hover, so nobody has to read `builder/model.py`.

The schema is derived from `builder.model.Document` every time (descriptions are the attribute
docstrings, enums and defaults come from the types), so it follows the model. A copy ships with
the package (`SHIPPED`) for editors to point at; a test fails when it differs from the model,
saying to run `brochure schema --out builder/content.schema.json`.

The schema cannot express the rules that span the file (unique ids, references between parts,
a table's cell count): `brochure check` reports those.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
    generated = Document.model_json_schema(mode="validation")
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
