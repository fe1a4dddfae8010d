"""Half-empty slides, measured in the built decks (builder/deck/sparse.py).

Each deck is read back with python-pptx: a slide's body is its largest text shape that is not
the title or a footer, and the share of that box its text covers is measured with the deck's
own font at the sizes, line pitch and indents written in the file. The properties:

- a text slide of a section with a picture covers at least half its body box, or shows a
  picture;
- a call-out (not a warning) that is not on a slide of its own is on the slide before it in
  its section: its title and every point in that slide's body, which fits its box at 18 pt or
  more, with its notes (and cites only what the slide shows);
- a call-out still on its own slide could not join: neither it nor the slide before it is half
  empty, there is no text slide before it, or both texts together do not fit at the floor;
- a warning keeps its own slide, titled as the content says.

On the sample, the second content file (en and es), that file with pictures in two more
sections (its warning's and its questions'), on the built-in template and on corpus templates.
"""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pptx import Presentation
from pptx.oxml.ns import qn

from builder.deck import fit, render_pptx
from builder.deck.fit import Para, Spacing
from builder.deck.sparse import HALF
from builder.deck.typeface import Typeface
from builder.i18n import Words
from builder.markup import Run, to_plain
from builder.model import Document
from builder.options import BuildOptions
from builder.pipeline import context_for, load_document

from .conftest import FIXTURES, SAMPLE
from .test_deck import deck_faces, frame_problems, squeeze, written_spacing

CLINIC = FIXTURES / "print" / "sleep-apnoea.yaml"
CORPUS = ("google-slides", "python-pptx-default", "lo-focus", "french-arial")
"""Corpus templates (tests/fixtures/templates/corpus.json) of other sizes, fonts and layouts."""
FLOOR = 18.0
LATENT = {13, 15, 16}
"""Placeholder types of the slide number, footer and date."""
TITLES = {1, 3}


@dataclass
class Deck:
    document: Document
    prs: object
    """A python-pptx Presentation."""


def pictured_copy(folder: Path) -> Path:
    """The second content file with the section picture also on the section with a warning
    and on the one whose questions join its slide."""
    shutil.copytree(CLINIC.parent, folder, dirs_exist_ok=True)
    path = folder / CLINIC.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    picture = data["sections"][0]["image"]
    for section in data["sections"]:
        if section.get("callout", {}).get("kind") in ("warning", "questions"):
            section["image"] = dict(picture, caption=None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build(content: Path, language: str | None = None, slides: str = "default") -> Deck:
    loaded = load_document(content, language)
    options = BuildOptions(language=language, outputs=("pptx",), slides=slides)
    data = render_pptx(loaded.document, context_for(content, options, loaded.source)).data
    return Deck(loaded.document, Presentation(io.BytesIO(data)))


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Deck]:
    pictured = pictured_copy(tmp_path_factory.mktemp("pictured"))
    return {"sample": build(SAMPLE), "clinic-en": build(CLINIC), "clinic-es": build(CLINIC, "es"),
            "pictured": build(pictured)}


@pytest.fixture(scope="module")
def corpus_decks(corpus_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
                 ) -> dict[str, Deck]:
    pictured = pictured_copy(tmp_path_factory.mktemp("pictured-corpus"))
    return {f"{name}@{key}": build(content, slides=str(corpus_files[key]))
            for key in CORPUS for name, content in (("clinic", CLINIC), ("pictured", pictured))}


# ---------------------------------------------------------------------------------- reading


def body_shape(slide):  # noqa: ANN001, ANN201 - python-pptx objects
    """The slide's largest text shape with text, other than its title and footers."""
    candidates = [shape for shape in slide.shapes if shape.has_text_frame
                  and shape.text_frame.text.strip()
                  and not (shape.is_placeholder
                           and shape.placeholder_format.type in TITLES | LATENT)]
    return max(candidates, key=lambda shape: shape.width * shape.height, default=None)


def written(shape) -> tuple[list[tuple[Para, float, Spacing]], float, float]:  # noqa: ANN001
    """A text shape's paragraphs as written (each with its size and spacing), and its text
    box's width and height in points once the insets are taken off."""
    body_pr = shape.text_frame._txBody.find(qn("a:bodyPr"))
    left, top, right, bottom = (int(body_pr.get(k, d)) for k, d in (
        ("lIns", 91440), ("tIns", 45720), ("rIns", 91440), ("bIns", 45720)))
    paras = []
    for p in shape.text_frame._txBody.findall(qn("a:p")):
        runs, sizes = [], []
        for r in p.findall(qn("a:r")):
            rpr = r.find(qn("a:rPr"))
            sizes.append(int(rpr.get("sz")) / 100)
            runs.append(Run(r.findtext(qn("a:t")) or "", rpr.get("b") == "1",
                            rpr.get("i") == "1"))
        if not runs:
            continue
        size = max(sizes)
        paras.append((Para(tuple(runs), level=1), size, written_spacing(p, size)))
    return (paras, (shape.width - left - right) / 12700, (shape.height - top - bottom) / 12700)


def covered(shape, face: Typeface) -> float:  # noqa: ANN001
    """The share of a text box its words cover: each paragraph's words' width (plus its indent
    on every line) times its lines' pitch, over the box's area."""
    paras, width, height = written(shape)
    area = 0.0
    for para, size, spacing in paras:
        lines, _ = fit.wrap(para, width, size, face, spacing)
        words = sum(face.width(run.text, size, bold=run.bold, italic=run.italic)
                    for run in para.runs)
        indent = spacing.indent * size
        area += min(words + indent * lines, width * lines) * spacing.line * size
    return area / (width * height)


def fits_at_floor(paras: list[tuple[Para, float, Spacing]], width: float, height: float,
                  face: Typeface, floor: float) -> bool:
    """Whether paragraphs (with their spacing as written, in em) fit a box at `floor` pt, set
    one after another (the gap before a paragraph is the widest written: a first paragraph is
    written without one)."""
    used, before = 0.0, max(spacing.before for _, _, spacing in paras)
    for index, (para, _size, spacing) in enumerate(paras):
        lines, _ = fit.wrap(para, width, floor, face, spacing)
        used += floor * (lines * spacing.line + (before if index else 0.0))
    return used + floor * Spacing().bottom_reserve <= height


def has_picture(slide) -> bool:  # noqa: ANN001
    """A picture, free-standing or in a picture placeholder."""
    return any(shape._element.tag == qn("p:pic") for shape in slide.shapes)


def series(slide) -> tuple[str, str]:  # noqa: ANN001
    kind, _, rest = slide.name.partition(":")
    return kind, rest.split(":")[0]


def section_slides(prs, section_id: str) -> list:  # noqa: ANN001
    """The section's text slides in order: its own, its call-out's and its steps'."""
    return [slide for slide in prs.slides
            if series(slide) in {(k, section_id) for k in ("section", "callout", "steps")}]


def receiver_before(prs, callout_slide):  # noqa: ANN001, ANN201
    """The text slide of the call-out's section just before it, or None."""
    before = [s for s in section_slides(prs, series(callout_slide)[1])
              if s.slide_id != callout_slide.slide_id]
    slides = list(prs.slides)
    position = slides.index(callout_slide)
    earlier = [s for s in before if slides.index(s) < position]
    return earlier[-1] if earlier else None


def cited(text: str) -> set[str]:
    return set(re.findall(r"\[(\d+)\]", text))


def shown(text: str, language: str) -> str:
    return squeeze(to_plain(text, language=language))


def every_deck(decks: dict[str, Deck], corpus_decks: dict[str, Deck]) -> dict[str, Deck]:
    return {**decks, **corpus_decks}


# ---------------------------------------------------------------------------------- properties


def test_a_pictured_sections_text_slides_are_filled_or_show_a_picture(
        decks: dict[str, Deck], corpus_decks: dict[str, Deck]) -> None:
    empty, pictured = [], 0
    for name, deck in every_deck(decks, corpus_decks).items():
        _, body = deck_faces(deck.prs)
        for section in deck.document.sections:
            if section.image is None:
                continue
            for slide in section_slides(deck.prs, section.id):
                pictured += has_picture(slide)
                shape = body_shape(slide)
                if has_picture(slide) or shape is None:
                    continue
                share = covered(shape, body)
                if share < HALF:
                    empty.append(f"{name}: {slide.name} covers {share:.0%} of its body")
    assert empty == []
    assert pictured


def test_a_joined_call_out_keeps_its_text_fits_and_is_spoken(
        decks: dict[str, Deck], corpus_decks: dict[str, Deck]) -> None:
    joined = 0
    for name, deck in every_deck(decks, corpus_decks).items():
        _, face = deck_faces(deck.prs)
        language = deck.document.document.language
        names = {slide.name for slide in deck.prs.slides}
        for section in deck.document.sections:
            callout = section.callout
            if callout is None or not section.deck or f"callout:{section.id}" in names:
                continue
            joined += 1
            assert callout.kind != "warning", f"{name}: a warning lost its own slide"
            holders = [s for s in section_slides(deck.prs, section.id)
                       if all(shown(item, language) in squeeze(body_shape(s).text_frame.text)
                              for item in callout.items)]
            assert len(holders) == 1, f"{name}: {section.id}'s call-out points are not on a slide"
            slide = holders[0]
            shape = body_shape(slide)
            title = callout.title or Words(language)(callout.kind)
            assert shown(title, language) in squeeze(shape.text_frame.text)
            paragraphs, _, _ = written(shape)
            assert min(size for _, size, _ in paragraphs) >= FLOOR
            where = f"{name} {slide.name}"
            assert frame_problems(shape.text_frame._txBody, shape.width, shape.height, face,
                                  where) == []
            notes = slide.notes_slide.notes_text_frame.text
            assert all(squeeze(to_plain(item, language=language)) in squeeze(notes)
                       for item in callout.items)
            spoken = " ".join(to_plain(item, language=language) for item in callout.items)
            on_slide = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
            assert cited(spoken) <= cited(on_slide), where  # the call-out cites what it shows
    assert joined


def test_a_call_out_on_its_own_slide_could_not_join(
        decks: dict[str, Deck], corpus_decks: dict[str, Deck]) -> None:
    could = []
    for name, deck in every_deck(decks, corpus_decks).items():
        _, face = deck_faces(deck.prs)
        for slide in deck.prs.slides:
            kind, section_id = series(slide)
            section = next((s for s in deck.document.sections if s.id == section_id), None)
            if kind != "callout" or section is None or section.callout.kind == "warning":
                continue
            if len([s for s in deck.prs.slides if series(s) == (kind, section_id)]) > 1:
                continue  # two slides of call-out are not short
            receiver = receiver_before(deck.prs, slide)
            if receiver is None or body_shape(receiver) is None:
                continue
            own, target = body_shape(slide), body_shape(receiver)
            if min(covered(own, face), covered(target, face)) >= HALF:
                continue
            paras, width, height = written(target)
            heading = (Para((Run(slide.shapes.title.text, bold=True),), level=1),
                       FLOOR, paras[-1][2])
            if fits_at_floor([*paras, heading, *written(own)[0]], width, height, face, FLOOR):
                could.append(f"{name}: {slide.name} would fit on {receiver.name}")
    assert could == []


def test_a_warning_keeps_its_own_slide(decks: dict[str, Deck],
                                       corpus_decks: dict[str, Deck]) -> None:
    warnings = 0
    for name, deck in every_deck(decks, corpus_decks).items():
        slides = {slide.name: slide for slide in deck.prs.slides}
        for section in deck.document.sections:
            if section.callout is None or section.callout.kind != "warning":
                continue
            warnings += 1
            slide = slides.get(f"callout:{section.id}")
            assert slide is not None, f"{name}: {section.id}'s warning has no slide of its own"
            words = Words(deck.document.document.language)
            title = section.callout.title or words(section.callout.kind)
            assert squeeze(slide.shapes.title.text) == squeeze(title), name
    assert warnings


def test_a_call_out_with_line_breaks_inside_its_text_is_measured(tmp_path: Path) -> None:
    """A vertical tab or line feed inside a point (found by tests/hostile/test_properties.py:
    `"0  \\v0"`) reached the font measure whole, and Pillow's layout failed
    (`raqm_layout() failed`): the deck was not built."""
    shutil.copytree(SAMPLE.parent, tmp_path, dirs_exist_ok=True)
    path = tmp_path / SAMPLE.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    section = next(s for s in data["sections"] if s.get("callout"))
    section["callout"]["items"] = ["0  \v0", "Ask\nyour doctor"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    deck = build(path)
    text = " ".join(shape.text_frame.text for slide in deck.prs.slides for shape in slide.shapes
                    if shape.has_text_frame)
    assert "Ask" in text and "doctor" in text
