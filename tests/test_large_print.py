"""The large-print edition (`--brochure large-print`, a template folder with no Python of its own)
measured in the PDF it prints, on the sample, its Spanish translation and a procedure guide made
by `brochure new`: every character outside the pictures at 18 pt or more, one sans-serif family,
no italics, lines left-aligned with a ragged right, no hyphenation, 1.5 line spacing, no text
over a picture, figures at the full width of the text.

Text is read with pdfium: each text object's size is its font size times its matrix, and the
tagged PDF marks what belongs to a picture (`/Figure`), so the labels drawn inside an
illustration are told apart from the printed text.
"""

from __future__ import annotations

import ctypes
import math
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium
import pytest

from builder import new, pipeline
from builder.errors import ContentError
from builder.handout.render import layout, prepare
from builder.options import BuildOptions
from tests.conftest import SAMPLE

LARGE_PT = 18.0


@dataclass(frozen=True)
class Run:
    """One text object of a page: its text, size in points, font, box and marks."""

    page: int
    text: str
    size: float
    font: str
    italic: bool
    box: tuple[float, float, float, float]
    in_figure: bool


def _marks(obj: pypdfium2.PdfObject) -> list[str]:
    names = []
    for index in range(pdfium.FPDFPageObj_CountMarks(obj.raw)):
        mark = pdfium.FPDFPageObj_GetMark(obj.raw, index)
        length = ctypes.c_ulong()
        pdfium.FPDFPageObjMark_GetName(mark, None, 0, ctypes.byref(length))
        buffer = (ctypes.c_ushort * max(1, length.value // 2))()
        pdfium.FPDFPageObjMark_GetName(mark, buffer, length.value, ctypes.byref(length))
        names.append(bytes(buffer).decode("utf-16-le").rstrip("\x00"))
    return names


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _then(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix `inner` followed by `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def text_runs(pdf: Path) -> list[Run]:
    """Every text object of every page, inside forms too (placed through the forms' matrices),
    with whether the tagged PDF marks it as part of a picture."""
    document = pypdfium2.PdfDocument(str(pdf))
    runs: list[Run] = []

    def walk(page_index: int, objects, text_page, figure: bool,  # type: ignore[no-untyped-def]
             outer: Matrix) -> None:
        for obj in objects:
            in_figure = figure or "Figure" in _marks(obj)
            m = obj.get_matrix()
            own: Matrix = (m.a, m.b, m.c, m.d, m.e, m.f)
            if obj.type == pdfium.FPDF_PAGEOBJ_FORM:
                count = pdfium.FPDFFormObj_CountObjects(obj.raw)
                children = [pypdfium2.PdfObject(pdfium.FPDFFormObj_GetObject(obj.raw, i),
                                                page=obj.page, pdf=document, level=obj.level + 1)
                            for i in range(count)]
                walk(page_index, children, text_page, in_figure, _then(own, outer))
                continue
            if obj.type != pdfium.FPDF_PAGEOBJ_TEXT:
                continue
            size = ctypes.c_float()
            pdfium.FPDFTextObj_GetFontSize(obj.raw, ctypes.byref(size))
            placed = _then(own, outer)
            scale = math.sqrt(abs(placed[0] * placed[3] - placed[1] * placed[2]))
            length = pdfium.FPDFTextObj_GetText(obj.raw, text_page.raw, None, 0)
            buffer = (ctypes.c_ushort * max(1, length))()
            pdfium.FPDFTextObj_GetText(obj.raw, text_page.raw, buffer, length)
            text = bytes(buffer).decode("utf-16-le", "ignore").rstrip("\x00")
            font = pdfium.FPDFTextObj_GetFont(obj.raw)
            name = ctypes.create_string_buffer(256)
            pdfium.FPDFFont_GetBaseFontName(font, name, 256)
            angle = ctypes.c_int()
            pdfium.FPDFFont_GetItalicAngle(font, ctypes.byref(angle))
            bounds = [ctypes.c_float() for _ in range(4)]
            pdfium.FPDFPageObj_GetBounds(obj.raw, *(ctypes.byref(v) for v in bounds))
            left, bottom, right, top = (v.value for v in bounds)
            corners = [_apply(outer, x, y) for x in (left, right) for y in (bottom, top)]
            xs, ys = [x for x, _ in corners], [y for _, y in corners]
            runs.append(Run(page_index, text, round(size.value * scale, 2),
                            name.value.decode("latin-1"), angle.value != 0,
                            (min(xs), min(ys), max(xs), max(ys)), in_figure))

    for index in range(len(document)):
        page = document[index]
        text_page = page.get_textpage()
        walk(index, list(page.get_objects(max_depth=0)), text_page, False, IDENTITY)
    return runs


def build_large_print(content: Path, out: Path, **options: object) -> Path:
    chosen = BuildOptions(out_dir=out, outputs=("pdf",), brochure="large-print",
                          **options)  # type: ignore[arg-type]
    report = pipeline.build(content, chosen)
    assert not report.errors, report.errors
    return report.outputs[0].path


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """(content, large-print PDF) of the sample, its Spanish translation and a procedure guide."""
    folder = tmp_path_factory.mktemp("content")
    out = tmp_path_factory.mktemp("large-print")
    shutil.copytree(SAMPLE.parent, folder / "data")
    sample = folder / "data" / SAMPLE.name
    guide = new.create(folder / "knee-scope", "procedure-guide").content
    return {"sample": (sample, build_large_print(sample, out)),
            "sample.es": (sample, build_large_print(sample, out, language="es")),
            "guide": (guide, build_large_print(guide, out))}


@pytest.fixture(scope="module")
def layouts(editions: dict[str, tuple[Path, Path]]) -> dict[str, object]:
    """WeasyPrint's laid-out pages of each edition (the same layout the PDF was written from)."""
    found = {}
    for name, (content, _pdf) in editions.items():
        language = "es" if name.endswith(".es") else None
        loaded = pipeline.load_document(content, language)
        options = BuildOptions(brochure="large-print", language=language)
        context = pipeline.context_for(content, options, loaded.source)
        found[name] = layout(prepare(loaded.document, context), context)[1]
    return found


def picture_boxes(laid_out) -> dict[int, list[tuple[float, float, float, float]]]:  # type: ignore[no-untyped-def]
    """Per page, the box of every picture in PDF points (left, bottom, right, top)."""
    from builder.handout.boxes import descendants

    found: dict[int, list[tuple[float, float, float, float]]] = {}
    for index, page in enumerate(laid_out.pages):
        height = page.height * 0.75
        for box in descendants(page._page_box):
            if type(box).__name__.endswith("ReplacedBox"):
                left, top = box.border_box_x() * 0.75, box.border_box_y() * 0.75
                right = left + box.border_width() * 0.75
                bottom = top + box.border_height() * 0.75
                found.setdefault(index, []).append((left, height - bottom, right, height - top))
    return found


def inside(run: Run, boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (run.box[0] + run.box[2]) / 2, (run.box[1] + run.box[3]) / 2
    return any(left <= x <= right and bottom <= y <= top for left, bottom, right, top in boxes)


NAMES = ["sample", "sample.es", "guide"]


def test_named_as_a_variant(editions: dict[str, tuple[Path, Path]]) -> None:
    assert [pdf.name for _content, pdf in editions.values()] == [
        "regenerative-therapies.large-print.pdf", "regenerative-therapies.es.large-print.pdf",
        "knee-scope.large-print.pdf"]


@pytest.mark.parametrize("name", NAMES)
def test_every_printed_character_is_18_pt_or_larger(editions: dict[str, tuple[Path, Path]],
                                                    layouts: dict[str, object],
                                                    name: str) -> None:
    pictures = picture_boxes(layouts[name])
    runs = [r for r in text_runs(editions[name][1]) if r.text.strip()]
    printed = [r for r in runs if not inside(r, pictures.get(r.page, []))]
    smallest = min(printed, key=lambda r: r.size)
    assert smallest.size >= LARGE_PT - 0.01, smallest
    body = Counter(r.size for r in printed for _ in r.text).most_common(1)[0][0]
    assert body >= LARGE_PT, body


def test_the_size_measurement_can_fail(minimal_copy: Path, tmp_path: Path) -> None:
    """A clinic's own custom.css that sets the references in 9 pt is found (a more specific
    rule beats the large-print floor: the template trusts the clinic, the test does not)."""
    own = minimal_copy.parent / "brochures" / "large-print"
    own.mkdir(parents=True)
    (own / "custom.css").write_text(".references li * { font-size: 9pt !important; }\n")
    pdf = build_large_print(minimal_copy, tmp_path / "out")
    assert min(r.size for r in text_runs(pdf) if r.text.strip()) == pytest.approx(9.0, abs=0.05)


@pytest.mark.parametrize("name", NAMES)
def test_one_sans_serif_family_and_no_italics(editions: dict[str, tuple[Path, Path]],
                                              name: str) -> None:
    printed = [r for r in text_runs(editions[name][1]) if r.text.strip() and not r.in_figure]
    fonts = {re.sub(r"^[A-Z]{6}\+", "", r.font) for r in printed}
    assert fonts and all(re.match(r"Noto-?Sans(-?Arabic)?(-|$)|Droid-?Sans", f) for f in fonts), \
        fonts
    assert not [r for r in printed if r.italic or "Italic" in r.font]


def bbox_lines(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """poppler's blocks of lines: (xMin, yMin, xMax, yMax, text) per line."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    blocks = []
    for block in re.findall(r"<block .*?</block>", xml, re.DOTALL):
        lines = []
        for line in re.findall(r"<line (.*?)>(.*?)</line>", block, re.DOTALL):
            box = [float(v) for v in re.findall(r'"([\d.]+)"', line[0])]
            words = " ".join(re.findall(r">([^<]*)</word>", line[1]))
            lines.append((*box, words))  # type: ignore[arg-type]
        blocks.append(lines)
    return blocks


@pytest.mark.parametrize("name", NAMES)
def test_left_aligned_unhyphenated_ragged_right_and_spacious(
        editions: dict[str, tuple[Path, Path]], layouts: dict[str, object], name: str) -> None:
    from builder.handout.boxes import descendants

    # every line of text is laid out left-aligned (start) and without automatic hyphenation
    # (the page's body, not its margins; a generated mark such as the "?" in its circle is a
    # glyph, not a line of text)
    marks = {id(line) for page in layouts[name].pages  # type: ignore[attr-defined]
             for box in descendants(page._page_box.children[0])
             if "::" in (getattr(box, "element_tag", "") or "") for line in descendants(box)}
    styles = {(b.style["text_align_all"], b.style["hyphens"])
              for page in layouts[name].pages  # type: ignore[attr-defined]
              for b in descendants(page._page_box.children[0])
              if type(b).__name__ == "LineBox" and id(b) not in marks}
    assert styles and {a for a, _ in styles} <= {"start", "left"}, styles
    assert {h for _, h in styles} <= {"none", "manual"}, styles
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    # paragraphs as printed: the right edge is ragged, the lines 1.5 apart
    paragraphs = [b for b in bbox_lines(editions[name][1])
                  if len(b) >= 3 and max(line[2] - line[0] for line in b) > 240
                  and max(line[0] for line in b[1:]) - min(line[0] for line in b[1:]) < 1]
    assert len(paragraphs) >= 3
    rights = [round(line[2]) for lines in paragraphs for line in lines[:-1]]
    assert len(set(rights)) > len(rights) / 3, "right edges line up: justified text"
    pitches = [b[1] - a[1] for lines in paragraphs for a, b in zip(lines, lines[1:], strict=False)]
    assert sorted(pitches)[len(pitches) // 2] >= 1.45 * LARGE_PT


def hyphenated(pdf: Path, source: str) -> list[str]:
    """Words split across lines by hyphenation: a line ending in a hyphen where the source text
    has no such compound (`platelet-` / `rich` is the source's own `platelet-rich`)."""
    lines = [line[4] for block in bbox_lines(pdf) for line in block]
    found = []
    for text, following in zip(lines, lines[1:], strict=False):
        if text.endswith(("-", "\u00ad", "\u2010")) and following:
            word = re.findall(r"[\w-]+$", text.rstrip("-\u00ad\u2010"))
            rest = re.match(r"[\w-]*", following.split()[0]).group(0)  # type: ignore[union-attr]
            stem = word[0] if word else ""
            # a break at the source's own hyphen is no hyphenation, whatever follows (the next
            # page's first line, or the running footer when a reference goes on over a page)
            if f"{stem}-{rest}" not in source and f"{stem}-" not in source:
                found.append(f"{text[-20:]} / {following[:20]}")
    return found


@pytest.mark.parametrize("name", NAMES)
def test_no_hyphenation(editions: dict[str, tuple[Path, Path]], name: str) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    content, pdf = editions[name]
    source = " ".join(path.read_text(encoding="utf-8") for path in content.parent.glob("*.yaml"))
    assert hyphenated(pdf, source) == []


def test_the_hyphenation_check_can_fail(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    from weasyprint import HTML

    text = "Understanding regenerative treatments requires considerable documentation. " * 4
    pdf = tmp_path / "hyphenated.pdf"
    HTML(string=f'<html lang="en"><p style="width: 30mm; hyphens: auto">{text}</p></html>'
         ).write_pdf(pdf)
    assert hyphenated(pdf, text)


@pytest.mark.parametrize("name", NAMES)
def test_no_text_over_a_picture(editions: dict[str, tuple[Path, Path]],
                                layouts: dict[str, object], name: str) -> None:
    """Text the page prints (not the labels an illustration draws, which the tagged PDF marks
    as part of its /Figure) never overlaps a picture's box."""
    pictures = picture_boxes(layouts[name])
    assert pictures or name == "guide"
    for run in text_runs(editions[name][1]):
        if run.in_figure or not run.text.strip():
            continue
        left, bottom, right, top = run.box
        for p_left, p_bottom, p_right, p_top in pictures.get(run.page, []):
            across = min(right, p_right) - max(left, p_left)
            down = min(top, p_top) - max(bottom, p_bottom)
            assert not (across > 1 and down > 1), run


def test_figures_take_the_full_width_of_the_text() -> None:
    loaded = pipeline.load_document(SAMPLE)
    context = pipeline.context_for(SAMPLE, BuildOptions(brochure="large-print"), loaded.source)
    _prepared, laid_out, _log = layout(prepare(loaded.document, context), context)
    from builder.handout.boxes import attribute, descendants

    def classes(box: object) -> list[str]:
        return (attribute(box, "class") or "").split()

    def pictures(box: object) -> list[object]:
        return [b for b in descendants(box) if type(b).__name__.endswith("ReplacedBox")]

    widths = []
    for page in laid_out.pages:
        text_width = page._page_box.children[0].width  # the html box: the page's content area
        in_boxes = set()  # a picture beside numbered steps fills the steps box's width
        for box in descendants(page._page_box):
            if "steps-body" in classes(box):
                for image in pictures(box):
                    in_boxes.add(id(image))
                    widths.append(image.width / box.width)
        for box in descendants(page._page_box):
            if "figure" in classes(box):
                widths += [image.width / text_width for image in pictures(box)
                           if id(image) not in in_boxes]
    document = loaded.document
    assert len(widths) == sum(1 for s in document.sections if s.image and s.handout) + sum(
        1 for s in document.sections if s.steps and s.steps.image and s.handout)
    assert min(widths) > 0.97, widths


def test_the_page_budget_grows_with_the_print(minimal_copy: Path, tmp_path: Path) -> None:
    """Large print declares `--page-budget-scale: 3`: the content's budget of 4 handout pages
    allows 12 large-print pages, and a budget of 1 still stops an edition that runs over 3."""
    assert build_large_print(minimal_copy, tmp_path / "a").is_file()
    text = minimal_copy.read_text(encoding="utf-8")
    minimal_copy.write_text(text.replace("page_budget: 4", "page_budget: 1"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"the page budget is 3 \(1 times the template's"):
        build_large_print(minimal_copy, tmp_path / "b")


@pytest.mark.parametrize("name", NAMES)
def test_running_text_takes_the_whole_measure(editions: dict[str, tuple[Path, Path]],
                                              name: str) -> None:
    """One column: a paragraph of three lines or more is at least 60 % as wide as the room
    beside it (up to the text block's right edge or a picture beside it). A template rule that
    left a handout column's width on a large-print block (evidence at half the page, the space
    beside it empty) set whole pages in a narrow column."""
    from tests.measure import page_layout, page_objects

    pdf = editions[name][1].read_bytes()
    layouts, objects = page_layout(pdf), {p.number: p for p in page_objects(pdf)}
    right = max(block.box.x1 for page in layouts for block in page.blocks)
    narrow = []
    for page in layouts:
        beside = [o.box for o in objects[page.number].objects] if page.number in objects else []
        for block in page.blocks:
            if len(block.lines) < 3:
                continue
            box = block.box
            edge = min([right, *(b.x0 for b in beside
                                 if b.x0 >= box.x1 + 1 and b.y0 < box.y1 and b.y1 > box.y0)])
            if box.width < 0.6 * (edge - box.x0):
                narrow.append((page.number, block.lines[0].text, round(box.width),
                               round(edge - box.x0)))
    assert not narrow, narrow[:3]
