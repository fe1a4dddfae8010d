"""Fingerprints that decide whether an output must be rendered again.

Each output's fingerprint covers exactly what that output is made from, as its kind declares it
(`OutputKind.fingerprint`, `.files`, `.options`): for the handout, the final HTML and generated
CSS (so a change to speaker notes, which the handout never shows, does not re-render the PDF,
while a brand colour does); for the deck, the content minus handout-only fields. Every
fingerprint adds the bytes of the files used, the tool's version and the options that change
that output. The stamp is stored beside the output with the output's own hash, so a deleted or
hand-edited output is rebuilt.

A stamp also keeps a cheaper hash of the inputs (`of_inputs`: the whole document, the files, the
options and the tool's code), looked at first: when it matches, the output is current without
filling the handout's template; when it does not, the kind's own fingerprint decides, so a
speaker-notes edit still leaves the PDF alone (and the stamp learns the new cheap hash).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder import __version__, cache, outputs
from builder.assets import AssetRefused, read_regular
from builder.fonts import FONT_DIR
from builder.options import RenderContext

if TYPE_CHECKING:
    from builder.model import Document


def of_output(kind: str, document: Document, context: RenderContext) -> str:
    """The fingerprint of one output's inputs."""
    digest = hashlib.sha256(f"{__version__}\0{kind}\0".encode())
    return _finished(digest, kind, outputs.kind(kind).fingerprint(document, context),
                     document, context)


MAX_INPUT_BYTES = 256 * 1024 * 1024
"""Largest input file hashed; the renderer refuses a larger or special file with a message."""


def of_inputs(kind: str, document: Document, context: RenderContext) -> str:
    """A cheap hash of everything the output could be made from: the whole document, the
    files and options the kind declares, the content's place and the tool's code."""
    digest = hashlib.sha256(cache.code_stamp())
    digest.update(f"{kind}\0{context.content_path.resolve()}\0".encode())
    return _finished(digest, kind, document.model_dump_json(), document, context)


def _finished(digest: Any, kind: str, content: str, document: Document,
              context: RenderContext) -> str:
    """`digest` (already holding what tells the two hashes apart) completed with the options
    the kind uses, `content`, the files the kind declares and the shipped fonts."""
    digest.update(json.dumps(outputs.relevant_options(context.options, kind),
                             sort_keys=True).encode())
    digest.update(content.encode())
    for path in outputs.kind(kind).files(document, context):
        digest.update(str(path).encode() + b"\0" + _file_hash(path, path.stat().st_mtime_ns))
    digest.update(_fonts_hash())
    return digest.hexdigest()


@lru_cache(maxsize=512)
def _file_hash(path: Path, _mtime_ns: int) -> bytes:
    """Hash of a file's bytes, cached per modification time (the watcher asks often)."""
    try:
        return hashlib.sha256(read_regular(path, MAX_INPUT_BYTES)).digest()
    except (OSError, AssetRefused) as exc:  # the build reports it where the file is used
        return hashlib.sha256(str(exc).encode()).digest()


@lru_cache(maxsize=1)
def _fonts_hash() -> bytes:
    listing = sorted((p.name, p.stat().st_size) for p in FONT_DIR.glob("*.tt*"))
    return hashlib.sha256(json.dumps(listing).encode()).digest()


def stamp_file(target: Path) -> Path:
    """Where the fingerprint of `target` is kept."""
    return target.with_name(f".{target.name}.stamp")


MAX_STAMP_BYTES = 64 * 1024
"""A stamp is about 150 bytes; anything much larger was not written by us."""


def _read_stamp(target: Path) -> Any:
    """The JSON of `target`'s stamp, read only as a regular file of stamp size (never through
    a symlink, never a FIFO or device)."""
    return json.loads(read_regular(stamp_file(target), MAX_STAMP_BYTES, follow_symlinks=False))


def unchanged(target: Path, stamp: str, *, field: str = "inputs") -> bool:
    """True when `target` exists, is the file we wrote, and was made from the same inputs
    (`field` "quick" compares the cheap hash of `of_inputs` instead).

    Only regular files are read, never through a symlink, and the output only up to the size
    its stamp recorded: a FIFO or `/dev/zero` put where an output or its stamp was means
    "changed" (and is replaced by the build), never a hang or an endless read.
    """
    try:
        recorded = _read_stamp(target)
        size = recorded.get("size")
        if recorded.get(field) != stamp or not isinstance(size, int):
            return False
        data = read_regular(target, size, follow_symlinks=False)
    except (OSError, ValueError, AttributeError, AssetRefused):
        return False
    return recorded.get("output") == hashlib.sha256(data).hexdigest()


def stamp_bytes(data: bytes, stamp: str, quick: str = "") -> bytes:
    """The stamp file's content for an output made of `data` from inputs `stamp` (and `quick`,
    the cheap hash of the same inputs)."""
    return json.dumps({"inputs": stamp, "quick": quick, "size": len(data),
                       "output": hashlib.sha256(data).hexdigest()}).encode()


def learn(target: Path, quick: str) -> None:
    """Remember `quick` in the stamp of an output its kind found current, so the next build
    sees it at once; a stamp that cannot be read or written is left as it is."""
    from builder.writer import write_atomic  # builds write stamps; `check` only reads keys

    try:
        recorded = _read_stamp(target)
        if isinstance(recorded, dict) and recorded.get("quick") != quick:
            write_atomic(stamp_file(target), json.dumps({**recorded, "quick": quick}).encode())
    except (OSError, ValueError, AssetRefused):
        pass


def record(target: Path, data: bytes, stamp: str) -> None:
    """Remember which inputs made `target`."""
    from builder.writer import write_atomic

    write_atomic(stamp_file(target), stamp_bytes(data, stamp))
