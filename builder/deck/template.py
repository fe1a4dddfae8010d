"""Loading a slide template: its bytes, its layout choices and the fonts its theme names.

The analysis (layouts matched, theme fonts, slide size) is kept in the persistent cache by the
template's bytes, so planning a deck (as `brochure check` does) imports python-pptx only when a
template is new or changed.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from builder import cache
from builder.assets import AssetRefused, read_regular
from builder.deck.archive import MAX_TEMPLATE_FILE, SAVE_AS
from builder.deck.geometry import LayoutChoice
from builder.deck.metrics import Measured, measured
from builder.deck.typeface import Typeface
from builder.errors import Problem, TemplateError, display_path
from builder.model import Brand, Document
from builder.templates import inside, read_template, slides_template

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationObject


@dataclass(frozen=True)
class DeckTemplate:
    """A loaded slide template: its bytes (opened afresh for each build) and layout choices."""

    name: str
    data: bytes
    builtin: bool
    choices: dict[str, LayoutChoice]
    theme_fonts: tuple[str | None, str | None]
    """The template theme's heading and body fonts (latin)."""
    slide_size: tuple[int, int]
    notices: tuple[str, ...] = ()
    """Said once per build: macros dropped and the like."""

    def open(self) -> PresentationObject:
        from pptx import Presentation

        return Presentation(io.BytesIO(self.data))


def load_template(spec: str) -> DeckTemplate:
    """The template named by `--slides` (a built-in name or a .pptx path), cached by file date."""
    location = slides_template(spec)
    if location.is_dir():
        mapping = location / "layouts.json"
        pptx_name = None
        if mapping.is_file():
            try:
                pptx_name = json.loads(read_template(mapping)).get("template")
            except (OSError, ValueError, AttributeError) as exc:
                raise TemplateError(f"{mapping}: cannot read the layout mapping ({exc})") from None
        candidates = [location / pptx_name] if pptx_name else sorted(
            [*location.glob("*.pptx"), *location.glob("*.potx")])
        if candidates and not inside(candidates[0], location):
            raise TemplateError(f"{display_path(candidates[0])}: outside the slide template "
                                "folder; a template may use only files inside it")
        if not candidates or not candidates[0].is_file():
            raise TemplateError(f"slide template folder {location} has no .pptx master")
        path, mapping_file = candidates[0], (mapping if mapping.is_file() else None)
    else:
        path = location
        beside = location.with_name(f"{location.stem}.layouts.json")
        mapping_file = beside if beside.is_file() else None
    stat = path.stat()
    mapping_stamp = mapping_file.stat().st_mtime_ns if mapping_file else 0
    return _load_template(str(path), stat.st_mtime_ns, stat.st_size,
                          str(mapping_file) if mapping_file else "", mapping_stamp,
                          location.is_dir())


@lru_cache(maxsize=8)
def _load_template(path: str, _mtime: int, _size: int, mapping: str, _mapping_mtime: int,
                   builtin: bool) -> DeckTemplate:
    """Read and analyse a template once per process (the watcher rebuilds often with the same
    one), and once per template's bytes across processes."""
    name = display_path(Path(path))
    try:
        raw = read_regular(path, MAX_TEMPLATE_FILE)
        mapping_bytes = read_regular(mapping, MAX_TEMPLATE_FILE) if mapping else b""
    except (AssetRefused, OSError) as exc:
        raise TemplateError(f"{name}: cannot be used as a slide template ({exc})") from None
    return cache.remembered("slide-templates", (raw, mapping, mapping_bytes, name, str(builtin),
                                                cache.library_stamp("pptx")),
                            lambda: _analyse(raw, name, mapping, builtin))


def _analyse(raw: bytes, name: str, mapping: str, builtin: bool) -> DeckTemplate:
    from pptx import Presentation

    from builder.deck import layouts
    from builder.deck.package import presentation_bytes
    from builder.deck.theme import theme_fonts

    data, notices = presentation_bytes(raw, name)
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises KeyError, ValueError, ... for wrong packages
        raise TemplateError(f"{name}: this PowerPoint file is damaged and cannot be read "
                            f"({type(exc).__name__}); open it in PowerPoint or LibreOffice "
                            "Impress and save it again as .pptx or .potx") from None
    try:
        choices = layouts.choose(prs, Path(mapping) if mapping else None, builtin)
        fonts, size = theme_fonts(prs), (int(prs.slide_width), int(prs.slide_height))
    except TemplateError as exc:  # name the template file, as every other message does
        message = str(exc)
        if message.startswith("the slide template"):
            message = message.replace("the slide template", "this template", 1)
            raise TemplateError(f"{name}: {message}") from None
        raise
    except Exception as exc:  # a master, theme or layout the package names is missing
        raise TemplateError(f"{name}: this PowerPoint file is damaged: a part it refers to is "
                            f"missing or unreadable ({type(exc).__name__}); {SAVE_AS}") from None
    return DeckTemplate(name, data, builtin, choices, fonts, size, tuple(notices))


def deck_fonts(template: DeckTemplate, brand: Brand) -> tuple[Measured, Measured]:
    """(heading, body) fonts of the deck and how each is measured: the brand's on the built-in
    template, the template's own theme fonts on a clinic's template."""
    if template.builtin:
        return measured(brand.fonts.heading, brand.fonts.heading), measured(
            brand.fonts.body, brand.fonts.body)
    heading, body = template.theme_fonts
    return measured(heading, brand.fonts.heading), measured(body, brand.fonts.body)


def faces(template: DeckTemplate, brand: Brand) -> tuple[Typeface, Typeface]:
    """The typefaces that measure headings (bold) and body text."""
    heading, body = deck_fonts(template, brand)
    return (Typeface(heading.family, bold=True, stretch=heading.stretch),
            Typeface(body.family, stretch=body.stretch))


def template_notices(template: DeckTemplate, document: Document) -> list[Problem]:
    """What a clinic's template makes the build say once: macros dropped, fonts that can
    only be measured approximately."""
    where = Path(template.name)
    notices = [Problem(where, 1, 1, notice, level="warning") for notice in template.notices]
    fonts = dict.fromkeys(deck_fonts(template, document.brand))
    notices += [Problem(where, 1, 1, f"fonts: {font.describe()}; text may run longer in "
                                     "PowerPoint: check the deck there", level="warning")
                for font in fonts if not font.compatible]
    return notices
