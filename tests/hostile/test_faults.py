"""Faults while writing: a killed build, a full disk, an output folder that cannot be written.
The previous outputs survive byte for byte; the error is one clear line."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.conftest import (
    CONTENT,
    Baseline,
    Workspace,
    assert_clean,
    assert_outputs_open,
    assert_refused,
    cli_env,
    run_cli,
)


def _valid_pdf(data: bytes) -> bool:
    import io

    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(data), strict=False).pages) > 0 and \
            data.rstrip().endswith(b"%%EOF")
    except Exception:
        return False


def _valid_pptx(data: bytes) -> bool:
    import io

    from pptx import Presentation

    try:
        return len(Presentation(io.BytesIO(data)).slides) > 0
    except Exception:
        return False


def test_sigkill_mid_build_never_leaves_a_partial_output(ws: Workspace, built: Baseline) -> None:
    """Kill builds at random moments: each output is the old file or a complete new one; the
    next good build sweeps away any temporary file the killed one left."""
    old = {name: (ws.out / name).read_bytes() for name in ("minimal.pdf", "minimal.pptx")}
    valid = {"minimal.pdf": _valid_pdf, "minimal.pptx": _valid_pptx}
    rng = random.Random(8)
    started = time.perf_counter()
    probe = subprocess.run(_command(), cwd=ws.root, env=cli_env(), capture_output=True,
                           text=True, timeout=120)
    full = time.perf_counter() - started
    assert probe.returncode == 0, probe.stderr
    for name in old:
        (ws.out / name).write_bytes(old[name])  # back to the previous build
    for attempt in range(4):
        ws.edit("A short test handout", f"A short test handout, take {attempt}")
        process = subprocess.Popen(_command(), cwd=ws.root, env=cli_env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.05) * full)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        for name, data in old.items():
            now = (ws.out / name).read_bytes()
            assert now == data or valid[name](now), f"{name} is partial after kill {attempt}"
    ws.edit("A short test handout", "A short test handout, finally")
    outcome = ws.build()
    assert_clean(outcome)
    assert outcome.code == 0, outcome.stderr
    assert_outputs_open(ws.out)
    assert not [p.name for p in ws.out.iterdir() if p.name.endswith(".brochure-tmp")]


def _command() -> list[str]:
    return [sys.executable, "-m", "builder", "build", CONTENT, "--out", "out", "--force"]


def test_output_folder_under_a_file(ws: Workspace) -> None:
    (ws.root / "afile").write_text("not a folder")
    outcome = ws.build("--force", "--out", "afile/out")  # the later --out wins
    assert_clean(outcome)
    assert outcome.code == 2, outcome.stderr
    assert len(outcome.problems) == 1 and "afile" in outcome.problems[0], outcome.stderr
    assert (ws.root / "afile").read_text() == "not a folder"


@pytest.mark.parametrize("target", ["/proc/brochure-out", "/sys/brochure-out"])
def test_output_folder_that_cannot_exist(ws: Workspace, target: str) -> None:
    outcome = ws.build("--force", "--only", "pptx", "--out", target)
    assert_clean(outcome)
    assert outcome.code == 2, outcome.stderr
    assert len(outcome.problems) == 1 and outcome.problems[0].startswith(target), outcome.stderr
    assert not Path(target).exists()


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "disk is full"),
                                         (errno.EROFS, "read-only"),
                                         (errno.EACCES, "permission denied")])
@pytest.mark.parametrize("where", ["replace", "fsync", "mkstemp"])
def test_full_disk_or_read_only_folder(ws: Workspace, built: Baseline,
                                       monkeypatch: pytest.MonkeyPatch, code: int, words: str,
                                       where: str) -> None:
    before = ws.snapshot()
    ws.edit("A short test handout", "A changed handout")

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    import tempfile

    target = {"replace": (os, "replace"), "fsync": (os, "fsync"),
              "mkstemp": (tempfile, "mkstemp")}[where]
    monkeypatch.setattr(*target, fail)
    outcome = ws.build("--force")
    problems = assert_refused(outcome, ws, before, file="out", has_line=False, contains=words)
    assert len(problems) == 1


READ_ONLY_MOUNT = ("unshare", "--mount", "--propagation", "private", "sh", "-c",
                   'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"',
                   "read-only-mount")
"""Runs a command with one folder mounted read-only, in a mount namespace of its own (nothing
outside the command sees the mount). Root needs it: root writes through chmod 0o555."""


def test_read_only_output_folder(ws: Workspace, built: Baseline,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A really read-only folder: chmod for a user; for root a read-only bind mount, or where
    mounting is not allowed the kernel's answer (EROFS) to every file opened in it."""
    before = ws.snapshot()
    ws.edit("A short test handout", "A changed handout")
    if os.geteuid() != 0:
        ws.out.chmod(0o555)
        try:
            outcome = ws.build("--force")
        finally:
            ws.out.chmod(0o755)
    else:
        args = ["build", CONTENT, "--out", "out", "--force"]
        outcome = run_cli(args, ws.root, wrapper=(*READ_ONLY_MOUNT, str(ws.out)))
        if "mount" in outcome.stderr or "unshare" in outcome.stderr:  # not allowed here
            real_open = os.open

            def read_only(path: object, flags: int, *rest: object, **kwargs: object) -> int:
                if ws.out.resolve() in Path(os.fsdecode(path)).resolve().parents and \
                        flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                    raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
                return real_open(path, flags, *rest, **kwargs)

            monkeypatch.setattr(os, "open", read_only)
            outcome = ws.build("--force")
    assert_refused(outcome, ws, before, file="out", has_line=False, contains="read-only")
