"""Worker processes die with the command: after SIGTERM or SIGKILL to `brochure build` (a batch,
or `--lang all`), no worker keeps running, holds the command's pipes open or writes an output
once the command has exited. Each build runs in its own session so the test can watch its
whole process group (the workers inherit it); the harness bounds time and memory."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.conftest import (
    Baseline,
    Workspace,
    cli_env,
    limit_memory,
    load_factor,
)
from tests.hostile.test_faults import _valid_pdf, _valid_pptx


def _members(group: int) -> list[int]:
    """Live (not zombie) processes of a process group, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _wait_for(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds * load_factor()
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds:.0f} s")
        time.sleep(0.05)


def _jobs(ws: Workspace, mode: str) -> list[str]:
    """Four builds: four content files, or one file in its own language and three others."""
    if mode == "batch":
        names = []
        for index in range(4):
            shutil.copy(ws.content, ws.content_dir / f"doc-{index}.yaml")
            names.append(f"content/doc-{index}.yaml")
        return names
    for language in ("es", "fr", "de"):
        (ws.content_dir / f"minimal.{language}.yaml").write_text(
            f"translation: {{language: {language}, source: minimal.yaml}}\n"
            f"document:\n  title: PRP ({language})\n", encoding="utf-8")
    return ["content/minimal.yaml", "--lang", "all"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
@pytest.mark.parametrize("mode", ["batch", "lang-all"])
def test_workers_die_with_the_command(ws: Workspace, built: Baseline, mode: str,
                                      number: signal.Signals) -> None:
    before = ws.snapshot()
    command = [sys.executable, "-m", "builder", "build", *_jobs(ws, mode), "--out", "out",
               "--force", "--jobs", "2"]
    process = subprocess.Popen(command, cwd=ws.root, env=cli_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=limit_memory())
    group = process.pid
    try:
        _wait_for(lambda: len(_members(group)) >= 3, 60, "two workers did not start")
        time.sleep(1.0)  # both workers are building
        assert process.poll() is None, "the batch ended before it could be stopped"
        os.kill(process.pid, number)
        process.wait(timeout=30 * load_factor())
        at_exit = ws.snapshot()
        _wait_for(lambda: not _members(group), 10, "workers outlived the command")
        _stdout, stderr = process.communicate(timeout=10)  # nobody holds the pipes open
        time.sleep(2.0)
        assert ws.snapshot() == at_exit, "an output was written after the command exited"
    finally:
        for pid in _members(group):
            os.kill(pid, signal.SIGKILL)
    if number == signal.SIGTERM:
        assert process.returncode == 130, stderr.decode(errors="replace")
        assert b"interrupted" in stderr and b"Traceback" not in stderr, stderr
    for name, data in at_exit.items():  # each output is the old file or a complete new one
        if name.endswith(".pdf"):
            assert data == before.get(name) or _valid_pdf(data), name
        elif name.endswith(".pptx"):
            assert data == before.get(name) or _valid_pptx(data), name
    outcome = ws.build("--only", "pptx")  # the next build sweeps what the killed ones left
    assert outcome.code == 0, outcome.stderr
    assert not [p for p in ws.out.iterdir() if p.name.endswith(".brochure-tmp")]
