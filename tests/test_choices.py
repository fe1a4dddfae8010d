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
from tests.conftest import SLEEP_APNOEA, searched_pdf


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


def searched(content: Path, share: float, cache_dir: Path,
             monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[int]]:
    """(the PDF's hash, the page count of every layout), searched with an empty cache and the
    back matter left out of the search when it leaves at most `share` of the HTML."""
    monkeypatch.setattr(render, "SHORTENED_SHARE", share)
    pages: list[int] = []
    data = searched_pdf(content, cache_dir, monkeypatch,
                        lambda _prepared, laid_out: pages.append(len(laid_out.pages)))
    return hashlib.sha256(data).hexdigest(), pages


@pytest.mark.parametrize("content", [Path("sample"), SLEEP_APNOEA], ids=["sample", "sleep"])
def test_searching_without_the_back_matter_chooses_the_same_pages(
        content: Path, sample_copy: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Figures and the table move only before the back matter, so the search may leave it out:
    forced here (any share) on two handouts, the chosen pages are the same as a search of the
    whole handout, and the tries were laid out shorter than the handout they chose."""
    content = sample_copy if content.name == "sample" else content
    whole, whole_pages = searched(content, 0.0, tmp_path / "whole", monkeypatch)
    short, short_pages = searched(content, 1.0, tmp_path / "short", monkeypatch)
    assert len(whole_pages) >= 2, "nothing moved: pick content that leaves holes"
    assert short == whole
    assert len(short_pages) == len(whole_pages) + 1 and short_pages[-1] == whole_pages[-1]
    assert max(short_pages[:-1]) < short_pages[-1], short_pages
