"""`brochure new`: starters that validate, build from any folder, and whose only problems are
the guidance fields still to be replaced."""

from __future__ import annotations

import json
import os
import typing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from builder import model, new
from builder.cli import main
from builder.schema import FILE_NAME, MODELINE, schema_text
from tests.test_schema import editor_data, schema_errors

COMBINATIONS = [(s.name, language) for s in new.starters() for language in s.languages]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def guidance_paths(data: Any, path: tuple = ()) -> set[str]:
    """YAML paths (as `check` prints them) of every text holding `[[`."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            found |= guidance_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found |= guidance_paths(value, (*path, index))
    elif isinstance(data, str) and "[[" in data:
        found.add("".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)[1:])
    return found


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder that is neither the repository nor the new content's folder."""
    folder = tmp_path / "somewhere" / "else"
    folder.mkdir(parents=True)
    old = Path.cwd()
    os.chdir(folder)
    yield folder
    os.chdir(old)


def test_there_are_several_starters_in_english_and_spanish() -> None:
    listed = run("new", "--list")
    assert listed.exit_code == 0
    names = [line.split()[0] for line in listed.stdout.splitlines()]
    assert names == [s.name for s in new.starters()]
    assert {"therapy-comparison", "procedure-guide"} <= set(names)
    for starter in new.starters():
        assert set(starter.languages) >= {"en", "es"}


@pytest.mark.parametrize(("starter", "language"), COMBINATIONS)
def test_untouched_starter_reports_exactly_its_guidance_fields(
        starter: str, language: str, elsewhere: Path) -> None:
    result = run("new", "../my-guide", "--starter", starter, "--lang", language)
    assert result.exit_code == 0, result.output
    content = elsewhere.parent / "my-guide" / "my-guide.yaml"
    assert content.is_file()
    checked = run("check", str(content), "--format", "json")
    assert checked.exit_code == 0, checked.output
    problems = json.loads(checked.stdout)
    assert {p["rule"] for p in problems} == {"placeholder-text"}
    data = editor_data(content)
    assert sorted(p["path"] for p in problems) == sorted(guidance_paths(data))
    lines = content.read_text().splitlines()
    for problem in problems:  # each located at its guidance, not at the field's parent
        assert lines[problem["line"] - 1][problem["column"] - 1:].startswith("[[")
    assert data["document"]["language"] == language


@pytest.mark.parametrize(("starter", "language"), COMBINATIONS)
def test_starter_shows_every_part_of_the_model(starter: str, language: str,
                                               tmp_path: Path) -> None:
    """Every top-level part and every kind of call-out box: a new field in the model that the
    starters do not show fails here (add an example of it to builder/starters/)."""
    created = new.create(tmp_path / "guide", starter, language)
    data = editor_data(created.content)
    assert set(model.Document.model_fields) - set(data) <= {"checks"}
    kinds = typing.get_args(model.Callout.model_fields["kind"].annotation)
    assert {s["callout"]["kind"] for s in data["sections"] if "callout" in s} == set(kinds)
    assert any("image" in s for s in data["sections"])
    assert any("therapy" in s for s in data["sections"])
    assert any("100" in s.get("body", "") for s in data["sections"])  # numbers out of 100


@pytest.mark.parametrize(("starter", "language"), COMBINATIONS)
def test_starter_validates_against_the_schema_it_ships(starter: str, language: str,
                                                       tmp_path: Path) -> None:
    created = new.create(tmp_path / "guide", starter, language)
    folder = created.content.parent
    assert (folder / FILE_NAME).read_text() == schema_text()
    first = created.content.read_text().splitlines()[0]
    assert first == f"{MODELINE}{FILE_NAME}"
    assert schema_errors(editor_data(created.content)) == []
    assert "$today" not in created.content.read_text()
    assert (folder / "images" / "logo.svg").is_file()
    assert "brochure check" in (folder / "README.md").read_text()


@pytest.mark.parametrize(("starter", "language"), [("therapy-comparison", "en"),
                                                   ("procedure-guide", "es")])
def test_new_then_build_works_from_any_folder(starter: str, language: str,
                                              elsewhere: Path) -> None:
    assert run("new", "clinic/knee", "--starter", starter, "--lang", language).exit_code == 0
    built = run("build", "clinic/knee/knee.yaml")
    assert built.exit_code == 0, built.output
    pdf, deck = elsewhere / "build" / "knee.pdf", elsewhere / "build" / "knee.pptx"
    assert deck.stat().st_size > 0
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    title = editor_data(elsewhere / "clinic" / "knee" / "knee.yaml")["document"]["title"]
    assert " ".join(title.split()) in " ".join(text.split())


def test_new_refuses_to_overwrite_anything(tmp_path: Path) -> None:
    folder = tmp_path / "guide"
    folder.mkdir()
    (folder / "README.md").write_text("mine")
    result = run("new", str(folder))
    assert result.exit_code == 2
    assert "README.md: already exists" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["README.md"]  # nothing else written
    assert (folder / "README.md").read_text() == "mine"
    (folder / "README.md").unlink()
    assert run("new", str(folder)).exit_code == 0
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    again = run("new", str(folder))
    assert again.exit_code == 2
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_unknown_starter_and_language_are_one_line_errors(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "x"), "--starter", "nope")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("no starter named 'nope'; starters: ")
    result = run("new", str(tmp_path / "x"), "--lang", "tlh")
    assert result.exit_code == 2 and "not 'tlh'" in result.stderr
    assert not (tmp_path / "x").exists()
