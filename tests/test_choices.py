"""Filling holes is remembered for exactly the handout it was searched for: a rebuild lays the
pages out once, and what was built before never changes what is built now."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from builder import cache
from builder.handout import render
from builder.options import BuildOptions
from builder.pipeline import context_for, load_document


def rendered(content: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
    """(the PDF's hash, how many times the pages were laid out), in a fresh load."""
    loaded = load_document(content)
    context = context_for(content, BuildOptions(), loaded.source)
    layouts: list[int] = []
    real = render.layout_once
    monkeypatch.setattr(render, "layout_once", lambda *a: layouts.append(1) or real(*a))
    data = render.render_pdf(loaded.document, context).data
    monkeypatch.setattr(render, "layout_once", real)
    return hashlib.sha256(data).hexdigest(), len(layouts)


def test_the_same_handout_is_laid_out_once(sample_copy: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    first, searched = rendered(sample_copy, monkeypatch)
    assert searched > 1, "the sample no longer leaves holes: pick content that does"
    again, once = rendered(sample_copy, monkeypatch)
    assert (again, once) == (first, 1)


def test_what_was_built_before_never_changes_the_output(
        sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered(sample_copy, monkeypatch)  # remembered for the unedited handout
    text = sample_copy.read_text(encoding="utf-8")
    sample_copy.write_text(text.replace("stem cells", "stem-cell products", 3))
    with_history, _ = rendered(sample_copy, monkeypatch)
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path / "empty"))
    cache.clear_memory()
    try:
        without, _ = rendered(sample_copy, monkeypatch)
    finally:
        cache.clear_memory()
    assert with_history == without
