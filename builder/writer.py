"""Writing outputs so that a failed or killed build never leaves a half-written or half-updated
set of files.

Each file is written to a temporary file in its target folder and flushed to disk; only when
every temporary of a build is written are they renamed over the old files (atomic on POSIX). If
a rename fails part-way, the files already replaced are put back from hard-linked backups: the
outputs of one build are replaced all together, or not at all.

Builds running at the same time into one folder take turns to rename (a lock on the folder),
so the folder holds one build's complete set; Ctrl-C and SIGTERM wait until the renames are
done. Temporary names are short (`.<pid>-<random>.brochure-tmp`, so a 240-character stem
still builds) and carry the writing process's id: a later build removes only temporaries
whose process has died, never those of a build running beside it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from builder.errors import OutputError

TEMP_SUFFIX = ".brochure-tmp"


def write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` with `data` in one step; raise `OutputError` in plain words on failure."""
    commit([(Path(target), data)])


def commit(files: Sequence[tuple[Path, bytes]]) -> None:
    """Replace every target with its data, all or none; raise `OutputError` on failure."""
    temporaries: list[tuple[Path, str]] = []
    try:
        for target, data in files:
            temporaries.append((target, _write_temporary(target, data)))
        with _folders_locked({target.parent for target, _ in files}), _signals_held():
            _replace_all(temporaries)
    finally:
        for _target, temp_name in temporaries:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _temporary(folder: Path) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=f".{os.getpid()}-", suffix=TEMP_SUFFIX, dir=folder)


def _write_temporary(target: Path, data: bytes) -> str:
    """Write `data` beside `target` under a temporary name, flushed to disk."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = _temporary(target.parent)
    except OSError as exc:
        raise OutputError(f"{target.parent}: cannot write here ({_reason(exc)})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, 0o644)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise OutputError(f"{target}: cannot write ({_reason(exc)}); the previous files are "
                          "unchanged") from None
    return temp_name


def _replace_all(temporaries: list[tuple[Path, str]]) -> None:
    """Rename each temporary over its target; on a failure put back what was replaced."""
    done: list[tuple[Path, str | None]] = []
    try:
        for target, temp_name in temporaries:
            backup = _backup(target)
            try:
                os.replace(temp_name, target)
            except OSError:
                if backup:
                    with contextlib.suppress(OSError):
                        os.unlink(backup)
                raise
            done.append((target, backup))
    except OSError as exc:
        for target, backup in reversed(done):
            with contextlib.suppress(OSError):
                if backup:
                    os.replace(backup, target)
                else:
                    os.unlink(target)
        raise OutputError(f"{target}: cannot write ({_reason(exc)}); the previous files are "
                          "unchanged") from None
    for _target, backup in done:
        if backup:
            with contextlib.suppress(OSError):
                os.unlink(backup)


@contextlib.contextmanager
def _folders_locked(folders: set[Path]) -> Iterator[None]:
    """Hold an exclusive lock on each output folder while renaming: builds running at the same
    time into one folder commit one after the other, so the folder always holds one build's
    complete set, never half of each (the lock is on the folder itself: no lock file)."""
    with contextlib.ExitStack() as stack:
        for folder in sorted(folders):  # one order for every build: no deadlock
            try:
                handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            except OSError:
                continue  # the rename reports what is wrong with the folder
            stack.callback(os.close, handle)
            with contextlib.suppress(ImportError, OSError):
                import fcntl

                fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the renames are done: between two renames they would
    leave a half-updated set of outputs. Then the signal acts as it would have (in the main
    thread; other threads never see a signal in Python)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    held = {number: handler for number, handler in previous.items() if handler is not None}
    for number in held:
        signal.signal(number, lambda received, _frame: caught.append(received))
    try:
        yield
    finally:
        for number, handler in held.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(caught):
            signal.raise_signal(number)  # now handled (or fatal) as it would have been


def _backup(target: Path) -> str | None:
    """A second name for the file at `target` (a hard link, else a copy), or None if there is
    no regular file there to keep (a symlink, FIFO or device is never opened)."""
    try:
        if not stat.S_ISREG(os.lstat(target).st_mode):
            return None
        handle, name = _temporary(target.parent)
        os.close(handle)
        os.unlink(name)
    except OSError:
        return None
    try:
        os.link(target, name)
    except OSError:
        try:
            shutil.copy2(target, name)
        except OSError:
            return None
    return name


def sweep_temporaries(folder: Path) -> list[Path]:
    """Remove temporaries left by builds that were killed; leave those of running builds."""
    removed = []
    if not Path(folder).is_dir():
        return removed
    for stray in Path(folder).glob(f".*{TEMP_SUFFIX}"):
        if _writer_alive(stray.name):
            continue
        with contextlib.suppress(OSError):
            stray.unlink()
            removed.append(stray)
    return removed


def _writer_alive(name: str) -> bool:
    """True when the temporary's name carries the id of a process that still runs."""
    pid_text = name[1:].split("-", 1)[0]
    if not pid_text.isdigit():
        return False  # an older naming scheme: its build has long finished
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied or read-only"
    return exc.strerror or str(exc)
