"""`brochure check`: one fixture per rule trips that rule and only it, at the right line, with the
right exit status; plus the switches, the wording heuristics and the import cost."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder import loader
from builder.checks import RULES, CheckReport, check_file, run_checks
from builder.checks.governance import add_months
from builder.checks.readability import ease_to_grade, formula_for, spanish_syllables
from builder.checks.text import sentences
from builder.errors import ContentError, Problem
from builder.model import CheckSettings
from builder.options import BuildOptions
from builder.validate import validate

from .conftest import FIXTURES, MINIMAL, ROOT, SAMPLE

CHECKS = FIXTURES / "checks"
I18N = FIXTURES / "i18n" / "checks"
CLEAN = CHECKS / "clean.yaml"
TODAY = dt.date(2026, 2, 1)
"""Fixed 'today' so review dates do not depend on the calendar."""

INPUT_RULES = {"schema", "yaml-duplicate-key"}

# rule id -> (fixture, text marking where the problem is, level)
CASES: dict[str, tuple[Path, str, str]] = {
    "schema": (CHECKS / "schema.yaml", "titel:", "error"),
    "yaml-duplicate-key": (CHECKS / "yaml-duplicate-key.yaml", "title: Questions for", "error"),
    "yaml-ambiguous": (CHECKS / "yaml-ambiguous.yaml", "1.10", "warning"),
    "unknown-reference": (CHECKS / "unknown-reference.yaml", "@trial-2012", "error"),
    "unused-reference": (CHECKS / "unused-reference.yaml", "id: never-cited", "warning"),
    "claim-uncited": (CHECKS / "claim-uncited.yaml", "cite: []", "error"),
    "benefit-uncited": (CHECKS / "benefit-uncited.yaml", "helps a sore", "warning"),
    "reading-grade": (CHECKS / "reading-grade.yaml", ">-", "warning"),
    "hype-word": (CHECKS / "hype-word.yaml", "proven.", "warning"),
    "glossary-undefined": (CHECKS / "glossary-undefined.yaml", "cartilage wears", "warning"),
    "glossary-unused": (CHECKS / "glossary-unused.yaml", "term: tendon", "warning"),
    "disclaimer-missing": (CHECKS / "disclaimer-missing.yaml", "This sheet gives", "error"),
    "reviewer-missing": (CHECKS / "reviewer-missing.yaml", "document:", "warning"),
    "review-expired": (CHECKS / "review-expired.yaml", "2024-01-10", "warning"),
    "status-missing": (CHECKS / "status-missing.yaml", "id: prp", "error"),
    "unknown-rule": (CHECKS / "unknown-rule.yaml", "hype-words", "warning"),
    "body-size": (CHECKS / "body-size" / "brochures" / "handout" / "handout.css", "font-size",
                  "warning"),
    "image-missing": (CHECKS / "image-missing.yaml", "images/no-such-file.png", "error"),
    "image-alt": (CHECKS / "image-alt.yaml", "alt: cell.png", "warning"),
    "image-colour": (CHECKS / "image-colour.yaml", "images/cmyk.jpg", "warning"),
    "image-resolution": (CHECKS / "image-resolution.yaml", "images/small.png", "warning"),
    "page-budget": (CHECKS / "page-budget.yaml", "page_budget: 1", "warning"),
    "slide-overflow": (CHECKS / "slide-overflow.yaml", "Questions to ask about", "error"),
    "glyph-missing": (I18N / "glyph-missing.yaml", "🩸", "warning"),
    "placeholder-text": (CHECKS / "placeholder-text.yaml", "[[Add what", "warning"),
    "language-unsupported": (CHECKS / "language-unsupported.yaml", "fr", "warning"),
    "translation-missing": (I18N / "translation-missing.yaml", "notes: Explain", "warning"),
    "translation-stale": (I18N / "translation-stale.es.yaml", "text: El PRP no", "warning"),
    "main-message-missing": (CHECKS / "main-message-missing.yaml", "document:", "warning"),
    "action-missing": (CHECKS / "action-missing.yaml", "document:", "warning"),
    "risks-missing": (CHECKS / "risks-missing.yaml", "id: prp", "warning"),
    "warning-signs-missing": (CHECKS / "warning-signs-missing.yaml", "procedure: true",
                              "warning"),
    "hedged-approval": (CHECKS / "hedged-approval.yaml", "mostly not approved", "warning"),
    "hedged-benefit": (CHECKS / "hedged-benefit.yaml", "Some studies suggest", "warning"),
    "trial-legitimacy": (CHECKS / "trial-legitimacy.yaml", "registered clinical trial",
                         "warning"),
    "reference-identifier": (CHECKS / "reference-identifier.yaml", "id: trial-2021", "warning"),
    "jargon-before-definition": (CHECKS / "jargon-before-definition.yaml",
                                 "platelets [@trial-2021]", "warning"),
    "numbers-in-words": (CHECKS / "numbers-in-words.yaml", "40%", "warning"),
    "figure-text-size": (CHECKS / "figure-text-size.yaml", "images/tiny-words.svg", "warning"),
    "image-not-translated": (I18N / "image-not-translated.yaml", "images/words.svg", "warning"),
    "trifold-overflow-predicted": (CHECKS / "trifold-overflow-predicted.yaml",
                                   "flap: [questions]", "warning"),
}
"""Where the problem must be reported: the first occurrence of the marker in the file."""


LANGUAGE = {"translation-missing": "es", "translation-stale": "es", "image-not-translated": "es"}
"""Rules about a translation are checked with --lang."""

BROCHURE = {"trifold-overflow-predicted": "trifold"}
"""Rules about one brochure are checked with --brochure."""


def content_of(rule_id: str) -> Path:
    """The content file to check for a rule (body-size's problem is in its template CSS; a
    stale translation's problem is in the translation, found from the source file)."""
    if rule_id == "body-size":
        return CHECKS / "body-size" / "body-size.yaml"
    if rule_id == "translation-stale":
        return I18N / "translation-stale.yaml"
    return CASES[rule_id][0]


def position(path: Path, marker: str) -> tuple[int, int]:
    """1-based (line, column) of the first occurrence of `marker` in `path`, after the header
    comment (which describes the fixture and may name the marker)."""
    text = path.read_text(encoding="utf-8")
    start = re.match(r"(?:(?:#|/\*| \*).*\n)*", text).end()  # type: ignore[union-attr]
    index = text.index(marker, start)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def check(path: Path, *, strict: bool = True, language: str | None = None,
          brochure: str = "handout") -> CheckReport:
    """Check a file as of TODAY; committed fixtures are checked once per test session."""
    if path.resolve().is_relative_to(FIXTURES.resolve()):
        return _check_fixture(path.resolve(), strict, language, brochure)
    return check_file(path, strict=strict, today=TODAY, language=language,
                      options=BuildOptions(brochure=brochure))


@functools.cache
def _check_fixture(path: Path, strict: bool, language: str | None, brochure: str,
                   ) -> CheckReport:
    return check_file(path, strict=strict, today=TODAY, language=language,
                      options=BuildOptions(brochure=brochure))


def test_every_rule_has_a_fixture() -> None:
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_fixture_trips_its_rule_and_only_it(rule_id: str) -> None:
    if rule_id == "slide-overflow":
        pytest.importorskip("builder.deck")
    fixture, marker, level = CASES[rule_id]
    report = check(content_of(rule_id), language=LANGUAGE.get(rule_id),
                   brochure=BROCHURE.get(rule_id, "handout"))
    assert {p.rule for p in report.problems} == {rule_id}
    line, column = position(fixture, marker)
    assert line in [p.line for p in report.problems]
    assert all(p.level == level for p in report.problems)
    assert all(p.file.resolve() == fixture.resolve() for p in report.problems)
    if rule_id in ("hype-word", "benefit-uncited", "glossary-undefined", "unknown-reference",
                   "image-missing", "yaml-ambiguous", "hedged-approval", "hedged-benefit",
                   "trial-legitimacy", "jargon-before-definition", "numbers-in-words"):
        assert (report.problems[0].line, report.problems[0].column) == (line, column)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_exit_status(rule_id: str) -> None:
    if rule_id == "slide-overflow":
        pytest.importorskip("builder.deck")
    path = content_of(rule_id)
    language = LANGUAGE.get(rule_id)
    brochure = BROCHURE.get(rule_id, "handout")
    strict = check(path, strict=True, language=language, brochure=brochure)
    lenient = check(path, strict=False, language=language, brochure=brochure)
    if rule_id in INPUT_RULES:
        assert (strict.exit_code, lenient.exit_code) == (2, 2)
    elif CASES[rule_id][2] == "error":
        assert (strict.exit_code, lenient.exit_code) == (1, 1)
    else:
        assert (strict.exit_code, lenient.exit_code) == (1, 0)


def test_clean_fixture_passes_strict() -> None:
    report = check(CLEAN)
    assert report.problems == []
    assert report.exit_code == 0
    assert report.summary().endswith("no problems")


def test_summary_names_the_languages_checked() -> None:
    """A Spanish check's last line must not read as a result for the English file alone."""
    own = check_file(SAMPLE).summary()
    spanish = check_file(SAMPLE, language="es").summary()
    every = check_file(SAMPLE, language="all").summary()
    assert "(" not in own.split(":")[0]
    assert spanish.split(":")[0].endswith(f"{SAMPLE.name} (es)"), spanish
    assert every.split(":")[0].endswith(f"{SAMPLE.name} (en, es)"), every


def test_minimal_fixture_passes_strict() -> None:
    report = check(MINIMAL)
    assert [p.format(with_level=True) for p in report.problems] == []


def test_schema_problems_are_reported_all_at_once() -> None:
    report = check(CHECKS / "schema.yaml")
    lines = {p.line for p in report.problems}
    assert position(CHECKS / "schema.yaml", "titel:")[0] in lines
    assert position(CHECKS / "schema.yaml", "primary: blue")[0] in lines
    assert "did you mean 'title'?" in " ".join(p.message for p in report.problems)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_missing_or_unreadable_file_is_one_line_without_a_position(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    """The file as a whole is the problem: `path: message`, no invented `:1:1`, exit 2."""
    from click.testing import CliRunner

    from builder.cli import main

    missing = tmp_path / "nothing.yaml"
    with pytest.raises(ContentError):
        check(missing)
    result = CliRunner().invoke(main, ["check", str(missing), "--format", fmt])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{missing}: no such file"]
    assert result.stdout == ""

    unreadable = tmp_path / "locked.yaml"
    shutil.copyfile(MINIMAL, unreadable)

    def refuse(*_args: object, **_kwargs: object) -> None:  # root reads a chmod 000 file
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(loader, "open", refuse, raising=False)
    result = CliRunner().invoke(main, ["check", str(unreadable), "--format", fmt])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{unreadable}: cannot read: Permission denied"]


def test_hype_fda_claim_about_unapproved_therapy_is_an_error() -> None:
    path = CHECKS / "hype-word-fda.yaml"
    report = check(path)
    assert [(p.rule, p.level) for p in report.problems] == [("hype-word", "error")]
    assert (report.problems[0].line, report.problems[0].column) == position(path, "FDA approved")
    assert "prp" in report.problems[0].message
    assert check(path, strict=False).exit_code == 1


def test_json_shape() -> None:
    report = check(CASES["hype-word"][0])
    data = json.loads(report.to_json())
    assert isinstance(data, list) and len(data) == 1
    item = data[0]
    assert set(item) == {"file", "line", "column", "level", "rule", "path", "message"}
    assert item["rule"] == "hype-word"
    assert item["level"] == "warning"
    assert item["path"] == "sections[1].body"
    assert item["file"].endswith("hype-word.yaml")
    assert (item["line"], item["column"]) == position(CASES["hype-word"][0], "proven")


def test_text_format_is_compiler_style() -> None:
    problem = check(CASES["hype-word"][0]).problems[0]
    line, column = position(CASES["hype-word"][0], "proven")
    text = problem.format(with_level=True)
    assert re.fullmatch(rf".*hype-word\.yaml:{line}:{column}: warning: sections\[1\]\.body: "
                        r"'proven' overclaims.*\[hype-word\]", text)


# ---------------------------------------------------------------------------------- switches


def _load(path: Path):  # noqa: ANN202 - (Document, Source)
    source = loader.load(path)
    return validate(source), source


def test_disable_in_content_file(tmp_path: Path) -> None:
    copy = _copy_fixture(tmp_path, CASES["hype-word"][0])
    text = copy.read_text().replace("trifold:\n", "checks:\n  disable: [hype-word]\ntrifold:\n")
    copy.write_text(text)
    assert check(copy).problems == []


def test_settings_override_allow_and_extend() -> None:
    document, source = _load(CASES["hype-word"][0])
    allowed = run_checks(document, source, today=TODAY,
                         settings_override=CheckSettings(allow_words=["Proven"]))
    assert allowed == []
    document, source = _load(CLEAN)
    extended = run_checks(document, source, today=TODAY,
                          settings_override=CheckSettings(hype_words=["your visit"]))
    assert [(p.rule, p.line) for p in extended] == [("hype-word", position(CLEAN, "visit")[0])]


def test_skip_leaves_rules_out() -> None:
    document, source = _load(CASES["page-budget"][0])
    assert run_checks(document, source, today=TODAY, skip={"page-budget"}) == []


def test_unknown_rule_names_the_closest() -> None:
    problem = check(CASES["unknown-rule"][0]).problems[0]
    assert "did you mean 'hype-word'?" in problem.message


# ---------------------------------------------------------------------------------- wording


def _copy_fixture(tmp_path: Path, fixture: Path = CLEAN) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CHECKS / "images", folder / "images")
    target = folder / fixture.name
    shutil.copy(fixture, target)
    return target


def _with_body(tmp_path: Path, body: str, *, replace: dict[str, str] | None = None) -> set[str]:
    """Rules tripped by the clean fixture with the 'questions' section body replaced."""
    path = _copy_fixture(tmp_path)
    text = path.read_text()
    old = "    body: Bring these questions to your visit.\n"
    assert old in text
    text = text.replace(old, f"    body: {json.dumps(body)}\n")
    for before, after in (replace or {}).items():
        assert before in text, before
        text = text.replace(before, after)
    path.write_text(text)
    return {p.rule for p in check(path).problems}


@pytest.mark.parametrize("body", [
    "PRP is not FDA approved for knees.",
    "No PRP kit is approved by the FDA for this use.",
    "Is PRP FDA approved for my knee?",
    "Some ads promise a miracle.",
    "PRP is not a cure.",
    "There is no guarantee that it works.",
    "Keep your records secure.",
    "It has not been proven to work.",
])
def test_hype_negated_quoted_or_asked_is_fine(tmp_path: Path, body: str) -> None:
    assert _with_body(tmp_path, body) == set()


@pytest.mark.parametrize("body", [
    "PRP is a cure.",
    "The shot has no side effects.",
    "Results are guaranteed.",
    "A real breakthrough for knees.",
    "Our anti-aging shots.",
    "PRP is a cure-all.",
])
def test_hype_is_reported(tmp_path: Path, body: str) -> None:
    assert _with_body(tmp_path, body) == {"hype-word"}


def test_fda_approved_about_an_approved_therapy_is_fine(tmp_path: Path) -> None:
    rules = _with_body(tmp_path, "PRP is FDA approved.",
                       replace={"    status: off-label\n": "    status: approved\n"})
    assert rules == set()


@pytest.mark.parametrize("body", [
    "Rest may help a sore knee [@trial-2021].",
    "No study shows that PRP helps.",
    "Does it heal tendons?",
    "Some ads say it heals everything.",
])
def test_benefit_cited_negated_or_asked_is_fine(tmp_path: Path, body: str) -> None:
    assert _with_body(tmp_path, body) == set()


def test_benefit_in_a_section_with_cite_is_fine(tmp_path: Path) -> None:
    rules = _with_body(tmp_path, "PRP heals tendons.", replace={
        "      - What are the risks?\n": "      - What are the risks?\n    cite: [trial-2021]\n"})
    assert rules == set()


def test_benefit_uncited_in_key_point(tmp_path: Path) -> None:
    rules = _with_body(tmp_path, "Bring these questions to your visit.", replace={
        "      - Is it approved for my condition?\n":
        "      - Is it approved for my condition?\n      - It restores cartilage\n"})
    assert rules == {"benefit-uncited", "glossary-undefined"}


def test_reading_grade_quotes_hardest_sentence() -> None:
    problem = check(CASES["reading-grade"][0]).problems[0]
    assert "Flesch-Kincaid" in problem.message
    assert "“Consultations regarding individualized" in problem.message
    assert "the target is 8" in problem.message


def test_reading_grade_other_language_is_skipped(tmp_path: Path) -> None:
    path = _copy_fixture(tmp_path, CASES["reading-grade"][0])
    path.write_text(path.read_text().replace("  language: en\n", "  language: fr\n"))
    assert "reading-grade" not in {p.rule for p in check(path).problems}


def test_reading_grade_spanish_uses_fernandez_huerta(tmp_path: Path) -> None:
    path = _copy_fixture(tmp_path, CASES["reading-grade"][0])
    hard = ("Las consultas relativas a alternativas terapéuticas individualizadas requieren "
            "documentación exhaustiva de intervenciones previas, medicaciones concomitantes y "
            "limitaciones funcionales, facilitando la determinación fundamentada de su idoneidad.")
    text = path.read_text().replace("  language: en\n", "  language: es\n")
    text = re.sub(r"    body: >-\n(      .*\n)+", lambda _: f'    body: "{hard}"\n', text)
    path.write_text(text)
    found = [p for p in check(path).problems if p.rule == "reading-grade"]
    assert len(found) == 1 and "Fernández Huerta" in found[0].message


def test_translation_problems_point_into_the_translation(tmp_path: Path) -> None:
    path = _copy_fixture(tmp_path)
    translation = path.with_name("clean.es.yaml")
    translation.write_text("translation: {language: es, source: clean.yaml}\n"
                           "sections:\n"
                           "  - id: questions\n"
                           "    body: Traiga estas preguntas. Es un milagro.\n")
    report = check_file(path, strict=True, today=TODAY, language="es")
    hype = [p for p in report.problems if p.rule == "hype-word"]
    assert [(p.file, p.line, p.column) for p in hype] == [(translation,
                                                           *position(translation, "milagro"))]
    assert "milagro" in hype[0].message
    both = check_file(path, strict=True, today=TODAY, language="all")
    assert [p.file for p in both.problems if p.rule == "hype-word"] == [translation]


def test_readability_formulas() -> None:
    assert formula_for("es-MX").name == "Fernández Huerta"  # type: ignore[union-attr]
    assert formula_for("en").name == "Flesch-Kincaid grade"  # type: ignore[union-attr]
    assert formula_for("fr") is None
    assert ease_to_grade(65) == 8.0
    assert ease_to_grade(100) == 4.0 and ease_to_grade(0) == 18.0
    assert [spanish_syllables(w) for w in ("día", "cuerpo", "poeta", "que", "y")] == [2, 2, 3, 1, 1]
    easy = formula_for("en").score("The cat sat on the mat. It was warm.")  # type: ignore[union-attr]
    assert easy is not None and easy.grade < 2


def test_sentences_respect_abbreviations_and_lists() -> None:
    text = "See Dr. Smith at the U.S. clinic. Then rest.\n\n- One item\n- Two items"
    found = [text[a:b] for a, b in sentences(text)]
    assert found == ["See Dr. Smith at the U.S. clinic.", "Then rest.", "- One item",
                     "- Two items"]


def test_yaml_ambiguous_boolean(tmp_path: Path) -> None:
    rules = _with_body(tmp_path, "Bring these questions to your visit.", replace={
        "      cells: [Your own blood]\n": "      cells: [no]\n"})
    assert rules == {"yaml-ambiguous"}


# ---------------------------------------------------------------------------------- images


@pytest.mark.parametrize(("src", "words"), [
    ("https://example.org/cell.png", "URLs are not fetched"),
    ("/etc/passwd", "absolute paths are not allowed"),
    ("../outside.png", "outside the content folder"),
])
def test_image_refused_by_asset_policy(tmp_path: Path, src: str, words: str) -> None:
    path = _copy_fixture(tmp_path)
    shutil.copy(CHECKS / "images" / "cell.png", tmp_path / "outside.png")
    path.write_text(path.read_text().replace("    src: images/cell.png\n", f"    src: {src}\n"))
    problems = check(path).problems
    assert [p.rule for p in problems] == ["image-missing"]
    assert words in problems[0].message


def test_review_expiry_counts_calendar_months() -> None:
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 11, 10), 14) == dt.date(2026, 1, 10)


# ---------------------------------------------------------------------------------- the table


def test_rules_table() -> None:
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule_id)
        assert rule.level in ("error", "warning")
        assert rule.description and "\n" not in rule.description


def test_every_rule_is_documented() -> None:
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule_id in RULES:
        assert f"#### `{rule_id}`" in docs, rule_id
        assert f"| `{rule_id}` |" in docs, rule_id


def test_problems_carry_rule_and_level() -> None:
    for rule_id in CASES:
        if rule_id == "slide-overflow":
            continue
        for problem in check(content_of(rule_id)).problems:
            assert isinstance(problem, Problem) and problem.rule == rule_id


def test_cli_check_json_and_exit_status() -> None:
    from click.testing import CliRunner

    from builder.cli import main

    path = CASES["hype-word"][0]
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--strict"])
    assert result.exit_code == 1
    assert [p["rule"] for p in json.loads(result.stdout)] == ["hype-word"]
    listed = CliRunner().invoke(main, ["check", "--list-rules"])
    assert listed.exit_code == 0
    assert {line.split()[0] for line in listed.stdout.splitlines()} == set(RULES)


IMPORT_PROBE = """
import importlib.metadata, re, sys, tomllib
from builder.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
declared = {re.split(r"[<>=!~ ;\\[]", d)[0].lower()
            for d in tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]}
for module, distributions in importlib.metadata.packages_distributions().items():
    if module in sys.modules and any(d.lower() in declared for d in distributions):
        print("imported:", module, file=sys.stderr)
"""


def imported_dependencies(*args: str) -> set[str]:
    """The declared dependencies (as import names) a fresh `brochure ARGS` imports."""
    result = subprocess.run([sys.executable, "-c", IMPORT_PROBE, *args], capture_output=True,
                            text=True, cwd=ROOT, check=True)
    return {line.split()[1] for line in result.stderr.splitlines()
            if line.startswith("imported: ")}


def test_import_stays_light(tmp_path: Path) -> None:
    """`brochure check` never pays for a renderer (WeasyPrint alone costs a second), and the
    command line itself imports nothing heavy; a real build shows the probe sees imports."""
    renderers = {"weasyprint", "pypdfium2", "pypdf", "watchfiles"}
    starting = imported_dependencies("--version")
    assert starting == {"click"}, (
        f"every command now imports {sorted(starting - {'click'})} at start-up; import it where "
        "it is used, or for type hints only under `if TYPE_CHECKING:`")
    checking = imported_dependencies("check", str(SAMPLE))
    assert "yaml" in checking and "pydantic" in checking  # it did load and validate
    assert not checking & renderers, checking & renderers
    building = imported_dependencies("build", str(MINIMAL), "--only", "pdf", "--out",
                                     str(tmp_path))
    assert "weasyprint" in building and (tmp_path / "minimal.pdf").exists()


# ---------------------------------------------------------------------------------- sample


@pytest.mark.skipif(not SAMPLE.exists(), reason="the sample content is not written yet")
def test_sample_problems_are_located() -> None:
    """The sample is checked for real; its content problems are the writer's to fix, but every
    problem must be located in the sample and carry a rule id."""
    report = check(SAMPLE, strict=False)
    assert report.exit_code in (0, 1), [p.format() for p in report.problems]
    for problem in report.problems:
        assert problem.rule in RULES
        assert problem.line >= 1 and problem.column >= 1


def test_unsupported_language_is_said_not_guessed() -> None:
    """A French disclaimer without English keywords is not an error; the rules that cannot
    read French say so once, and a custom hype word still applies."""
    from builder.languages import facts, supported

    assert {"en", "es", "fr"} <= set(supported())
    assert facts("fr-CA").wording is None and facts("es-MX").wording is not None
    assert facts("xx").name == "xx" and facts("xx").wording is None
    report = check(CASES["language-unsupported"][0])
    assert [p.rule for p in report.problems] == ["language-unsupported"]
    assert "disclaimer-missing" in report.problems[0].message


def test_spanish_reading_ease_of_an_endless_word_is_a_score_not_a_crash() -> None:
    """Found by the property test: one very long word drove the ease below every band."""
    from builder.checks.readability import fernandez_huerta

    score = fernandez_huerta("a" + "aeiou" * 4000 + " b.")
    assert score is not None and "muy difícil" in score.detail
