"""The handout PDF as an output kind (see `builder.outputs`): its name, variants, fingerprint and
the files it reads. Brochure variants (tri-fold, large print, a clinic's own) are template
folders, not kinds: each gets its own file name from `variant`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from builder.options import BuildOptions, RenderContext, Rendered
from builder.outputs import Drawn, OutputKind
from builder.templates import brochure_search_path, inside

if TYPE_CHECKING:  # the model (pydantic) loads when a build needs it, not for `--help`
    from builder.model import Document

DEFAULT_BROCHURE = "handout"


def _render(document: Document, context: RenderContext) -> Rendered:
    from builder.handout.render import render_pdf

    return render_pdf(document, context)


def _fingerprint(document: Document, context: RenderContext) -> str:
    """The final HTML and the generated CSS: exactly what WeasyPrint is given besides files."""
    from builder.handout.render import layout_inputs

    return layout_inputs(document, context)


def _template_dirs(options: BuildOptions, content_dir: Path) -> list[Path]:
    return brochure_search_path(options.brochure, content_dir)


def _files(document: Document, context: RenderContext) -> list[Path]:
    """The images and logo the document names, and every file of the brochure template."""
    files = context.images_of(document)
    for folder in _template_dirs(context.options, context.content_dir):
        files.extend(sorted(p for p in folder.rglob("*") if p.is_file() and inside(p, folder)))
    return files


def _variant(document: Document, options: BuildOptions) -> list[str]:
    """`trifold`, `large-print` or a clinic folder's name; the paper when it is not the
    content's own; `print` for a print-shop file with bleed; `pdfa` for the archival form."""
    parts = []
    if options.brochure != DEFAULT_BROCHURE:
        parts.append(Path(options.brochure).name or "brochure")
    if options.paper and options.paper != document.document.paper:
        parts.append(options.paper)
    if options.bleed_mm > 0:
        parts.append("print")
    if options.pdf_variant != "pdf/ua-1":
        parts.append("pdfa")
    return parts


def _notices() -> list[str]:
    """WeasyPrint is ~8x slower writing PDFs without HarfBuzz's subsetter; say so once.

    Loaded the way WeasyPrint loads it (by its file names), not looked up with
    `ctypes.util.find_library`, which runs `ldconfig` (0.1 s of every build)."""
    import ctypes

    for name in ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib",
                 "libharfbuzz-subset-0.dll", "libharfbuzz-subset-0"):
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return []
    return ["libharfbuzz-subset0 is not installed; PDF font subsetting falls back to "
            "fontTools and is much slower (apt-get install libharfbuzz-subset0)"]


def _warm_up() -> None:
    import weasyprint  # noqa: F401 - about a second, paid before the first build

    import builder.handout.render  # noqa: F401


def _pictures(path: Path, dpi: int) -> Drawn:
    from builder.rasterise import pdf_pages, pdf_paper

    images = pdf_pages(path, dpi)
    plural = "s" * (len(images) != 1)
    landscape = bool(images) and images[0].width > images[0].height
    return Drawn(images, [f"Page {n}" for n in range(1, len(images) + 1)],
                 f"Handout · {len(images)} page{plural} · {pdf_paper(path)}",
                 300 if landscape else 228)


KIND = OutputKind(
    name="pdf",
    suffix=".pdf",
    description="the printed handout (or the brochure chosen with --brochure)",
    render=_render,
    fingerprint=_fingerprint,
    files=_files,
    template_dirs=_template_dirs,
    variant=_variant,
    options=("brochure", "paper", "bleed_mm", "pdf_variant"),
    rules=frozenset({"page-budget", "image-resolution", "body-size"}),
    measured=frozenset({"page-budget", "image-resolution"}),
    notices=_notices,
    warm_up=_warm_up,
    pictures=_pictures,
    picture_prefix="handout",
)
