"""The web page as an output kind (see `builder.outputs`): `--only html` writes
`<stem>[.<lang>].html`, one self-contained file with the handout's content and citations.

Not built by default (a build stays PDF + deck); ask for it with `--only html` (or
`--only pdf,pptx,html`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from builder.options import BuildOptions, RenderContext, Rendered
from builder.outputs import Drawn, OutputKind

if TYPE_CHECKING:  # the model (pydantic) loads when a build needs it, not for `--help`
    from builder.model import Document


def _render(document: Document, context: RenderContext) -> Rendered:
    from builder.web.render import render_page

    return render_page(document, context)


def _fingerprint(document: Document, context: RenderContext) -> str:
    from builder.web.render import page_inputs

    return page_inputs(document, context)


def _template_dirs(_options: BuildOptions, content_dir: Path) -> list[Path]:
    from builder.web.render import search_path

    return search_path(content_dir)


def _files(document: Document, context: RenderContext) -> list[Path]:
    """The images and logo the document names, and every file of the web templates."""
    files = context.images_of(document)
    for folder in _template_dirs(context.options, context.content_dir):
        files.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
    return files


def _warm_up() -> None:
    import fontTools.subset  # noqa: F401 - the font subsetter, paid before the first build

    import builder.web.render  # noqa: F401


def _pictures(path: Path, dpi: int) -> Drawn:
    from builder.web.pictures import page_pictures

    return page_pictures(path, dpi)


KIND = OutputKind(
    name="html",
    suffix=".html",
    description="the accessible web page, one self-contained file",
    render=_render,
    fingerprint=_fingerprint,
    files=_files,
    template_dirs=_template_dirs,
    default=False,
    warm_up=_warm_up,
    pictures=_pictures,
    picture_prefix="web",
)
