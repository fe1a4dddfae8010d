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
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from PIL import Image

from builder import outputs, pipeline
from builder.contact_sheet import Block, Picture, Thumbnails, contact_sheet, thumbnails
from builder.errors import display_path, one_line
from builder.options import BuildOptions
from builder.outputs import Drawn, OutputKind, PicturesSkipped
from builder.pipeline import BuildReport
from builder.writer import write_atomic

_CACHE_FILE = ".preview-sources.json"
"""Beside the images: which output bytes (hash) and dpi each set of images was drawn from."""


@dataclass
class _Pictures:
    """One output's pictures, encoded where they were drawn (perhaps in a build worker)."""

    digest: str
    """SHA-256 of the output's bytes the pictures were drawn from."""
    pngs: list[bytes] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    heading: str = ""
    thumb_width: int = 228
    skipped: tuple[str, int] | None = None
    """(why, status) when the output could not be pictured (`PicturesSkipped`)."""
    thumbnails: Thumbnails | None = None
    """The pictures scaled for the contact sheet, here beside the drawing."""


def preview(content: Path, options: BuildOptions, *, dpi: int = 60) -> int:
    """Build `content` (skipping unchanged outputs), then write page and slide images.

    Writes `OUT/preview/<stem>[.<lang>]/handout-01.png ...`, `slide-01.png ...` and
    `contact-sheet.png`. Returns 0, or 2 when an output could not be drawn (e.g. LibreOffice is
    installed but failed). An output the build renders is drawn right there, beside the other
    outputs (LibreOffice draws the slides while the handout is laid out); an unchanged one is
    drawn afterwards if its pictures are missing, every output in a thread of its own.
    """
    content = Path(content)
    options = pipeline.resolve_language(content, options)
    stem = content.stem + (f".{options.language}" if options.language else "")
    folder = Path(options.out_dir) / "preview" / stem
    folder.mkdir(parents=True, exist_ok=True)
    cache = _read_cache(folder)
    report = pipeline.build(content, options,
                            after_render=lambda name, path, data: _drawn_now(
                                name, path, data, dpi, cache.get(
                                    outputs.kind(name).picture_prefix, {}), folder))
    echo_report(report)
    loaded = pipeline.load_document(content, options.language)
    status = 0
    blocks: list[Block] = []
    pictured = [outputs.kind(name) for name in options.outputs
                if outputs.kind(name).pictures is not None and name not in report.failed]
    with ThreadPoolExecutor(max_workers=max(1, len(pictured))) as pool:
        drawing = [pool.submit(_pictures_of,
                               pipeline.output_path(content, loaded.document, options,
                                                    declared.name),
                               folder, declared, dpi, cache, report.after.get(declared.name))
                   for declared in pictured]
        for future in drawing:
            block, said, skipped = future.result()
            for line in said:
                click.echo(line)
            if skipped:
                click.echo(one_line(skipped[0]), err=True)
                status = max(status, skipped[1])
            blocks.append(block)
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


def _current(known: dict[str, Any], digest: str, dpi: int, folder: Path) -> bool:
    """True when the images beside `folder` were drawn from these bytes at this dpi."""
    names = known.get("files", [])
    return (known.get("sha256") == digest and known.get("dpi") == dpi and bool(names)
            and all((folder / n).is_file() for n in names))


def _draw(declared: OutputKind, source: Path, digest: str, dpi: int,
          shown_as: Path | None = None) -> _Pictures:
    """An output's pictures, encoded; `shown_as` names the output in messages when `source`
    is a temporary copy of it."""
    assert declared.pictures is not None
    try:
        drawn: Drawn = declared.pictures(source, dpi)
    except PicturesSkipped as skipped:
        message = str(skipped)
        if shown_as is not None:
            message = message.replace(display_path(source), display_path(shown_as))
        return _Pictures(digest, heading=skipped.heading, skipped=(message, skipped.status))
    return _Pictures(digest, [png_bytes(image) for image in drawn.images], drawn.labels,
                     drawn.heading, drawn.thumb_width,
                     thumbnails=thumbnails(drawn.images, drawn.thumb_width))


def _drawn_now(name: str, target: Path, data: bytes, dpi: int, known: dict[str, Any],
               folder: Path) -> _Pictures | None:
    """`after_render`: draw an output just rendered, from its bytes, unless its images are
    already those of these bytes."""
    declared = outputs.kind(name)
    digest = hashlib.sha256(data).hexdigest()
    if declared.pictures is None or _current(known, digest, dpi, folder):
        return None
    with tempfile.TemporaryDirectory(prefix="brochure-preview-") as work:
        copy = Path(work) / target.name
        copy.write_bytes(data)
        return _draw(declared, copy, digest, dpi, shown_as=target)


def _pictures_of(source: Path, folder: Path, declared: OutputKind, dpi: int,
                 cache: dict[str, Any], early: _Pictures | None,
                 ) -> tuple[Block, list[str], tuple[str, int] | None]:
    """`prefix-01.png ...` for each page of `source`, reusing images drawn from the same bytes
    (or drawn `early`, while the build ran): the contact sheet's block, the lines to print,
    and why it could not be drawn (None when it was)."""
    prefix = declared.picture_prefix
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    known = cache.get(prefix, {})
    if _current(known, digest, dpi, folder):
        paths = [folder / n for n in known["files"]]
        return _block(paths, known), [
            f"unchanged {display_path(folder)}/{prefix}-*.png ({len(paths)} images)"], None
    pictures = early if early is not None and early.digest == digest else _draw(
        declared, source, digest, dpi)
    if pictures.skipped:
        remove_images(folder, prefix, keep=[])  # stale images would mislead a reviewer
        cache.pop(prefix, None)
        return Block(pictures.heading, [], 300, pictures.skipped[0]), [], pictures.skipped
    paths = [folder / f"{prefix}-{i:02d}.png" for i in range(1, len(pictures.pngs) + 1)]
    for path, png in zip(paths, pictures.pngs, strict=True):
        write_atomic(path, png)
    remove_images(folder, prefix, keep=paths)
    cache[prefix] = {"sha256": digest, "dpi": dpi, "files": [p.name for p in paths],
                     "labels": pictures.labels, "heading": pictures.heading,
                     "thumb_width": pictures.thumb_width}
    return (_block(paths, cache[prefix], pictures.thumbnails),
            [f"wrote {display_path(path)}" for path in paths], None)


def _block(paths: list[Path], facts: dict[str, Any], made: Thumbnails | None = None) -> Block:
    labels = facts.get("labels") or [p.stem for p in paths]
    return Block(str(facts.get("heading", "")),
                 [Picture(p, label) for p, label in zip(paths, labels, strict=False)],
                 int(facts.get("thumb_width", 228)), thumbnails=made)


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
    """PNG bytes; `small=False` trades size for speed, for pictures that only cross the
    loopback to a browser. zlib's level 3, not its default (6) nor Pillow's `optimize`: on the
    pages, slides and contact sheets of two content files (en, es) level 3 wrote 1-6% fewer
    bytes than level 6 in 55-75% of its time; `optimize` saved 0-2% for 4-5x the time."""
    buffer = io.BytesIO()
    if small:
        image.save(buffer, "PNG", compress_level=3)
    else:
        image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()
