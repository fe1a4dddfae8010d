"""Incremental builds: an output is skipped only when everything it is made from is unchanged."""

from __future__ import annotations

from pathlib import Path

from builder.options import BuildOptions
from builder.pipeline import build


def rebuild_pdf(content: Path, out: Path) -> bool:
    """Build the PDF; True if it was rendered, False if skipped as unchanged."""
    (output,) = build(content, BuildOptions(out_dir=out, outputs=("pdf",))).outputs
    return not output.skipped


def test_a_brand_colour_change_rebuilds_the_pdf(minimal_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert rebuild_pdf(minimal_copy, out)
    before = (out / "minimal.pdf").read_bytes()
    assert not rebuild_pdf(minimal_copy, out)
    text = minimal_copy.read_text()
    minimal_copy.write_text(text.replace("brand:\n", 'brand:\n  colours: {primary: "#aa0000"}\n'))
    assert rebuild_pdf(minimal_copy, out)
    assert (out / "minimal.pdf").read_bytes() != before


def test_a_trifold_fingerprint_needs_no_layout(minimal_copy: Path, tmp_path: Path,
                                               monkeypatch) -> None:  # noqa: ANN001
    from builder.handout import render as handout

    out = tmp_path / "out"
    options = BuildOptions(out_dir=out, outputs=("pdf",), brochure="trifold")
    build(minimal_copy, options)
    calls: list[int] = []
    real_layout = handout.layout
    monkeypatch.setattr(handout, "layout", lambda *a: calls.append(1) or real_layout(*a))
    (output,) = build(minimal_copy, options).outputs
    assert output.skipped and calls == []


def test_a_notes_edit_after_a_title_edit_rewrites_the_deck_alone(sample_copy: Path,
                                                                 tmp_path: Path) -> None:
    """The sample (figures moved to fill holes, a table, a glossary): a title edit rebuilds
    both outputs; a notes edit of the file as saved then leaves the PDF's bytes and time alone
    and puts the new words in the deck's speaker notes."""
    from pptx import Presentation

    out = tmp_path / "out"
    options = BuildOptions(out_dir=out)
    pdf, deck = out / f"{sample_copy.stem}.pdf", out / f"{sample_copy.stem}.pptx"
    build(sample_copy, options)
    text = sample_copy.read_text(encoding="utf-8")
    title = "title: \"Regenerative therapies: what we know and what we don't\""
    assert title in text
    sample_copy.write_text(text.replace(title, title[:-1] + " (edited)\""), encoding="utf-8")
    report = build(sample_copy, options)
    assert {o.kind: o.skipped for o in report.outputs} == {"pdf": False, "pptx": False}
    pdf_bytes, pdf_time, deck_bytes = pdf.read_bytes(), pdf.stat().st_mtime_ns, deck.read_bytes()

    saved = sample_copy.read_text(encoding="utf-8")
    spoken = "Welcome, and thank you for coming."
    assert spoken in saved
    sample_copy.write_text(saved.replace(spoken, "Welcome, and thanks for coming."),
                           encoding="utf-8")
    report = build(sample_copy, options)
    assert {o.kind: o.skipped for o in report.outputs} == {"pdf": True, "pptx": False}
    assert pdf.read_bytes() == pdf_bytes and pdf.stat().st_mtime_ns == pdf_time
    assert deck.read_bytes() != deck_bytes
    notes = [s.notes_slide.notes_text_frame.text for s in Presentation(str(deck)).slides
             if s.has_notes_slide]
    assert any("Welcome, and thanks for coming." in n for n in notes)
    assert not any(spoken in n for n in notes)
