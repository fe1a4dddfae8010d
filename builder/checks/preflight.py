"""Print preflight: what a print shop would send back. Body text too small to read, images that
are missing, unlabelled, in a colour mode print drivers mangle, or too coarse at printed size.

Images are only ever opened through `AssetPolicy` (the same rule the renderers follow), so a
content file cannot make `check` read `/dev/zero` or fetch a URL either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from builder.assets import AssetRefused
from builder.checks.registry import Context, rule
from builder.errors import Problem, TemplateError
from builder.fields import section_images
from builder.figuretext import FigureText, figure_text, print_width_mm
from builder.handout.metrics import ROOT_SELECTORS
from builder.located import YamlPath
from builder.templates import inside, read_template

MIN_BODY_PT = 12.0
"""Smallest body text for patients (GUIDE: 'Body text at least 12 pt')."""

MIN_DPI = 150.0
"""Lowest resolution, at printed size, that prints without visible pixels."""

FIGURE_SHARE = 1.0
"""Share of the text block's width a full-width figure prints at (`.figure-full` spans it). A
template may set the width itself with a `--column-width` custom property in its CSS."""

LOGO_WIDTH_MM = 60.0
"""Widest the handout prints the logo (the cover's `max-width`)."""

ROOT_PT = 12.0
"""What 1rem / 1em / 100% is when the template does not set a root font size (16 px)."""

PRINT_MODES = {"RGB", "RGBA", "L", "LA", "P"}
"""Pillow modes every PDF writer and print driver handles as expected."""


# ------------------------------------------------------------------------------- template CSS


@dataclass(frozen=True)
class Declaration:
    """One CSS declaration found in a template."""

    file: Path
    line: int
    column: int
    selector: str
    value: str


_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_BLOCK = re.compile(r"([^{}]*)\{([^{}]*)\}")
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(pt|px|mm|cm|in|pc|rem|em|%)?\s*$", re.IGNORECASE)
_TO_PT = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pc": 12.0}


def declarations(folders: tuple[Path, ...], name: str) -> list[Declaration]:
    """Declarations of property `name` in the templates' CSS, most specific folder first."""
    found: list[Declaration] = []
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}\s*:\s*([^;]+)")
    for folder in folders:
        for css in sorted(Path(folder).glob("*.css")):
            try:
                info = css.stat()
                text, blocks = _blocks(css, Path(folder), info.st_mtime_ns, info.st_size)
            except (TemplateError, OSError):
                continue
            for selector, body_start, body in blocks:
                for decl in pattern.finditer(body):
                    offset = body_start + decl.start()
                    line = text.count("\n", 0, offset) + 1
                    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
                    found.append(Declaration(css, line, column, selector,
                                             decl.group(1).strip()))
    return found


@lru_cache(maxsize=64)
def _blocks(css: Path, folder: Path, _mtime: int, _size: int
            ) -> tuple[str, tuple[tuple[str, int, str], ...]]:
    """A CSS file's text (comments blanked, offsets kept) and its rule blocks (selector, where
    the body starts, body); read once per version of the file, though a check asks for six
    properties."""
    raw = read_template(css) if inside(css, folder) else ""
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), raw)
    return text, tuple((" ".join(re.split(r"[;}]", block.group(1))[-1].split()),
                        block.start(2), block.group(2)) for block in _BLOCK.finditer(text))


def to_points(value: str, variables: dict[str, str], root_pt: float = ROOT_PT) -> float | None:
    """A CSS length in points; `var(--x)` is looked up, relative units use `root_pt`."""
    value = value.replace("!important", "").strip()
    var = re.fullmatch(r"var\(\s*(--[\w-]+)\s*(?:,\s*(.+))?\)", value)
    if var:
        target = variables.get(var.group(1), var.group(2) or "")
        return to_points(target, {}, root_pt) if target else None
    keywords = {"medium": 12.0, "large": 13.5, "small": 9.75, "x-small": 7.5, "larger": 14.4}
    if value.lower() in keywords:
        return keywords[value.lower()]
    match = _LENGTH.match(value)
    if not match:
        return None
    number, unit = float(match.group(1)), (match.group(2) or "px").lower()
    if unit in ("rem", "em"):
        return number * root_pt
    if unit == "%":
        return number / 100 * root_pt
    return number * _TO_PT[unit]


def _variables(folders: tuple[Path, ...], *names: str) -> dict[str, str]:
    variables: dict[str, str] = {}
    for name in names:
        found = declarations(folders, name)
        if found:
            variables[name] = found[0].value
    return variables


def body_size(folders: tuple[Path, ...]) -> tuple[float, Declaration] | None:
    """The handout's body text size in points and where it is set, or None if not found.

    In each template folder, most specific first, looks for a `--body-size` custom property,
    then `font-size` on `body`, then on `html` or `:root`; the first folder that sets one wins,
    as in the template search path.
    """
    variables = _variables(folders, "--body-size")
    roots = [d for d in declarations(folders, "font-size") if d.selector in ROOT_SELECTORS]
    root_pt = (to_points(roots[0].value, variables) if roots else None) or ROOT_PT
    for folder in folders:
        sizes = declarations((folder,), "font-size")
        candidates = [*declarations((folder,), "--body-size"),
                      *[d for d in sizes if d.selector == "body"],
                      *[d for d in sizes if d.selector in ROOT_SELECTORS]]
        for declaration in candidates:
            points = to_points(declaration.value, variables, root_pt)
            if points:
                return points, declaration
    return None


def minimum_body_size(folders: tuple[Path, ...]) -> float:
    """The smallest body size the template allows: its `--min-body-size` (a tri-fold panel
    declares 10 pt, with the reason beside it), else `MIN_BODY_PT`."""
    for declaration in declarations(folders, "--min-body-size"):
        points = to_points(declaration.value, {})
        if points:
            return points
    return MIN_BODY_PT


@rule("body-size", "warning", "handout body text is set below the template's minimum (12 pt "
      "unless the template declares --min-body-size)")
def body_size_rule(ctx: Context) -> Iterator[Problem]:
    """Reads the template's CSS; reported at the CSS line that sets the size."""
    found = body_size(ctx.template_dirs)
    if found is None:
        return
    points, where = found
    minimum = minimum_body_size(ctx.template_dirs)
    if points + 1e-6 < minimum:
        yield Problem(where.file, where.line, where.column,
                      f"handout body text is {points:g} pt ({where.selector} "
                      f"{where.value}); patients need at least {minimum:g} pt",
                      "", "warning", "body-size")


# ------------------------------------------------------------------------------- images


@dataclass
class ImageUse:
    """An image the handout prints, resolved and inspected once."""

    src_path: YamlPath
    src: str
    width_mm: float
    """Width it is assumed to print at."""
    alt_path: YamlPath | None = None
    alt: str | None = None
    file: Path | None = None
    refused: str | None = None
    """Why the file cannot be used (missing, outside the folder, damaged)."""
    size: tuple[int, int] | None = None
    mode: str | None = None
    """Pillow mode, or 'SVG'."""
    option: str | None = None
    """The image's `width` option (auto, full, half); None for the logo."""
    text: FigureText | None = None
    """The words drawn inside the image, with their sizes."""


def column_width(ctx: Context) -> float:
    """The width a figure prints at in mm: the template's `--column-width`, else a share of
    the text block its CSS gives for the paper."""
    variables = _variables(ctx.template_dirs, "--column-width")
    if "--column-width" in variables:
        points = to_points(variables["--column-width"], {})
        if points:
            return points * 25.4 / 72
    from builder.handout.metrics import template_metrics

    return template_metrics(ctx.template_dirs, ctx.paper).text_width_mm * FIGURE_SHARE


def image_uses(ctx: Context) -> list[ImageUse]:
    """The logo and every section image, resolved through the asset policy and inspected."""
    cached = ctx.cache.get("images")
    if cached is not None:
        return cached  # type: ignore[return-value]
    uses: list[ImageUse] = []
    if ctx.document.brand.logo:
        uses.append(ImageUse(("brand", "logo"), ctx.document.brand.logo, LOGO_WIDTH_MM))
    width = column_width(ctx)
    for base, _key, image in section_images(ctx.document):
        uses.append(ImageUse((*base, "src"), image.src, width, (*base, "alt"), image.alt,
                             option=image.width))
    for use in uses:
        _inspect(ctx, use)
        if use.file is not None and use.option is not None:
            use.text = figure_text(use.file)
            use.width_mm = print_width_mm(use.option, use.text, width)
    ctx.cache["images"] = uses
    return uses


def _inspect(ctx: Context, use: ImageUse) -> None:
    try:
        use.file = ctx.assets.resolve(use.src, ctx.source.path.resolve().parent)
        try:
            from builder.images import image_info
        except ImportError:  # pragma: no cover - images.py ships with the renderers
            image_info = _pillow_info
        width, height, _dpi, mode = image_info(use.file)
    except AssetRefused as exc:
        use.refused = str(exc)
        return
    use.size, use.mode = (width, height), mode


def _pillow_info(path: Path) -> tuple[int, int, float | None, str]:
    """Fallback inspection: size and mode from the image header."""
    if path.suffix.lower() == ".svg":
        return 0, 0, None, "SVG"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size[0], image.size[1], None, image.mode
    except (UnidentifiedImageError, OSError) as exc:
        raise AssetRefused(f"'{path.name}': not a readable image ({exc})") from None


@rule("image-missing", "error",
      "an image file is missing, unreadable, or refused (URL, outside the content folder)")
def image_missing(ctx: Context) -> Iterator[Problem]:
    """Every image must be a usable file inside the content folder."""
    for use in image_uses(ctx):
        if use.refused:
            yield ctx.problem("image-missing", use.src_path, use.refused)


_FILE_NAME = re.compile(r"^[\w.-]+\.(?:png|jpe?g|svg|gif|webp|tiff?|bmp)$", re.IGNORECASE)
MIN_ALT = 5
"""Shortest useful alt text ('Knee' says little; 'A knee joint' says what is shown)."""


@rule("image-alt", "warning", "alt text is a file name or shorter than 5 characters")
def image_alt(ctx: Context) -> Iterator[Problem]:
    """Screen readers read alt text aloud; a file name or a word is not a description."""
    for use in image_uses(ctx):
        if use.alt_path is None or use.alt is None:
            continue
        alt = use.alt.strip()
        if _FILE_NAME.match(alt) or alt == Path(use.src).name:
            yield ctx.problem("image-alt", use.alt_path,
                              f"alt text '{alt}' is a file name; describe what the image shows")
        elif len(alt) < MIN_ALT:
            yield ctx.problem("image-alt", use.alt_path,
                              f"alt text '{alt}' is too short to describe the image; say what "
                              "it shows in a short sentence")


@rule("image-colour", "warning", "an image is not RGB or greyscale (e.g. CMYK), which prints "
      "unpredictably")
def image_colour(ctx: Context) -> Iterator[Problem]:
    """CMYK, 16-bit or bilevel images shift colour or drop out in PDF writers and drivers."""
    for use in image_uses(ctx):
        if use.mode and use.mode != "SVG" and use.mode not in PRINT_MODES:
            yield ctx.problem("image-colour", use.src_path,
                              f"'{use.src}' is in colour mode {use.mode}; save it as RGB (or "
                              "greyscale) for the handout")


@rule("image-resolution", "warning",
      "a raster image is below 150 dpi at the width it prints in the handout")
def image_resolution(ctx: Context) -> Iterator[Problem]:
    """Pixels over printed width; SVG scales without loss and is never reported."""
    for use in image_uses(ctx):
        if not use.size or use.mode == "SVG":
            continue
        dpi = use.size[0] / (use.width_mm / 25.4)
        if dpi < MIN_DPI:
            needed = round(MIN_DPI * use.width_mm / 25.4)
            yield ctx.problem("image-resolution", use.src_path,
                              f"'{use.src}' is {use.size[0]} px wide and prints about "
                              f"{use.width_mm:.0f} mm wide: {dpi:.0f} dpi, below {MIN_DPI:.0f}; "
                              f"use an image at least {needed} px wide, or an SVG")
