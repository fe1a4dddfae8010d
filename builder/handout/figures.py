"""Images for the printed page: resolved and checked before layout, their print resolution
measured after it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from markupsafe import Markup

from builder import figuretext, i18n, images
from builder.assets import AssetRefused
from builder.errors import ContentError, Problem
from builder.fields import section_images
from builder.handout.boxes import descendants
from builder.handout.metrics import template_metrics
from builder.handout.view import Figure, Prepared
from builder.located import YamlPath
from builder.model import Document
from builder.options import RenderContext
from builder.templates import brochure_search_path

MIN_PRINT_DPI = 150
"""Raster images printed at fewer dots per inch than this look soft; the build warns."""


def resolve_images(document: Document, context: RenderContext, printed: set[str],
                    ) -> tuple[dict[str, Figure], Figure | None]:
    """Resolve and check the logo and the images of the `printed` sections before rendering;
    every problem is reported at once, located at its `src`."""
    problems: list[Problem] = []
    figures: dict[str, Figure] = {}
    paper = context.options.paper or document.document.paper
    column_mm = template_metrics(tuple(brochure_search_path(context.options.brochure,
                                                            context.content_dir)),
                                 paper).text_width_mm
    logo: Figure | None = None
    if document.brand.logo:
        name = document.document.organisation.name
        logo = _figure(context, document.brand.logo,
                       i18n.Words(document.document.language)("logo", name=name), None, None,
                       ("brand", "logo"), problems)
    for path, key, image in section_images(document):
        if key.split("/")[0] not in printed:
            continue
        figure = _figure(context, image.src, image.alt, image.caption, image.credit,
                         (*path, "src"), problems)
        if figure and figure.file is not None:
            text = figuretext.figure_text(figure.file)
            wide = figuretext.print_width_mm(image.width, text, column_mm) >= column_mm
            figure = replace(figure, layout="full" if wide else "half",
                             placement=image.placement)
        if figure:
            figures[key] = figure
    if problems:
        raise ContentError(problems)
    return figures, logo


def _figure(context: RenderContext, src: str, alt: str, caption: str | None,
            credit: str | None, path: YamlPath, problems: list[Problem]) -> Figure | None:
    """One checked image, or None after recording why it cannot be used."""
    try:
        real = context.assets.resolve(src)
        if real.suffix.lower() not in {".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"}:
            raise AssetRefused(f"'{src}': not an image (use SVG, PNG or JPEG)")
        width, height, _dpi, mode = images.image_info(real)
    except AssetRefused as exc:
        problems.append(context.problem(path, str(exc)))
        return None
    # as_uri() percent-encodes the path, so the URL is safe in an attribute as it is
    return Figure(Markup(real.as_uri()), alt, caption, credit, width, height, mode != "SVG",
                  path, file=real)


def image_warnings(laid_out: Any, prepared: Prepared, context: RenderContext) -> list[Problem]:
    """Warn about raster images printed below `MIN_PRINT_DPI` at their laid-out size."""
    by_url = {f.url: f for f in prepared.figures}
    warned: set[str] = set()
    out: list[Problem] = []
    for page in laid_out.pages:
        for box in descendants(page._page_box):
            url = getattr(getattr(box, "image", None), "_url", None) or _box_src(box)
            figure = by_url.get(url or "")
            if not figure or not figure.is_raster or url in warned or not box.width:
                continue
            dpi = figure.width / (box.width / 96)
            if dpi < MIN_PRINT_DPI:
                warned.add(url)
                out.append(context.problem(figure.yaml_path,
                                    f"image prints at {dpi:.0f} dpi ({figure.width} px across "
                                    f"{box.width / 96 * 25.4:.0f} mm); {MIN_PRINT_DPI} dpi or "
                                    "more prints sharply", level="warning",
                                    rule="image-resolution"))
    return out


def _box_src(box: Any) -> str | None:
    element = getattr(box, "element", None)
    if element is not None and getattr(element, "tag", None) == "img" and \
            type(box).__name__.endswith("ReplacedBox"):
        return element.get("src")
    return None
