"""Hostile content files: each is refused with a located one-line message (or builds), never a
traceback, never a hang, and the outputs of the previous build stay byte-identical."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.hostile.conftest import (
    CONTENT,
    Baseline,
    Workspace,
    assert_clean,
    assert_outputs_open,
    assert_refused,
    line_of,
    pdf_text,
    run_cli,
)

# ----------------------------------------------------------------------------- YAML syntax


def test_yaml_syntax_error_is_located(ws: Workspace) -> None:
    before = ws.snapshot()
    ws.edit("  columns: [PRP]\n", "  columns: [PRP\n")
    problems = assert_refused(ws.build(), ws, before, contains="YAML syntax")
    assert len(problems) == 1


def test_tab_indentation_names_the_tab(ws: Workspace) -> None:
    before = ws.snapshot()
    ws.edit("  subtitle: A short test handout\n", "\tsubtitle: A short test handout\n")
    assert_refused(ws.build(), ws, before, line=4, contains="tab")


def test_non_utf8_bytes_are_located(ws: Workspace) -> None:
    before = ws.snapshot()
    raw = ws.original().replace("A short test handout", "Caf\xe9").encode("latin-1")
    ws.write(raw)
    assert_refused(ws.build(), ws, before, line=4, contains="UTF-8")


def test_byte_order_mark_builds(ws: Workspace, built: Baseline) -> None:
    """Windows editors save UTF-8 with a BOM: that is a valid file, not an error."""
    ws.write("\ufeff" + ws.original().replace("A short test handout", "With a BOM"))
    outcome = ws.build("--force")
    assert_clean(outcome)
    assert outcome.code == 0, outcome.stderr
    pdf, runs = assert_outputs_open(ws.out)
    assert "With a BOM" in runs and "BOM" in pdf


def test_nul_byte_is_refused(ws: Workspace) -> None:
    before = ws.snapshot()
    ws.edit("A short test handout", "A short\0 test handout")
    assert_refused(ws.build(), ws, before, line=4, contains="NUL")


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\x9b", "\ufffe", "\uffff"])
def test_raw_control_character_is_located(ws: Workspace, char: str) -> None:
    """PyYAML raises a ReaderError (not a MarkedYAMLError) for these: it used to escape as an
    internal error (exit 3)."""
    before = ws.snapshot()
    ws.edit("A short test handout", f"A short {char} test handout")
    problems = assert_refused(ws.build(), ws, before, line=4, contains=f"U+{ord(char):04X}")
    assert problems[0].startswith(f"{CONTENT}:4:21: ")


def test_empty_file(ws: Workspace) -> None:
    before = ws.snapshot()
    ws.write(b"")
    assert_refused(ws.build(), ws, before, line=1, contains="empty")


def test_comment_only_file(ws: Workspace) -> None:
    before = ws.snapshot()
    ws.write("# nothing here yet\n---\n")
    assert_refused(ws.build(), ws, before, line=3, contains="nothing")


@pytest.mark.parametrize("text, kind", [("- document\n- sections\n", "a list"),
                                        ("just words\n", "a single value")])
def test_top_level_must_be_a_mapping(ws: Workspace, text: str, kind: str) -> None:
    before = ws.snapshot()
    ws.write(text)
    assert_refused(ws.build(), ws, before, line=1, contains=kind)


def test_second_document_in_stream(ws: Workspace) -> None:
    before = ws.snapshot()
    ws.write(ws.original() + "---\nother: document\n")
    assert_refused(ws.build(), ws, before, contains="document")


# ----------------------------------------------------------------------------- YAML features


def test_alias_bomb_is_refused(ws: Workspace) -> None:
    """Billion laughs: nine levels of ten aliases each; refused at the first alias."""
    before = ws.snapshot()
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    ws.write("\n".join(lines) + "\n")
    outcome = ws.build(subprocess=True)
    assert_refused(outcome, ws, before, line=2, contains="alias")


def test_merge_key_alias_is_refused(ws: Workspace) -> None:
    before = ws.snapshot()
    ws.edit("  organisation:\n", "  extra: &org {name: X}\n  organisation:\n    <<: *org\n")
    assert_refused(ws.build(), ws, before, contains="alias")


@pytest.mark.parametrize("tagged", [
    '!!python/object/apply:os.system ["touch pwned"]',
    "!!python/name:os.system",
    '!!python/object:builder.model.Document {}',
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!custom value",
    "!<tag:example.com,2000:x> value",
])
def test_tags_are_refused(ws: Workspace, tagged: str) -> None:
    before = ws.snapshot()
    ws.edit("title: PRP in brief", f"title: {tagged}")
    assert_refused(ws.build(), ws, before, line=3, contains="tag")
    assert not (ws.root / "pwned").exists()


def test_thirty_megabyte_file_is_refused_by_size(ws: Workspace) -> None:
    """A sparse 30 MB file: refused from its size, long before it could be read or parsed."""
    before = ws.snapshot()
    with open(ws.content, "wb") as handle:
        handle.write(b"document:\n  title: ")
        handle.truncate(30 * 1024 * 1024)
    outcome = ws.build(subprocess=True)
    assert_refused(outcome, ws, before, line=1, contains="limit")


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_deep_nesting_is_refused(ws: Workspace, opening: str) -> None:
    before = ws.snapshot()
    ws.write("document: " + opening * 10_000 + "\n")
    outcome = ws.build(subprocess=True)
    assert_refused(outcome, ws, before, line=1, contains="nesting")


def test_many_nodes_just_under_the_size_cap(ws: Workspace) -> None:
    """250,000 list items in 2 MB: parsed and refused in bounded time, not minutes."""
    before = ws.snapshot()
    ws.write(ws.original() + "items:\n" + "  - abc\n" * 250_000)
    assert ws.content.stat().st_size < 2 * 1024 * 1024
    assert_refused(ws.build(), ws, before, contains="unknown key 'items'")


def test_duplicate_keys_name_both_lines(ws: Workspace) -> None:
    before = ws.snapshot()
    ws.edit("  subtitle: A short test handout\n",
            "  subtitle: A short test handout\n  subtitle: Another one\n")
    problems = assert_refused(ws.build(), ws, before, line=5, contains="duplicate key")
    assert "line 4" in problems[0]


def test_long_run_of_digits_is_not_quadratic(ws: Workspace) -> None:
    """The YAML 1.1 number pattern used to backtrack quadratically: 20,000 digits took 12 s,
    this would have taken minutes. (The pattern still reads the whole run before the value is
    refused as a word too long to print.)"""
    before = ws.snapshot()
    ws.edit("page_budget: 4", "page_budget: " + "1" * 100_000 + "x")
    assert_refused(ws.build(), ws, before, line=17, contains="1,000 characters")


# ----------------------------------------------------------------------------- the model


@pytest.mark.parametrize("old, new, field", [
    ("page_budget: 4", "page_budget: many", "document.page_budget"),
    ("page_budget: 4", "page_budget: [4]", "document.page_budget"),
    ("date: 2026-01-15", "date: 2026-13-45", "document.date"),
    ("    year: 2021\n", "    year: 1066\n", "references[0].year"),
    ("  - id: prp\n", "  - id: [prp]\n", "therapies[0].id"),
    ("    status: off-label\n", "    status: miracle\n", "therapies[0].status"),
    ("      - Made from your own blood\n", "      - {text: x}\n", "sections[0].key_points[0]"),
    ("  logo: images/logo.svg", "  logo: {src: x}", "brand.logo"),
])
def test_wrong_types_are_located(ws: Workspace, old: str, new: str, field: str) -> None:
    before = ws.snapshot()
    path = ws.edit(old, new)
    line = line_of(path.read_text(), new.strip().splitlines()[0])
    problems = assert_refused(ws.build(), ws, before, line=line, contains=field)
    assert len(problems) == 1


def test_unknown_key_suggests_the_right_one(ws: Workspace) -> None:
    before = ws.snapshot()
    ws.edit("  subtitle:", "  subtitel:")
    assert_refused(ws.build(), ws, before, line=4, contains="did you mean 'subtitle'")


def test_unknown_key_with_brackets(ws: Workspace) -> None:
    """A key such as `notes[1]` looked like a pydantic internal tag and was dropped from the
    location, which then crashed (IndexError, exit 3)."""
    before = ws.snapshot()
    ws.write(ws.original() + "notes[1]: remember\n")
    assert_refused(ws.build(), ws, before, contains="unknown key 'notes[1]'")


@pytest.mark.parametrize("remove, key", [
    ("disclaimer:\n  text: PRP is not approved by the FDA for this use. Ask your doctor first.\n",
     "'disclaimer'"),
    ("  date: 2026-01-15\n", "'date'"),
    ("      alt: A round cell above a blue bar.\n", "'alt'"),
])
def test_missing_keys_are_named(ws: Workspace, remove: str, key: str) -> None:
    before = ws.snapshot()
    ws.edit(remove, "")
    assert_refused(ws.build(), ws, before, contains=("required key", key))


def test_every_problem_is_reported_at_once(ws: Workspace) -> None:
    before = ws.snapshot()
    text = ws.original().replace("page_budget: 4", "page_budget: x").replace(
        "  subtitle:", "  subtitel:").replace("    status: off-label", "    status: miracle")
    ws.write(text)
    problems = assert_refused(ws.build(), ws, before)
    assert len(problems) == 3, problems


def test_messages_do_not_carry_terminal_escapes(ws: Workspace) -> None:
    """A content file must not be able to retitle or clear the user's terminal through an
    error message (OSC and CSI sequences; click strips only SGR colour codes)."""
    before = ws.snapshot()
    ws.write(ws.original() + '"\\e]0;pwned\\a\\e[2J": 1\n')
    outcome = ws.build()
    assert_refused(outcome, ws, before, contains="unknown key")
    assert not any(ord(c) < 32 for c in outcome.stderr.replace("\n", "")), outcome.stderr


# ----------------------------------------------------------------------------- special files


def test_content_file_is_dev_urandom(ws: Workspace) -> None:
    before = ws.snapshot()
    ws.content.unlink()
    ws.content.symlink_to("/dev/urandom")
    outcome = ws.build(subprocess=True)
    assert_refused(outcome, ws, before, has_line=False, contains="not a regular file")
    outcome = run_cli(["build", "/dev/urandom", "--out", "out"], ws.root)
    assert_refused(outcome, ws, before, file="/dev/urandom", has_line=False,
                   contains="not a regular file")


def test_content_file_is_a_fifo(ws: Workspace) -> None:
    """Opening a FIFO with no writer blocks forever; the loader must not open it."""
    before = ws.snapshot()
    ws.content.unlink()
    os.mkfifo(ws.content)
    outcome = ws.build(subprocess=True)
    assert_refused(outcome, ws, before, has_line=False, contains="not a regular file")


def test_content_file_is_a_folder_or_missing(ws: Workspace) -> None:
    before = ws.snapshot()
    assert_refused(ws.build(content="content"), ws, before, file="content", has_line=False)
    assert_refused(ws.build(content="content/nope.yaml"), ws, before,
                   file="content/nope.yaml", has_line=False, contains="no such file")


# ----------------------------------------------------------------------------- helpers


# ----------------------------------------------------------------------------- names as paths


def test_language_option_is_not_a_path(ws: Workspace) -> None:
    """`--lang ../x` became part of a file name: Path.with_name raised ValueError (exit 3)."""
    before = ws.snapshot()
    for language in ("../x", "a/b", "es\x00"):
        outcome = ws.build("--lang", language, "--force")
        assert_refused(outcome, ws, before, has_line=False, contains="not a language code")


def test_document_language_cannot_name_a_file(ws: Workspace) -> None:
    """A JSON file elsewhere (its path free of '-' and '_', which i18n splits on)."""
    from builder import i18n

    folder = Path(tempfile.gettempdir()) / f"brochureleak{os.getpid()}"
    folder.mkdir(exist_ok=True)
    secret = folder / "secret.json"
    secret.write_text('{"published": "LEAKED {date}", "version": "LEAKED {version}"}')
    language = os.path.relpath(secret.with_suffix(""), i18n.LOCALE_DIR)
    before = ws.snapshot()
    ws.edit("  language: en", f'  language: "{language}"')
    try:
        outcome = ws.build("--force")
    finally:
        shutil.rmtree(folder)
    leaked = outcome.code == 0 and "LEAKED" in pdf_text(ws.out / "minimal.pdf")
    assert not leaked, "the content file read a JSON file from elsewhere on the disk"
    assert_refused(outcome, ws, before, line=5, contains="language")


def test_translation_linked_out_of_the_content_folder_is_refused(
        ws: Workspace, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A received folder's `minimal.es.yaml` that is a symlink to a file elsewhere is never
    read: its text must not reach an output."""
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.yaml"
    secret.write_text("language: es\ndocument:\n  title: SECRETO-4417\n", encoding="utf-8")
    (ws.content_dir / "minimal.es.yaml").symlink_to(secret)
    before = ws.snapshot()
    outcome = ws.build("--lang", "es", "--force")
    assert_clean(outcome)
    assert outcome.code == 2, outcome.stderr
    assert "outside the content folder" in outcome.stderr, outcome.stderr
    assert "SECRETO" not in outcome.stdout + outcome.stderr
    assert ws.snapshot() == before
