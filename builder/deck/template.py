"""Loading a slide template: its bytes, its layout choices and the fonts its theme names."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pptx import Presentation
from pptx.presentation import Presentation as PresentationObject

from builder.deck import layouts
from builder.deck.geometry import LayoutChoice
from builder.deck.theme import theme_fonts
from builder.errors import TemplateError, display_path
from builder.fonts import FAMILIES
from builder.model import Brand
from builder.templates import slides_template


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

    def open(self) -> PresentationObject:
        return Presentation(io.BytesIO(self.data))


def load_template(spec: str) -> DeckTemplate:
    """The template named by `--slides` (a built-in name or a .pptx path), cached by file date."""
    location = slides_template(spec)
    if location.is_dir():
        mapping = location / "layouts.json"
        pptx_name = None
        if mapping.is_file():
            try:
                pptx_name = json.loads(mapping.read_text(encoding="utf-8")).get("template")
            except (OSError, ValueError, AttributeError) as exc:
                raise TemplateError(f"{mapping}: cannot read the layout mapping ({exc})") from None
        candidates = [location / pptx_name] if pptx_name else sorted(location.glob("*.pptx"))
        if not candidates or not candidates[0].is_file():
            raise TemplateError(f"slide template folder {location} has no .pptx master")
        path, mapping_file = candidates[0], (mapping if mapping.is_file() else None)
    else:
        path, mapping_file = location, None
    stat = path.stat()
    mapping_stamp = mapping_file.stat().st_mtime_ns if mapping_file else 0
    return _load_template(str(path), stat.st_mtime_ns, stat.st_size,
                          str(mapping_file) if mapping_file else "", mapping_stamp,
                          location.is_dir())


@lru_cache(maxsize=8)
def _load_template(path: str, _mtime: int, _size: int, mapping: str, _mapping_mtime: int,
                   builtin: bool) -> DeckTemplate:
    """Read and analyse a template once; the watcher rebuilds often with the same one."""
    name = display_path(Path(path))
    data = Path(path).read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateError(f"{name}: not a PowerPoint file (.pptx is a zip archive; this file "
                            "is not one)")
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises KeyError, ValueError, ... for wrong packages
        raise TemplateError(f"{name}: not a usable PowerPoint template ({type(exc).__name__}: "
                            f"{exc})") from None
    choices = layouts.choose(prs, Path(mapping) if mapping else None)
    return DeckTemplate(name, data, builtin, choices, theme_fonts(prs),
                        (int(prs.slide_width), int(prs.slide_height)))


def deck_fonts(template: DeckTemplate, brand: Brand) -> tuple[str, str]:
    """(heading, body) fonts the deck's theme will name: always families the tool ships."""
    if template.builtin:
        return brand.fonts.heading, brand.fonts.body
    heading, body = template.theme_fonts
    return (heading if heading in FAMILIES else brand.fonts.heading,
            body if body in FAMILIES else brand.fonts.body)
