"""A persistent cache, under the user's cache folder, of what a first call computes: rasterised
pictures, parsed hyphenation dictionaries, compiled templates, analysed slide templates, check
findings. A new process then starts where the last one left off.

Where: `$BROCHURE_CACHE_DIR`, else `$XDG_CACHE_HOME/brochure`, else `~/.cache/brochure`.
`BROCHURE_CACHE=off` turns it off; `BROCHURE_CACHE_MB` bounds its size (default 256).

Why it is safe:
- Keys are hashes of everything an entry is made from (the caller's inputs, by content) plus the
  tool's code (its version and its modules' sizes and times) and the Python version, so an edit,
  an upgrade or another interpreter never reads an old entry.
- An entry is written to a unique temporary file beside it and renamed into place: a reader sees
  a whole entry or none, and concurrent builds writing one key each write the same bytes.
- Every entry carries its length and the SHA-256 of its payload; one that does not match (a torn
  write, a bad disk) is deleted and computed again.
- The folder is private (0700) and is not used when another user owns it or others may write it,
  since entries may be pickles.
- Past its size bound the least recently used entries are removed (a read touches an entry).
- Any OS error (read-only home, full disk) turns the cache into a no-op: it never fails a build.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TypeVar

from builder import __version__

T = TypeVar("T")

_MAGIC = b"brochure-cache-1\n"
_TRIM_EVERY_S = 600
"""How often (at most) a process looks at the cache's total size."""
_STALE_TEMPORARY_S = 3600
"""A temporary file this old was left by a killed writer."""


@cache
def folder() -> Path | None:
    """The cache folder, created private on first use; None when off or unusable."""
    if os.environ.get("BROCHURE_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    explicit = os.environ.get("BROCHURE_CACHE_DIR")
    if explicit:
        root = Path(explicit)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        root = Path(base) / "brochure"
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = root.stat()
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid()
                                  or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        return None  # someone else could plant entries
    return root


def limit_bytes() -> int:
    try:
        return max(1, int(os.environ.get("BROCHURE_CACHE_MB", "256"))) * 1024 * 1024
    except ValueError:
        return 256 * 1024 * 1024


@cache
def code_stamp() -> bytes:
    """The tool as it is now: version, Python, and the size and time of every file of the
    package (modules, fonts, word lists, locales)."""
    package = str(Path(__file__).resolve().parent)
    found = []
    for folder, subfolders, _files in os.walk(package):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file():
                    info = entry.stat()
                    found.append(f"{entry.path[len(package):]}\0{info.st_size}\0"
                                 f"{info.st_mtime_ns}")
    text = f"{__version__}\0{sys.version}\0" + "\0".join(sorted(found))
    return hashlib.sha256(text.encode()).digest()


@cache
def library_stamp(name: str) -> str:
    """Which installation of library `name` is present (its files' size and time), found
    without importing it: an upgrade changes the key of everything computed with it."""
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        return f"{name}:absent"
    info = Path(spec.origin).stat()
    return f"{name}:{spec.origin}:{info.st_size}:{info.st_mtime_ns}"


def key(*parts: bytes | str) -> str:
    """A key for an entry made from `parts` (bytes or text) by this code."""
    digest = hashlib.sha256(code_stamp())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _entry(namespace: str, entry_key: str) -> Path | None:
    root = folder()
    return None if root is None else root / namespace / entry_key


def get(namespace: str, entry_key: str) -> bytes | None:
    """The entry's payload, or None when absent or damaged (a damaged entry is removed)."""
    path = _entry(namespace, entry_key)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + 8 + 32
    payload = data[head:]
    if (data[:len(_MAGIC)] != _MAGIC
            or int.from_bytes(data[len(_MAGIC):len(_MAGIC) + 8], "big") != len(payload)
            or hashlib.sha256(payload).digest() != data[len(_MAGIC) + 8:head]):
        _remove(path)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept when the cache is trimmed
    return payload


def put(namespace: str, entry_key: str, payload: bytes) -> None:
    """Store an entry (atomically); errors and oversized entries are ignored."""
    path = _entry(namespace, entry_key)
    if path is None or len(payload) > limit_bytes() // 4:
        return
    data = (_MAGIC + len(payload).to_bytes(8, "big") + hashlib.sha256(payload).digest()
            + payload)
    temporary = path.with_name(f".tmp-{os.getpid()}-{os.urandom(4).hex()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        _remove(temporary)
        return
    _trim_now_and_then()


def remembered(namespace: str, parts: tuple[bytes | str, ...], compute: Callable[[], T]) -> T:
    """`compute()`'s result, from the cache when an earlier process stored it (as a pickle)."""
    entry_key = key(*parts)
    data = get(namespace, entry_key)
    if data is not None:
        try:
            return pickle.loads(data)  # noqa: S301 - a private, verified entry we wrote
        except Exception:  # an entry from a class that changed shape: compute again
            pass
    value = compute()
    with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
        put(namespace, entry_key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


_last_trim = [0.0]


def _trim_now_and_then() -> None:
    """Keep the folder under its bound; looked at once per process at most every few minutes,
    and only when no other process did so recently (a marker file's time says when)."""
    root = folder()
    now = time.time()
    if root is None or now - _last_trim[0] < _TRIM_EVERY_S:
        return
    _last_trim[0] = now
    marker = root / ".trimmed"
    try:
        if now - marker.stat().st_mtime < _TRIM_EVERY_S:
            return
    except OSError:
        pass
    try:
        marker.touch()
        trim(root, limit_bytes())
    except OSError:
        pass


def trim(root: Path, limit: int) -> None:
    """Remove the least recently used entries until the folder holds at most 80% of `limit`;
    temporary files left by killed writers go too."""
    entries: list[tuple[float, int, Path]] = []
    now = time.time()
    for namespace in root.iterdir():
        if not namespace.is_dir():
            continue
        for item in os.scandir(namespace):
            info = item.stat(follow_symlinks=False)
            if item.name.startswith(".tmp-"):
                if now - info.st_mtime > _STALE_TEMPORARY_S:
                    _remove(Path(item.path))
                continue
            entries.append((info.st_mtime, info.st_size, Path(item.path)))
    total = sum(size for _when, size, _path in entries)
    if total <= limit:
        return
    for _when, size, path in sorted(entries, key=lambda e: e[0]):
        _remove(path)
        total -= size
        if total <= limit * 0.8:
            break


def file_digest(path: Path) -> bytes:
    """SHA-256 of a file's bytes, remembered per size and time within this process."""
    info = Path(path).stat()
    return _file_digest(str(path), info.st_size, info.st_mtime_ns)


@cache
def _file_digest(path: str, _size: int, _mtime_ns: int) -> bytes:
    return hashlib.sha256(Path(path).read_bytes()).digest()


def clear_memory() -> None:
    """Forget what this process found out (tests that change the environment call it)."""
    folder.cache_clear()
    code_stamp.cache_clear()
    library_stamp.cache_clear()
    _file_digest.cache_clear()

