"""Property-based tests over the content model: any document either builds, both outputs
reopening cleanly, or fails with a clean error (one located line per problem), never a crash.

Builds run in-process (`builder.pipeline.build`) to stay fast; the first property stops at
validation and runs many more examples, the second renders both outputs for fewer.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builder.errors import BrochureError
from tests.hostile.conftest import MINIMAL_DIR, assert_outputs_open

pytestmark = pytest.mark.filterwarnings(
    "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")
"""On a failure hypothesis imports libcst, whose import warns; with `filterwarnings = error`
that hides the falsifying example behind an INTERNALERROR."""

ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
"""Any text the YAML emitter can write: controls, non-characters, RTL, astral planes."""

MARKDOWN_BITS = st.text(alphabet=list("*_[]()`<>&#!\\-+.@;:|~{}%\"' \n\tab"), max_size=30)
"""Markdown and HTML punctuation in random order."""

PIECES = st.lists(st.sampled_from([
    "PRP", "stem cells", "**bold**", "*it*", "[@ref-a]", "[@nope]", "[site](https://e.org)",
    "[x](javascript:alert(1))", "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "\x0b",
    "\ufffe", "\U0001d518", "العلاج", "細胞", "- item", "1. first", "> quote", "\n\n",
    "x" * 300, "https://example.org/" + "a" * 80,
]), max_size=8).map(" ".join)

TEXT = st.one_of(ANY_TEXT, MARKDOWN_BITS, PIECES)
NONEMPTY = st.tuples(st.text(st.characters(categories=("L", "N", "P", "S")), min_size=1,
                             max_size=4), TEXT).map("".join)
"""Text that survives stripping (required fields)."""

SWITCHED_OFF = ["claim-uncited", "disclaimer-missing", "unknown-reference", "status-missing",
                "image-missing", "slide-overflow"]
"""Content rules that would stop most random documents before the renderers run."""


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A content file over the model, every optional part present or not."""
    sections = []
    for index in range(draw(st.integers(1, 3))):
        section: dict[str, Any] = {"id": f"s{index}", "title": draw(NONEMPTY)}
        if draw(st.booleans()):
            section["body"] = draw(TEXT)
        if draw(st.booleans()):
            section["key_points"] = draw(st.lists(TEXT, max_size=3))
        if draw(st.booleans()):
            section["notes"] = draw(TEXT)
        if draw(st.booleans()):
            section["callout"] = {"kind": draw(st.sampled_from(["key-facts", "questions",
                                                                 "warning", "tip"])),
                                  "items": draw(st.lists(TEXT, min_size=1, max_size=2))}
        if draw(st.booleans()):
            section["image"] = {"src": "images/cell.png", "alt": draw(NONEMPTY),
                                "caption": draw(TEXT)}
        sections.append(section)
    document: dict[str, Any] = {
        "title": draw(NONEMPTY), "date": "2026-01-15",
        "language": draw(st.sampled_from(["en", "es", "ar", "zh", "de"])),
        "organisation": {"name": draw(NONEMPTY)},
    }
    if draw(st.booleans()):
        document["subtitle"] = draw(TEXT)
    content: dict[str, Any] = {
        "document": document,
        "sections": sections,
        "references": [{"id": "ref-a", "authors": draw(NONEMPTY), "title": draw(NONEMPTY),
                        "source": "Journal", "year": 2020}],
        "disclaimer": {"text": draw(NONEMPTY)},
        "checks": {"disable": SWITCHED_OFF},
    }
    if draw(st.booleans()):
        content["key_messages"] = {"points": draw(st.lists(TEXT, min_size=1, max_size=3))}
    if draw(st.booleans()):
        content["glossary"] = [{"term": draw(NONEMPTY), "definition": draw(TEXT)}]
    if draw(st.booleans()):
        content["therapies"] = [{"id": "prp", "name": draw(NONEMPTY), "short_name": "PRP",
                                 "status": "off-label",
                                 "claims": [{"text": draw(TEXT), "evidence": "limited",
                                             "cite": ["ref-a"]}]}]
    if draw(st.booleans()):
        content["comparison"] = {"title": draw(NONEMPTY), "columns": ["A", "B"],
                                 "rows": [{"label": draw(NONEMPTY),
                                           "cells": [draw(TEXT), draw(TEXT)]}]}
    return content


def _assert_clean_error(error: BrochureError) -> None:
    lines = error.lines()
    assert lines, "an error without a message"
    for line in lines:
        assert "\n" not in line and "Traceback" not in line, line
    assert error.exit_code == 2


def _rule(error: BrochureError) -> str:
    """What stopped a build, for hypothesis' statistics (`--hypothesis-show-statistics`)."""
    first = error.lines()[0]
    return first[first.rfind("[") + 1:-1] if first.endswith("]") else first.split(": ", 1)[-1][:40]


def _folder() -> Path:
    root = Path(tempfile.mkdtemp(prefix="brochure-prop-"))
    shutil.copytree(MINIMAL_DIR / "images", root / "images")
    return root


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=documents())
def test_any_document_validates_or_fails_cleanly(content: dict[str, Any]) -> None:
    from builder.pipeline import load_document

    root = _folder()
    try:
        path = root / "doc.yaml"
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        try:
            load_document(path)
        except BrochureError as error:
            _assert_clean_error(error)
    finally:
        shutil.rmtree(root)


@settings(max_examples=150, deadline=None)
@given(raw=st.one_of(st.binary(max_size=300),
                     st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
                     st.lists(st.sampled_from(["document:", "  title: x", "- a", "[", "{", "&a",
                                               "*a", "!!str", "? ", ": ", "'", '"', "\t",
                                               "---", "...", "#", "|", ">", "\ufeff", "\x85"]),
                              max_size=20).map(lambda parts: "\n".join(parts).encode())))
def test_any_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    from builder.pipeline import load_document

    root = _folder()
    try:
        path = root / "doc.yaml"
        path.write_bytes(raw)
        try:
            load_document(path)
        except BrochureError as error:
            _assert_clean_error(error)
    finally:
        shutil.rmtree(root)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(content=documents())
def test_any_document_builds_or_fails_cleanly(content: dict[str, Any]) -> None:
    from builder.options import BuildOptions
    from builder.pipeline import build

    root = _folder()
    try:
        path = root / "doc.yaml"
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        out = root / "out"
        try:
            report = build(path, BuildOptions(out_dir=out, force=True))
        except BrochureError as error:
            _assert_clean_error(error)
            event(f"refused: {_rule(error)}")
            assert not out.exists() or not any(out.iterdir()), "a failed build wrote files"
            return
        if report.failed:  # one output stopped on a problem of its own; the other was written
            _assert_clean_error(BrochureError(report.errors))
            event(f"partly built: {', '.join(report.failed)} refused")
            written = {p.suffix for p in out.iterdir() if not p.name.startswith(".")}
            assert written == {o.path.suffix for o in report.outputs}
            return
        event("built")
        assert_outputs_open(out, stem="doc")
    finally:
        shutil.rmtree(root)
