"""Hyphenation exceptions, read back from the printed lines: a word the language's list or the
content file marks breaks only at its marks, or never; other words still hyphenate.

The text repeats long words after fillers of every length, so that each word meets the end of
a line at many positions; each line of the PDF that ends in a hyphen is joined with the next
line's first word to find where the word was split.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyphen
import pytest
import yaml

from builder.handout.render import render_pdf
from builder.options import BuildOptions
from builder.pipeline import context_for, load_document
from tests.conftest import MINIMAL
from tests.measure import page_layout

HYPHENS = ("‐", "-", "\u00ad")
WORDS = ("osteoarthritis", "responsibilities", "accountability", "centrifuge")
"""English's list marks osteo-arthri-tis and cen-tri-fuge; the content file the other two."""
OWN = ["respon-sibilities", "accountability"]


def text() -> str:
    fillers = ["a", "an", "the", "some", "other", "further", "unrelated", "considerable"]
    parts = [f"{fillers[i % len(fillers)]} {'x' * (i % 7 + 1)} {WORDS[i % len(WORDS)]}"
             for i in range(160)]
    return " ".join(parts) + "."


def build(tmp_path: Path, own: list[str] | None) -> bytes:
    shutil.copytree(MINIMAL.parent, tmp_path / "c")
    content = tmp_path / "c" / MINIMAL.name
    data = yaml.safe_load(content.read_text(encoding="utf-8"))
    data["sections"][0]["body"] = text()
    if own is not None:
        data["document"]["hyphenation"] = {"en": own}
    data["checks"] = {"disable": ["page-budget"]}
    content.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loaded = load_document(content, None)
    context = context_for(content, BuildOptions(outputs=("pdf",)), loaded.source)
    return render_pdf(loaded.document, context).data


def splits(pdf: bytes) -> dict[str, set[int]]:
    """Each of WORDS split at the end of a line: the offsets it was split at."""
    lines = [line.text for page in page_layout(pdf) for line in page.lines]
    found: dict[str, set[int]] = {}
    for line, following in zip(lines, lines[1:], strict=False):
        if not line.endswith(HYPHENS) or not following:
            continue
        head = re.split(r"\s", line[:-1])[-1].lower()
        tail = re.split(r"[\s.,]", following)[0].lower()
        if head + tail in WORDS:
            found.setdefault(head + tail, set()).add(len(head))
    return found


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, set[int]]]:
    return {name: splits(build(tmp_path_factory.mktemp(name), own))
            for name, own in (("builtin", None), ("own", OWN))}


def test_words_of_the_language_list_break_only_at_their_marks(printed: dict) -> None:
    """Splits at the marks the dictionary does not have ('osteo-', 'centri-'), none
    elsewhere ('os-' is the dictionary's, and too short a stub for the handout anyway)."""
    found = printed["builtin"]
    assert found.get("osteoarthritis") == {5, 11}, found
    assert found.get("centrifuge") == {6}, found
    dictionary = pyphen.Pyphen(lang="en_US")  # outside a layout: the dictionary's own points
    assert 5 not in dictionary.positions("osteoarthritis")
    assert 6 not in dictionary.positions("centrifuge")
    # words without an exception still hyphenate by the dictionary
    assert found.get("responsibilities") and found.get("accountability"), found


def test_the_content_file_adds_its_own(printed: dict) -> None:
    found = printed["own"]
    assert "accountability" not in found, found
    assert found.get("responsibilities") == {6}, found
    assert printed["builtin"].get("accountability"), "the dictionary splits it without the list"



def test_a_wrong_entry_stops_at_its_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from builder.cli import main

    shutil.copytree(MINIMAL.parent, tmp_path / "c")
    content = tmp_path / "c" / MINIMAL.name
    text = content.read_text(encoding="utf-8")
    content.write_text(text.replace("  page_budget: 4\n", "  page_budget: 4\n  hyphenation:\n"
                                    "    en: [evi-dence, two words]\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(content)])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        f"{content}:19:21: error: document.hyphenation.en[1]: a hyphenation exception is one "
        "word with a hyphen where it may break (evi-dence), or none where it never breaks "
        "(PRP) [schema]"), result.output
