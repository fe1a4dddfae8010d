"""External programs a build runs (LibreOffice, Chromium), each in a process group of its own.

Why: both start helpers (LibreOffice's launcher starts `soffice.bin`, Chromium its renderers), so
killing the one process we started would leave the others running. The whole group is killed
when the program overruns its time, when the wait for it is interrupted (Ctrl-C, which no longer
reaches a program outside the terminal's process group) and when `kill_running` is called (a
server stopping while a build thread waits).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Mapping, Sequence

_RUNNING: set[int] = set()
"""Process groups started here and not yet finished (each group's id is its leader's pid)."""
_LOCK = threading.Lock()


def run(command: Sequence[str], *, timeout: float, env: Mapping[str, str] | None = None,
        ) -> subprocess.CompletedProcess[str]:
    """`subprocess.run(command, capture_output=True, text=True, timeout=...)` with no input
    (undecodable output replaced), the program in a new process group; on `TimeoutExpired`
    (raised as `subprocess.run` does) or any interruption the group is killed first."""
    with subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, errors="replace",
                          process_group=0) as process:
        with _LOCK:
            _RUNNING.add(process.pid)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException:
            _kill_group(process.pid)
            process.communicate()  # reaps the leader and closes the pipes
            raise
        finally:
            with _LOCK:
                _RUNNING.discard(process.pid)
    return subprocess.CompletedProcess(list(command), process.returncode, stdout, stderr)


def kill_running() -> None:
    """Kill every program still running from this process (its waiting thread then returns)."""
    with _LOCK:
        groups = list(_RUNNING)
    for group in groups:
        _kill_group(group)


def _kill_group(group: int) -> None:
    with contextlib.suppress(OSError):  # already gone
        os.killpg(group, signal.SIGKILL)
