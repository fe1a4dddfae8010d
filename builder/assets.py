"""Files a content file may pull in (images, logo), and the one rule for reading them.

Content is untrusted: it may name `../../etc/passwd`, `/dev/urandom`, a symlink out of its folder,
or a URL. Every renderer goes through `AssetPolicy.resolve`, which only serves regular files
inside the allowed folders (the content's folder and the templates), and never the network.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_ASSET_BYTES = 20 * 1024 * 1024
"""Largest image file accepted."""

MAX_PIXELS = 40_000_000
"""Largest decoded image (pixels); beyond this is treated as a decompression bomb."""

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"}


class AssetRefused(Exception):
    """A referenced file is not allowed or not usable; the message says why, in plain words."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symlink"))


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return f"not a regular file ({kind})"


def read_regular(path: Path | str, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file at `path`, refusing anything else without reading it.

    A FIFO would block whoever opens it and `/dev/zero` never ends: the file is looked at
    before it is opened (without blocking) and again once open, so a file swapped in between
    is refused too. With `follow_symlinks=False` a symlink is refused as well (outputs and
    their stamps are only ever files the tool wrote). Raises `AssetRefused` for a special or
    oversized file, `OSError` for a missing or unreadable one.
    """
    reason = _not_regular(os.stat(path, follow_symlinks=follow_symlinks).st_mode)
    if reason:
        raise AssetRefused(reason)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(path, flags)
    try:
        info = os.fstat(handle)
        reason = _not_regular(info.st_mode)
        if reason:
            raise AssetRefused(reason)
        if info.st_size > limit:
            raise AssetRefused(f"{info.st_size:,} bytes is over the {limit:,}-byte limit")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(handle)
    if size > limit:
        raise AssetRefused(f"more than {limit:,} bytes")
    return b"".join(chunks)


@dataclass(frozen=True)
class AssetPolicy:
    """Which folders assets may come from."""

    roots: tuple[Path, ...]

    @classmethod
    def for_content(cls, content_file: Path, *extra: Path) -> AssetPolicy:
        """The content's own folder plus template folders."""
        folders = [Path(content_file).resolve().parent, *(Path(p).resolve() for p in extra)]
        return cls(tuple(dict.fromkeys(folders)))

    def resolve(self, reference: str, base: Path | None = None) -> Path:
        """The real path of `reference` (relative to `base`, default the content folder)."""
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", reference) and not re.match(r"^[a-zA-Z]:[\\/]",
                                                                               reference):
            raise AssetRefused(f"'{reference}': URLs are not fetched; put the file next to the "
                               "content file and name it by a relative path")
        if Path(reference).is_absolute() or reference.startswith("~"):
            raise AssetRefused(f"'{reference}': absolute paths are not allowed; use a path "
                               "relative to the content file")
        base = (base or self.roots[0])
        candidate = (base / reference)
        try:
            real = candidate.resolve(strict=True)
        except (FileNotFoundError, RuntimeError):
            raise AssetRefused(f"'{reference}': file not found") from None
        except OSError as exc:
            raise AssetRefused(f"'{reference}': cannot read ({exc.strerror})") from None
        except ValueError:  # a NUL byte or a lone surrogate: no file can have this name
            raise AssetRefused(f"'{reference}': not a usable file name") from None
        if not any(real == root or root in real.parents for root in self.roots):
            raise AssetRefused(f"'{reference}': outside the content folder; only files inside "
                               "it can be used")
        info = os.stat(real)
        if not stat.S_ISREG(info.st_mode):
            raise AssetRefused(f"'{reference}': not a regular file")
        if info.st_size > MAX_ASSET_BYTES:
            raise AssetRefused(f"'{reference}': {info.st_size:,} bytes is over the "
                               f"{MAX_ASSET_BYTES:,}-byte limit")
        return real

    def read(self, reference: str, base: Path | None = None) -> bytes:
        """The bytes of an allowed file."""
        try:
            return read_regular(self.resolve(reference, base), MAX_ASSET_BYTES)
        except AssetRefused as exc:
            raise AssetRefused(f"'{reference}': {exc}") from None
        except OSError as exc:
            raise AssetRefused(f"'{reference}': cannot read ({exc.strerror})") from None

    def allows(self, path: Path) -> bool:
        """True when an absolute path lies inside an allowed folder (symlinks resolved)."""
        try:
            real = Path(path).resolve()
        except (OSError, ValueError):  # NUL byte, lone surrogate, symlink loop
            return False
        return any(real == root or root in real.parents for root in self.roots)
