"""External programs (LibreOffice, Chromium) run in a process group of their own: what they
started does not outlive a timeout or an interrupted wait, and their output comes back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from builder import programs
from tests.conftest import helper_of, stuck_program, wait_until_gone

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups")


def test_output_and_exit_status_come_back() -> None:
    done = programs.run(["sh", "-c", "echo out; echo err >&2; exit 3"], timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (3, "out\n", "err\n")


def test_a_timeout_kills_the_program_and_its_helpers(tmp_path: Path) -> None:
    with pytest.raises(subprocess.TimeoutExpired):
        programs.run([str(stuck_program(tmp_path))], timeout=1)
    wait_until_gone(helper_of(tmp_path), "the helper")
    assert not (tmp_path / "helper-finished").exists()
    assert not programs._RUNNING


@pytest.mark.parametrize("how", ["ctrl-c", "ctrl-c-to-the-parent-of-a-worker",
                                 "parent-of-a-worker-killed"])
def test_an_interrupted_wait_kills_the_helpers(tmp_path: Path, how: str) -> None:
    """Ctrl-C while waiting; a build worker stopped by its parent; the parent killed outright
    while its worker waits: the program's helpers stop each time."""
    call = f"programs.run([{str(stuck_program(tmp_path))!r}], timeout=120)"
    script = textwrap.dedent(f"""
        import time
        from builder import programs
        from builder.workers import run_groups
        if {how == "ctrl-c"!r}:
            {call}
        else:
            run_groups([[lambda: time.sleep(120)], [lambda: {call}]])
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.DEVNULL)
    try:
        helper = helper_of(tmp_path)
        if how.endswith("killed"):
            process.kill()
        else:  # the worker's parent turns SIGINT into stopping its workers
            process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        wait_until_gone(helper, "the helper")
        assert not (tmp_path / "helper-finished").exists()
    finally:
        process.kill()
        process.wait()
