"""Writing outputs so that a failed or killed build never leaves a half-written or half-updated
set of files.

Each file is written to a temporary file in its target folder and flushed to disk; only when
every temporary of a build is written are they renamed over the old files (atomic on POSIX). If
a rename fails part-way, the files already replaced are put back from hard-linked backups: the
outputs of one build are replaced all together, or not at all.

Temporary names are short (`.<pid>-<random>.brochure-tmp`, so a 240-character stem still
builds) and carry the writing process's id: a later build removes only temporaries whose
process has died, never those of a build running beside it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Sequence
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


def _backup(target: Path) -> str | None:
    """A second name for the file at `target` (a hard link, else a copy), or None if there is
    no regular file there to keep."""
    try:
        if not target.is_file() or target.is_symlink():
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
