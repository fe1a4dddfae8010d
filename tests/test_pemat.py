"""`brochure check --pemat`: the PEMAT-P and CDC Clear Communication Index items judged from
the model, the rules and the handout's real HTML, on the sample and on content that lacks what
the items ask for."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder import pemat
from builder.cli import main
from builder.options import BuildOptions

from .conftest import MINIMAL, ROOT, SAMPLE


def verdicts(assessment: pemat.Assessment) -> dict[str, str]:
    return {f"{i.instrument} {i.number}": i.verdict for i in assessment.items}


@pytest.mark.parametrize("language", [None, "es"])
def test_sample_meets_the_bars(language: str | None) -> None:
    (assessment,) = pemat.assess_file(SAMPLE, language)
    scores = assessment.scores
    assert scores["PEMAT-P understandability"].percent >= 80
    assert scores["PEMAT-P actionability"].percent >= 80
    assert scores["CDC Clear Communication Index"].percent >= 90
    assert assessment.passed
    # what a machine cannot judge is left to the reviewer, never scored
    reviewer = {k for k, v in verdicts(assessment).items() if v == "reviewer"}
    assert {"PEMAT-P 2", "PEMAT-P 10", "PEMAT-P 16", "PEMAT-P 18", "CDC 4", "CDC 13"} <= reviewer
    assert len(assessment.items) == 17 + 7 + 20


def readme_pemat_block() -> list[str]:
    """The output the README shows for `brochure check --pemat` ('...' marks lines left out)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```text\n\$ brochure check --pemat\n(.*?)^```", readme,
                      re.MULTILINE | re.DOTALL)
    assert block, "README.md shows no output of `brochure check --pemat`"
    return [line for line in block.group(1).splitlines() if line.strip() not in ("", "...")]


def test_cli_text_and_json(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text report is the one the README shows, line for line, and the JSON has it all."""
    runner = CliRunner()
    monkeypatch.chdir(ROOT)  # as the README runs it: the default content, from the repository
    text = runner.invoke(main, ["check", "--pemat"])
    assert text.exit_code == 0, text.output
    for line in ("PEMAT-P understandability:", "PEMAT-P actionability:",
                 "CDC Clear Communication Index:", "For the medical reviewer"):
        assert line in text.output
    printed = text.output.splitlines()
    shown = readme_pemat_block()
    assert len(shown) >= 8
    assert [line for line in shown if line not in printed] == []
    as_json = runner.invoke(main, ["check", str(SAMPLE), "--pemat", "--format", "json",
                                   "--lang", "all"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert [d["language"] for d in data] == ["en", "es"]
    first = data[0]
    assert set(first) == {"file", "language", "scores", "passed", "items"}
    assert set(first["scores"]["PEMAT-P actionability"]) == {"agree", "judged", "reviewer",
                                                            "percent"}
    assert {item["verdict"] for item in first["items"]} <= {"agree", "disagree", "n/a",
                                                           "reviewer"}


def _without(tmp_path: Path, *keys: str) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL.parent, folder)
    path = folder / MINIMAL.name
    lines = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
             if not line.startswith(keys)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_missing_message_and_action_are_disagreements(tmp_path: Path) -> None:
    path = _without(tmp_path, "main_message:", "call_to_action:")
    (assessment,) = pemat.assess_file(path)
    found = verdicts(assessment)
    for item in ("PEMAT-P 1", "PEMAT-P 20", "CDC 1", "CDC 2", "CDC 5"):
        assert found[item] == "disagree", item
    # the minimal file has no numbered steps, no write-in box and no picture for an action
    assert found["PEMAT-P 22"] == found["PEMAT-P 26"] == "disagree"
    assert not assessment.passed
    result = CliRunner().invoke(main, ["check", str(path), "--pemat"])
    assert result.exit_code == 1


def test_layout_items_read_the_real_template(tmp_path: Path) -> None:
    """A clinic template that leaves the main message out fails CDC items 2 and 3, though the
    content has one: the judge reads the handout's HTML, not the model."""
    folder = tmp_path / "quiet"
    folder.mkdir()
    (folder / "handout.html").write_text('{% extends "base.html" %}\n'
                                         "{% block main_message %}{% endblock %}\n")
    (assessment,) = pemat.assess_file(MINIMAL, options=BuildOptions(brochure=str(folder)))
    found = verdicts(assessment)
    assert found["CDC 1"] == "agree"
    assert found["CDC 2"] == found["CDC 3"] == "disagree"
    (plain,) = pemat.assess_file(MINIMAL)
    assert verdicts(plain)["CDC 2"] == verdicts(plain)["CDC 3"] == "agree"


def test_passive_main_message_is_seen(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL.parent, folder)
    path = folder / MINIMAL.name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(
        "main_message: PRP is not approved for knee pain, so talk to your doctor first.",
        "main_message: PRP shots are given by many clinics without FDA review."))
    (assessment,) = pemat.assess_file(path)
    assert verdicts(assessment)["CDC 6"] == "disagree"
