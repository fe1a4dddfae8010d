"""Every command in the README's "Everyday use" block, run as a reader would type it.

The block is parsed, not copied here, so a command added to the README is tested from then on.
Each runs through a shell (globs expand) in a temporary folder holding a copy of the sample
(`data/`), one after another in README order, and must exit 0 without a traceback. Files the
README names as a reader's own (`my-clinic/knee.yaml`, `corporate.pptx`) are made from the
sample and a real PowerPoint template. Commands that run until stopped (watch, serve) are
started, left until their first build is reported, then stopped with Ctrl-C (SIGINT).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, SAMPLE

README = ROOT / "README.md"
HANG_GUARD_S = 600
"""Stops a command that never ends; not a speed limit (the slowest, preview, takes seconds)."""

UNTIL_STOPPED = {
    "watch": (re.compile(r"^  done in |not built"), ""),
    "serve": (re.compile(r"^  \d+ (pages|slides) in |not built"), "--port 0"),
}
"""Subcommands that run until Ctrl-C: the output line that says their first build ended, and
what is added to the command (a free port: this machine may be serving 8000 already)."""

EXAMPLE_INPUTS = {
    ".yaml": "the sample content, renamed, with its images",
    ".pptx": "a PowerPoint template saved by LibreOffice (tests/fixtures/templates)",
}
"""Kinds of file the README may name as the reader's own, and what stands in for them."""


def everyday_commands() -> list[str]:
    """The commands of the ```sh block under '## Everyday use', comments removed."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Everyday use\n(.*?)^## ", text, re.MULTILINE | re.DOTALL)
    assert section, "README.md has no '## Everyday use' section"
    block = re.search(r"^```sh\n(.*?)^```", section.group(1), re.MULTILINE | re.DOTALL)
    assert block, "the 'Everyday use' section has no ```sh block"
    commands = []
    for line in block.group(1).replace("\\\n", " ").splitlines():
        command = " ".join(shlex.split(line, comments=True))
        if command:
            commands.append(command)
    return commands


COMMANDS = everyday_commands()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A reader's folder: a copy of data/, a bin/ whose `brochure` is this checkout's."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(SAMPLE.parent, folder / "data")
    bin_dir = folder / ".bin"
    bin_dir.mkdir()
    script = Path(sys.executable).with_name("brochure")
    if script.exists():
        (bin_dir / "brochure").symlink_to(script)
    else:  # a checkout used without installing: the same code through python -m
        (bin_dir / "brochure").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m builder "$@"\n')
        (bin_dir / "brochure").chmod(0o755)
    return folder


OUTPUT_OPTIONS = {"--out", "-o"}
"""Options whose value is something the command writes, not a file the reader must have."""


def provide_named_inputs(command: str, folder: Path) -> None:
    """Make each file the command names that the folder lacks, from EXAMPLE_INPUTS."""
    words = shlex.split(command)
    for previous, word in zip(words, words[1:], strict=False):
        path = folder / word
        if (word.startswith("-") or previous in OUTPUT_OPTIONS or any(c in word for c in "*?[")
                or path.exists()):
            continue
        if path.suffix == ".yaml":
            shutil.copytree(SAMPLE.parent, path.parent, dirs_exist_ok=True)
            (path.parent / SAMPLE.name).rename(path)
        elif path.suffix == ".pptx":
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(FIXTURES / "templates" / "libreoffice.pptx", path)
        elif path.suffix:
            pytest.fail(f"the README command `{command}` names {word}, which this test cannot "
                        f"provide: add its kind to EXAMPLE_INPUTS ({', '.join(EXAMPLE_INPUTS)})")


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BROCHURE_DEBUG"}
    env["PATH"] = f"{folder / '.bin'}{os.pathsep}{env['PATH']}"
    return env


def run_until_stopped(command: str, folder: Path, ready: re.Pattern[str]) -> tuple[int, str]:
    """Start a command that runs until Ctrl-C; send SIGINT once its first build is reported."""
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command}"], cwd=folder, env=environment(folder), text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # Ctrl-C must reach it
    lines: list[str] = []
    reported = threading.Event()  # the first build ended, or the output did

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if ready.search(line):
                reported.set()
        reported.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        reported.wait(HANG_GUARD_S)
        if process.poll() is not None or not any(ready.search(line) for line in lines):
            pytest.fail(f"`{command}` stopped or hung before reporting a build "
                        f"(exit {process.poll()}):\n{''.join(lines)}")
        process.send_signal(signal.SIGINT)
        code = process.wait(HANG_GUARD_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        reader.join(10)
        assert process.stdout is not None
        process.stdout.close()
    return code, "".join(lines)


def test_the_block_is_found_and_uses_the_tool() -> None:
    assert len(COMMANDS) >= 10, COMMANDS
    assert all(c.split()[0] in ("brochure", "python") for c in COMMANDS), COMMANDS
    assert {"watch"} <= {c.split()[1] for c in COMMANDS}  # the stop-and-check path is used


@pytest.mark.parametrize("command", COMMANDS)
def test_everyday_command_exits_0(command: str, workspace: Path) -> None:
    provide_named_inputs(command, workspace)
    subcommand = command.split()[1] if len(command.split()) > 1 else ""
    if subcommand in UNTIL_STOPPED:
        ready, extra = UNTIL_STOPPED[subcommand]
        code, output = run_until_stopped(f"{command} {extra}".strip(), workspace, ready)
    else:
        done = subprocess.run(["bash", "-c", command], cwd=workspace,
                              env=environment(workspace), capture_output=True, text=True,
                              timeout=HANG_GUARD_S)
        code, output = done.returncode, done.stdout + done.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    assert code == 0, f"`{command}` exited {code}:\n{output}"
