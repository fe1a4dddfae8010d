"""The contact sheet: every page and slide of a build on one image, for reviewers."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from builder import fonts


@dataclass(frozen=True)
class Picture:
    """One image on the contact sheet."""

    path: Path
    label: str


@dataclass(frozen=True)
class Thumbnails:
    """A block's pictures scaled into one box, made where the pictures were drawn (a build
    worker) so the sheet need not read and scale them again."""

    images: list[Image.Image]
    box: tuple[int, int]


@dataclass(frozen=True)
class Block:
    """One output's pictures under one heading, e.g. 'Handout · 8 pages · A4'."""

    heading: str
    pictures: Sequence[Picture]
    thumb_width: int
    note: str = ""
    """Why the pictures are missing, when they could not be drawn."""
    thumbnails: Thumbnails | None = None
    """The pictures already scaled (`thumbnails`); None: read from their files."""


SHEET_WIDTH = 1320
MARGIN = 24
GAP = 24
PAGE_THUMB_WIDTH = 228
"""Thumbnail width of a portrait page."""
SLIDE_THUMB_WIDTH = 300
"""Thumbnail width of a landscape slide or page."""
LABEL_SIZE = 15
BACKGROUND = (238, 240, 243)
INK = (34, 38, 46)
MUTED = (96, 104, 116)


def contact_sheet(title: str, subtitle: str, blocks: Sequence[Block]) -> Image.Image:
    """Each output's pictures as same-size thumbnails with labels under each, one block per
    output (the handout's pages, the deck's slides, ...).

    Every thumbnail of a block has the same box (from the first image's shape), so a page that
    is a different size or orientation stands out instead of reflowing the grid.
    """
    bold, regular = _label_font(title, bold=True, size=26), _label_font(subtitle, size=15)
    laid_out = [(block.heading, *_grid(block), block.note)
                for block in blocks if block.pictures or block.note]
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


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def thumbnails(images: Sequence[Image.Image], thumb_width: int) -> Thumbnails:
    """Copies of `images` scaled into one box: `thumb_width` wide, as tall as the first image's
    shape makes it."""
    if not images:
        return Thumbnails([], (thumb_width, 0))
    first = images[0]
    box = (thumb_width, max(1, round(thumb_width * first.height / first.width)))
    scaled = []
    for image in images:
        copy = image.convert("RGB")  # a copy, whatever the mode
        copy.thumbnail(box, Image.Resampling.LANCZOS)
        scaled.append(copy)
    return Thumbnails(scaled, box)


def _grid(block: Block) -> tuple[list[tuple[Image.Image, str]], tuple[int, int], int]:
    """The block's thumbnails with their labels, the box and the grid's height."""
    if not block.pictures:
        return [], (block.thumb_width, 0), 0
    made = block.thumbnails
    if made is None or len(made.images) != len(block.pictures):
        with contextlib.ExitStack() as files:
            made = thumbnails([files.enter_context(Image.open(picture.path))
                               for picture in block.pictures], block.thumb_width)
    thumbs = [(image, picture.label)
              for image, picture in zip(made.images, block.pictures, strict=True)]
    box = made.box
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
