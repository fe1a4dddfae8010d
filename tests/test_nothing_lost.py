"""Nothing lost: a content file with every field of the model filled, each text a unique
marker, built into the handout, the tri-fold and the deck; every marker must appear in every
output the model declares for it (PDF text, slide text, speaker notes), read back from the
real files. The declarations are the model's (`builder.model_base.shown`), read by the one
walker (`builder.fields.walk`), so a new field is tested the moment it is declared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from pptx import Presentation

from builder import pipeline
from builder.fields import walk
from builder.loader import load
from builder.located import format_path
from builder.model_base import HANDOUT, NOTES, SLIDE, TRIFOLD, Kind, Place
from builder.options import BuildOptions
from builder.validate import validate

from .conftest import FIXTURES

MARKED = FIXTURES / "markers" / "all-fields.yaml"


def _set(data: object, path: tuple, value: str) -> None:
    for part in path[:-1]:
        data = data[part]  # type: ignore[index]
    data[path[-1]] = value  # type: ignore[index]


def marked_content(folder: Path) -> dict[str, tuple[frozenset[Place], str]]:
    """Copy the fixture into `folder` with every declared text replaced by a marker; return
    marker -> (the places the model declares for it, the field's YAML path)."""
    shutil.copytree(MARKED.parent, folder)
    path = folder / MARKED.name
    document = validate(load(path))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    declared: dict[str, tuple[frozenset[Place], str]] = {}
    for number, element in enumerate(walk(document)):
        if element.kind in (Kind.CITES, Kind.ALT) or not element.places:
            continue
        marker = f"QX{number:03d}Z"  # short: never hyphenated, never broken across lines
        _set(data, element.path, marker)
        declared[marker] = (element.places, format_path(element.path))
    data["checks"] = {"disable": ["disclaimer-missing"]}  # markers mention no approval status
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return declared


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        return " ".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def deck_texts(path: Path) -> tuple[str, str]:
    """(all slide text, all speaker notes) of a .pptx, read back with python-pptx."""
    slides, notes = [], []

    def shapes_text(shapes) -> None:  # noqa: ANN001 - python-pptx collection
        for shape in shapes:
            if shape.shape_type is not None and hasattr(shape, "shapes"):
                shapes_text(shape.shapes)
            if shape.has_text_frame:
                slides.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                slides.extend(cell.text for row in shape.table.rows for cell in row.cells)

    for slide in Presentation(str(path)).slides:
        shapes_text(slide.shapes)
        if slide.has_notes_slide:
            notes.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(slides), "\n".join(notes)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict[Place, str]]:
    folder = tmp_path_factory.mktemp("markers") / "content"
    declared = marked_content(folder)
    content = folder / MARKED.name
    out = folder.parent / "out"
    handout = pipeline.build(content, BuildOptions(out_dir=out, force=True))
    paths = {o.kind: o.path for o in handout.outputs}
    trifold = pipeline.build(content, BuildOptions(out_dir=out / "trifold", force=True,
                                                   brochure="trifold", outputs=("pdf",)))
    (trifold_pdf,) = [o.path for o in trifold.outputs]
    slides, notes = deck_texts(paths["pptx"])
    texts = {HANDOUT: pdf_text(paths["pdf"]), TRIFOLD: pdf_text(trifold_pdf), SLIDE: slides,
             NOTES: notes}
    return declared, texts, paths


def test_every_field_is_marked_and_declared_somewhere(built: tuple) -> None:
    declared, _texts, _paths = built
    assert len(declared) > 70  # the fixture really fills the model
    for place in (HANDOUT, TRIFOLD, SLIDE, NOTES):
            assert any(place in places for places, _ in declared.values()), place


@pytest.mark.parametrize("place", [HANDOUT, TRIFOLD, SLIDE, NOTES], ids=str)
def test_each_marker_reaches_every_output_declared_for_it(built: tuple, place: Place) -> None:
    declared, texts, _paths = built
    missing = sorted(f"{path} ({marker})" for marker, (places, path) in declared.items()
                     if place in places and marker not in texts[place])
    assert missing == [], f"declared for the {place} but not found there: {missing}"


def test_icon_arrays_are_vector_in_the_pdf_and_shapes_in_the_deck(built: tuple) -> None:
    """The outcome's people are drawn, not pictured: paths on the handout page that says the
    numbers in words, and a group of native shapes per arm on the slide, named by its words."""
    _declared, _texts, paths = built
    pdf = pdfium.PdfDocument(paths["pdf"])
    try:
        pages = [page for page in pdf if "Out of 100 " in page.get_textpage()
                 .get_text_range()]
        assert pages, "no page gives the outcome in words"
        drawn = sum(1 for obj in pages[0].get_objects(max_depth=8)
                    if obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH)
        assert drawn >= 2 * 100 * 2  # a head and a body per person, two arms
    finally:
        pdf.close()
    slides = [slide for slide in Presentation(str(paths["pptx"])).slides
              if any(shape.shape_type == 6 for shape in slide.shapes)]  # MSO_SHAPE_TYPE.GROUP
    assert len(slides) == 1
    groups = [shape for shape in slides[0].shapes if shape.shape_type == 6]
    assert len(groups) == 2
    for group in groups:
        # a label under each array says which group it shows, with its count
        under = [shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame
                 and shape.top >= group.top + group.height - 12700  # 1 pt
                 and shape.left < group.left + group.width
                 and group.left < shape.left + shape.width]
        assert any(" out of 100 " in text for text in under), under
        descr = group._element.find(".//{*}cNvPr").get("descr")
        assert descr.startswith("Out of 100 ")
        assert len(group.shapes) == 2 * 100
        filled = {str(shape.fill.fore_color.rgb) for shape in group.shapes}
        assert len(filled) == 2  # with the outcome, and without
