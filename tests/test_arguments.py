"""How the command line reads what people type: choices in any case, lengths with units,
language codes in any case."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from builder.arguments import canonical_language, length_mm
from builder.cli import main

MM_PER_PT = 25.4 / 72


@pytest.mark.parametrize(("text", "mm"), [("3mm", 3.0), ("0.3cm", 3.0), ("0.125in", 3.175),
                                          ("9pt", 9 * MM_PER_PT), (" 3 MM ", 3.0), (".5CM", 5.0)])
def test_lengths_with_a_unit(text: str, mm: float) -> None:
    assert length_mm(text) == pytest.approx(mm)


@pytest.mark.parametrize("text", ["3", "3furlong", "mm", "-3mm", "3,5mm"])
def test_lengths_without_a_known_unit_name_the_units(text: str) -> None:
    with pytest.raises(ValueError, match="mm, cm, in, pt"):
        length_mm(text)


def test_a_bare_bleed_is_refused_naming_the_units(minimal_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(minimal_copy), "--bleed", "3", "--out",
                                       str(out)])
    assert result.exit_code == 2
    assert "'3' has no unit; write it with one of mm, cm, in, pt (e.g. 3mm)" in result.stderr
    assert not out.exists()
    too_much = CliRunner().invoke(main, ["build", str(minimal_copy), "--bleed", "3cm"])
    assert too_much.exit_code == 2 and "30.0 mm" in too_much.stderr


@pytest.mark.parametrize(("typed", "code"), [("ES", "es"), ("es", "es"), ("pt-br", "pt-BR"),
                                             ("ZH-HANT", "zh-Hant"), ("es_mx", "es-MX"),
                                             ("es-419", "es-419")])
def test_language_codes_take_their_usual_case(typed: str, code: str) -> None:
    assert canonical_language(typed) == code


def test_choices_and_languages_in_capitals(minimal_copy: Path, tmp_path: Path) -> None:
    from tests.test_i18n import OVERLAY

    minimal_copy.with_name("minimal.ES.yaml").write_text(OVERLAY, encoding="utf-8")  # as saved
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(minimal_copy), "--paper", "Letter",
                                       "--only", "PDF", "--lang", "ES", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.glob("*.pdf")] == ["minimal.es.letter.pdf"]
    box = PdfReader(out / "minimal.es.letter.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter
    checked = CliRunner().invoke(main, ["check", str(minimal_copy), "--format", "JSON",
                                        "--lang", "Es"])
    assert checked.exit_code in (0, 1), checked.output
    assert checked.stdout.lstrip().startswith("[")
