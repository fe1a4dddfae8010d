"""What a successful build read, kept beside its outputs, so that a build where nothing changed
is known at once, without loading the content (the content model alone takes a new process
about 0.2 s to import).

After a build with no errors the pipeline records (`save`): the tool's code, today's date, the
options, the content file and the translation files beside it, every file each output read (its
images, every file of its template folders, a .pptx template), how each image reference was
resolved, the list of files in each template folder, the outputs' own hashes, and the warnings
it printed. `replay` answers a later build with those warnings and "unchanged" lines only when
all of it is the same again (as `make` or `ninja` do with the files a step read); anything
different, missing or unreadable makes it say nothing, and the build runs as usual.

What a build reads is what the output kinds declare (`OutputKind.files`, `.template_dirs`,
`.template_files`): the same declarations every output's own fingerprint relies on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder import cache, outputs
from builder.assets import AssetPolicy, AssetRefused
from builder.errors import Problem
from builder.options import BuildOptions, image_references
from builder.writer import write_atomic

if TYPE_CHECKING:
    from builder.model import Document
    from builder.options import RenderContext

_FORMAT = 1


def today() -> str:
    """The date the checks judge review dates by."""
    return dt.date.today().isoformat()


def record_file(content: Path, options: BuildOptions) -> Path:
    """Where the record of building `content` with `options` is kept (one per variant)."""
    asked = {**asdict(options), "force": False, "out_dir": str(Path(options.out_dir).resolve())}
    digest = hashlib.sha256(json.dumps([str(Path(content).resolve()), asked], sort_keys=True,
                                       default=str).encode()).hexdigest()[:16]
    # the digest names the file; the stem, cut short, only helps a person (names end at 255 bytes)
    return Path(options.out_dir) / f".{Path(content).stem[:80]}.{digest}.build"


def _digest(path: Path) -> str | None:
    try:
        return cache.file_digest(path).hex() if path.is_file() else None
    except OSError:
        return None


def _folder_listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _siblings(content: Path) -> list[str]:
    """The content file's translations (and any other `stem.*.yaml` beside it)."""
    return sorted(p.name for pattern in (f"{content.stem}.*.yaml", f"{content.stem}.*.yml")
                  for p in content.parent.glob(pattern))


def _state(content: Path, options: BuildOptions, images: list[str],
           files: list[Path]) -> dict[str, Any]:
    """Everything a build of `content` depends on, as it is now (given the image references
    and the files the last build read)."""
    content = Path(content).resolve()
    folders: list[Path] = []
    singles: list[Path] = []
    for name in options.outputs:
        declared = outputs.kind(name)
        folders += declared.template_dirs(options, content.parent)
        singles += declared.template_files(options)
    policy = AssetPolicy.for_content(content, *folders)
    resolved: dict[str, str] = {}
    for reference in images:
        try:
            resolved[reference] = str(policy.resolve(reference))
        except AssetRefused as refused:
            resolved[reference] = f"refused: {refused}"
    siblings = _siblings(content)
    read = {*files, *singles, content, *(content.parent / name for name in siblings)}
    return {
        "format": _FORMAT, "code": cache.code_stamp().hex(), "date": today(),
        "folders": {str(f): _folder_listing(f) for f in folders if f.is_dir()},
        "siblings": siblings, "images": resolved,
        "files": {str(p): _digest(Path(p)) for p in sorted(map(str, read))},
    }


def save(content: Path, options: BuildOptions, document: Document, context: RenderContext,
         written: list[tuple[Path, bytes | None]], warnings: list[Problem]) -> None:
    """Record a build that had no errors: `written` lists each output's path and its bytes
    (None when it was left unchanged and is read back)."""
    try:
        files = [path for name in options.outputs
                 for path in outputs.kind(name).files(document, context)]
        images = image_references(document)
        state = _state(content, options, images, files)
        produced = {}
        for path, data in written:
            data = Path(path).read_bytes() if data is None else data
            produced[str(Path(path).resolve())] = hashlib.sha256(data).hexdigest()
        entry = {"state": state, "image_refs": images, "outputs": produced,
                 "warnings": [asdict(w) | {"file": str(w.file)} for w in warnings]}
        write_atomic(record_file(content, options), json.dumps(entry).encode())
    except (OSError, ValueError):  # a record is an optimisation: never fail a build over it
        return


def replay(content: Path, options: BuildOptions) -> tuple[list[Problem], list[Path]] | None:
    """(the warnings, the outputs) of the last build when everything it read, and the outputs
    it wrote, are as they were; None when anything differs (then build as usual)."""
    if options.force:
        return None
    try:
        entry = json.loads(record_file(content, options).read_text())
        state = _state(content, options, entry["image_refs"],
                       [Path(p) for p in entry["state"]["files"]])
        if state != entry["state"]:
            return None
        for path, digest in entry["outputs"].items():
            if _digest(Path(path)) != digest:
                return None
        warnings = [Problem(**{**w, "file": Path(w["file"])}) for w in entry["warnings"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return warnings, [Path(p) for p in entry["outputs"]]
