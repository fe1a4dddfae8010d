"""The seminar deck, read back the way a user's software reads it: python-pptx for structure,
LibreOffice headless for rendering. Each template (the built-in one, python-pptx's own default as
saved by PowerPoint, and one saved by LibreOffice) must pass the same checks."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pptx
import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from builder import loader, located, validate
from builder.assets import AssetPolicy
from builder.deck import deck_plan, fit, render_pptx
from builder.deck.fit import Para, Spacing
from builder.deck.metrics import measured
from builder.deck.typeface import Typeface
from builder.errors import ContentError, TemplateError
from builder.markup import Run, to_plain
from builder.model import Document
from builder.options import BuildOptions, RenderContext, Rendered
from builder.templates import slides_template

from .conftest import FIXTURES, MINIMAL, SAMPLE

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
TEMPLATES = {
    "default": "default",
    "libreoffice": str(FIXTURES / "templates" / "libreoffice.pptx"),
    "python-pptx": str(Path(pptx.__file__).parent / "templates" / "default.pptx"),
}
KINDS = ["title", "main-message", "agenda", "disclaimer", "section", "contrast", "table",
         "warning-signs", "report", "key-messages", "glossary", "references", "closing"]
FOLLOWERS = {"therapy", "outcome", "callout", "steps"}
"""Slides that follow their section's own: its therapy's evidence and risks, its numbers, its
call-out box and its steps."""


def context_for(content: Path, slides: str = "default", source=None) -> RenderContext:  # noqa: ANN001
    template = slides_template(slides)
    folder = template if template.is_dir() else template.parent
    return RenderContext(content, BuildOptions(slides=slides),
                         AssetPolicy.for_content(content, folder), source)


def load(content: Path) -> tuple[Document, located.Source]:
    source = loader.load(content)
    return validate.validate(source), source


def render(content: Path, slides: str = "default", document: Document | None = None
           ) -> Rendered:
    loaded, source = load(content)
    return render_pptx(document or loaded, context_for(content, slides, source))


@dataclass
class Built:
    """One deck built from the sample content on one template."""

    template: str
    document: Document
    rendered: Rendered
    path: Path

    @property
    def prs(self):  # noqa: ANN201 - a python-pptx Presentation
        return Presentation(io.BytesIO(self.rendered.data))


@pytest.fixture(scope="module", params=list(TEMPLATES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    document, _ = load(SAMPLE)
    rendered = render(SAMPLE, TEMPLATES[request.param])
    path = tmp_path_factory.mktemp(f"deck-{request.param}") / "deck.pptx"
    path.write_bytes(rendered.data)
    return Built(request.param, document, rendered, path)


@pytest.fixture(scope="module")
def pdf_text(built: Built, soffice) -> list[str]:  # noqa: ANN001 - conftest fixture
    """The deck converted once by LibreOffice; the text of each PDF page."""
    from pypdf import PdfReader

    reader = PdfReader(str(soffice(built.path, "pdf")))
    return [page.extract_text() or "" for page in reader.pages]


def kinds(prs) -> list[str]:  # noqa: ANN001
    return [slide.name.split(":")[0] for slide in prs.slides]


def squeeze(text: str) -> str:
    """Text compared across renderers: ligatures unfolded, zero-width spaces, word joiners and
    spacing gone."""
    text = unicodedata.normalize("NFKC", text).replace(fit.ZWSP, "").replace("\u2060", "")
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------------------------- measuring


def theme_fonts(prs) -> tuple[str, str]:  # noqa: ANN001
    theme = prs.slide_masters[0].part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    root = etree.fromstring(theme.blob)
    heading = root.find(f".//{{{A}}}majorFont/{{{A}}}latin").get("typeface")
    body = root.find(f".//{{{A}}}minorFont/{{{A}}}latin").get("typeface")
    return heading, body


def deck_faces(prs) -> tuple[Typeface, Typeface]:  # noqa: ANN001
    """The fonts the deck's theme names, each measured with itself or its metric-compatible
    stand-in (Liberation Sans for Arial, Carlito for Calibri...)."""
    heading, body = (measured(name, "Noto Sans") for name in theme_fonts(prs))
    return (Typeface(heading.family, bold=True, stretch=heading.stretch),
            Typeface(body.family, stretch=body.stretch))


def written_spacing(p, size: float) -> Spacing:  # noqa: ANN001 - an a:p element
    """A paragraph's line pitch, gap before and left margin as written, in em of `size`
    (the margin as the indent of a level-1 paragraph)."""
    ppr = p.find(qn("a:pPr"))
    line = int(ppr.find(qn("a:lnSpc")).find(qn("a:spcPts")).get("val")) / 100
    before = int(ppr.find(qn("a:spcBef")).find(qn("a:spcPts")).get("val")) / 100
    margin = int(ppr.get("marL", "0")) / 12700
    return Spacing(line=line / size, before=before / size, indent=margin / size)


def frame_problems(tx_body, width: int, height: int, face: Typeface, where: str,  # noqa: ANN001
                   insets: tuple[int, int, int, int] | None = None) -> list[str]:
    """Measure a text body exactly as written (sizes, spacing, indents) against its box."""
    problems = []
    if insets is None:
        body_pr = tx_body.find(qn("a:bodyPr"))
        if body_pr.find(qn("a:noAutofit")) is None:
            problems.append(f"{where}: autofit is not off")
        insets = tuple(int(body_pr.get(k, d)) for k, d in (("lIns", 91440), ("tIns", 45720),
                                                           ("rIns", 91440), ("bIns", 45720)))
    left, top, right, bottom = insets
    box_width, box_height = (width - left - right) / 12700, (height - top - bottom) / 12700
    used = 0.0
    for index, p in enumerate(tx_body.findall(qn("a:p"))):
        runs, sizes = [], []
        for child in p:
            if child.tag in (qn("a:r"), qn("a:fld")):
                rpr = child.find(qn("a:rPr"))
                if rpr is None or rpr.get("sz") is None:
                    problems.append(f"{where}: a run without an explicit size")
                    continue
                sizes.append(int(rpr.get("sz")) / 100)
                runs.append(Run(child.findtext(qn("a:t")) or "", rpr.get("b") == "1",
                                rpr.get("i") == "1",
                                "x" if rpr.find(qn("a:hlinkClick")) is not None else None))
            elif child.tag == qn("a:br"):
                runs.append(Run("\n"))
        if not sizes:
            continue
        size = max(sizes)
        spacing = written_spacing(p, size)
        line, before = spacing.line * size, spacing.before * size
        para = Para(tuple(runs), level=1)
        lines, widest = fit.wrap(para, box_width, size, face, spacing)
        if widest > fit.line_room(para, box_width, size, spacing) + 0.01:
            problems.append(f"{where}: a word is wider than the box: {para.text[:40]!r}")
        used += lines * line + (before if index else 0)
    if used > box_height + 0.01:
        problems.append(f"{where}: text needs {used:.1f} pt, the box has {box_height:.1f} pt")
    return problems


def overflow(prs) -> list[str]:  # noqa: ANN001
    heading, body = deck_faces(prs)
    problems = []
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            where = f"slide {number} ({slide.name}) {shape.name}"
            if shape.has_text_frame and shape.text_frame.text.strip():
                is_title = shape.is_placeholder and shape.placeholder_format.type in (1, 3)
                problems += frame_problems(shape.text_frame._txBody, shape.width, shape.height,
                                           heading if is_title else body, where)
            if getattr(shape, "has_table", False) and shape.has_table:
                table = shape.table
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row.cells):
                        insets = (cell.margin_left, cell.margin_top, cell.margin_right,
                                  cell.margin_bottom)
                        problems += frame_problems(cell._tc.txBody, table.columns[c].width,
                                                   row.height, body, f"{where} cell {r},{c}",
                                                   insets)
    return problems


# ---------------------------------------------------------------------------------- every template


def test_slide_kinds_come_in_order(built: Built) -> None:
    found = kinds(built.prs)
    main = [k for k in found if k not in FOLLOWERS]
    squeezed = [k for i, k in enumerate(main) if i == 0 or main[i - 1] != k]
    assert squeezed == KINDS
    for index, kind in enumerate(found):  # a follower comes after a section or another one
        if kind in FOLLOWERS:
            assert found[index - 1] in FOLLOWERS | {"section"}, (index, kind)
    sections = [s.name.split(":")[1] for s in built.prs.slides if s.name.startswith("section:")]
    assert list(dict.fromkeys(sections)) == [s.id for s in built.document.sections if s.deck]
    assert built.rendered.summary.startswith(f"{len(found)} slides, ")


def test_every_slide_has_a_title_read_first_and_notes(built: Built) -> None:
    for slide in built.prs.slides:
        title = slide.shapes.title
        assert title is not None and title.text.strip(), slide.name
        first = next(el for el in slide.shapes._spTree.iterchildren()
                     if el.tag in (qn("p:sp"), qn("p:pic"), qn("p:graphicFrame")))
        assert first is title._element, f"{slide.name}: the title is not first in reading order"
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()


def test_section_notes_come_from_the_content(built: Built) -> None:
    notes = {s.name: s.notes_slide.notes_text_frame.text for s in built.prs.slides}
    for section in built.document.sections:
        if section.deck and section.notes:
            assert notes[f"section:{section.id}"].startswith(" ".join(section.notes.split()))


def cited_numbers(text: str) -> set[int]:
    """Every reference number in the citation marks of `text` ("[1,3]", "[5]")."""
    return {int(n) for mark in re.findall(r"\[(\d+(?:,\s?\d+)*)\]", text)
            for n in mark.split(",")}


def test_notes_cite_only_sources_the_slide_shows(built: Built) -> None:
    """A note the slide has no room for (a status note spoken instead of shown) keeps its
    sources visible: its citation numbers follow the status label on the slide. The table's
    caption, spoken when the slide has no room for it, is the one exception: it names the
    sources of whole columns, listed on the reference slides."""
    wrong = []
    for slide in built.prs.slides:
        if slide.name.startswith(("table", "references")):
            continue
        shown = " ".join(shape.text_frame.text for shape in slide.shapes
                         if shape.has_text_frame)
        spoken = slide.notes_slide.notes_text_frame.text
        if cited_numbers(spoken) - cited_numbers(shown):
            wrong.append((slide.name, sorted(cited_numbers(spoken) - cited_numbers(shown))))
    assert not wrong, wrong


def test_no_text_frame_is_fuller_than_its_box(built: Built) -> None:
    assert overflow(built.prs) == []


def test_pictures_have_the_content_alt_text_and_keep_their_shape(built: Built) -> None:
    prs = built.prs
    alts = []
    for slide in prs.slides:
        for pic in slide.shapes._spTree.iter(qn("p:pic")):
            descr = pic.find(f".//{qn('p:cNvPr')}").get("descr", "")
            assert descr and not re.search(r"\.(png|jpe?g|svg|gif)$", descr, re.I)
            alts.append(descr)
            src_rect = pic.find(f".//{qn('a:srcRect')}")
            assert src_rect is None or not src_rect.attrib, "picture is cropped"
            ext = pic.find(f".//{qn('a:xfrm')}/{qn('a:ext')}")
            blip = pic.find(f".//{qn('a:blip')}").get(qn("r:embed"))
            from PIL import Image

            image = Image.open(io.BytesIO(slide.part.related_part(blip).blob))
            shown = int(ext.get("cx")) / int(ext.get("cy"))
            assert shown == pytest.approx(image.width / image.height, rel=0.01)
    expected = [" ".join(s.image.alt.split()) for s in built.document.sections
                if s.deck and s.image]
    for alt in expected:
        assert alt in alts
    assert any(a.startswith("QR code") for a in alts)


def test_the_comparison_is_a_native_table_with_its_header_on_every_page(built: Built) -> None:
    comparison = built.document.comparison
    rows = []
    pages = [s for s in built.prs.slides if s.name.split(":")[0] == "table"]
    assert pages
    for slide in pages:
        tables = [shape for shape in slide.shapes if shape.has_table]
        assert len(tables) == 1
        table = tables[0].table
        header = [cell.text for cell in table.rows[0].cells]
        assert header == ["", *comparison.columns]
        rows += [row.cells[0].text for row in list(table.rows)[1:]]
    assert rows == [row.label for row in comparison.rows]


def test_the_disclaimer_is_shown_and_spoken(built: Built) -> None:
    text = squeeze(to_plain(built.document.disclaimer.text))
    slides = [s for s in built.prs.slides if s.name.startswith("disclaimer")]
    shown = squeeze("".join(shape.text_frame.text for s in slides for shape in s.shapes
                            if shape.has_text_frame))
    spoken = squeeze(slides[0].notes_slide.notes_text_frame.text)
    assert text in shown and text in spoken


def test_footer_date_and_slide_number_are_filled(built: Built) -> None:
    for number, slide in enumerate(built.prs.slides, start=1):
        fields = slide.shapes._spTree.findall(f".//{qn('a:fld')}")
        for field in fields:
            if field.get("type") == "slidenum":
                assert field.findtext(qn("a:t")) == str(number)
    section = next(s for s in built.prs.slides if s.name.startswith("section:"))
    footer_text = " ".join(sh.text_frame.text for sh in section.placeholders
                           if sh.placeholder_format.type in (15, 16))
    assert built.document.document.organisation.name in footer_text
    assert "2026" in footer_text


def test_template_slides_are_dropped_from_the_package(built: Built) -> None:
    with zipfile.ZipFile(io.BytesIO(built.rendered.data)) as archive:
        slides = [n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    assert len(slides) == len(built.prs.slides)
    assert b"_x000" not in xml


def test_libreoffice_renders_one_page_per_slide_with_its_text(built: Built,
                                                              pdf_text: list[str]) -> None:
    prs = built.prs
    assert len(pdf_text) == len(prs.slides)
    for slide, page in zip(prs.slides, pdf_text, strict=True):
        drawn = squeeze(page)
        assert squeeze(slide.shapes.title.text) in drawn, slide.name
        frames = [shape.text_frame for shape in slide.shapes if shape.has_text_frame]
        frames += [cell.text_frame for shape in slide.shapes if shape.has_table
                   for row in shape.table.rows for cell in row.cells]
        for frame in frames:
            for paragraph in frame.paragraphs:
                assert squeeze(paragraph.text) in drawn, (slide.name, paragraph.text)


# ---------------------------------------------------------------------------------- one template


def test_two_builds_are_byte_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    first = render(MINIMAL).data
    assert render(MINIMAL).data == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 15, 0, 0, 0)}
        assert archive.namelist()[0] == "[Content_Types].xml"
        core = archive.read("docProps/core.xml").decode()
    assert "2026-01-15T00:00:00Z" in core and "<cp:revision>1</cp:revision>" in core
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    epoch = render(MINIMAL).data
    assert epoch != first and render(MINIMAL).data == epoch


def test_the_plan_predicts_the_deck() -> None:
    document, source = load(SAMPLE)
    plans = deck_plan(document, context_for(SAMPLE, "default", source))
    prs = Presentation(io.BytesIO(render(SAMPLE).data))
    assert [p.name for p in plans] == [s.name for s in prs.slides]
    assert [p.title for p in plans] == [s.shapes.title.text for s in prs.slides]


def test_the_brand_colours_the_theme() -> None:
    document, _ = load(SAMPLE)
    prs = Presentation(io.BytesIO(render(SAMPLE).data))
    theme = etree.fromstring(prs.slide_masters[0].part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme").blob)
    accent1 = theme.find(f".//{{{A}}}accent1/{{{A}}}srgbClr").get("val")
    assert accent1 == document.brand.colours.primary.lstrip("#").upper()
    assert theme_fonts(prs)[1] == "Noto Sans"


def test_a_long_list_continues_on_a_cont_slide() -> None:
    document, _ = load(MINIMAL)
    points = [f"Point {n}: a key point that takes a good part of a line" for n in range(40)]
    sections = [document.sections[0].model_copy(update={"key_points": points}),
                *document.sections[1:]]
    prs = Presentation(io.BytesIO(render(MINIMAL, document=document.model_copy(
        update={"sections": sections})).data))
    names = [s.name for s in prs.slides if s.name.startswith("section:what-is-prp")]
    assert len(names) >= 2 and names[1] == "section:what-is-prp:2"
    titles = [s.shapes.title.text for s in prs.slides if s.name in names]
    assert titles[0] == "What is PRP?" and all(t.endswith("(cont.)") for t in titles[1:])
    shown = "\n".join(s.placeholders[1].text_frame.text if 1 in [p.placeholder_format.idx
                      for p in s.placeholders] else "" for s in prs.slides if s.name in names)
    assert all(point in shown for point in points)
    assert overflow(prs) == []


def test_text_powerpoint_refuses_is_cleaned() -> None:
    document, _ = load(MINIMAL)
    dirty = document.sections[0].model_copy(update={
        "title": "What\x0b is\x01 PRP?\ufffe",
        "key_points": ["Made from\x0c your own\x00 blood\ud800", "Spun\x1f to collect"],
        "notes": "Say\x0b this\x07 please"})
    data = render(MINIMAL, document=document.model_copy(
        update={"sections": [dirty, *document.sections[1:]]})).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                      if n.endswith(".xml"))
    assert "_x00" not in xml
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]", xml)
    prs = Presentation(io.BytesIO(data))
    slide = next(s for s in prs.slides if s.name == "section:what-is-prp")
    assert slide.shapes.title.text == "What is PRP?"


def test_right_to_left_languages_are_marked() -> None:
    document, _ = load(MINIMAL)
    meta = document.document.model_copy(update={"language": "ar"})
    data = render(MINIMAL, document=document.model_copy(update={"document": meta})).data
    prs = Presentation(io.BytesIO(data))
    section = next(s for s in prs.slides if s.name.startswith("section:"))
    paras = {"".join(p.itertext()): p.find(qn("a:pPr")) for shape in section.shapes
             if shape.has_text_frame for p in shape.text_frame._txBody.iter(qn("a:p"))}
    status = next(ppr for text, ppr in paras.items() if text.startswith("الوضع التنظيمي"))
    assert status.get("rtl") == "1" and status.get("algn") == "r"
    assert status.getparent().find(f".//{qn('a:rPr')}").get("lang") == "ar"
    # the untranslated English title is a Latin paragraph: left to right, still tagged Arabic
    body = section.shapes.title.text_frame._txBody
    ppr = body.find(f".//{qn('a:pPr')}")
    assert ppr.get("rtl") == "0" and ppr.get("algn") == "l"
    assert body.find(f".//{qn('a:rPr')}").get("lang") == "ar"
    number = next(ppr for text, ppr in paras.items() if text.isdigit())  # footer: deck direction
    assert number.get("rtl") == "1"


def test_a_missing_layout_is_an_error_listing_the_layouts(tmp_path: Path) -> None:
    prs = Presentation()
    for layout in list(prs.slide_layouts):
        if layout.name not in ("Title Only", "Blank"):
            prs.slide_layouts.remove(layout)
    template = tmp_path / "corporate.pptx"
    prs.save(template)
    with pytest.raises(TemplateError) as caught:
        render(MINIMAL, str(template))
    message = str(caught.value)
    assert "\n" not in message
    assert "has no layout for agenda slides" in message
    assert "its layouts are: 'Title Only', 'Blank'" in message


@pytest.mark.parametrize(("name", "content", "says"), [
    ("corporate.pptx", b"just some text\n", "this is not a PowerPoint file"),
    ("corporate.pptx", b"PK\x03\x04broken zip", "this file is damaged"),
    ("corporate.ppt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
     "this is an Office 97-2003 file"),
    ("corporate.pdf", b"%PDF-1.7\n", "this is a PDF, not a slide template"),
])
def test_a_file_that_is_not_a_pptx_is_one_plain_sentence(tmp_path: Path, name: str,
                                                          content: bytes, says: str) -> None:
    template = tmp_path / name
    template.write_bytes(content)
    with pytest.raises(TemplateError) as caught:
        render(MINIMAL, str(template))
    message = str(caught.value)
    assert f"{name}: {says}" in message
    assert "\n" not in message and "Error" not in message and "<_io" not in message


@pytest.mark.parametrize(("name", "parts", "says"), [
    ("letter.pptx", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"},
     "this is a Word document"),
    ("deck.odp", {"mimetype": "application/vnd.oasis.opendocument.presentation"},
     "this is an OpenDocument presentation"),
])
def test_a_zip_that_is_not_a_presentation_is_one_plain_sentence(tmp_path: Path, name: str,
                                                                 parts: dict, says: str) -> None:
    template = tmp_path / name
    with zipfile.ZipFile(template, "w") as archive:
        for part, text in parts.items():
            archive.writestr(part, text)
    with pytest.raises(TemplateError, match=rf"{re.escape(name)}: {says}"):
        render(MINIMAL, str(template))


@pytest.mark.parametrize("kind", ["potx", "pptm", "potm"])
def test_templates_and_macro_files_are_accepted_and_macros_dropped(tmp_path: Path,
                                                                   kind: str) -> None:
    from .fixtures.templates import corpus

    base = (Path(pptx.__file__).parent / "templates" / "default.pptx").read_bytes()
    data = corpus.as_template(base) if kind == "potx" else corpus.with_macros(kind)(base)
    template = tmp_path / f"corporate.{kind}"
    template.write_bytes(data)
    rendered = render(MINIMAL, str(template))
    with zipfile.ZipFile(io.BytesIO(rendered.data)) as archive:
        names = archive.namelist()
        types = archive.read("[Content_Types].xml").decode()
    assert not any("vbaProject" in n for n in names)
    assert "presentationml.presentation.main+xml" in types and "macroEnabled" not in types
    notices = [w.message for w in rendered.warnings if "macros" in w.message]
    assert notices == ([] if kind == "potx" else
                       ["the template's macros were dropped (decks are plain .pptx)"])


def test_a_picture_that_cannot_be_used_is_a_located_error(minimal_copy: Path) -> None:
    (minimal_copy.parent / "images" / "cell.png").write_bytes(b"not a png at all")
    with pytest.raises(ContentError) as caught:
        render(minimal_copy)
    message = str(caught.value)
    assert "\n" not in message
    assert re.match(r".*minimal\.yaml:\d+:\d+: sections\[0\]\.image\.src: cannot use this "
                    r"picture: 'cell\.png'", message)


def test_a_title_too_long_for_any_allowed_size_is_a_located_error() -> None:
    document, source = load(MINIMAL)
    long_title = " ".join(["Regenerative"] * 40)
    sections = [document.sections[0].model_copy(update={"title": long_title}),
                *document.sections[1:]]
    with pytest.raises(ContentError) as caught:
        render_pptx(document.model_copy(update={"sections": sections}),
                    context_for(MINIMAL, "default", source))
    message = str(caught.value)
    assert "\n" not in message
    assert re.search(r"minimal\.yaml:\d+:\d+: sections\[0\]\.title: too long for the slide's "
                     r"title even at 28 pt", message)


def test_a_word_too_wide_even_at_the_floor_is_broken_and_reported() -> None:
    document, source = load(MINIMAL)
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
    sections = [document.sections[0].model_copy(update={"key_points": [f"See {word}"]}),
                *document.sections[1:]]
    changed = document.model_copy(update={"sections": sections})
    context = context_for(MINIMAL, "default", source)
    rendered = render_pptx(changed, context)
    [warning] = [w for w in rendered.warnings if word[:40] in w.message]
    assert warning.level == "warning" and warning.yaml_path == "sections[0].key_points"
    assert warning.line > 1
    plan = next(p for p in deck_plan(changed, context) if p.name == "section:what-is-prp")
    assert plan.warnings == [warning]
    assert overflow(Presentation(io.BytesIO(rendered.data))) == []


def test_the_built_in_template_keeps_its_own_boxes() -> None:
    """Its boxes and artwork were placed together: nothing is inset or grown on it (the
    clearing and growing are for templates made by others)."""
    from builder.deck.template import load_template

    template = load_template("default")
    prs = template.open()
    for choice in template.choices.values():
        layout = prs.slide_masters[choice.master].slide_layouts[choice.index]
        placeholders = [ph for ph in layout.placeholders
                        if ph.element.ph.get("type") not in ("dt", "ftr", "sldNum")]
        for slot in choice.slots.values():
            if slot.position is None:
                continue
            ph = placeholders[slot.position]
            assert (slot.rect.left, slot.rect.top, slot.rect.width, slot.rect.height) == (
                ph.left, ph.top, ph.width, ph.height), (choice.key, slot.role)
