"""Picture bytes for the deck: images sized for the box they fill, the QR code, and placement."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from builder.deck.geometry import Rect, Slot
from builder.deck.slide_plan import PicturePlan

PICTURE_DPI = 200
"""Resolution pictures are rasterised or downscaled to, for the size they are shown at."""


def placed(slot: Slot, data: bytes, size: tuple[int, int], alt: str) -> PicturePlan:
    """A picture of `size` pixels in `slot`: as large as its aspect ratio allows, centred."""
    return PicturePlan(slot.role, data, alt, _contain(slot.rect, *size), slot)


def _contain(box: Rect, width_px: int, height_px: int) -> Rect:
    """The largest rectangle of the picture's aspect ratio inside `box`, centred."""
    scale = min(box.width / width_px, box.height / height_px)
    width, height = int(width_px * scale), int(height_px * scale)
    return Rect(box.left + (box.width - width) // 2, box.top + (box.height - height) // 2,
                width, height)


def picture_bytes(path: Path, box: Rect) -> tuple[bytes, tuple[int, int]]:
    """PNG or JPEG bytes for a checked image, at about PICTURE_DPI for the box it fills."""
    stat = path.stat()
    wanted = max(64, round(box.width / 914400 * PICTURE_DPI))
    return _picture_cached(path, stat.st_mtime_ns, stat.st_size, wanted)


@lru_cache(maxsize=64)
def _picture_cached(path: Path, _mtime: int, _size: int, wanted: int
                    ) -> tuple[bytes, tuple[int, int]]:
    """Rasterising an SVG (and importing CairoSVG to do it) is most of a cold deck's time: the
    result is kept in this process (the watcher rebuilds with the same files) and in the
    persistent cache, by the file's bytes."""
    from builder import cache

    return cache.remembered("pictures", (cache.file_digest(path), str(wanted),
                                         cache.library_stamp("cairosvg")),
                            lambda: _picture(path, wanted))


def _picture(path: Path, wanted: int) -> tuple[bytes, tuple[int, int]]:
    from builder.images import is_svg, load_raster, svg_to_png

    if is_svg(path):
        data = svg_to_png(path, wanted)
        return data, _png_size(data)
    image = load_raster(path)
    try:
        width, height = image.size
        if image.format in ("PNG", "JPEG") and width <= 2 * wanted:
            return path.read_bytes(), (width, height)
        if width > 2 * wanted:
            image = image.resize((2 * wanted, max(1, round(height * 2 * wanted / width))))
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=False)
        return buffer.getvalue(), image.size
    finally:
        image.close()


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header, without decoding it."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@lru_cache(maxsize=32)
def qr_png(url: str, colour: str) -> tuple[bytes, tuple[int, int]]:
    """A QR code to the clinic's website, drawn in the brand's text colour (in memory; kept
    in the persistent cache, so planning the deck again does not import segno and draw it)."""
    from builder import cache

    return cache.remembered("qr-codes", (url, colour, cache.library_stamp("segno")),
                            lambda: _qr_png(url, colour))


def _qr_png(url: str, colour: str) -> tuple[bytes, tuple[int, int]]:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=12, border=2, dark=colour,
                                    light="#ffffff")
    data = buffer.getvalue()
    return data, _png_size(data)
