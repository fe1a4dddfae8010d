"""The handout PDF, checked as a reader, a printer and a screen reader would meet it.

Tests assert properties of real outputs (text a reader sees, fonts in the file, page boxes,
structure tree), never golden bytes. The minimal fixture is rendered for most tests; the
sample once per module.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from builder import handout, images, loader, validate
from builder.assets import AssetPolicy
from builder.citations import citation_order
from builder.errors import ContentError, TemplateError
from builder.handout import printmarks
from builder.model import Document
from builder.options import BuildOptions, RenderContext, Rendered
from builder.templates import brochure_search_path
from tests.conftest import MINIMAL, SAMPLE

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
MM = 72 / 25.4


def context_for(content: Path, **options: Any) -> tuple[Document, RenderContext]:
    """The document and render context the pipeline would build for `content`."""
    source = loader.load(content)
    document = validate.validate(source)
    build = BuildOptions(**options)
    roots = brochure_search_path(build.brochure, content.resolve().parent)
    return document, RenderContext(content, build, AssetPolicy.for_content(content, *roots),
                                   source)


def render(content: Path, **options: Any) -> tuple[Document, Rendered]:
    document, context = context_for(content, **options)
    return document, handout.render_pdf(document, context)


def text_of(data: bytes) -> str:
    """Extracted text with whitespace runs collapsed (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def squash(text: str) -> str:
    """Compare text without spaces or hyphens, which line breaking adds or removes."""
    return re.sub(r"[\s\u00ad\u2010-]", "", text)


def line_of(path: Path, needle: str) -> int:
    return next(i for i, row in enumerate(path.read_text().splitlines(), 1) if needle in row)


@pytest.fixture(scope="module")
def minimal() -> tuple[Document, Rendered]:
    return render(MINIMAL)


@pytest.fixture(scope="module")
def sample() -> tuple[Document, Rendered]:
    if not SAMPLE.exists():
        pytest.skip("the sample content file is not there yet")
    return render(SAMPLE)


def assert_readable_print(document: Document, data: bytes) -> None:
    """Every section, table row and therapy is in the text; every cited source is listed."""
    text = squash(text_of(data))
    for section in document.sections:
        if section.handout:
            assert squash(section.title) in text, section.title
    assert document.comparison is not None
    for row in document.comparison.rows:
        assert squash(row.label) in text, row.label
    for therapy in document.therapies:
        assert squash(therapy.name) in text, therapy.name
    titles = {ref.id: ref.title for ref in document.references}
    for ref_id in set(citation_order(document)) & set(titles):
        assert squash(titles[ref_id]) in text, ref_id


# ------------------------------------------------------------------------- content and text


def test_minimal_has_all_content_and_sources(minimal: tuple[Document, Rendered]) -> None:
    document, rendered = minimal
    assert_readable_print(document, rendered.data)
    assert rendered.summary == "3 pages, A4"
    assert rendered.warnings == []


def test_sample_has_all_content_within_budget(sample: tuple[Document, Rendered]) -> None:
    document, rendered = sample
    assert_readable_print(document, rendered.data)
    pages = len(PdfReader(io.BytesIO(rendered.data)).pages)
    assert document.document.page_budget is None or pages <= document.document.page_budget
    assert [w.format() for w in rendered.warnings] == []


def test_footer_says_page_x_of_y(minimal: tuple[Document, Rendered]) -> None:
    reader = PdfReader(io.BytesIO(minimal[1].data))
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        text = " ".join((page.extract_text() or "").split())
        assert f"Page {number} of {pages}" in text
        assert "Test Clinic · Version 0.1, January 15, 2026" in text


def test_citations_link_to_listed_references() -> None:
    document, context = context_for(MINIMAL)
    html = handout.render_html(document, context)
    targets = set(re.findall(r'href="#(ref-[a-z0-9-]+)"', html))
    anchors = set(re.findall(r'id="(ref-[a-z0-9-]+)"', html))
    assert targets and targets <= anchors
    assert {f"ref-{i}" for i in citation_order(document)} <= anchors


def test_raw_html_and_template_syntax_in_content_are_text(minimal_copy: Path) -> None:
    text = minimal_copy.read_text().replace(
        "Bring these questions to your visit.",
        "Bring <script>alert(1)</script> and {{ doc }} {% if 1 %}x{% endif %} along.")
    minimal_copy.write_text(text)
    document, context = context_for(minimal_copy)
    html = handout.render_html(document, context)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    extracted = text_of(handout.render_pdf(document, context).data)
    assert "<script>alert(1)</script>" in extracted
    assert "{{ doc }} {% if 1 %}x{% endif %}" in extracted


def test_headings_are_never_last_on_a_page(sample: tuple[Document, Rendered]) -> None:
    document, context = context_for(SAMPLE)
    prepared = handout.prepare(document, context)
    _, laid_out, _ = handout.layout(prepared, context)
    kept = {"h1", "h2", "h3", "h4", "p", "li", "img", "tr", "dt", "dd"}
    for number, page in enumerate(laid_out.pages, 1):
        # a line to write on is what a write-in box's title heads (the box may continue)
        flow = ["line" if box.element.get("class") == "write-in-line" else box.element_tag
                for box in page._page_box.descendants()
                if (getattr(box, "element_tag", None) in kept or getattr(
                    box, "element_tag", None) == "div") and not box.is_running()
                and box.element is not None and box.element.get("class") != "running-footer"
                and (box.element_tag != "div" or box.element.get("class") == "write-in-line")]
        flow = [tag for tag in flow if tag]
        assert flow and flow[-1] not in {"h1", "h2", "h3", "h4"}, f"page {number} ends {flow[-3:]}"


# ------------------------------------------------------------------------- accessibility


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "img":
            self.images.append(dict(attrs))


@pytest.mark.parametrize("brochure", ["handout", "trifold"])
def test_headings_in_order_and_alt_on_every_image(brochure: str) -> None:
    document, context = context_for(MINIMAL, brochure=brochure)
    outline = _Outline()
    outline.feed(handout.render_html(document, context))
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    for before, after in zip(outline.headings, outline.headings[1:], strict=False):
        assert after <= before + 1, outline.headings
    assert outline.images and all(img.get("alt") for img in outline.images)


def test_tagged_pdf_with_language_and_title(minimal: tuple[Document, Rendered]) -> None:
    reader = PdfReader(io.BytesIO(minimal[1].data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "PRP in brief"


def test_fonts_embedded_and_qpdf_clean(minimal: tuple[Document, Rendered],
                                       tmp_path: Path) -> None:
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(minimal[1].data)
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row  # the "emb" column


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_pdf_a3b_variant_is_clean(tmp_path: Path) -> None:
    """WeasyPrint leaves its sRGB profile file open for PDF/A (a ResourceWarning, not ours)."""
    _, rendered = render(MINIMAL, pdf_variant="pdf/a-3b")
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(rendered.data)
    assert subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode == 0
    assert b"pdfaid" in PdfReader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data()


# ------------------------------------------------------------------------- paper and print


def page_size(data: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_a4_by_default(minimal: tuple[Document, Rendered]) -> None:
    assert page_size(minimal[1].data) == A4


def test_letter_from_option() -> None:
    _, rendered = render(MINIMAL, paper="letter")
    assert page_size(rendered.data) == LETTER
    assert rendered.summary.endswith("Letter")


def test_bleed_adds_bleed_and_slug_and_keeps_the_trim_box() -> None:
    _, rendered = render(MINIMAL, bleed_mm=3.0)
    width, height = page_size(rendered.data)
    assert width == pytest.approx(A4[0] + 2 * (3 + printmarks.SLUG_MM) * MM, abs=0.05)
    assert height == pytest.approx(A4[1] + 2 * (3 + printmarks.SLUG_MM) * MM, abs=0.05)
    page = PdfReader(io.BytesIO(rendered.data)).pages[0]
    assert (round(float(page.trimbox.width), 2), round(float(page.trimbox.height), 2)) == A4
    assert float(page.bleedbox.width) == pytest.approx(A4[0] + 6 * MM, abs=0.05)


# ------------------------------------------------------------------------- reproducible


def test_two_builds_are_byte_identical(minimal: tuple[Document, Rendered]) -> None:
    _, again = render(MINIMAL)
    assert again.data == minimal[1].data


def test_identical_across_processes(minimal: tuple[Document, Rendered], tmp_path: Path) -> None:
    """A fresh interpreter (another hash seed, cold caches) writes the same bytes."""
    script = ("import sys; from pathlib import Path; from tests.test_handout import render; "
              "sys.stdout.buffer.write(render(Path(sys.argv[1]))[1].data)")
    out = subprocess.run([sys.executable, "-c", script, str(MINIMAL)], capture_output=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent,
                         env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert out.stdout == minimal[1].data


def test_dates_come_from_content_or_source_date_epoch(minimal: tuple[Document, Rendered],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert PdfReader(io.BytesIO(minimal[1].data)).metadata["/CreationDate"] == \
        "D:20260115000000Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _, rendered = render(MINIMAL)
    assert PdfReader(io.BytesIO(rendered.data)).metadata["/CreationDate"] == \
        "D:20231114221320Z"


# ------------------------------------------------------------------------- content errors


def test_image_outside_the_folder_is_a_located_error(minimal_copy: Path) -> None:
    (minimal_copy.parent.parent / "outside.png").write_bytes(
        (minimal_copy.parent / "images" / "cell.png").read_bytes())
    text = minimal_copy.read_text().replace("src: images/cell.png", "src: ../outside.png")
    minimal_copy.write_text(text)
    document, context = context_for(minimal_copy)
    with pytest.raises(ContentError) as caught:
        handout.render_pdf(document, context)
    line = line_of(minimal_copy, "src: ../outside.png")
    assert caught.value.lines() == [
        f"{minimal_copy}:{line}:12: sections[0].image.src: '../outside.png': outside the "
        "content folder; only files inside it can be used"]


def test_damaged_image_is_a_located_error(minimal_copy: Path) -> None:
    image = minimal_copy.parent / "images" / "cell.png"
    image.write_bytes(image.read_bytes()[:300])
    document, context = context_for(minimal_copy)
    with pytest.raises(ContentError) as caught:
        handout.render_pdf(document, context)
    (line,) = caught.value.lines()
    assert "sections[0].image.src: 'cell.png': the image file is damaged" in line


def test_over_the_page_budget(minimal_copy: Path) -> None:
    minimal_copy.write_text(minimal_copy.read_text().replace("page_budget: 4", "page_budget: 2"))
    document, context = context_for(minimal_copy)
    with pytest.raises(ContentError) as caught:
        handout.render_pdf(document, context)
    (problem,) = caught.value.problems
    assert problem.rule == "page-budget"
    assert problem.line == line_of(minimal_copy, "page_budget: 2")
    assert problem.message == "handout has 3 pages; the page budget is 2"


def test_low_resolution_picture_is_a_warning(minimal_copy: Path) -> None:
    from PIL import Image

    Image.new("RGB", (120, 80), "teal").save(minimal_copy.parent / "images" / "cell.png")
    _, rendered = render(minimal_copy)
    (warning,) = rendered.warnings
    assert warning.rule == "image-resolution" and warning.yaml_path == "sections[0].image.src"
    assert "image prints at" in warning.message


# ------------------------------------------------------------------------- user templates


def user_template(root: Path, page: str, css: str | None = None) -> Path:
    folder = root / "clinic-brochure"
    folder.mkdir()
    (folder / "handout.html").write_text(page)
    if css is not None:
        (folder / "custom.css").write_text(css)
    return folder


def test_undefined_variable_names_the_template_file_and_line(tmp_path: Path) -> None:
    folder = user_template(tmp_path, '{% extends "base.html" %}\n{% block disclaimer %}\n'
                                     "<p>{{ clinic_motto }}</p>\n{% endblock %}\n")
    document, context = context_for(MINIMAL, brochure=str(folder))
    with pytest.raises(TemplateError) as caught:
        handout.render_pdf(document, context)
    (line,) = caught.value.lines()
    assert line == f"{folder / 'handout.html'}:3:1: template error: 'clinic_motto' is undefined " \
                   "[template]"


def test_syntax_error_names_the_template_file_and_line(tmp_path: Path) -> None:
    folder = user_template(tmp_path, '{% extends "base.html" %}\n\n{% block cover %}\n'
                                     "{% if %}\n{% endblock %}\n")
    document, context = context_for(MINIMAL, brochure=str(folder))
    with pytest.raises(TemplateError) as caught:
        handout.render_html(document, context)
    (line,) = caught.value.lines()
    assert line.startswith(f"{folder / 'handout.html'}:4:1: template syntax error: ")


def test_python_error_in_a_template_is_located(tmp_path: Path) -> None:
    folder = user_template(tmp_path, '{% extends "base.html" %}\n{% block cover %}\n\n'
                                     '{{ meta.version + 1 }}\n{% endblock %}\n')
    document, context = context_for(MINIMAL, brochure=str(folder))
    with pytest.raises(TemplateError) as caught:
        handout.render_html(document, context)
    (line,) = caught.value.lines()
    assert line.startswith(f"{folder / 'handout.html'}:4:1: template error: TypeError: ")


def test_user_block_override_is_used(tmp_path: Path) -> None:
    folder = user_template(tmp_path, '{% extends "base.html" %}\n{% block disclaimer %}'
                                     "<p>Ask us anything.</p>{% endblock %}\n")
    _, rendered = render(MINIMAL, brochure=str(folder))
    text = text_of(rendered.data)
    assert "Ask us anything." in text
    assert "PRP is not approved by the FDA for this use" not in text


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x.png", "file:///etc/passwd",
                                 "data:image/png;base64,AAAA", "../../outside.png"])
def test_template_css_cannot_fetch_anything_else(tmp_path: Path, url: str) -> None:
    outside = tmp_path / "outside.png"  # a real picture, two folders above the template
    outside.write_bytes((MINIMAL.parent / "images" / "cell.png").read_bytes())
    (tmp_path / "clinic").mkdir()
    folder = user_template(tmp_path / "clinic", '{% extends "base.html" %}\n',
                           css=f'body {{ background: url("{url}") }}\n')
    document, context = context_for(MINIMAL, brochure=str(folder))
    with pytest.raises(TemplateError) as caught:
        handout.render_pdf(document, context)
    shown = url if ":" in url else outside.as_uri()
    assert caught.value.lines() == [
        f"the brochure template refers to '{shown}': it may use only files in its own folders, "
        "the content's images and the shipped fonts (never URLs)"]


def test_template_may_use_its_own_picture(tmp_path: Path) -> None:
    folder = user_template(tmp_path, '{% extends "base.html" %}\n',
                           css='.cover-band { background-image: url("band.png") }\n')
    shutil.copy(MINIMAL.parent / "images" / "cell.png", folder / "band.png")
    _, rendered = render(MINIMAL, brochure=str(folder))
    assert rendered.warnings == []


def test_unknown_template_lists_the_known_ones() -> None:
    document, context = context_for(MINIMAL)
    context = RenderContext(context.content_path, BuildOptions(brochure="glossy"),
                            context.assets, context.source)
    with pytest.raises(TemplateError, match="brochure template 'glossy' not found; available: "
                                            ".*handout.*trifold"):
        handout.render_pdf(document, context)


# ------------------------------------------------------------------------- shared image checks


@pytest.mark.parametrize("svg", [
    '<!DOCTYPE svg [<!ENTITY a "x">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<image xlink:href="file:///etc/passwd"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><style>a{fill:url(http://x/y)}</style></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
])
def test_unsafe_svg_is_refused(tmp_path: Path, svg: str) -> None:
    path = tmp_path / "bad.svg"
    path.write_text(svg)
    with pytest.raises(images.ImageRefused, match="^'bad.svg': "):
        images.svg_to_png(path, 100)


def test_svg_to_png_keeps_the_aspect_ratio() -> None:
    from PIL import Image

    png = images.svg_to_png(MINIMAL.parent / "images" / "logo.svg", 400)
    with Image.open(io.BytesIO(png)) as picture:
        assert picture.size == (400, 120)
    assert images.image_info(MINIMAL.parent / "images" / "logo.svg") == (200, 60, None, "SVG")


# ------------------------------------------------------------------------- QR code


def qr_codes(data: bytes) -> list[str]:
    """Every QR code printed on the handout's pages, decoded from the pages drawn at 200 dpi
    (as a phone's camera would read it)."""
    zxingcpp = pytest.importorskip("zxingcpp")
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    found = []
    for page in document:
        image = page.render(scale=200 / 72).to_pil()
        found += [code.text for code in zxingcpp.read_barcodes(image)]
    return found


@pytest.mark.parametrize("web_address", [None, "https://clinic.example.org/prp-in-brief"])
def test_qr_code_leads_to_the_web_page_or_the_website(minimal_copy: Path,
                                                      web_address: str | None) -> None:
    if web_address:
        text = minimal_copy.read_text(encoding="utf-8")
        minimal_copy.write_text(text.replace("  page_budget: 4\n", "  page_budget: 4\n"
                                             f"  web_address: {web_address}\n"), "utf-8")
    _document, rendered = render(minimal_copy)
    assert qr_codes(rendered.data) == [web_address or "https://clinic.example.org"]
    printed = squash(text_of(rendered.data))
    if web_address:  # a reader without a phone can type it
        assert squash("Scan to read this online" + web_address.split("://")[1]) in printed
    else:
        assert squash("Scan to visit our website") in printed


def test_a_web_address_that_is_not_http_is_warned_about(minimal_copy: Path) -> None:
    text = minimal_copy.read_text(encoding="utf-8")
    minimal_copy.write_text(text.replace("  page_budget: 4\n", "  page_budget: 4\n"
                                         "  web_address: javascript:alert(1)\n"), "utf-8")
    _document, rendered = render(minimal_copy)
    assert [w.message for w in rendered.warnings if w.rule == "qr-code"] == [
        "no QR code to 'javascript:alert(1)': it is not an http(s) address"]
    assert qr_codes(rendered.data) == ["https://clinic.example.org"]
