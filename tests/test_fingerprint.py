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
