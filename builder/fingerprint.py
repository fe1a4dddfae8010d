"""Fingerprints that decide whether an output must be rendered again.

Each output's fingerprint covers exactly what that output is made from, as its kind declares it
(`OutputKind.fingerprint`, `.files`, `.options`): for the handout, the final HTML and generated
CSS (so a change to speaker notes, which the handout never shows, does not re-render the PDF,
while a brand colour does); for the deck, the content minus handout-only fields. Every
fingerprint adds the bytes of the files used, the tool's version and the options that change
that output. The stamp is stored beside the output with the output's own hash, so a deleted or
hand-edited output is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from builder import __version__, outputs
from builder.fonts import FONT_DIR
from builder.model import Document
from builder.options import RenderContext
from builder.writer import write_atomic


def of_output(kind: str, document: Document, context: RenderContext) -> str:
    """The fingerprint of one output's inputs."""
    declared = outputs.kind(kind)
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{kind}\0".encode())
    digest.update(json.dumps(outputs.relevant_options(context.options, kind),
                             sort_keys=True).encode())
    digest.update(declared.fingerprint(document, context).encode())
    for path in declared.files(document, context):
        digest.update(str(path).encode() + b"\0" + _file_hash(path, path.stat().st_mtime_ns))
    digest.update(_fonts_hash())
    return digest.hexdigest()


@lru_cache(maxsize=512)
def _file_hash(path: Path, _mtime_ns: int) -> bytes:
    """Hash of a file's bytes, cached per modification time (the watcher asks often)."""
    return hashlib.sha256(path.read_bytes()).digest()


@lru_cache(maxsize=1)
def _fonts_hash() -> bytes:
    listing = sorted((p.name, p.stat().st_size) for p in FONT_DIR.glob("*.tt*"))
    return hashlib.sha256(json.dumps(listing).encode()).digest()


def stamp_file(target: Path) -> Path:
    """Where the fingerprint of `target` is kept."""
    return target.with_name(f".{target.name}.stamp")


def unchanged(target: Path, stamp: str) -> bool:
    """True when `target` exists, is the file we wrote, and was made from the same inputs."""
    try:
        recorded = json.loads(stamp_file(target).read_text())
        data = target.read_bytes()
    except (OSError, ValueError):
        return False
    return recorded.get("inputs") == stamp and recorded.get(
        "output") == hashlib.sha256(data).hexdigest()


def stamp_bytes(data: bytes, stamp: str) -> bytes:
    """The stamp file's content for an output made of `data` from inputs `stamp`."""
    return json.dumps({"inputs": stamp, "output": hashlib.sha256(data).hexdigest()}).encode()


def record(target: Path, data: bytes, stamp: str) -> None:
    """Remember which inputs made `target`."""
    write_atomic(stamp_file(target), stamp_bytes(data, stamp))
