"""The patient-safety rules on text other than their fixtures: sentences written the way other
handouts write them (other topics, Spanish), each expected to trip exactly the rule it should
or none. The sample content is not the test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builder.checks import check_file
from builder.checks.readability import formula_for, without_run_in_heads

from .conftest import FIXTURES
from .test_checks import TODAY

CHECKS = FIXTURES / "checks"
OLD_BODY = "    body: Bring these questions to your visit.\n"

NEW_RULES = {"hedged-approval", "hedged-benefit", "trial-legitimacy", "numbers-in-words",
             "jargon-before-definition", "main-message-missing", "action-missing",
             "risks-missing", "warning-signs-missing", "reference-identifier"}


def rules_for(tmp_path: Path, body: str, *, status: str = "off-label",
              language: str = "en", extra: dict[str, str] | None = None) -> set[str]:
    """New rules tripped by the clean fixture with the questions section's body replaced."""
    folder = tmp_path / "content"
    shutil.copytree(CHECKS / "images", folder / "images", dirs_exist_ok=True)
    text = (CHECKS / "clean.yaml").read_text(encoding="utf-8")
    text = text.replace(OLD_BODY, f"    body: {json.dumps(body, ensure_ascii=False)}\n")
    text = text.replace("    status: off-label\n", f"    status: {status}\n")
    text = text.replace("  language: en\n", f"  language: {language}\n")
    for old, new in (extra or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    path = folder / "content.yaml"
    path.write_text(text, encoding="utf-8")
    report = check_file(path, strict=True, today=TODAY)
    found = {p.rule for p in report.problems} & NEW_RULES
    if language != "en":  # the fixture's English glossary is explained in English words
        found.discard("jargon-before-definition")
    return found


@pytest.mark.parametrize(("body", "language"), [
    ("Most of these injections are not approved for arthritis.", "en"),
    ("Cell shots sold at spas are largely unapproved.", "en"),
    ("Many of the creams have not been approved by the FDA.", "en"),
    ("La mayoría de estos productos no están aprobados.", "es"),
])
def test_hedged_approval_trips(tmp_path: Path, body: str, language: str) -> None:
    assert rules_for(tmp_path, body, language=language) == {"hedged-approval"}


@pytest.mark.parametrize("body", [
    "None of these injections is approved for arthritis.",
    "Many clinics sell unapproved products.",  # 'unapproved' describes the products sold
    "Most insurers do not pay for it.",
])
def test_plain_denials_are_fine(tmp_path: Path, body: str) -> None:
    assert rules_for(tmp_path, body) == set()


def test_hedged_approval_is_fine_when_a_product_is_approved(tmp_path: Path) -> None:
    # a document about an approved device: "most (other) products are not approved" can be true
    body = "Most of the other gels sold online are not approved."
    assert rules_for(tmp_path, body, status="approved-device") == set()


@pytest.mark.parametrize(("body", "language"), [
    ("Some studies suggest that PRP helps tennis elbow [@trial-2021].", "en"),
    ("Early research shows PRP may improve hair growth [@trial-2021].", "en"),
    ("Algunos estudios sugieren que el PRP alivia el dolor [@trial-2021].", "es"),
])
def test_hedged_benefit_trips(tmp_path: Path, body: str, language: str) -> None:
    assert rules_for(tmp_path, body, language=language) == {"hedged-benefit"}


@pytest.mark.parametrize(("body", "status"), [
    ("Some studies suggest that PRP does not help tennis elbow [@trial-2021].", "off-label"),
    ("Does research show that PRP helps? Ask your doctor.", "off-label"),
    ("Some studies suggest that PRP helps tennis elbow [@trial-2021].", "approved"),
    ("Small studies measured less pain; a large trial of 288 people found no difference "
     "[@trial-2021].", "off-label"),
])
def test_hedged_benefit_negated_asked_or_approved_is_fine(tmp_path: Path, body: str,
                                                           status: str) -> None:
    assert rules_for(tmp_path, body, status=status) == set()


@pytest.mark.parametrize(("body", "language"), [
    ("Check that the clinic's study is listed on ClinicalTrials.gov.", "en"),
    ("Is the product FDA registered?", "en"),
    ("Pregunte si es un ensayo clínico registrado.", "es"),
])
def test_trial_legitimacy_trips(tmp_path: Path, body: str, language: str) -> None:
    assert rules_for(tmp_path, body, language=language) == {"trial-legitimacy"}


@pytest.mark.parametrize("body", [
    "Ask for the IND number and the FDA's letter, even if the study is on ClinicalTrials.gov.",
    "A listing on ClinicalTrials.gov does not mean the FDA reviewed the study.",
    "Being FDA registered is not the same as being approved.",
])
def test_trial_registry_with_ind_or_denied_is_fine(tmp_path: Path, body: str) -> None:
    assert rules_for(tmp_path, body) == set()


@pytest.mark.parametrize(("body", "language"), [
    ("The vaccine cut the risk by 60%.", "en"),
    ("Exosomes hold 3x the growth signals of cells.", "en"),
    ("People who walked had two times more energy.", "en"),
    ("El riesgo bajó un 50 por ciento.", "es"),
])
def test_numbers_without_denominator_trip(tmp_path: Path, body: str, language: str) -> None:
    assert rules_for(tmp_path, body, language=language) == {"numbers-in-words"}


@pytest.mark.parametrize(("body", "language"), [
    ("About 13 of 20 people (65%) had a sore knee.", "en"),
    ("That is about 7 out of 10 people, or 70%.", "en"),
    ("Unas 7 de cada 10 personas (70 %) tuvieron dolor.", "es"),
    ("Take 2 tablets every 6 hours.", "en"),
])
def test_numbers_with_counts_are_fine(tmp_path: Path, body: str, language: str) -> None:
    assert rules_for(tmp_path, body, language=language) == set()


@pytest.mark.parametrize("body", [
    "A placebo was used in the trial.",
    "Off-label use is common.",
])
def test_jargon_first_use_unexplained_trips(tmp_path: Path, body: str) -> None:
    glossary = {"  - term: off-label\n": "  - term: placebo\n    definition: A fake "
                "treatment.\n  - term: off-label\n"}
    found = rules_for(tmp_path, body, extra={
        "main_message: PRP is not approved for knee pain, so talk to your doctor first.\n":
        "main_message: Talk to your doctor first.\n", **glossary})
    assert found == {"jargon-before-definition"}


@pytest.mark.parametrize("body", [
    "A placebo (a fake shot with no medicine) was used in the trial.",
    "The trial used a fake shot, called a placebo.",
    "A placebo is a fake shot. The trial used one.",
])
def test_jargon_explained_where_first_used_is_fine(tmp_path: Path, body: str) -> None:
    glossary = {"  - term: off-label\n": "  - term: placebo\n    definition: A fake "
                "treatment.\n  - term: off-label\n"}
    assert rules_for(tmp_path, body, extra=glossary) == set()


def test_warning_signs_needed_for_any_injected_therapy(tmp_path: Path) -> None:
    injected = {"    status: off-label\n": "    status: off-label\n    procedure: true\n"}
    assert rules_for(tmp_path, "Bring questions.", extra=injected) == {"warning-signs-missing"}
    with_signs = {**injected, "disclaimer:\n": "warning_signs:\n  signs: [Fever or a hot, red "
                  "knee.]\n  call: Call us at any time on +1 555 0100.\ndisclaimer:\n"}
    assert rules_for(tmp_path, "Bring questions.", extra=with_signs) == set()
    no_call = {**injected, "disclaimer:\n": "warning_signs:\n  signs: [Fever or a hot, red "
               "knee.]\ndisclaimer:\n"}
    assert rules_for(tmp_path, "Bring questions.", extra=no_call) == {"warning-signs-missing"}


def test_main_message_must_be_one_sentence(tmp_path: Path) -> None:
    two = {"main_message: PRP is not approved for knee pain, so talk to your doctor first.\n":
           "main_message: PRP is not approved. Talk to your doctor first.\n"}
    assert rules_for(tmp_path, "Bring questions.", extra=two) == {"main-message-missing"}


def test_run_in_heads_do_not_count_as_sentences() -> None:
    body = ("**What it is.** Plasma is the liquid part of your blood that carries cells.\n\n"
            "**How it is given.** A nurse takes blood from your arm and spins it in a machine.")
    stripped = without_run_in_heads(body)
    assert "What it is Plasma" in stripped and "**" not in stripped
    formula = formula_for("en")
    assert formula is not None
    with_heads = formula.score(body.replace("**", ""))
    without = formula.score(stripped)
    assert with_heads is not None and without is not None
    assert without.grade > with_heads.grade  # the heads made the text look easier
    assert without_run_in_heads("Some **bold** words. And **more.** text") == \
        "Some **bold** words. And **more.** text"  # only at the start of a line
