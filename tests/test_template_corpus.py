"""The sample deck on every template of the corpus (tests/fixtures/templates/corpus.json): real
templates made by other people and a few derived from them. Each must build (or, the one with
no usable layout, stop with one clear sentence); LibreOffice must convert every deck; and on
every slide the text must fit its box measured with the font the slide shows, nothing may sit
on the template's artwork, table text must have a contrast of at least 4.5:1, every slide has
a title and the title slide shows the medical-review line.

The corpus is generated once per test session (about 15 s: one LibreOffice call per format)
and every deck is converted in one LibreOffice call.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from builder.deck.artwork import BACKDROP_SHARE, BAND_ASPECT, BAND_SHAPES
from builder.deck.clearing import BACKDROP_COVER
from builder.deck.colours import MINIMUM_CONTRAST, contrast, palette
from builder.deck.geometry import Rect
from builder.errors import TemplateError
from builder.options import Rendered

from .conftest import SAMPLE, soffice_binary
from .fixtures.templates import corpus
from .test_deck import deck_faces, frame_problems, load, render

ENTRIES = {entry["id"]: entry for entry in corpus.entries()}
REQUIRED = {"potx", "4:3", "a4", "20in-wide", "non-english-names", "google-slides",
            "several-masters", "no-title-placeholder", "tiny-placeholders",
            "ellipse-picture-placeholder", "dark-table-style", "logo-on-master",
            "no-usable-layout"}


@dataclass
class Outcome:
    """The sample built on one corpus template: the deck, or the refusal."""

    template: Path
    rendered: Rendered | None = None
    refusal: str = ""

    @cached_property
    def prs(self):  # noqa: ANN201 - python-pptx Presentation, read once (tests only read it)
        assert self.rendered is not None
        return Presentation(io.BytesIO(self.rendered.data))


@pytest.fixture(scope="session")
def outcomes(corpus_files: dict[str, Path]) -> dict[str, Outcome]:
    results = {}
    for key, path in corpus_files.items():
        try:
            rendered = render(SAMPLE, str(path))
        except TemplateError as exc:
            results[key] = Outcome(path, refusal=str(exc))
            continue
        results[key] = Outcome(path, rendered)
    return results


@pytest.fixture(scope="session")
def conversion(outcomes: dict[str, Outcome], tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[tuple[subprocess.Popen, Path]]:
    """Every deck opened and saved again by LibreOffice (as OpenDocument) in one call, started
    in the background by the first measuring test so that it runs beside the measuring: it
    reads every slide of every deck at about half the cost of drawing them all to PDF (the
    README's contact sheet draws six of them)."""
    decks = tmp_path_factory.mktemp("corpus-odp")
    for key, outcome in outcomes.items():
        if outcome.rendered is not None:
            (decks / f"{key}.pptx").write_bytes(outcome.rendered.data)
    profile = tmp_path_factory.mktemp("lo-corpus-profile")
    process = subprocess.Popen([soffice_binary(), f"-env:UserInstallation=file://{profile}",
                                "--headless", "--convert-to", "odp", "--outdir", str(decks),
                                *sorted(str(p) for p in decks.glob("*.pptx"))],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield process, decks
    if process.poll() is None:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def converted(conversion: tuple[subprocess.Popen, Path]) -> dict[str, Path]:
    process, decks = conversion
    process.wait(timeout=900)
    return {p.stem: p for p in decks.glob("*.odp")}


def test_the_corpus_has_what_the_issue_asks_for(corpus_files: dict[str, Path]) -> None:
    """Coverage measured from the files, not taken from the manifest's word."""
    real = [k for k in corpus_files if ENTRIES[k]["how"] != "derived"]
    assert len(real) >= 25, real
    found: set[str] = set()
    for key, path in corpus_files.items():
        found |= traits(path)
        assert set(ENTRIES[key]["covers"]) - {"libreoffice", "powerpoint", "16:9", "calibri",
                                              "arial", "cambria", "times", "cjk-font",
                                              "repeated-idx", "large-master-sizes",
                                              "unmeasurable-font", "pptm", "potm",
                                              "dark-layout-variant"} <= traits(path), key
    assert found >= REQUIRED, REQUIRED - found


def traits(path: Path) -> set[str]:
    """What a template file is, read from it."""
    found = set()
    from builder.deck.package import presentation_bytes

    data, _ = presentation_bytes(path.read_bytes(), path.name)
    if path.suffix == ".potx":
        found.add("potx")
    prs = Presentation(io.BytesIO(data))
    width, height = int(prs.slide_width), int(prs.slide_height)
    if abs(width / height - 4 / 3) < 0.01:
        found.add("4:3")
    if abs(width - 10692000) < 40000 and abs(height - 7560000) < 40000:
        found.add("a4")
    if width >= 20 * 914400 - 10000:
        found.add("20in-wide")
    if len(prs.slide_masters) > 1:
        found.add("several-masters")
    names = [layout.name for m in prs.slide_masters for layout in m.slide_layouts]
    english = ("title", "content", "blank", "comparison", "caption", "section", "text",
               "picture", "centered", "header", "vertical", "only")
    if any(not any(w in n.lower() for w in english) for n in names):
        found.add("non-english-names")
    if "TITLE_AND_BODY" in names:
        found.add("google-slides")
    for master in prs.slide_masters:
        if any(el.tag == qn("p:pic") for el in master.shapes._spTree):
            found.add("logo-on-master")
        for layout in master.slide_layouts:
            types = [ph.element.ph.get("type", "obj") for ph in layout.placeholders]
            if types and not {"title", "ctrTitle"} & set(types) and {"body", "obj"} & set(types):
                found.add("no-title-placeholder")
            for ph in layout.placeholders:
                if types and ph.height and ph.height < 0.35 * 914400 and ph.element.ph.get(
                        "type", "obj") in ("body", "obj", "subTitle"):
                    found.add("tiny-placeholders")
                geom = ph.element.find(f"{qn('p:spPr')}/{qn('a:prstGeom')}")
                if ph.element.ph.get("type") == "pic" and geom is not None and geom.get(
                        "prst") == "ellipse":
                    found.add("ellipse-picture-placeholder")
        colours = palette(master)
        if contrast(colours.scheme_colour("tx1"), colours.scheme_colour("bg2")) < 1.5:
            found.add("dark-table-style")
    usable = any({"title", "ctrTitle"} & {ph.element.ph.get("type", "obj")
                                          for ph in layout.placeholders}
                 and {"body", "obj"} & {ph.element.ph.get("type", "obj")
                                        for ph in layout.placeholders}
                 for layout in prs.slide_layouts)
    if not usable:
        found.add("no-usable-layout")
    return found


@pytest.mark.parametrize("key", list(ENTRIES))
def test_the_sample_builds_or_is_refused_in_one_sentence(key: str,
                                                         outcomes: dict[str, Outcome]) -> None:
    if key not in outcomes:
        pytest.skip(f"{key}: its source is not on this machine")
    outcome = outcomes[key]
    if ENTRIES[key]["expect"] == "refused":
        assert outcome.rendered is None
        assert "\n" not in outcome.refusal and "Error" not in outcome.refusal
        assert "has no layout for" in outcome.refusal and "its layouts are:" in outcome.refusal
        return
    assert outcome.rendered is not None, outcome.refusal


@pytest.mark.parametrize("key", list(ENTRIES))
def test_every_slide_is_measured_clean(key: str, outcomes: dict[str, Outcome],
                                       conversion: tuple) -> None:
    outcome = outcomes.get(key)
    if outcome is None or outcome.rendered is None:
        pytest.skip("no deck")
    prs = outcome.prs
    document, _ = load(SAMPLE)
    problems = []
    heading, body = deck_faces(prs)
    for number, slide in enumerate(prs.slides, start=1):
        where = f"{key} slide {number} ({slide.name}, layout '{slide.slide_layout.name}')"
        title = slide.shapes.title
        if title is None or not title.text.strip():
            problems.append(f"{where}: no title")
        problems += text_problems(slide, heading, body, where)
        problems += artwork_problems(slide, prs, where)
        problems += contrast_problems(slide, where)
    reviewer = document.document.reviewer
    first = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    if reviewer and reviewer.name not in first:
        problems.append(f"{key}: the title slide does not show the review line")
    assert problems == []


def text_problems(slide, heading, body, where: str) -> list[str]:  # noqa: ANN001
    problems = []
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text.strip():
            is_title = shape.is_placeholder and shape.placeholder_format.type in (1, 3)
            problems += frame_problems(shape.text_frame._txBody, shape.width, shape.height,
                                       heading if is_title else body, f"{where} {shape.name}")
        if getattr(shape, "has_table", False) and shape.has_table:
            for r, row in enumerate(shape.table.rows):
                for c, cell in enumerate(row.cells):
                    insets = (cell.margin_left, cell.margin_top, cell.margin_right,
                              cell.margin_bottom)
                    problems += frame_problems(cell._tc.txBody, shape.table.columns[c].width,
                                               row.height, body, f"{where} cell {r},{c}", insets)
    return problems


def drawn(tree, slide_area: int) -> list[tuple[Rect, bool]]:  # noqa: ANN001
    """Pictures and visible shapes a master or layout draws (not placeholders, not
    slide-sized backgrounds), each with whether it is a plain filled rectangle (a band)."""
    rects = []
    for element in tree:
        if element.tag not in (qn("p:sp"), qn("p:pic"), qn("p:grpSp"), qn("p:cxnSp"),
                               qn("p:graphicFrame")):
            continue
        if element.find(f".//{qn('p:nvPr')}/{qn('p:ph')}") is not None and element.tag == qn(
                "p:sp"):
            continue
        xfrm = next(element.iter(qn("a:xfrm")), None)
        if xfrm is None or xfrm.find(qn("a:off")) is None:
            continue
        if element.tag == qn("p:sp") and not shows(element):
            continue
        off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
        rect = Rect(int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
        geometry = element.find(f"{qn('p:spPr')}/{qn('a:prstGeom')}")
        filled = any(element.find(f"{qn('p:spPr')}/{qn(tag)}") is not None
                     for tag in ("a:solidFill", "a:gradFill"))
        band = (element.tag == qn("p:sp") and geometry is not None
                and geometry.get("prst") in BAND_SHAPES and filled) or (
            element.tag == qn("p:pic") and rect.width >= BAND_ASPECT * rect.height)
        if 0 < rect.area < BACKDROP_SHARE * slide_area:
            rects.append((rect, band))
    return rects


def shows(sp) -> bool:  # noqa: ANN001
    """A shape with a fill, a visible outline or text shows on the slide."""
    sp_pr = sp.find(qn("p:spPr"))
    if any(sp_pr.find(qn(f"a:{tag}")) is not None for tag in ("solidFill", "gradFill",
                                                              "blipFill", "pattFill")):
        return True
    line = sp_pr.find(qn("a:ln"))
    if line is not None and line.find(qn("a:noFill")) is None:
        return True
    fill_ref = sp.find(f"{qn('p:style')}/{qn('a:fillRef')}")
    if fill_ref is not None and fill_ref.get("idx", "0") != "0" and sp_pr.find(
            qn("a:noFill")) is None:
        return True
    return bool("".join(sp.itertext()).strip())


def artwork_problems(slide, prs, where: str) -> list[str]:  # noqa: ANN001
    layout = slide.slide_layout
    area = int(prs.slide_width) * int(prs.slide_height)
    art = drawn(layout.shapes._spTree, area)
    if layout._element.get("showMasterSp", "1") not in ("0", "false"):
        art += drawn(layout.slide_master.shapes._spTree, area)
    problems = []
    for shape in slide.shapes:
        if shape.is_placeholder and shape.placeholder_format.type in (13, 15, 16):
            continue  # date, footer and number sit where the template puts them
        shows_text = shape.has_text_frame and shape.text_frame.text.strip()
        is_table = getattr(shape, "has_table", False) and shape.has_table
        if not shows_text and not is_table and shape.shape_type != 13:  # 13: a picture
            continue
        box = Rect(int(shape.left), int(shape.top), int(shape.width), int(shape.height))
        for rect, band in art:
            overlap = box.intersection(rect)
            if band and overlap and overlap.area >= BACKDROP_COVER * box.area:
                continue  # a band drawn for the text to sit on
            if overlap and overlap.area > 0.01 * rect.area:
                problems.append(f"{where}: {shape.name} overlaps artwork at "
                                f"{rect.left / 914400:.2f},{rect.top / 914400:.2f} in")
    return problems


def contrast_problems(slide, where: str) -> list[str]:  # noqa: ANN001
    colours = palette(slide.slide_layout.slide_master, slide.slide_layout)
    problems = []
    for shape in slide.shapes:
        if not (getattr(shape, "has_table", False) and shape.has_table):
            continue
        for r, row in enumerate(shape.table.rows):
            for c, cell in enumerate(row.cells):
                fill = colours.resolve(cell._tc.tcPr.find(qn("a:solidFill")))
                for rpr in cell._tc.iter(qn("a:rPr")):
                    text = colours.resolve(rpr.find(qn("a:solidFill"))) or colours.scheme_colour(
                        "tx1")
                    ratio = contrast(text, fill or colours.scheme_colour("bg1"))
                    if ratio < MINIMUM_CONTRAST:
                        problems.append(f"{where}: table cell {r},{c} contrast {ratio:.2f}")
                        break
    return problems



# ---------------------------------------------------------------------------------- designer


def built(outcomes: dict[str, Outcome], key: str) -> Outcome:
    if key not in outcomes or outcomes[key].rendered is None:
        pytest.skip(f"{key}: no deck")
    return outcomes[key]


def test_the_light_layout_the_template_uses_beats_a_dark_copy(
        outcomes: dict[str, Outcome]) -> None:
    prs = built(outcomes, "dark-variant").prs
    used = {slide.slide_layout.name for slide in prs.slides}
    assert "Title and Content Dark" not in used and "Title and Content" in used


def test_content_slides_keep_off_the_title_master(corpus_files: dict[str, Path],
                                                  outcomes: dict[str, Outcome]) -> None:
    """Where a template's own cover sits on a master that none of its content slides use,
    only the deck's title slide may use that master."""
    from builder.deck.package import presentation_bytes

    checked = 0
    for key, path in corpus_files.items():
        outcome = outcomes.get(key)
        if outcome is None or outcome.rendered is None:
            continue
        data, _ = presentation_bytes(path.read_bytes(), path.name)
        template = Presentation(io.BytesIO(data))
        if len(template.slides) < 2:
            continue
        masters = [s.slide_layout.slide_master.part.partname for s in template.slides]
        if masters[0] in masters[1:]:
            continue
        checked += 1
        deck = outcome.prs
        names = {m.part.partname: i for i, m in enumerate(template.slide_masters)}
        title_master = names[masters[0]]
        for slide in list(deck.slides)[1:]:
            index = next(i for i, m in enumerate(deck.slide_masters)
                         if m.part is slide.slide_layout.slide_master.part)
            assert index != title_master, f"{key}: {slide.name} sits on the title master"
    assert checked >= 5


@pytest.mark.parametrize("key", list(ENTRIES))
def test_pictures_only_in_rectangles_and_never_cropped(key: str,
                                                       outcomes: dict[str, Outcome]) -> None:
    from PIL import Image

    prs = built(outcomes, key).prs
    for slide in prs.slides:
        for pic in slide.shapes._spTree.iter(qn("p:pic")):
            src_rect = pic.find(f".//{qn('a:srcRect')}")
            assert src_rect is None or not src_rect.attrib, f"{slide.name}: cropped"
            geometry = pic.find(f"{qn('p:spPr')}/{qn('a:prstGeom')}")
            ph = pic.find(f".//{qn('p:nvPr')}/{qn('p:ph')}")
            if geometry is None and ph is not None:  # inherits its layout placeholder's outline
                layout_ph = next(p for p in slide.slide_layout.placeholders
                                 if p.element.ph.get("idx") == ph.get("idx"))
                geometry = layout_ph.element.find(f"{qn('p:spPr')}/{qn('a:prstGeom')}")
            assert geometry is None or geometry.get("prst") == "rect", slide.name
            ext = pic.find(f".//{qn('a:xfrm')}/{qn('a:ext')}")
            blip = pic.find(f".//{qn('a:blip')}").get(qn("r:embed"))
            image = Image.open(io.BytesIO(slide.part.related_part(blip).blob))
            shown = int(ext.get("cx")) / int(ext.get("cy"))
            assert shown == pytest.approx(image.width / image.height, rel=0.01), slide.name


@pytest.mark.parametrize("key", list(ENTRIES))
def test_the_template_keeps_its_theme_fonts_and_footers_stay_on_one_line(
        key: str, outcomes: dict[str, Outcome]) -> None:
    from .test_deck import theme_fonts

    outcome = built(outcomes, key)
    from builder.deck.package import presentation_bytes

    data, _ = presentation_bytes(outcome.template.read_bytes(), outcome.template.name)
    assert theme_fonts(outcome.prs) == theme_fonts(Presentation(io.BytesIO(data)))
    _, body = deck_faces(outcome.prs)
    from builder.deck import fit
    from builder.deck.fit import Para
    from builder.markup import Run

    for slide in outcome.prs.slides:
        for shape in slide.placeholders:
            if shape.placeholder_format.type in (15,) and shape.text_frame.text.strip():
                runs = [r for p in shape.text_frame.paragraphs for r in p.runs]
                size = runs[0].font.size.pt
                width = (shape.width - shape.text_frame.margin_left
                         - shape.text_frame.margin_right) / 12700
                lines, _ = fit.wrap(Para((Run(shape.text_frame.text),)), width, size, body)
                assert lines == 1, f"{slide.name}: footer on {lines} lines"


def test_a_large_template_keeps_its_large_type(outcomes: dict[str, Outcome]) -> None:
    """The 20 in wide template's master sets 66 pt titles and 42 pt text: the deck keeps that
    scale (shrinking only to fit), never the 36/24 pt meant for a 13.3 in slide."""
    prs = built(outcomes, "wide-20in").prs
    sizes = [run.font.size.pt for slide in prs.slides if slide.name.startswith("section:")
             for shape in slide.placeholders if shape.placeholder_format.type in (2, 7)
             for p in shape.text_frame.paragraphs for run in p.runs]
    assert sizes and min(sizes) >= 27  # the 18 pt floor at 1.5 times the scale
    titles = [slide.shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt
              for slide in prs.slides]
    assert max(titles) > 44


def test_a_mapping_file_beside_the_template_names_layouts(corpus_files: dict[str, Path],
                                                          tmp_path: Path) -> None:
    import json

    source = corpus_files["french-arial"]
    template = tmp_path / "clinique.pptx"
    template.write_bytes(source.read_bytes())
    mapping = tmp_path / "clinique.layouts.json"
    mapping.write_text(json.dumps({"layouts": {"section": "Deux contenus",
                                                "section-picture": "Deux contenus"}}),
                       encoding="utf-8")
    prs = Presentation(io.BytesIO(render(SAMPLE, str(template)).data))
    sections = {s.slide_layout.name for s in prs.slides if s.name.startswith("section:")}
    assert sections == {"Deux contenus"}
    mapping.write_text(json.dumps({"layouts": {"section": "Titre et contenus"}}),
                       encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render(SAMPLE, str(template))
    assert str(caught.value).startswith("clinique.layouts.json: layout 'Titre et contenus' "
                                        "for section slides is not in the template; its "
                                        "layouts are: 'Diapositive de titre', ")


@pytest.mark.parametrize("key", ["lo-yellow-idea", "german-century-gothic", "no-usable-layout"])
def test_check_with_slides_predicts_what_the_build_says(key: str, corpus_files: dict[str, Path],
                                                        outcomes: dict[str, Outcome]) -> None:
    """`brochure check --slides TEMPLATE` plans the deck without writing it: the template's
    warnings (or its refusal) are the build's."""
    from builder.checks import check_file
    from builder.options import BuildOptions

    report = check_file(SAMPLE, options=BuildOptions(slides=str(corpus_files[key])))
    predicted = {p.message for p in report.problems if p.rule == "slide-overflow"}
    outcome = outcomes[key]
    if outcome.rendered is None:
        assert predicted == {f"slide template: {outcome.refusal}"}
        return
    built_warnings = {w.message for w in outcome.rendered.warnings}
    assert built_warnings and built_warnings == predicted


def test_editing_the_mapping_file_rebuilds_the_deck(corpus_files: dict[str, Path],
                                                    tmp_path: Path) -> None:
    import json
    import shutil

    from builder.options import BuildOptions
    from builder.pipeline import build

    content = tmp_path / "data" / SAMPLE.name
    shutil.copytree(SAMPLE.parent, content.parent)
    template = tmp_path / "clinique.pptx"
    template.write_bytes(corpus_files["french-arial"].read_bytes())
    options = BuildOptions(out_dir=tmp_path / "out", outputs=("pptx",), slides=str(template))
    assert not build(content, options).outputs[0].skipped
    assert build(content, options).outputs[0].skipped
    (tmp_path / "clinique.layouts.json").write_text(
        json.dumps({"layouts": {"section": "Deux contenus"}}), encoding="utf-8")
    assert not build(content, options).outputs[0].skipped


@pytest.mark.parametrize("key", list(ENTRIES))
def test_libreoffice_converts_every_deck(key: str, outcomes: dict[str, Outcome],
                                         converted: dict[str, Path]) -> None:
    outcome = outcomes.get(key)
    if outcome is None or outcome.rendered is None:
        pytest.skip("no deck")
    assert key in converted, f"LibreOffice did not convert the deck on {key}"
    with zipfile.ZipFile(converted[key]) as archive:
        content = etree.fromstring(archive.read("content.xml"))
    pages = content.findall(".//{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}page")
    assert len(pages) == len(outcome.prs.slides)
    titles = [s.shapes.title.text for s in outcome.prs.slides]
    drawn = " ".join(content.itertext())
    assert all(" ".join(t.split()) in " ".join(drawn.split()) for t in titles)
