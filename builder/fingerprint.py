"""Fingerprints that decide whether an output must be rendered again.

Each output's fingerprint covers exactly what that output is made from: for the handout, the
final HTML and the generated CSS (so a change to speaker notes, which the handout never shows,
does not re-render the PDF, while a brand colour does); for the deck, the content minus
handout-only fields. Both add the bytes of the images, templates and fonts used, the tool's
version and the build options. The stamp is stored beside the output with the output's own
hash, so a deleted or hand-edited output is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from builder import __version__
from builder.assets import AssetRefused
from builder.fonts import FONT_DIR
from builder.model import Document
from builder.options import Output, RenderContext
from builder.writer import write_atomic

_DECK_IGNORES = {
    "sections": {"__all__": {"body", "patient_facing", "handout"}},
    "glossary": True,
    "trifold": True,
    "checks": True,
    "document": {"page_budget", "paper", "reading_grade", "review_period_months"},
}
"""Fields the deck never shows: changing them leaves the deck as it is (but see `_deck_reads`)."""


def of_output(kind: Output, document: Document, context: RenderContext) -> str:
    """The fingerprint of one output's inputs."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{kind}\0".encode())
    options = {k: str(v) for k, v in asdict(context.options).items()
               if k not in ("force", "outputs", "strict")}  # these never change an output's bytes
    digest.update(json.dumps(options, sort_keys=True).encode())
    if kind == "pdf":
        from builder.handout import layout_inputs

        digest.update(layout_inputs(document, context).encode())
    else:
        digest.update(document.model_dump_json(exclude=_DECK_IGNORES).encode())  # type: ignore[arg-type]
        digest.update(json.dumps(_deck_reads(document)).encode())
    for path in _files_used(kind, document, context):
        digest.update(str(path).encode() + b"\0" + _file_hash(path, path.stat().st_mtime_ns))
    digest.update(_fonts_hash())
    return digest.hexdigest()


def _deck_reads(document: Document) -> dict[str, object]:
    """What the deck takes from the fields it otherwise ignores: a section's body is its slide
    text when it has no key points or callout items, and citations in bodies and the glossary
    set the reference numbers the slides print."""
    from builder.citations import reference_numbers

    return {"numbers": reference_numbers(document),
            "bodies": [s.body for s in document.sections
                       if not (s.key_points or (s.callout and s.callout.items))]}


def _files_used(kind: Output, document: Document, context: RenderContext) -> list[Path]:
    """Images and template files an output reads."""
    references = [s.image.src for s in document.sections if s.image]
    if document.brand.logo:
        references.append(document.brand.logo)
    files = []
    for reference in references:
        try:
            files.append(context.assets.resolve(reference))
        except AssetRefused:
            continue  # the renderer reports it; a fingerprint never fails a build
    if kind == "pdf":
        from builder.templates import brochure_search_path

        for folder in brochure_search_path(context.options.brochure, context.content_dir):
            files.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
    else:
        from builder.templates import slides_template

        template = slides_template(context.options.slides)
        files.extend(sorted(p for p in template.rglob("*") if p.is_file())
                     if template.is_dir() else [template])
    return files


@lru_cache(maxsize=512)
def _file_hash(path: Path, _mtime_ns: int) -> bytes:
    """Hash of a file's bytes, cached per modification time (the watcher asks often)."""
    return hashlib.sha256(path.read_bytes()).digest()


@lru_cache(maxsize=1)
def _fonts_hash() -> bytes:
    listing = sorted((p.name, p.stat().st_size) for p in FONT_DIR.glob("*.tt*"))
    return hashlib.sha256(json.dumps(listing).encode()).digest()


def _stamp_file(target: Path) -> Path:
    return target.with_name(f".{target.name}.stamp")


def unchanged(target: Path, stamp: str) -> bool:
    """True when `target` exists, is the file we wrote, and was made from the same inputs."""
    try:
        recorded = json.loads(_stamp_file(target).read_text())
        data = target.read_bytes()
    except (OSError, ValueError):
        return False
    return recorded.get("inputs") == stamp and recorded.get(
        "output") == hashlib.sha256(data).hexdigest()


def record(target: Path, data: bytes, stamp: str) -> None:
    """Remember which inputs made `target`."""
    body = json.dumps({"inputs": stamp, "output": hashlib.sha256(data).hexdigest()})
    write_atomic(_stamp_file(target), body.encode())
