"""Measuring real outputs: what a print shop, a designer and a reader would see, as numbers.

Every visual promise the tests make is read back from the built file, never from the code that
made it:

- `text_runs`: every printed character's size in points (font size x the text and page
  matrices, so text inside a scaled SVG figure counts at the size it prints), via pypdfium2;
- `page_layout`: poppler's blocks, lines and words with their boxes (`pdftotext -bbox-layout`),
  for lines that stop early;
- `page_objects`: every text, path and image object's box on each page (pypdfium2), for boxes
  past the text block and empty space at a page's foot;
- `page_boxes`: MediaBox, TrimBox, BleedBox (pypdf);
- `slide_text_sizes`: every run's size on every slide of a .pptx.

Coordinates are PDF points with the origin at the top left of the MediaBox (y grows down), as
on the page a reader holds.
"""

from __future__ import annotations

import ctypes
import io
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

MM = 72 / 25.4
"""Points per millimetre."""

PdfSource = Path | bytes


@dataclass(frozen=True)
class Rect:
    """A box in points, origin top left."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def inset(self, left: float, top: float, right: float, bottom: float) -> Rect:
        return Rect(self.x0 + left, self.y0 + top, self.x1 - right, self.y1 - bottom)

    def contains(self, other: Rect, tolerance: float = 0.5) -> bool:
        return (other.x0 >= self.x0 - tolerance and other.y0 >= self.y0 - tolerance
                and other.x1 <= self.x1 + tolerance and other.y1 <= self.y1 + tolerance)

    def overlaps(self, other: Rect) -> bool:
        return (other.x0 < self.x1 and other.x1 > self.x0 and other.y0 < self.y1
                and other.y1 > self.y0)


def _as_bytes(pdf: PdfSource) -> bytes:
    return pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()


# ------------------------------------------------------------------------------ printed text


@dataclass(frozen=True)
class TextRun:
    """Consecutive characters of one printed size on one page."""

    page: int
    """1-based."""
    size: float
    """Printed size in points (em size after every scaling)."""
    text: str
    box: Rect


def _chars(text_page, height: float) -> Iterator[tuple[str, float, Rect] | None]:  # noqa: ANN001
    """(character, printed size, box) of each printed character; None at a space."""
    import pypdfium2.raw as raw

    for index in range(text_page.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(text_page.raw, index))
        if raw.FPDFText_IsGenerated(text_page.raw, index) == 1 or not char.strip():
            yield None
            continue
        matrix = raw.FS_MATRIX()
        raw.FPDFText_GetMatrix(text_page.raw, index, ctypes.byref(matrix))
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        size = round(raw.FPDFText_GetFontSize(text_page.raw, index) * scale, 2)
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        raw.FPDFText_GetCharBox(text_page.raw, index,
                                *(ctypes.byref(v) for v in (left, right, bottom, top)))
        yield char, size, Rect(left.value, height - top.value, right.value, height - bottom.value)


def _run(page: int, chars: list[tuple[str, float, Rect]]) -> TextRun:
    box = Rect(min(c[2].x0 for c in chars), min(c[2].y0 for c in chars),
               max(c[2].x1 for c in chars), max(c[2].y1 for c in chars))
    return TextRun(page, chars[0][1], "".join(c[0] for c in chars), box)


def text_runs(pdf: PdfSource) -> list[TextRun]:
    """Every run of printed text with its size; spaces and generated characters are skipped."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(_as_bytes(pdf))
    runs: list[TextRun] = []
    try:
        for number in range(len(document)):
            page = document[number]
            text_page = page.get_textpage()
            current: list[tuple[str, float, Rect]] = []
            for char in _chars(text_page, page.get_height()):
                if current and (char is None or abs(current[-1][1] - char[1]) > 0.05):
                    runs.append(_run(number + 1, current))
                    current = []
                if char is not None:
                    current.append(char)
            if current:
                runs.append(_run(number + 1, current))
            text_page.close()
            page.close()
    finally:
        document.close()
    return runs


def smallest_text(pdf: PdfSource, *, within: Rect | None = None) -> TextRun:
    """The run printed smallest (inside `within` when given)."""
    runs = [r for r in text_runs(pdf) if within is None or within.overlaps(r.box)]
    return min(runs, key=lambda r: r.size)


# ------------------------------------------------------------------------------ lines (poppler)


@dataclass(frozen=True)
class Word:
    text: str
    box: Rect


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    box: Rect

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class Block:
    """What poppler groups as one block of lines: a paragraph, a list item, a table cell."""

    lines: tuple[Line, ...]
    box: Rect


@dataclass(frozen=True)
class PageLayout:
    number: int
    width: float
    height: float
    blocks: tuple[Block, ...]

    @property
    def lines(self) -> list[Line]:
        return [line for block in self.blocks for line in block.lines]

    @property
    def words(self) -> list[Word]:
        return [word for line in self.lines for word in line.words]


def _rect(element: ET.Element) -> Rect:
    return Rect(*(float(element.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")))


def page_layout(pdf: PdfSource) -> list[PageLayout]:
    """Blocks, lines and words of every page, as `pdftotext -bbox-layout` finds them."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.pdf"
        path.write_bytes(_as_bytes(pdf))
        out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True,
                             check=True).stdout
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", out))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for number, page in enumerate(root.iterfind(".//x:page", ns), start=1):
        blocks = []
        for block in page.iterfind(".//x:block", ns):
            lines = []
            for line in block.iterfind("x:line", ns):
                words = tuple(Word(w.text or "", _rect(w)) for w in line.iterfind("x:word", ns))
                if words:
                    lines.append(Line(words, _rect(line)))
            if lines:
                blocks.append(Block(tuple(lines), _rect(block)))
        pages.append(PageLayout(number, float(page.get("width", 0)),
                                float(page.get("height", 0)), tuple(blocks)))
    return pages


@dataclass(frozen=True)
class ShortLine:
    page: int
    line: str
    next_line: str
    width: float
    measure: float


FLOAT_BELOW = 0.6
"""A picture beside the text still narrows the lines a little below its last ink (its
caption's leading and its margin), in line heights."""

_CONTINUES = ("-", "\u2010", "\u2013", ",", ";")
"""A line ending like this is always continued by the next one."""


def short_lines(pages: Iterable[PageLayout], objects: Iterable[PageObjects] | None = None, *,
                ratio: float = 0.5, min_measure: float = 150.0) -> list[ShortLine]:
    """Lines of running text that stop early: shorter than `ratio` of the room they had, and
    followed in the same block by a line that starts where they do and whose first word
    would have fitted after them.

    The room is the block's widest line, less anything drawn beside the line (a picture, its
    caption). Lines with less room than `min_measure` (labels in a figure, table cells) are not
    running text. A line
    followed by one that starts a new sentence or item (a capital or a digit) may end a
    paragraph, unless it ends with a hyphen, a dash or a comma."""
    obstacles: dict[int, list[Rect]] = {}
    for page_objects in objects or ():
        page = page_objects.page
        obstacles[page_objects.number] = [o.box for o in page_objects.objects
                                          if not is_background(o, page)]
    found = []
    for page in pages:
        boxes = obstacles.get(page.number, [])
        for block in page.blocks:
            right = max(line.box.x1 for line in block.lines)
            for line, following in zip(block.lines, block.lines[1:], strict=False):
                head = following.words[0].text
                starts_new = head[:1].isupper() or head[:1].isdigit() or "@" in head
                if abs(line.box.x0 - following.box.x0) >= 2 or (
                        starts_new and not line.text.endswith(_CONTINUES)):
                    continue
                reach = FLOAT_BELOW * line.box.height  # a picture's box ends below its ink
                edge = min([right, *(b.x0 for b in boxes if b.x0 >= line.box.x1 + 1
                                     and b.y0 < line.box.y1 and b.y1 + reach > line.box.y0)])
                room = edge - line.box.x0
                if room < min_measure:
                    continue
                space = 0.3 * line.box.height
                first = following.words[0].box.width
                if line.box.width < ratio * room and line.box.x1 + space + first <= edge:
                    found.append(ShortLine(page.number, line.text, following.text,
                                           line.box.width, room))
    return found


# ------------------------------------------------------------------------------ page objects


@dataclass(frozen=True)
class PageObject:
    kind: str
    """'text', 'path', 'image', 'shading' or 'form'."""
    box: Rect


@dataclass
class PageObjects:
    number: int
    width: float
    height: float
    objects: list[PageObject] = field(default_factory=list)

    @property
    def page(self) -> Rect:
        return Rect(0, 0, self.width, self.height)


_KINDS = {1: "text", 2: "path", 3: "image", 4: "shading", 5: "form"}


def page_objects(pdf: PdfSource) -> list[PageObjects]:
    """The box of every top-level object on each page (a figure drawn as a form is one box)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(_as_bytes(pdf))
    pages = []
    try:
        for number in range(len(document)):
            page = document[number]
            width, height = page.get_size()
            found = PageObjects(number + 1, width, height)
            for obj in page.get_objects(max_depth=0):
                left, bottom, right, top = obj.get_bounds()
                found.objects.append(PageObject(_KINDS.get(obj.type, "other"),
                                                Rect(left, height - top, right,
                                                     height - bottom)))
            pages.append(found)
            page.close()
    finally:
        document.close()
    return pages


def is_background(obj: PageObject, page: Rect, tolerance: float = 1.0) -> bool:
    """A fill at least as wide as the page (page background, a full-bleed band): meant to
    reach the edges."""
    return obj.kind == "path" and obj.box.x0 <= page.x0 + tolerance and \
        obj.box.x1 >= page.x1 - tolerance


def outside(pages: Iterable[PageObjects], block: Rect | dict[int, Rect], *,
            tolerance: float = 0.5) -> list[tuple[int, PageObject]]:
    """Objects that reach past the text block (`block`, or one per page number); full-width
    backgrounds and whatever lies wholly in the margins (running footer, crop marks) aside."""
    found = []
    for page in pages:
        rect = block[page.number] if isinstance(block, dict) else block
        for obj in page.objects:
            if is_background(obj, page.page) or not rect.overlaps(obj.box):
                continue
            if not rect.contains(obj.box, tolerance):
                found.append((page.number, obj))
    return found


def foot_space(pages: Iterable[PageObjects], block: Rect | dict[int, Rect]) -> list[float]:
    """Per page, the share (0..1) of the text block's height left empty below its lowest
    object: backgrounds aside, anything overlapping the text block counts, except a frame
    around text (a box's fill or border), which counts by the text it holds: a box split
    across pages is drawn to the foot, and the band left empty inside it is a hole too."""
    shares = []
    for page in pages:
        rect = block[page.number] if isinstance(block, dict) else block
        drawn = [o for o in page.objects
                 if not is_background(o, page.page) and rect.overlaps(o.box)]
        texts = [o.box for o in drawn if o.kind == "text"]
        inside = [o.box.y1 for o in drawn if o.kind == "text" or not any(
            o.box.contains(text, tolerance=0) for text in texts)]
        lowest = min(max(inside, default=rect.y0), rect.y1)
        shares.append((rect.y1 - lowest) / rect.height)
    return shares


# ------------------------------------------------------------------------------ page boxes


def page_boxes(pdf: PdfSource) -> list[dict[str, Rect]]:
    """MediaBox, CropBox, BleedBox, TrimBox and ArtBox of every page (pypdf fills in the
    defaults the PDF standard gives a missing box), in PDF coordinates (origin bottom left)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(_as_bytes(pdf)))
    boxes = []
    for page in reader.pages:
        explicit = {str(n).lstrip("/") for n in page if str(n).endswith("Box")}
        found = {}
        for name in ("mediabox", "cropbox", "bleedbox", "trimbox", "artbox"):
            box = getattr(page, name)
            found[name] = Rect(float(box.left), float(box.bottom), float(box.right),
                               float(box.top))
        found["explicit"] = explicit  # type: ignore[assignment]
        boxes.append(found)
    return boxes


# ------------------------------------------------------------------------------ renders


def render_pages(pdf: PdfSource, folder: Path, *, dpi: int = 60, prefix: str = "page"
                 ) -> list[Path]:
    """PNG of every page with poppler's `pdftoppm` (what the team looks at)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{prefix}.pdf"
    path.write_bytes(_as_bytes(pdf))
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(folder / prefix)],
                   check=True, capture_output=True)
    return sorted(folder.glob(f"{prefix}-*.png"))


def ink_in(png: Path, region: Rect, dpi: int, *, threshold: int = 128) -> int:
    """How many pixels of `region` (points) are darker than `threshold` in a page render."""
    from PIL import Image

    scale = dpi / 72
    with Image.open(png) as image:
        grey = image.convert("L").crop((round(region.x0 * scale), round(region.y0 * scale),
                                        round(region.x1 * scale), round(region.y1 * scale)))
        return sum(grey.histogram()[:threshold])


# ------------------------------------------------------------------------------ slides


@dataclass(frozen=True)
class SlideText:
    slide: int
    shape: str
    size: float
    text: str


def _run_size(rpr: ET.Element | None) -> float | None:
    if rpr is not None and rpr.get("sz"):
        return int(rpr.get("sz", "0")) / 100
    return None


def slide_text_sizes(pptx: PdfSource) -> Iterator[SlideText]:
    """Every run of text on every slide with its size, from the run or, failing that, the
    paragraph's and the shape's list styles, the layout's and master's placeholder, and the
    master's text styles (the order PowerPoint resolves them in)."""
    from pptx import Presentation
    from pptx.oxml.ns import qn

    prs = Presentation(io.BytesIO(_as_bytes(pptx)))

    def placeholder_size(shape, level: int) -> float | None:  # noqa: ANN001
        if not shape.is_placeholder:
            return None
        idx = shape.placeholder_format.idx
        layout = shape.part.slide_layout
        for source in (layout, layout.slide_master):
            for candidate in source.placeholders:
                if candidate.placeholder_format.idx == idx or (
                        source is layout.slide_master and
                        candidate.placeholder_format.type == shape.placeholder_format.type):
                    size = _list_style_size(candidate._element, level)
                    if size:
                        return size
        master = layout.slide_master._element
        kind = "titleStyle" if shape.placeholder_format.type in (1, 3) else "bodyStyle"
        style = master.find(f"{qn('p:txStyles')}/{qn('p:' + kind)}")
        return _level_size(style, level) if style is not None else None

    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            bodies = []
            if shape.has_text_frame:
                bodies.append(shape.text_frame._txBody)
            if getattr(shape, "has_table", False) and shape.has_table:
                bodies += [cell._tc.txBody for row in shape.table.rows for cell in row.cells]
            for body in bodies:
                for p in body.findall(qn("a:p")):
                    ppr = p.find(qn("a:pPr"))
                    level = int(ppr.get("lvl", "0")) if ppr is not None else 0
                    for run in p.findall(qn("a:r")):
                        text = run.findtext(qn("a:t")) or ""
                        if not text.strip():
                            continue
                        size = (_run_size(run.find(qn("a:rPr")))
                                or _list_style_size(body, level)
                                or placeholder_size(shape, level) or 18.0)
                        yield SlideText(number, shape.name, size, text)


def _list_style_size(element, level: int) -> float | None:  # noqa: ANN001
    from pptx.oxml.ns import qn

    style = element.find(f".//{qn('a:lstStyle')}")
    return _level_size(style, level) if style is not None else None


def _level_size(style, level: int) -> float | None:  # noqa: ANN001
    from pptx.oxml.ns import qn

    for child in style:
        if child.tag.endswith(f"lvl{level + 1}pPr"):
            return _run_size(child.find(qn("a:defRPr")))
    return None
