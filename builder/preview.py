"""`brochure preview`: PNG images of every page and slide of a build, plus one contact sheet.

Why: reviewers (clinicians, the compliance officer) check layout and wording without PowerPoint or
a PDF viewer, and a contact sheet shows every output on one screen. Each output kind draws its
own pictures (`OutputKind.pictures`): handout pages with pypdfium2, slides through LibreOffice
headless, the one real presentation program we can run here.

Images are re-drawn only when their output changed (a hash is kept beside them), because a
LibreOffice conversion costs a second or more. Without LibreOffice the handout pages and the
contact sheet are still written and the command says what is missing.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import click
from PIL import Image

from builder import outputs, pipeline
from builder.contact_sheet import Block, Picture, contact_sheet
from builder.errors import display_path
from builder.options import BuildOptions
from builder.outputs import Drawn, PicturesSkipped
from builder.pipeline import BuildReport
from builder.writer import write_atomic

_CACHE_FILE = ".preview-sources.json"
"""Beside the images: which output bytes (hash) and dpi each set of images was drawn from."""


def preview(content: Path, options: BuildOptions, *, dpi: int = 60) -> int:
    """Build `content` (skipping unchanged outputs), then write page and slide images.

    Writes `OUT/preview/<stem>[.<lang>]/handout-01.png ...`, `slide-01.png ...` and
    `contact-sheet.png`. Returns 0, or 2 when an output could not be drawn (e.g. LibreOffice is
    installed but failed).
    """
    content = Path(content)
    options = pipeline.resolve_language(content, options)
    report = pipeline.build(content, options)
    echo_report(report)
    loaded = pipeline.load_document(content, options.language)
    stem = content.stem + (f".{options.language}" if options.language else "")
    folder = Path(options.out_dir) / "preview" / stem
    folder.mkdir(parents=True, exist_ok=True)
    cache = _read_cache(folder)
    status = 0
    blocks: list[Block] = []
    for name in options.outputs:
        declared = outputs.kind(name)
        if declared.pictures is None or name in report.failed:
            continue
        source = pipeline.output_path(content, loaded.document, options, name)
        try:
            blocks.append(_pictures_of(source, folder, declared.picture_prefix, dpi, cache,
                                       declared.pictures))
        except PicturesSkipped as skipped:
            click.echo(str(skipped), err=True)
            blocks.append(Block(skipped.heading, [], 300, str(skipped)))
            status = max(status, skipped.status)
    write_atomic(folder / _CACHE_FILE, json.dumps(cache, indent=1, sort_keys=True).encode())
    info = loaded.document.document
    subtitle = "  ·  ".join(x for x in (
        f"{display_path(content)}", f"version {info.version}" if info.version else "",
        str(info.date) if info.date else "") if x)
    sheet = contact_sheet(info.title, subtitle, blocks)
    target = folder / "contact-sheet.png"
    write_atomic(target, png_bytes(sheet))
    drawn = ", ".join(f"{len(b.pictures)} {b.heading.split(' · ')[0].lower()} images"
                      for b in blocks)
    click.echo(f"wrote {display_path(target)} ({drawn or 'no images'}, "
               f"{sheet.width}x{sheet.height})")
    return 2 if report.failed else status


def echo_report(report: BuildReport) -> None:
    """One line per output: what was written (and how long it took) or left unchanged."""
    for problem in report.warnings:
        click.echo(problem.format(with_level=True), err=True)
    for output in report.outputs:
        click.echo(output.describe())


def _pictures_of(source: Path, folder: Path, prefix: str, dpi: int, cache: dict[str, Any],
                 draw: Any) -> Block:
    """`prefix-01.png ...` for each page of `source`, reusing images drawn from the same bytes."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    known = cache.get(prefix, {})
    names = known.get("files", [])
    if (known.get("sha256") == digest and known.get("dpi") == dpi and names
            and all((folder / n).is_file() for n in names)):
        paths = [folder / n for n in names]
        click.echo(f"unchanged {display_path(folder)}/{prefix}-*.png ({len(paths)} images)")
        return _block(paths, known)
    try:
        drawn: Drawn = draw(source, dpi)
    except PicturesSkipped:
        remove_images(folder, prefix, keep=[])  # stale images would mislead a reviewer
        cache.pop(prefix, None)
        raise
    paths = [folder / f"{prefix}-{i:02d}.png" for i in range(1, len(drawn.images) + 1)]
    for path, image in zip(paths, drawn.images, strict=True):
        write_atomic(path, png_bytes(image))
        click.echo(f"wrote {display_path(path)}")
    remove_images(folder, prefix, keep=paths)
    cache[prefix] = {"sha256": digest, "dpi": dpi, "files": [p.name for p in paths],
                     "labels": drawn.labels, "heading": drawn.heading,
                     "thumb_width": drawn.thumb_width}
    return _block(paths, cache[prefix])


def _block(paths: list[Path], facts: dict[str, Any]) -> Block:
    labels = facts.get("labels") or [p.stem for p in paths]
    return Block(str(facts.get("heading", "")),
                 [Picture(p, label) for p, label in zip(paths, labels, strict=False)],
                 int(facts.get("thumb_width", 228)))


def remove_images(folder: Path, prefix: str, keep: list[Path]) -> None:
    """Delete images of an earlier, longer output (page 9 of 8 would mislead)."""
    for stray in folder.glob(f"{prefix}-*.png"):
        if stray not in keep:
            stray.unlink(missing_ok=True)


def _read_cache(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / _CACHE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def png_bytes(image: Image.Image, *, small: bool = True) -> bytes:
    """PNG bytes; `small=False` trades size for speed (about 6x faster, twice the bytes), for
    pictures that only cross the loopback to a browser."""
    buffer = io.BytesIO()
    if small:
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()
