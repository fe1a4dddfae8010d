"""Writing outputs so that a failed or killed build never leaves a half-written file.

Each output is written to a temporary file in the target folder, flushed to disk, then renamed
over the old one (atomic on POSIX). Temporary files carry a recognisable suffix so the next build
can sweep away any left by a build that was killed mid-write.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from builder.errors import OutputError

TEMP_SUFFIX = ".brochure-tmp"


def write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` with `data` in one step; raise `OutputError` in plain words on failure."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX,
                                             dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target.parent}: cannot write here ({_reason(exc)})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise OutputError(f"{target}: cannot write ({_reason(exc)}); the previous file is "
                          "unchanged") from None


def sweep_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files left behind by killed builds; return what was removed."""
    removed = []
    if Path(folder).is_dir():
        for stray in Path(folder).glob(f".*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                stray.unlink()
                removed.append(stray)
    return removed


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied or read-only"
    return exc.strerror or str(exc)
