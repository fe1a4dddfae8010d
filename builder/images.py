"""Checking image files before any renderer touches them.

Content images are untrusted files: a PNG may be truncated or a decompression bomb, an SVG may
declare entities (billion laughs, XXE) or pull in other files and URLs through `href` or CSS
`url()`. Every image goes through this module first; problems become `ImageRefused` (an
`AssetRefused`) with a plain-language message, so callers report them like any refused asset.

The handout embeds checked files directly; the deck calls `load_raster` and `svg_to_png`.
"""

from __future__ import annotations

import hashlib
import re
import warnings
import xml.parsers.expat
from pathlib import Path
from typing import NoReturn

from PIL import Image, UnidentifiedImageError

from builder.assets import MAX_ASSET_BYTES, MAX_PIXELS, AssetRefused

Image.MAX_IMAGE_PIXELS = MAX_PIXELS

RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
"""Raster formats accepted; Pillow is told to try only these (no exotic decoders)."""

SVG_SUFFIXES = {".svg"}

MAX_SVG_ELEMENTS = 50_000
"""More elements than any illustration needs; guards against huge generated files."""

MAX_SVG_DRAWN = 200_000
"""Most elements an SVG may draw once its references are followed. A `<use>` draws another
element again, so ten nested `<use>` pairs draw 2^10 copies: a 3 KB file can ask a renderer
for a billion shapes (268 s and 2 GB before it was refused). Counted before any renderer runs."""

MAX_SVG_REFERENCE_DEPTH = 10
"""Deepest chain of references (`<use>` of a group holding a `<use>` of ...) accepted."""

_URL_REFERENCE = re.compile(r"url\(\s*['\"]?\s*#([^'\")\s]+)", re.IGNORECASE)
_DECLARATION = re.compile(r"([-\w]+)\s*:\s*([^;}]*)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

MAX_PNG_WIDTH = 8000
"""Widest PNG `svg_to_png` will produce."""

_XLINK_HREF = "http://www.w3.org/1999/xlink href"
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import", re.IGNORECASE)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px|pt|mm|cm|in|pc)?\s*$")
_UNIT_PX = {"px": 1.0, "pt": 96 / 72, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0,
            "pc": 16.0, None: 1.0}


class ImageRefused(AssetRefused):
    """An image file that is corrupt, too large, or unsafe to render."""


def _refuse(path: Path, reason: str) -> NoReturn:
    raise ImageRefused(f"'{Path(path).name}': {reason}")


def is_svg(path: Path) -> bool:
    """SVG is recognised by its suffix; its content is then checked by `check_svg`."""
    return Path(path).suffix.lower() in SVG_SUFFIXES


# ---------------------------------------------------------------------------------- raster


def _open_raster(path: Path) -> Image.Image:
    """Open (header only), refusing unknown formats and decompression bombs."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path, formats=RASTER_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(path, f"image is too large (more than {MAX_PIXELS:,} pixels)")
    except UnidentifiedImageError:
        _refuse(path, "not a PNG, JPEG, GIF or WebP image (or the file is damaged)")
    except OSError as exc:
        _refuse(path, f"cannot read the image ({exc})")
    width, height = image.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        image.close()
        _refuse(path, f"image is {width}x{height} pixels; the limit is {MAX_PIXELS:,} pixels")
    return image


def verify_raster(path: Path) -> None:
    """Check the whole file decodes (Pillow's `verify` catches truncation and bad checksums)."""
    image = _open_raster(path)
    try:
        image.verify()
    except Exception as exc:  # Pillow raises many types for damaged data
        _refuse(path, f"the image file is damaged ({exc})")
    finally:
        image.close()


def load_raster(path: Path) -> Image.Image:
    """The decoded image, after `verify_raster`; the caller owns (and closes) it."""
    verify_raster(path)
    image = _open_raster(path)
    try:
        image.load()
    except Exception as exc:
        image.close()
        _refuse(path, f"the image file is damaged ({exc})")
    return image


def _dpi(image: Image.Image) -> float | None:
    dpi = image.info.get("dpi")
    if not dpi:
        return None
    try:
        value = float(dpi[0])
    except (TypeError, ValueError, IndexError):
        return None
    return round(value, 2) if value > 0 else None


# ---------------------------------------------------------------------------------- SVG


class _SvgChecker:
    """Streams the SVG through expat and refuses anything that could reach outside the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.elements = 0
        self.root: dict[str, str] | None = None
        self.in_style = False
        self.graph = _References()
        parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.ExternalEntityRefHandler = self._external
        parser.ProcessingInstructionHandler = self._instruction
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.parser = parser

    def check(self, data: bytes) -> dict[str, str]:
        try:
            self.parser.Parse(data, True)
        except xml.parsers.expat.ExpatError as exc:
            _refuse(self.path, f"not a well-formed SVG file ({exc})")
        if self.root is None:
            _refuse(self.path, "not an SVG file (no <svg> root element)")
        problem = self.graph.problem()
        if problem:
            _refuse(self.path, problem)
        return self.root

    def _doctype(self, *_: object) -> None:
        _refuse(self.path, "SVG files with a DOCTYPE are not accepted (they can declare "
                           "entities); remove the <!DOCTYPE ...> line")

    def _entity(self, *_: object) -> None:
        _refuse(self.path, "SVG entity declarations are not accepted")

    def _external(self, *_: object) -> int:
        _refuse(self.path, "SVG external entities are not accepted")

    def _instruction(self, target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            _refuse(self.path, "SVG stylesheets from other files are not accepted")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > MAX_SVG_ELEMENTS:
            _refuse(self.path, f"SVG has more than {MAX_SVG_ELEMENTS:,} elements")
        local = name.rsplit(" ", 1)[-1]
        if self.root is None:
            if local != "svg":
                _refuse(self.path, f"not an SVG file (root element is <{local}>)")
            self.root = {key.rsplit(" ", 1)[-1]: value for key, value in attributes.items()}
        if local in ("script", "foreignObject"):
            _refuse(self.path, f"SVG <{local}> elements are not accepted")
        self.in_style = local == "style"
        # a marker is drawn again at every vertex of the shape that names it
        vertices = max(1, len(_NUMBER.findall(attributes.get("d", "") + " "
                                              + attributes.get("points", ""))) // 2)
        self.graph.vertices += vertices
        targets: list[tuple[str, int]] = []
        for key, value in attributes.items():
            if key in ("href", _XLINK_HREF):
                if not value.strip().startswith("#"):
                    _refuse(self.path, f"SVG links to another file or URL ('{value[:60]}'); "
                                       "only links inside the file (#id) are accepted")
                targets.append((value.strip()[1:], 1))
                continue
            if key == "style":
                self._css(value)
            declarations = _DECLARATION.findall(value) if key == "style" else [(key, value)]
            for name, text in declarations:
                repeat = vertices if name.lower().startswith("marker") else 1
                targets += [(target, repeat) for target in _URL_REFERENCE.findall(text)]
        self.graph.open(attributes.get("id"), targets)

    def _end(self, _name: str) -> None:
        self.in_style = False
        self.graph.close()

    def _text(self, text: str) -> None:
        if self.in_style:
            self._css(text)
            self.graph.sheet += [(name.lower().startswith("marker"), target)
                                 for name, value in _DECLARATION.findall(text)
                                 for target in _URL_REFERENCE.findall(value)]

    def _css(self, css: str) -> None:
        if _CSS_IMPORT.search(css):
            _refuse(self.path, "SVG styles may not @import other files")
        for target in _CSS_URL.findall(css):
            if not target.startswith("#"):
                _refuse(self.path, f"SVG style refers to another file or URL ('{target[:60]}')")


class _References:
    """The element tree and its internal references (`href="#id"`, `url(#id)`), to count
    what drawing the SVG costs once every reference is followed: each element draws itself,
    its children and, for each reference, the element referred to (again)."""

    def __init__(self) -> None:
        self.children: list[list[int]] = [[]]  # node 0 stands for the document
        self.targets: list[list[tuple[str, int]]] = [[]]
        self.ids: dict[str, int] = {}
        self.open_nodes = [0]
        self.vertices = 0
        self.sheet: list[tuple[bool, str]] = []
        """`url(#id)` in a <style> sheet (and whether it names a marker): it may apply to
        every element (every vertex, for a marker)."""

    def open(self, element_id: str | None, targets: list[tuple[str, int]]) -> None:
        node = len(self.children)
        self.children.append([])
        self.targets.append(targets)
        self.children[self.open_nodes[-1]].append(node)
        if element_id is not None:
            self.ids.setdefault(element_id.strip(), node)
        self.open_nodes.append(node)

    def close(self) -> None:
        self.open_nodes.pop()

    def problem(self) -> str | None:
        """Why drawing this SVG would cost too much, or None."""
        elements = len(self.children) - 1
        self.targets[0] += [(target, self.vertices if marker else elements)
                            for marker, target in self.sheet]
        drawn: dict[int, int] = {}
        depth: dict[int, int] = {}
        stack: list[tuple[int, bool]] = [(0, False)]
        visiting: set[int] = set()
        while stack:  # depth first, children and referred-to elements before the element
            node, expanded = stack.pop()
            if expanded:
                visiting.discard(node)
                total, deepest = 1, 0
                for child in self.children[node]:
                    total += drawn[child]
                    deepest = max(deepest, depth[child])
                for target, repeat in self.targets[node]:
                    if target in self.ids:
                        total += repeat * drawn[self.ids[target]]
                        deepest = max(deepest, depth[self.ids[target]] + 1)
                drawn[node], depth[node] = min(total, MAX_SVG_DRAWN + 1), deepest
                if deepest > MAX_SVG_REFERENCE_DEPTH:
                    return (f"SVG references nest more than {MAX_SVG_REFERENCE_DEPTH} deep "
                            "(<use> of an element holding a <use> of ...)")
                continue
            if node in drawn:
                continue
            visiting.add(node)
            stack.append((node, True))
            following = [*self.children[node], *(self.ids[target] for target, _ in
                                                 self.targets[node] if target in self.ids)]
            for neighbour in following:
                if neighbour in visiting:
                    return "SVG refers to itself (an element uses itself or what holds it)"
                if neighbour not in drawn:
                    stack.append((neighbour, False))
        if drawn[0] > MAX_SVG_DRAWN:
            return (f"SVG would draw more than {MAX_SVG_DRAWN:,} elements once its <use> and "
                    "url(#...) references are followed")
        return None


def check_svg(path: Path) -> bytes:
    """The SVG's bytes after checking it is well-formed and self-contained."""
    return _checked_svg(Path(path))[0]


_CHECKED: dict[bytes, dict[str, str]] = {}
"""Root attributes of SVG files found safe in this process, by the SHA-256 of their bytes: a
check asks for each image's size and its words, and the same bytes need checking once."""


def _checked_svg(path: Path) -> tuple[bytes, dict[str, str]]:
    """The SVG's bytes and its root element's attributes, after checking it."""
    data = path.read_bytes()
    if len(data) > MAX_ASSET_BYTES:
        _refuse(path, f"{len(data):,} bytes is over the {MAX_ASSET_BYTES:,}-byte limit")
    digest = hashlib.sha256(data).digest()
    root = _CHECKED.get(digest)
    if root is None:
        root = _SvgChecker(path).check(data)
        if len(_CHECKED) >= 256:
            _CHECKED.clear()
        _CHECKED[digest] = root
    return data, dict(root)


def _svg_length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    return float(match.group(1)) * _UNIT_PX[match.group(2)] if match else None


def svg_size(path: Path) -> tuple[float, float]:
    """Intrinsic size in CSS pixels, from width/height or else the viewBox."""
    path = Path(path)
    root = _checked_svg(path)[1]
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v]
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        if width and not height:
            height = width * box[3] / box[2]
        elif height and not width:
            width = height * box[2] / box[3]
        elif not width and not height:
            width, height = box[2], box[3]
    if not width or not height:
        _refuse(path, "SVG has no size: give the <svg> element a viewBox or width and height")
    return width, height


def _refuse_fetch(url: str, resource_type: str | None = None) -> NoReturn:
    """CairoSVG URL fetcher: nothing is ever fetched (the SVG was checked to need nothing)."""
    raise ImageRefused(f"SVG tried to fetch '{url[:60]}'; external resources are not allowed")


def svg_to_png(path: Path, width_px: int) -> bytes:
    """Rasterise a checked SVG to a PNG `width_px` wide (height follows the aspect ratio)."""
    from cairosvg.surface import PNGSurface

    path = Path(path)
    data = check_svg(path)
    width, height = svg_size(path)
    width_px = max(1, min(int(width_px), MAX_PNG_WIDTH))
    height_px = max(1, round(width_px * height / width))
    if width_px * height_px > MAX_PIXELS:
        _refuse(path, f"a {width_px}x{height_px} pixel rendering is too large")
    try:
        return PNGSurface.convert(bytestring=data, url_fetcher=_refuse_fetch, unsafe=False,
                                  output_width=width_px, output_height=height_px)
    except ImageRefused:
        raise
    except Exception as exc:  # cairosvg raises plain errors for bad geometry and the like
        _refuse(path, f"cannot draw this SVG ({type(exc).__name__}: {exc})")


# ---------------------------------------------------------------------------------- both


def image_info(path: Path) -> tuple[int, int, float | None, str]:
    """(width_px, height_px, dpi, mode) of a checked image; SVG reports mode 'SVG' and no dpi.

    Raster files are fully verified; dpi is None when the file does not say.
    """
    path = Path(path)
    if is_svg(path):
        width, height = svg_size(path)
        return round(width), round(height), None, "SVG"
    verify_raster(path)
    with _open_raster(path) as image:
        return image.size[0], image.size[1], _dpi(image), image.mode


def check_image(path: Path) -> None:
    """Refuse a file no renderer should use (damaged, too big, or an unsafe SVG)."""
    image_info(path)
