"""`brochure preview`: PNG images of every handout page and slide, plus one contact sheet.

Why: reviewers (clinicians, the compliance officer) check layout and wording without PowerPoint or
a PDF viewer, and a contact sheet shows the whole handout and deck on one screen. Handout pages
are drawn with pypdfium2 (no poppler needed). Slides are drawn by the one real client we can run
here, LibreOffice headless: it converts the deck to PDF, which pypdfium2 then draws, so what you
see is how a real presentation program lays the deck out, not how we think it should look.

Images are re-drawn only when their PDF or deck changed (a hash is kept beside them), because a
LibreOffice conversion costs a second or more. Without LibreOffice the handout pages and the
contact sheet are still written and the command says what is missing.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import click
from PIL import Image, ImageDraw, ImageFont

from builder import fonts, pipeline
from builder.errors import display_path
from builder.options import BuildOptions
from builder.paper import paper_named
from builder.pipeline import BuildReport
from builder.writer import write_atomic

NO_LIBREOFFICE = "LibreOffice not found: slide images skipped (install libreoffice-impress)"
SOFFICE_TIMEOUT_S = 180
"""A large deck converts in well under a minute; past this LibreOffice is assumed stuck."""

_CACHE_FILE = ".preview-sources.json"
"""Beside the images: which PDF bytes (hash) and dpi each set of images was drawn from."""


_Drawer = Callable[[Path, int], list[Image.Image]]
"""Draws every page of one file at a dpi: `_pdf_pages` or `_deck_pages`."""


@dataclass(frozen=True)
class Picture:
    """One image on the contact sheet."""

    path: Path
    label: str


def preview(content: Path, options: BuildOptions, *, dpi: int = 60) -> int:
    """Build `content` (skipping unchanged outputs), then write page and slide images.

    Writes `OUT/preview/<stem>/handout-01.png ...`, `slide-01.png ...` and `contact-sheet.png`.
    Returns 0, or 2 when LibreOffice is installed but could not convert the deck.
    """
    content = Path(content)
    report = pipeline.build(content, options)
    echo_report(report)
    pdf = pipeline.output_path(content, options, "pdf")
    deck = pipeline.output_path(content, options, "pptx")
    folder = Path(options.out_dir) / "preview" / pdf.stem
    folder.mkdir(parents=True, exist_ok=True)
    cache = _read_cache(folder)
    status = 0
    pages: list[Path] = []
    slides: list[Path] = []
    deck_note = ""
    if "pdf" in options.outputs:
        pages = _images_of(pdf, folder, "handout", dpi, cache, _pdf_pages)
    if "pptx" in options.outputs:
        try:
            slides = _images_of(deck, folder, "slide", dpi, cache, _deck_pages)
        except SlidesSkipped as skipped:
            deck_note = str(skipped)
            click.echo(deck_note, err=True)
            status = skipped.status
    write_atomic(folder / _CACHE_FILE, json.dumps(cache, indent=1, sort_keys=True).encode())
    loaded = pipeline.load_document(content, options.language)
    info = loaded.document.document
    title = info.title
    subtitle = "  ·  ".join(x for x in (
        f"{display_path(content)}", f"version {info.version}" if info.version else "",
        str(info.date) if info.date else "") if x)
    titles, slide_format = _deck_facts(deck) if "pptx" in options.outputs else ([], "")
    sheet = contact_sheet(
        title, subtitle,
        [Picture(p, f"Page {i}") for i, p in enumerate(pages, 1)],
        [Picture(p, _slide_label(i, titles)) for i, p in enumerate(slides, 1)],
        page_format=_paper_of(pdf) if pages else "", slide_format=slide_format,
        slide_count=len(titles), deck_note=deck_note,
    )
    target = folder / "contact-sheet.png"
    write_atomic(target, _png_bytes(sheet))
    click.echo(f"wrote {display_path(target)} ({len(pages)} pages, {len(slides)} slides, "
               f"{sheet.width}x{sheet.height})")
    return status


def echo_report(report: BuildReport) -> None:
    """One line per output: what was written (and how long it took) or left unchanged."""
    for problem in report.warnings:
        click.echo(problem.format(with_level=True), err=True)
    for output in report.outputs:
        click.echo(output.describe())


class SlidesSkipped(Exception):
    """The slide images could not be drawn; the message says why, `status` how bad it is."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


# ----------------------------------------------------------------------------- page images


def _images_of(source: Path, folder: Path, prefix: str, dpi: int, cache: dict[str, dict],
               draw: _Drawer) -> list[Path]:
    """`prefix-01.png ...` for each page of `source`, reusing images drawn from the same bytes."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    known = cache.get(prefix, {})
    names = known.get("files", [])
    if (known.get("sha256") == digest and known.get("dpi") == dpi and names
            and all((folder / n).is_file() for n in names)):
        paths = [folder / n for n in names]
        click.echo(f"unchanged {display_path(folder)}/{prefix}-*.png ({len(paths)} images)")
        return paths
    try:
        images = draw(source, dpi)
    except SlidesSkipped:
        _remove_images(folder, prefix, keep=[])  # stale images would mislead a reviewer
        cache.pop(prefix, None)
        raise
    paths = [folder / f"{prefix}-{i:02d}.png" for i in range(1, len(images) + 1)]
    for path, image in zip(paths, images, strict=True):
        write_atomic(path, _png_bytes(image))
        click.echo(f"wrote {display_path(path)}")
    _remove_images(folder, prefix, keep=paths)
    cache[prefix] = {"sha256": digest, "dpi": dpi, "files": [p.name for p in paths]}
    return paths


def _pdf_pages(pdf: Path, dpi: int) -> list[Image.Image]:
    """Every page of a PDF drawn at `dpi`, on white."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            try:
                images.append(page.render(scale=dpi / 72).to_pil().convert("RGB"))
            finally:
                page.close()
        return images
    finally:
        document.close()


def _deck_pages(deck: Path, dpi: int) -> list[Image.Image]:
    """Every slide drawn by LibreOffice (deck -> PDF), then by pypdfium2 at `dpi`."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        raise SlidesSkipped(NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="brochure-lo-") as work:
        return _pdf_pages(deck_to_pdf(binary, deck, Path(work)), dpi)


def deck_to_pdf(binary: str, deck: Path, work: Path) -> Path:
    """Convert `deck` with LibreOffice headless inside `work`; return the PDF's path.

    Each call has its own LibreOffice profile (parallel runs would otherwise collide on the
    profile lock) and a fontconfig file that adds the shipped fonts, so slides are drawn in the
    fonts the deck names even where they are not installed.
    """
    copy = work / "deck.pptx"  # a snapshot: a watcher may replace the deck meanwhile
    shutil.copyfile(deck, copy)
    fonts_conf = work / "fonts.conf"
    fonts_conf.write_text(_fontconfig(fonts.FONT_DIR))
    command = [binary, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(work / "out"), str(copy)]
    environment = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)}
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True,
                                stdin=subprocess.DEVNULL, timeout=SOFFICE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise SlidesSkipped(f"LibreOffice took over {SOFFICE_TIMEOUT_S} s to convert "
                            f"{display_path(deck)}: slide images skipped", status=2) from None
    converted = work / "out" / "deck.pdf"
    if result.returncode != 0 or not converted.is_file():
        said = " ".join((result.stderr or result.stdout or "no message").split())[-300:]
        raise SlidesSkipped(f"LibreOffice could not convert {display_path(deck)} (exit "
                            f"{result.returncode}: {said}): slide images skipped", status=2)
    return converted


def _fontconfig(font_dir: Path) -> str:
    """The system's font configuration plus the shipped fonts."""
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{font_dir.resolve()}</dir>\n"
        "</fontconfig>\n"
    )


def _remove_images(folder: Path, prefix: str, keep: Sequence[Path]) -> None:
    """Delete images of an earlier, longer handout or deck (page 9 of 8 would mislead)."""
    for stray in folder.glob(f"{prefix}-*.png"):
        if stray not in keep:
            stray.unlink(missing_ok=True)


def _read_cache(folder: Path) -> dict[str, dict]:
    try:
        data = json.loads((folder / _CACHE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _deck_facts(deck: Path) -> tuple[list[str], str]:
    """Each slide's title as the deck holds it ('' where a slide has none), and the slide shape."""
    from pptx import Presentation

    presentation = Presentation(str(deck))
    titles = []
    for slide in presentation.slides:
        title = slide.shapes.title
        text = title.text_frame.text if title is not None and title.has_text_frame else ""
        titles.append(" ".join(text.replace("\u200b", "").split()))
    width, height = presentation.slide_width or 1, presentation.slide_height or 1
    ratios = {"16:9": 16 / 9, "4:3": 4 / 3, "16:10": 16 / 10}
    shape = next((name for name, ratio in ratios.items() if abs(width / height - ratio) < 0.01),
                 f"{width / 914400:.2f} × {height / 914400:.2f} in")
    return titles, shape


def _paper_of(pdf: Path) -> str:
    """The first page's paper as people name it (A4, Letter), else its size in millimetres."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        width, height = (round(points * 25.4 / 72, 1) for points in document.get_page_size(0))
    finally:
        document.close()
    return paper_named(width, height)


def _slide_label(number: int, titles: list[str]) -> str:
    title = titles[number - 1] if number <= len(titles) else ""
    return f"Slide {number} · {title}" if title else f"Slide {number}"


# ---------------------------------------------------------------------------- contact sheet

SHEET_WIDTH = 1320
MARGIN = 24
GAP = 24
PAGE_THUMB_WIDTH = 228
SLIDE_THUMB_WIDTH = 300
LABEL_SIZE = 15
BACKGROUND = (238, 240, 243)
INK = (34, 38, 46)
MUTED = (96, 104, 116)


def contact_sheet(title: str, subtitle: str, pages: Sequence[Picture],
                  slides: Sequence[Picture], *, page_format: str = "", slide_format: str = "",
                  slide_count: int | None = None, deck_note: str = "") -> Image.Image:
    """All pages, then all slides, as same-size thumbnails with labels under each.

    `slide_count` is the deck's length when its slides could not be drawn (`deck_note` says why).

    Every thumbnail of a kind has the same box (from the first image's shape), so a page that is
    a different size or orientation stands out instead of reflowing the grid.
    """
    bold, regular = _label_font(title, bold=True, size=26), _label_font(subtitle, size=15)
    blocks: list[tuple[str, Sequence[Picture], int, str]] = []
    if pages:
        heading = " · ".join(x for x in ("Handout", _count(len(pages), "page"), page_format) if x)
        blocks.append((heading, pages, PAGE_THUMB_WIDTH, ""))
    if slides or deck_note:
        count = _count(len(slides) if slide_count is None else slide_count, "slide")
        heading = " · ".join(x for x in ("Deck", count, slide_format) if x)
        blocks.append((heading, slides, SLIDE_THUMB_WIDTH, deck_note))
    laid_out = [(heading, *_grid(pictures, width), note)
                for heading, pictures, width, note in blocks]
    height = MARGIN + 34 + 24 + GAP
    for _heading, _thumbs, _cell, rows, note in laid_out:
        height += 30 + (24 if note else 0) + rows + GAP
    sheet = Image.new("RGB", (SHEET_WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    y = MARGIN
    draw.text((MARGIN, y), _fit(title, bold, SHEET_WIDTH - 2 * MARGIN), font=bold, fill=INK)
    y += 34
    draw.text((MARGIN, y), _fit(subtitle, regular, SHEET_WIDTH - 2 * MARGIN), font=regular,
              fill=MUTED)
    y += 24 + GAP
    for heading, thumbs, cell, rows, note in laid_out:
        heading_font = _label_font(heading, bold=True, size=19)
        draw.text((MARGIN, y), heading, font=heading_font, fill=INK)
        y += 30
        if note:
            draw.text((MARGIN, y), note, font=_label_font(note, size=15), fill=(160, 40, 30))
            y += 24
        _draw_grid(sheet, draw, thumbs, cell, y)
        y += rows + GAP
    return sheet


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def _grid(pictures: Sequence[Picture], thumb_width: int,
          ) -> tuple[list[tuple[Image.Image, str]], tuple[int, int], int]:
    """Thumbnails scaled into one box size; returns them, the box and the grid's height."""
    if not pictures:
        return [], (thumb_width, 0), 0
    images = []
    for picture in pictures:
        with Image.open(picture.path) as opened:
            images.append(opened.convert("RGB"))
    first = images[0]
    box = (thumb_width, max(1, round(thumb_width * first.height / first.width)))
    thumbs = []
    for image, picture in zip(images, pictures, strict=True):
        image.thumbnail(box, Image.Resampling.LANCZOS)
        thumbs.append((image, picture.label))
    columns = _columns(box[0])
    rows = -(-len(thumbs) // columns)
    return thumbs, box, rows * (box[1] + 12 + LABEL_SIZE + 10 + GAP // 2) - GAP // 2


def _columns(cell_width: int) -> int:
    return max(1, (SHEET_WIDTH - 2 * MARGIN + GAP) // (cell_width + GAP))


def _draw_grid(sheet: Image.Image, draw: ImageDraw.ImageDraw,
               thumbs: list[tuple[Image.Image, str]], box: tuple[int, int], top: int) -> None:
    columns = _columns(box[0])
    row_height = box[1] + 12 + LABEL_SIZE + 10 + GAP // 2
    for index, (image, label) in enumerate(thumbs):
        x = MARGIN + (index % columns) * (box[0] + GAP)
        y = top + (index // columns) * row_height
        left = x + (box[0] - image.width) // 2
        upper = y + (box[1] - image.height) // 2
        draw.rectangle((left + 3, upper + 3, left + image.width + 2, upper + image.height + 2),
                       fill=(206, 210, 216))  # a soft shadow lifts white pages off the sheet
        sheet.paste(image, (left, upper))
        draw.rectangle((left - 1, upper - 1, left + image.width, upper + image.height),
                       outline=(170, 176, 186))
        font = _label_font(label, size=LABEL_SIZE)
        draw.text((x, y + box[1] + 10), _fit(label, font, box[0]), font=font, fill=INK)


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """`text`, shortened with an ellipsis to fit `width` pixels."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _label_font(text: str, *, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The first shipped font that has every character of `text` (labels may be Arabic or
    Chinese in a translation's preview)."""
    chain = ["Noto Sans", *fonts.FALLBACKS]
    needed = {ord(c) for c in text if not c.isspace()}
    for name in chain:
        path = fonts.family(name).file(bold=bold)
        if needed <= _coverage(path):
            return _truetype(path, size)
    return _truetype(fonts.family(chain[0]).file(bold=bold), size)


@lru_cache(maxsize=32)
def _truetype(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


@lru_cache(maxsize=8)
def _coverage(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap() or {})
