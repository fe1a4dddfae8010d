"""A build's outputs are committed together: every output (and its stamp) is replaced, or none.

Faults are injected where they would really happen (the disk fills after the first output, a
rename fails half-way), builds race into one folder, and old outputs or stamps are replaced by
files that must never be opened (a FIFO blocks its reader, `/dev/zero` never ends).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys

import pytest

from tests.hostile.conftest import (
    Baseline,
    Workspace,
    assert_clean,
    assert_outputs_open,
    assert_refused,
    cli_env,
    limit_memory,
)

OUTPUTS = ("minimal.pdf", ".minimal.pdf.stamp", "minimal.pptx", ".minimal.pptx.stamp")


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, module: object, name: str, call: int,
                  code: int) -> list[int]:
    """Make `module.name` raise OSError(code) on its `call`-th use (1-based) only."""
    real = getattr(module, name)
    calls = [0]

    def faulty(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] == call:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, faulty)
    return calls


def test_disk_full_after_the_first_output_changes_nothing(
        ws: Workspace, built: Baseline, monkeypatch: pytest.MonkeyPatch) -> None:
    """Room for the PDF and its stamp, not for the deck: the new PDF must not replace the old
    one while the deck stays old."""
    before = ws.snapshot()
    ws.edit("A short test handout", "A changed handout")  # both outputs change
    calls = _fail_on_call(monkeypatch, os, "fsync", 3, errno.ENOSPC)
    outcome = ws.build("--force")
    problems = assert_refused(outcome, ws, before, file="out", has_line=False,
                              contains="disk is full")
    assert calls[0] == 3 and len(problems) == 1


def test_a_rename_failing_half_way_is_rolled_back(
        ws: Workspace, built: Baseline, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF and its stamp are already renamed into place when the deck's rename fails:
    they are put back, byte for byte, from their backups."""
    before = ws.snapshot()
    ws.edit("A short test handout", "A changed handout")
    calls = _fail_on_call(monkeypatch, os, "replace", 3, errno.EIO)
    outcome = ws.build("--force")
    assert_refused(outcome, ws, before, file="out", has_line=False, contains="unchanged")
    assert calls[0] >= 3
    assert not [p for p in ws.out.iterdir() if p.name.endswith(".brochure-tmp")]


def test_concurrent_builds_into_one_folder_all_succeed(ws: Workspace, built: Baseline) -> None:
    """Three versions of one document built into one folder at once, twice: each build ends
    with exit 0, no temporary is left, and the folder holds one build's complete set (the PDF
    and the deck say the same version, and a rebuild of that version leaves both alone)."""
    folders = []
    for index in range(3):
        folder = ws.root / f"version-{index}"
        shutil.copytree(ws.content_dir, folder)
        folders.append(folder)
    for round_number in range(2):
        processes = []
        for index, folder in enumerate(folders):
            (folder / "minimal.yaml").write_text(ws.original().replace(
                "A short test handout", f"Version {round_number}{index} handout"),
                encoding="utf-8")
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "builder", "build", f"{folder.name}/minimal.yaml",
                 "--out", "out"], cwd=ws.root, env=cli_env(), stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True, preexec_fn=limit_memory()))
        for process in processes:
            _stdout, stderr = process.communicate(timeout=240)
            assert "Traceback" not in stderr, stderr
            assert process.returncode == 0, stderr
        assert not [p.name for p in ws.out.iterdir() if p.name.endswith(".brochure-tmp")]
        text, runs = assert_outputs_open(ws.out)
        shown = {v for v in range(3) if f"Version {round_number}{v}" in squash_spaces(text)}
        assert len(shown) == 1, text[:300]
        winner = shown.pop()
        assert any(f"Version {round_number}{winner}" in run for run in runs)
        outcome = ws.build(content=f"version-{winner}/minimal.yaml")
        assert outcome.code == 0, outcome.stderr
        assert outcome.stdout.count("unchanged") == 2, outcome.stdout


def squash_spaces(text: str) -> str:
    return " ".join(text.split())


def test_a_240_character_stem_builds(ws: Workspace, built: Baseline) -> None:
    """Names of up to 255 bytes are allowed; temporaries must not add to the output's name."""
    stem = "k" * 240
    shutil.copy(ws.content, ws.content_dir / f"{stem}.yaml")
    outcome = ws.build("--force", content=f"content/{stem}.yaml")
    assert_clean(outcome)
    assert outcome.code == 0, outcome.stderr
    assert_outputs_open(ws.out, stem)
    assert (ws.out / f".{stem}.pptx.stamp").is_file()


@pytest.mark.parametrize("special", ["fifo", "dev-zero"])
@pytest.mark.parametrize("where", ["minimal.pdf", ".minimal.pdf.stamp"])
def test_special_file_where_an_old_output_was(ws: Workspace, built: Baseline, special: str,
                                               where: str) -> None:
    """Nothing may open it: deciding whether the PDF changed and keeping a backup of it must
    not block on a FIFO or read `/dev/zero` forever. The build replaces it with the output."""
    target = ws.out / where
    target.unlink()
    if special == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    outcome = ws.build(subprocess=True, timeout=90, memory=1536 * 1024**2)
    assert_clean(outcome)
    assert outcome.code == 0, outcome.stderr
    assert "wrote out/minimal.pdf" in outcome.stdout, outcome.stdout
    assert target.is_file() and not target.is_symlink()
    assert_outputs_open(ws.out)


def test_file_names_are_escaped_in_messages(ws: Workspace) -> None:
    """A terminal escape in a file name is shown, not obeyed (it could retitle the window or
    hide the message)."""
    name = "evil\x1b]0;pwned\x07\x1b[2J.yaml"
    (ws.content_dir / name).write_text("document: [unclosed\n", encoding="utf-8")
    outcome = ws.build(content=f"content/{name}")
    assert_clean(outcome)
    assert outcome.code == 2
    assert "\x1b" not in outcome.stderr + outcome.stdout and "\x07" not in outcome.stderr
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J.yaml" in outcome.stderr, outcome.stderr


def test_output_names_are_escaped_too(ws: Workspace, built: Baseline) -> None:
    name = "bell\x07"
    shutil.copy(ws.content, ws.content_dir / f"{name}.yaml")
    outcome = ws.build("--only", "pptx", content=f"content/{name}.yaml")
    assert outcome.code == 0, outcome.stderr
    assert "\x07" not in outcome.stdout and "wrote out/bell\\x07.pptx" in outcome.stdout


def test_a_content_file_in_a_fifo_folder_is_not_waited_for(ws: Workspace) -> None:
    """The content file itself is a FIFO: refused at once."""
    os.mkfifo(ws.root / "pipe.yaml")
    outcome = ws.build(subprocess=True, timeout=30, content="pipe.yaml")
    assert_clean(outcome)
    assert outcome.code == 2 and "not a regular file" in outcome.stderr, outcome.stderr

