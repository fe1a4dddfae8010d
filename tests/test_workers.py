"""Running a build's parts at once in forked children: values and errors come back as they
were, a child that dies fails only its own tasks, and no child outlives its parent."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from builder.errors import ContentError, Problem
from builder.workers import WorkerFailed, can_fork, run_groups
from tests.conftest import running, wait_until_gone

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers fork")


def test_values_come_back_in_order_from_each_process() -> None:
    parent = os.getpid()
    results = run_groups([[lambda: ("here", os.getpid())],
                          [lambda: ("child", os.getpid()), lambda: 2 + 2],
                          [lambda: b"x" * 3_000_000]])  # more than a pipe holds at once
    assert results[0] == [("here", parent)]
    assert results[1][0][0] == "child" and results[1][0][1] != parent
    assert results[1][1] == 4
    assert results[2] == [b"x" * 3_000_000]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_child_with_a_large_result_ends_before_this_process_is_done() -> None:
    """A child whose result outgrows the pipe's buffer must not wait, holding its memory,
    until this process's own tasks are done (the deck's worker did, while the PDF was laid
    out)."""
    read_end, write_end = os.pipe()

    def child() -> bytes:
        os.write(write_end, str(os.getpid()).encode() + b"\n")
        return b"x" * 3_000_000

    def exited_meanwhile() -> bool:
        readable, _, _ = select.select([read_end], [], [], 20)
        if not readable:
            return False
        pid = int(os.read(read_end, 32).decode().strip())
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if not running(pid):  # ended (a zombie: only run_groups waits for it)
                return True
            time.sleep(0.02)
        return False

    if not can_fork():
        pytest.skip("this process does not fork (BROCHURE_JOBS=1 or other threads)")
    try:
        [[exited], [data]] = run_groups([[exited_meanwhile], [child]])
    finally:
        os.close(read_end)
        os.close(write_end)
    assert data == b"x" * 3_000_000
    assert exited is True


def test_a_tool_error_keeps_its_located_problems() -> None:
    problem = Problem(Path("knee.yaml"), 12, 5, "too long", "sections[0].title", "error", "r")

    def refuse() -> None:
        raise ContentError(problem)

    [[here], [there]] = run_groups([[refuse], [refuse]])
    for outcome in (here, there):
        assert isinstance(outcome, ContentError)
        assert outcome.problems == [problem]


def test_a_bug_in_a_child_is_one_line_and_the_others_still_finish() -> None:
    def bug() -> None:
        raise ZeroDivisionError("division by zero")

    [[fine], [failed, after]] = run_groups([[lambda: "ok"], [bug, lambda: "later"]])
    assert fine == "ok" and after == "later"
    assert isinstance(failed, WorkerFailed)
    assert "ZeroDivisionError: division by zero" in str(failed)


def test_a_child_that_dies_fails_only_its_own_tasks() -> None:
    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    [[fine], [lost, also_lost]] = run_groups([[lambda: "ok"], [die, lambda: "never"]])
    assert fine == "ok"
    for outcome in (lost, also_lost):
        assert isinstance(outcome, WorkerFailed)
        assert "killed by signal 9" in str(outcome)


def test_one_core_runs_everything_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROCHURE_JOBS", "1")
    parent = os.getpid()
    assert run_groups([[os.getpid], [os.getpid]]) == [[parent], [parent]]


def test_a_process_with_other_threads_runs_everything_here() -> None:
    """A lock another thread holds at the fork would never be released in the child."""
    import threading

    results: list[object] = []
    thread = threading.Thread(target=lambda: results.append(
        run_groups([[threading.get_ident], [threading.get_ident]])))
    thread.start()
    thread.join(60)
    [[here], [there]] = results[0]  # type: ignore[misc]
    assert here == there == thread.ident


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_children_do_not_outlive_their_parent(tmp_path: Path, how: str) -> None:
    """The parent is killed while a child works: the child stops too, and writes nothing."""
    marker, late = tmp_path / "child.pid", tmp_path / "written-after"
    script = textwrap.dedent(f"""
        import os, time
        from pathlib import Path
        from builder.workers import run_groups

        def slow():
            Path({str(marker)!r}).write_text(str(os.getpid()))
            time.sleep(30)
            Path({str(late)!r}).write_text("too late")

        run_groups([[lambda: time.sleep(30)], [slow]])
    """)
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() or not marker.read_text():
            assert time.monotonic() < deadline, "the child never started"
            time.sleep(0.05)
        child = int(marker.read_text())
        parent.send_signal(getattr(signal, how))
        parent.wait(timeout=30)
        wait_until_gone(child, f"the child of a parent stopped by {how}")
        assert not late.exists()
    finally:
        parent.kill()
