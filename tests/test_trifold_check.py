"""`check --brochure trifold` predicts tri-fold overflow before a build, and agrees with the
build: on content that fits and content that overflows, in two languages and on two topics,
every panel the real layout overflows by more than 10 mm is predicted, and no panel with more
than 10 mm to spare is (nearer the foot the estimate may go either way; see the rule's docs)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from builder.checks import run_checks
from builder.cli import main
from builder.options import BuildOptions
from builder.pipeline import context_for, load_document
from tests.conftest import FIXTURES, SAMPLE

CLINIC = FIXTURES / "print" / "sleep-apnoea.yaml"
RULE = "trifold-overflow-predicted"
BAND_MM = 10.0
"""Within this distance of a panel's foot the estimate may err either way."""


def placed(tmp_path: Path, content: Path, panels: dict) -> Path:
    """A copy of `content`'s folder whose tri-fold puts sections as `panels` says."""
    folder = tmp_path / "c"
    shutil.copytree(content.parent, folder)
    copy = folder / content.name
    data = yaml.safe_load(copy.read_text(encoding="utf-8"))
    data["trifold"] = panels
    copy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


def predicted(content: Path, language: str | None) -> dict[str, str]:
    """{panel: message} for each panel the check predicts to overflow."""
    loaded = load_document(content, language)
    options = BuildOptions(brochure="trifold", language=language)
    found = {}
    for problem in run_checks(loaded.document, loaded.source, options=options):
        if problem.rule == RULE:
            found[re.search(r"panel '([^']+)'", problem.message).group(1)] = problem.message
    return found


def measured(content: Path, language: str | None) -> dict[str, float]:
    """{panel: mm past its foot (negative: room left)} in the real tri-fold layout, measured
    as the build measures it."""
    from builder.handout.boxes import attribute, descendants
    from builder.handout.render import layout, prepare
    from builder.handout.trifold import overflow_mm

    loaded = load_document(content, language)
    options = BuildOptions(brochure="trifold", language=language, outputs=("pdf",))
    context = context_for(content, options, loaded.source)
    _prepared, laid_out, _log = layout(prepare(loaded.document, context), context)
    found: dict[str, float] = {}
    for page in laid_out.pages:
        for box in descendants(page._page_box):
            name = attribute(box, "data-panel")
            if name and name not in found:
                found[name] = overflow_mm(box)
    return found


SAMPLE_CROWDED = {"flap": ["hair-loss"], "back": [],
                  "inside": [["prp", "exosomes"], ["stem-cells", "vsels"], ["intro"]]}
SLEEP_BACK = {"flap": ["questions"], "back": ["what-is-it"],
              "inside": [["cpap", "oral-appliance"], ["nerve-stimulation"], ["tirzepatide"]]}
SLEEP_FIRST = {"flap": [], "back": [],
               "inside": [["what-is-it", "cpap"], ["oral-appliance", "nerve-stimulation"],
                          ["tirzepatide", "questions"]]}


@pytest.mark.parametrize(("content", "panels", "language"), [
    (SAMPLE, None, None),  # fits
    (SAMPLE, None, "es"),  # fits, the flap and the middle inside panel within 2 mm
    (SAMPLE, SAMPLE_CROWDED, None),  # a section more on the flap, two therapies a panel
    (SAMPLE, SAMPLE_CROWDED, "es"),
    (CLINIC, SLEEP_BACK, None),  # the back, with the contact block under a section
    (CLINIC, SLEEP_FIRST, "es"),  # the first inside panel
    (CLINIC, {**SLEEP_FIRST, "inside": [["what-is-it"], ["cpap", "oral-appliance"],
                                        ["nerve-stimulation", "tirzepatide", "questions"]]},
     None),  # fits, inside 3 within 5 mm of its foot
])
def test_the_prediction_names_the_panels_the_build_overflows(
        tmp_path: Path, content: Path, panels: dict | None, language: str | None,
        seen: dict[str, set[str]]) -> None:
    if panels is not None:
        content = placed(tmp_path, content, panels)
    warned = set(predicted(content, language))
    for panel, over_mm in measured(content, language).items():
        if over_mm > BAND_MM:
            assert panel in warned, (panel, over_mm, warned)
            seen["overflowing"].add(panel)
        elif over_mm < -BAND_MM and panel != "cover":
            assert panel not in warned, (panel, over_mm, warned)
            seen["fitting"].add(panel)


@pytest.fixture(scope="module")
def seen() -> dict[str, set[str]]:
    return {"overflowing": set(), "fitting": set()}


def test_both_outcomes_were_compared(seen: dict[str, set[str]]) -> None:
    """The cases above hold panels well over and well under (the comparison can fail)."""
    assert len(seen["overflowing"]) >= 3 and len(seen["fitting"]) >= 5, seen


def test_the_sample_fits_in_both_languages_and_a_crowded_panel_does_not(
        tmp_path: Path) -> None:
    """The cases above are not all alike (the measure can fail either way)."""
    assert predicted(SAMPLE, None) == {}
    assert predicted(SAMPLE, "es") == {}
    crowded = placed(tmp_path, SAMPLE, SAMPLE_CROWDED)
    assert predicted(crowded, None) and predicted(crowded, "es")


def test_the_check_command_locates_the_panel(tmp_path: Path) -> None:
    content = placed(tmp_path, CLINIC, SLEEP_BACK)
    result = CliRunner().invoke(main, ["check", str(content), "--brochure", "trifold"])
    lines = [line for line in result.output.splitlines() if f"[{RULE}]" in line]
    assert result.exit_code == 0 and len(lines) == 1, result.output  # a warning
    line = next(i for i, text in enumerate(content.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("  back:")) + 1  # where its list of sections starts
    assert re.fullmatch(
        rf"{re.escape(str(content))}:{line}:\d+: warning: trifold\.back: trifold panel 'back' "
        rf"is predicted to overflow by about \d+ mm \(\d+ of 194 mm\); move a section to "
        rf"another panel or shorten the text \[{RULE}\]", lines[0]), lines[0]
    handout = CliRunner().invoke(main, ["check", str(content)])  # not asked for: not checked
    assert f"[{RULE}]" not in handout.output
