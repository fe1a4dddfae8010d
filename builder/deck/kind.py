"""The seminar deck as an output kind (see `builder.outputs`): its name, fingerprint and the
files it reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from builder.options import BuildOptions, RenderContext, Rendered
from builder.outputs import Drawn, OutputKind
from builder.templates import inside, slides_template

if TYPE_CHECKING:  # the model (pydantic) loads when a build needs it, not for `--help`
    from builder.model import Document

DECK_IGNORES = {
    "sections": {"__all__": {"body", "patient_facing", "handout"}},
    "trifold": True,
    "checks": True,
    "document": {"page_budget", "paper", "reading_grade", "review_period_months"},
}
"""Fields the deck never shows: changing them leaves the deck as it is (but see `_reads`)."""


def _render(document: Document, context: RenderContext) -> Rendered:
    from builder.deck.render import render_pptx

    return render_pptx(document, context)


def _fingerprint(document: Document, context: RenderContext) -> str:
    return document.model_dump_json(exclude=DECK_IGNORES) + json.dumps(_reads(document))  # type: ignore[arg-type]


def _reads(document: Document) -> dict[str, object]:
    """What the deck takes from the fields it otherwise ignores: the section bodies the model
    declares shown on a slide (those without key points), and the reference numbers, which
    citations in the handout-only text set."""
    from builder.citations import reference_numbers
    from builder.fields import walk
    from builder.model_base import SLIDE, Kind

    return {"numbers": reference_numbers(document),
            "bodies": [e.text for e in walk(document) if e.kind == Kind.PROSE
                       and SLIDE in e.places]}


def _template_dirs(options: BuildOptions, _content_dir: Path) -> list[Path]:
    template = slides_template(options.slides)
    return [template] if template.is_dir() else []  # a user's .pptx grants no folder


def _template_files(options: BuildOptions) -> list[Path]:
    """A clinic's template file, and the layout mapping file beside it if there is one."""
    template = slides_template(options.slides)
    if template.is_dir():
        return []
    mapping = template.with_name(f"{template.stem}.layouts.json")
    return [template, mapping] if mapping.is_file() else [template]


def _files(document: Document, context: RenderContext) -> list[Path]:
    """The images and logo the document names, and the slide template's files."""
    files = context.images_of(document)
    for folder in _template_dirs(context.options, context.content_dir):
        files.extend(sorted(p for p in folder.rglob("*") if p.is_file() and inside(p, folder)))
    return files + _template_files(context.options)


def _warm_up() -> None:
    import builder.deck.render  # noqa: F401 - python-pptx and lxml


def _pictures(path: Path, dpi: int) -> Drawn:
    from builder.deck.preview import deck_pictures

    return deck_pictures(path, dpi)


KIND = OutputKind(
    name="pptx",
    suffix=".pptx",
    description="the seminar deck",
    render=_render,
    fingerprint=_fingerprint,
    files=_files,
    template_dirs=_template_dirs,
    template_files=_template_files,
    options=("slides",),
    rules=frozenset({"slide-overflow"}),
    measured=frozenset({"slide-overflow"}),
    warm_up=_warm_up,
    pictures=_pictures,
    picture_prefix="slide",
)
