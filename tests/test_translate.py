"""A translation file lays translated text over the source, matched by id or position."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import loader, translate
from builder.errors import ContentError
from builder.validate import validate

OVERLAY = """\
translation: {language: es, source: minimal.yaml}
document:
  title: PRP en breve
sections:
  - id: questions
    title: Preguntas
    callout:
      items:
        - ¿Está aprobado para mi caso?
        - ¿Cuáles son los riesgos?
  - id: what-is-prp
    key_points: [Hecho con su propia sangre]
"""


def test_overlay_translates_by_id_and_position(minimal_copy: Path) -> None:
    minimal_copy.with_name("minimal.es.yaml").write_text(OVERLAY)
    assert translate.available(minimal_copy) == ["es"]
    document = validate(translate.apply(loader.load(minimal_copy), "es"))
    assert document.document.language == "es"
    assert document.document.title == "PRP en breve"
    first, second = document.sections
    assert second.title == "Preguntas" and second.callout.items[0] == "¿Está aprobado para mi caso?"
    # untranslated text falls back to the source, position by position
    assert first.key_points == ["Hecho con su propia sangre", "Spun to collect platelets"]
    assert first.title == "What is PRP?"


def test_problems_in_the_translation_point_into_it(minimal_copy: Path) -> None:
    translated = minimal_copy.with_name("minimal.es.yaml")
    translated.write_text(OVERLAY.replace("  - id: questions", "  - id: questionz"))
    with pytest.raises(ContentError) as caught:
        translate.apply(loader.load(minimal_copy), "es")
    (line,) = caught.value.lines()
    assert line.endswith("minimal.es.yaml:5:9: sections[0].id: no item with id 'questionz' in "
                         "the source")


def test_missing_translation_lists_what_exists(minimal_copy: Path) -> None:
    with pytest.raises(ContentError, match=r"no translation into 'fr' \(available: en\)"):
        translate.apply(loader.load(minimal_copy), "fr")


def test_source_language_is_the_source(minimal_copy: Path) -> None:
    source = loader.load(minimal_copy)
    assert translate.apply(source, "en") is source
