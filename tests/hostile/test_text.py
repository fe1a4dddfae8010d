"""Hostile and unusual text in content fields: shown literally in both outputs (never run as
HTML or as a template), or cleaned; both outputs always reopen."""

from __future__ import annotations

import pytest

from tests.hostile.conftest import (
    CONTENT,
    Baseline,
    Outcome,
    Workspace,
    assert_clean,
    assert_outputs_open,
    located,
    pdf_text,
    pptx_texts,
    squash,
)

LITERALS = ["<script>alert(1)</script>", "</style>", "{{ 7*7 }}", "{% raw %}", "<b>html</b>",
            "<img src=x onerror=alert(1)>"]


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar; characters YAML cannot hold raw are written as escapes."""
    out = []
    for char in text:
        code = ord(char)
        if char in '\\"':
            out.append("\\" + char)
        elif code < 32 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code in (
                0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def assert_built_or_refused(outcome: Outcome, ws: Workspace,
                            before: dict[str, bytes]) -> tuple[str, list[str]] | None:
    """Either a clean build whose outputs reopen, or exit 2 with located lines and the
    previous outputs untouched."""
    assert_clean(outcome)
    if outcome.code == 0:
        return assert_outputs_open(ws.out)
    assert outcome.code == 2, outcome.stderr
    assert outcome.problems and all(located(CONTENT).match(p) for p in outcome.problems), \
        outcome.stderr
    assert ws.snapshot() == before
    return None


def test_markup_and_template_syntax_are_shown_literally(ws: Workspace, built: Baseline) -> None:
    joined = " ".join(LITERALS)
    text = ws.original()
    text = text.replace("    title: What is PRP?", f"    title: {_quoted('PRP ' + LITERALS[0])}")
    text = text.replace("      PRP is made from **your own blood**.",
                        f"      PRP is made from **your own blood**. {joined}")
    text = text.replace("      - Made from your own blood\n",
                        "".join(f"      - {_quoted(item)}\n" for item in LITERALS))
    text = text.replace("    notes: Explain that PRP comes from the patient's own blood.",
                        f"    notes: {_quoted(joined)}")
    ws.write(text)
    outcome = ws.build("--force")
    assert_clean(outcome)
    assert outcome.code == 0, outcome.stderr
    pdf, runs = assert_outputs_open(ws.out)
    deck = "\n".join(runs)
    for literal in LITERALS:
        assert squash(literal) in squash(pdf), f"{literal!r} not shown in the PDF"
        assert literal in deck, f"{literal!r} not shown in the deck"
    assert "49" not in pdf and "49" not in deck, "a template expression was evaluated"


@pytest.mark.parametrize("name, value", [
    ("control characters", "".join(chr(c) for c in range(32) if chr(c) not in "\t\n")),
    ("non-characters", "\ufffe\uffff\ufdd0"),
    ("emoji", "\U0001F469\U0001F3FD\u200d\u2695\ufe0f \U0001F9EC"),
    ("right-to-left", "العلاج بالخلايا الجذعية — טיפול בתאי גזע"),
    ("CJK", "干细胞疗法 幹細胞療法 줄기세포 치료"),
])
def test_unusual_text_builds(ws: Workspace, built: Baseline, name: str, value: str) -> None:
    quoted = _quoted(f"Ask {value} now")
    text = ws.original()
    for old, new in (("    title: What is PRP?", f"    title: {quoted}"),
                     ("      - Spun to collect platelets", f"      - {quoted}"),
                     ("    notes: Explain that PRP comes from the patient's own blood.",
                      f"    notes: {quoted}"),
                     ("    body: Bring these questions to your visit.", f"    body: {quoted}")):
        assert old in text
        text = text.replace(old, new)
    before = ws.snapshot()
    ws.write(text)
    result = assert_built_or_refused(ws.build("--force"), ws, before)
    assert result is not None, f"{name}: refused"
    pdf, runs = result
    kept = "".join(c for c in value if ord(c) >= 32 and c not in "\ufffe\uffff\ufdd0")
    deck = "\n".join(runs)
    for word in kept.split():
        assert word in deck, f"{word!r} lost from the deck"
        if name != "emoji":  # the shipped fonts have no colour emoji; PDF text may differ
            assert squash(word) in squash(pdf), f"{word!r} lost from the PDF"


def test_unicode_line_separators_build(ws: Workspace, built: Baseline) -> None:
    """U+2028, U+2029 and NEL (found by the property tests): Pillow's text layout raised
    RuntimeError in the deck's measuring and WeasyPrint asserted in line breaking (exit 3)."""
    value = _quoted("Ask \u2029your doctor\u2028first\x85today")
    text = ws.original()
    for old in ("    body: Bring these questions to your visit.",
                "      caption: A platelet, drawn simply.", "  - term: platelet",
                "    title: What is PRP?"):
        assert old in text
        text = text.replace(old, f"{old.split(':')[0]}: {value}")
    before = ws.snapshot()
    ws.write(text)
    assert assert_built_or_refused(ws.build("--force"), ws, before) is not None


def test_lone_surrogate_is_refused_or_dropped(ws: Workspace, built: Baseline) -> None:
    before = ws.snapshot()
    ws.edit("  subtitle: A short test handout", '  subtitle: "A short \\ud800 handout"')
    outcome = ws.build("--force")
    result = assert_built_or_refused(outcome, ws, before)
    if result is None:
        assert outcome.problems[0].startswith(f"{CONTENT}:4:")


WORD = "Pneumono" * 125  # the longest word the loader accepts (builder.loader.MAX_WORD)
"""10,000 characters without a space."""


def test_ten_thousand_character_word(ws: Workspace, built: Baseline) -> None:
    """One unbreakable word as long as the loader accepts, longer than any line of a page or
    slide, in Markdown fields: no hang (PDF hyphenation used to take minutes), both outputs
    open."""
    text = ws.original().replace("  page_budget: 4\n", "")
    text = text.replace("Bring these questions to your visit.", WORD)
    text = text.replace("      - Is it approved for my condition?", f"      - {WORD}")
    before = ws.snapshot()
    ws.write(text)
    outcome = ws.build("--force", subprocess=True)
    assert assert_built_or_refused(outcome, ws, before) is not None, outcome.stderr


def test_ten_thousand_character_word_in_plain_fields(ws: Workspace, built: Baseline) -> None:
    """The same word in fields the template prints as plain text (caption, glossary term)."""
    text = ws.original().replace("  page_budget: 4\n", "")
    text = text.replace("      caption: A platelet, drawn simply.", f"      caption: {WORD}")
    text = text.replace("  - term: platelet", f"  - term: {WORD}")
    before = ws.snapshot()
    ws.write(text)
    outcome = ws.build("--force", "--only", "pdf", subprocess=True)
    assert assert_built_or_refused(outcome, ws, before) is not None, outcome.stderr


def test_yaml11_boolean_stays_text(ws: Workspace, built: Baseline) -> None:
    """`title: no` is the text "no" (YAML 1.1 tools would read false); `check` warns."""
    ws.edit("  title: PRP in brief", "  title: no")
    outcome = ws.build("--force")
    assert_clean(outcome)
    assert outcome.code == 0, outcome.stderr
    pdf = pdf_text(ws.out / "minimal.pdf")
    assert "no" in pdf.split()
    assert "no" in pptx_texts(ws.out / "minimal.pptx")
    checked = ws.check()
    assert_clean(checked)
    report = checked.stdout + checked.stderr
    assert any(line.startswith(f"{CONTENT}:3:10: ") and "warning" in line
               for line in report.splitlines()), report


@pytest.mark.parametrize("where", ["key point", "title"])
def test_megabyte_word_is_refused_where_it_was_written(ws: Workspace, where: str) -> None:
    """A 1.44 MB word (the issue's case: an internal error in a key point, a hang in the
    title) is one located line, in a subprocess bounded in time and memory."""
    from tests.hostile.conftest import assert_refused, line_of

    word = "x" * 1_440_000
    if where == "title":
        text = ws.original().replace("  title: PRP in brief", f"  title: PRP {word}", 1)
        needle = "  title: PRP"
    else:
        text = ws.original().replace("      - Is it approved for my condition?",
                                     f"      - {word}", 1)
        needle = f"      - {word[:20]}"
    before = ws.snapshot()
    ws.write(text)
    outcome = ws.build("--force", subprocess=True)
    assert_refused(outcome, ws, before, line=line_of(text, needle), contains="1,000 characters")
