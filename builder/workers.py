"""Running a build's independent parts at once: the first group of tasks in this process, every
other group in a forked child, results sent back through a pipe.

Why fork: the children start with everything this process has imported and loaded (the model,
the validated document, a watcher's warm renderers), so they begin at once, and each imports
only its own renderer. A build uses this to lay out the PDF while another core checks the
content and builds the deck.

Guarantees: a child's exception comes back as the same exception (tool errors keep their
problems; anything else becomes `WorkerFailed` with a one-line description); a child that dies
(killed, out of memory) fails only its own tasks; children never outlive the parent (they are
killed if it dies, on Linux by the kernel, elsewhere by a watchdog thread, and always when the
parent stops waiting for them, e.g. on Ctrl-C, after a moment to stop the programs they started,
see `builder.programs`); a child never runs the parent's exit handlers or flushes its output.
A process with more than one Python thread (the preview server, a watcher run in a thread) does
not fork: everything runs in order in the calling thread.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from builder.errors import BrochureError, internal_error

Task = Callable[[], Any]
_STOP_GRACE_S = 2.0
"""How long an interrupted child has to stop (and kill a LibreOffice it started) before it is
killed."""


class WorkerFailed(Exception):
    """A task failed in a child for a reason other than a tool error (a bug, a crash)."""


@dataclass
class _Raised:
    """An exception as it crosses the pipe: tool errors keep their class and problems."""

    error_type: type[BrochureError] | None
    problems: list[Any]
    description: str

    def exception(self) -> BaseException:
        if self.error_type is not None:
            return self.error_type(self.problems)
        return WorkerFailed(self.description)


def usable_cores() -> int:
    """Cores this process may run on (a container's limit, not the host's core count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is safe only while this is the process's one Python thread: a child gets a copy
    of every lock, and one held by another thread at that moment (in lxml, in logging) would
    never be released in the child. A server or a watcher run from a thread builds in order."""
    return (hasattr(os, "fork") and os.environ.get("BROCHURE_JOBS", "") != "1"
            and threading.active_count() == 1)


def run_groups(groups: Sequence[Sequence[Task]]) -> list[list[Any]]:
    """Run each group's tasks in order, the groups at once; each task's value or exception.

    The first group runs in this process; the others in forked children when forking is
    possible, else here after it. Exceptions are returned, not raised (KeyboardInterrupt is
    raised, after the children are stopped).
    """
    if len(groups) < 2 or not can_fork():
        return [[_outcome(task) for task in group] for group in groups]
    children: list[tuple[int, int]] = []
    drains: list[_Drain] = []
    try:
        for group in groups[1:]:
            children.append(_fork(group))
        for _pid, read_end in children:  # threads only after the last fork
            drains.append(_Drain(read_end))
        results = [[_outcome(task) for task in groups[0]]]
        for (pid, _read_end), drain, group in zip(children, drains, groups[1:], strict=True):
            results.append(_collect(pid, drain, len(group)))
        children.clear()
        return results
    finally:  # only when interrupted: stop what is still running
        for _pid, read_end in children[len(drains):]:  # ends no thread reads yet
            with contextlib.suppress(OSError):
                os.close(read_end)
        _stop([pid for pid, _read_end in children])
        for drain in drains:
            drain.thread.join(_STOP_GRACE_S)


class _Drain:
    """Reads a child's outcomes as it sends them. A child whose outcomes outgrow the pipe's
    buffer (a deck is more than 64 KB) would otherwise wait, holding all its memory, until
    this process had finished its own tasks (3,000 references: the build's peak memory was
    1,142 MB with the deck's worker waiting, 910 MB without)."""

    def __init__(self, read_end: int) -> None:
        self.chunks: list[bytes] = []
        self.thread = threading.Thread(target=self._read, args=(read_end,), daemon=True,
                                       name="brochure-worker-pipe")
        self.thread.start()

    def _read(self, read_end: int) -> None:
        with os.fdopen(read_end, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                self.chunks.append(chunk)

    def data(self) -> bytes:
        self.thread.join()
        return b"".join(self.chunks)


def _stop(pids: list[int]) -> None:
    """Ask children to stop (a child's first SIGINT or SIGTERM interrupts its task, whose
    cleanup kills the programs it started), then kill those still running after the grace."""
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    running = set(pids)
    deadline = time.monotonic() + _STOP_GRACE_S
    while running and time.monotonic() < deadline:
        for pid in list(running):
            try:
                done, _status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                running.discard(pid)
        time.sleep(0.01)
    for pid in running:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)


def _outcome(task: Task) -> Any:
    try:
        return task()
    except BrochureError as exc:
        return exc
    except Exception as exc:  # returned, so the other outputs still get built
        return exc


def _portable(value: Any) -> Any:
    """A task's value as it can cross the pipe."""
    if isinstance(value, BrochureError):
        return _Raised(type(value), value.problems, "")
    if isinstance(value, BaseException):
        return _Raised(None, [], internal_error(value, "worker"))
    return value


def _fork(group: Sequence[Task]) -> tuple[int, int]:
    """Start a child that runs `group` and writes its outcomes to a pipe; (pid, read end)."""
    read_end, write_end = os.pipe()
    parent = os.getpid()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    with warnings.catch_warnings():  # Python 3.12+ warns about fork with threads of other
        warnings.simplefilter("ignore", DeprecationWarning)  # libraries (watchfiles' own)
        pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    status = 0
    try:  # the child: never returns
        os.close(read_end)
        atexit._clear()  # the parent's exit handlers are the parent's
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, _interrupted_once)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # its end when a stop overruns the grace
        _die_with(parent)
        data = pickle.dumps([_portable(_outcome(task)) for task in group],
                            protocol=pickle.HIGHEST_PROTOCOL)
        atexit._run_exitfuncs()  # what the tasks registered here (temporary folders)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
    except BaseException:  # interrupted, or the result could not be sent: the parent says so
        status = 1
    finally:
        os._exit(status)


_stopping: list[bool] = []


def _interrupted_once(_signum: int, _frame: object) -> None:
    """A child's first Ctrl-C or SIGTERM (also sent when its parent dies) interrupts its task,
    whose cleanup kills what it started; later ones are ignored so they cannot cut that short.
    Whatever the task does then, the kernel ends the child when the grace is over (SIGALRM)."""
    if _stopping:
        return
    _stopping.append(True)
    signal.alarm(max(1, round(_STOP_GRACE_S)))
    raise KeyboardInterrupt


def _collect(pid: int, drain: _Drain, count: int) -> list[Any]:
    """A child's outcomes; every task failed when it died without sending them."""
    data = drain.data()
    _pid, status = os.waitpid(pid, 0)
    try:
        outcomes = pickle.loads(data)  # noqa: S301 - our own child's data
    except Exception:
        reason = (f"killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
                  else f"exit status {os.waitstatus_to_exitcode(status)}")
        return [WorkerFailed(f"a build process stopped before it finished ({reason})")] * count
    return [o.exception() if isinstance(o, _Raised) else o for o in outcomes]


def _die_with(parent: int) -> None:
    """Make this child end when `parent` does: the kernel's parent-death signal on Linux (a
    SIGTERM: see `_interrupted_once`), a watchdog thread elsewhere."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGTERM, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
            if os.getppid() != parent:  # the parent died before the signal was armed
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watchdog() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watchdog, daemon=True).start()
