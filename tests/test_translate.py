"""A translation file lays translated text over the source, matched by id or position."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import loader, stamps, translate
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


PLACED = OVERLAY + """\
trifold:
  flap: []
  back: [questions]
  inside:
    - [what-is-prp]
    - []
    - []
"""


def test_a_translation_places_the_trifold_itself(minimal_copy: Path) -> None:
    """Placement is not text: the translation's `trifold:` replaces the source's whole, with
    lists of other lengths than the source's (laid item by item, they would be refused)."""
    minimal_copy.with_name("minimal.es.yaml").write_text(PLACED)
    merged = translate.apply(loader.load(minimal_copy), "es")
    document = validate(merged)
    assert document.trifold is not None
    assert (document.trifold.flap, document.trifold.back) == ([], ["questions"])
    source = validate(loader.load(minimal_copy))
    assert source.trifold is not None and source.trifold.flap == ["questions"]
    assert all(path[0] != "trifold" for path in stamps.translated_fields(merged))  # not text


def test_a_translations_placement_is_located_in_it(minimal_copy: Path) -> None:
    translated = minimal_copy.with_name("minimal.es.yaml")
    translated.write_text(PLACED.replace("back: [questions]", "back: [questionz]"))
    with pytest.raises(ContentError) as caught:
        validate(translate.apply(loader.load(minimal_copy), "es"))
    (line,) = caught.value.lines()
    row = PLACED.splitlines().index("  back: [questions]") + 1
    assert line.endswith(f"minimal.es.yaml:{row}:10: trifold.back[0]: unknown section "
                         "'questionz'; did you mean 'questions'?")
