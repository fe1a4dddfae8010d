"""Which font files measure the text of a template whose theme names fonts the tool does not
ship.

A clinic's template keeps its own theme fonts in the deck. Text is measured with a font of the
same advance widths where an open one exists (Liberation for Arial, Helvetica, Times and
Courier; Carlito for Calibri; Caladea for Cambria: Debian's fonts-liberation2 and
fonts-crosextra-* packages, which LibreOffice also draws with); otherwise with the shipped
Noto Sans, widened a little, and the build says so. Scripts these fonts lack (Arabic, CJK) fall
back to the shipped fonts as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from builder.fonts import FAMILIES, FontFamily

COMPATIBLE = {
    "arial": "Liberation Sans", "helvetica": "Liberation Sans", "helvetica neue": None,
    "liberation sans": "Liberation Sans", "arimo": "Liberation Sans",
    "times new roman": "Liberation Serif", "times": "Liberation Serif",
    "liberation serif": "Liberation Serif", "tinos": "Liberation Serif",
    "courier new": "Liberation Mono", "courier": "Liberation Mono",
    "liberation mono": "Liberation Mono", "cousine": "Liberation Mono",
    "calibri": "Carlito", "carlito": "Carlito", "cambria": "Caladea", "caladea": "Caladea",
}
"""Theme font (lower case) -> open family with the same advance widths."""

_FILES = {
    "Liberation Sans": "LiberationSans", "Liberation Serif": "LiberationSerif",
    "Liberation Mono": "LiberationMono", "Carlito": "Carlito", "Caladea": "Caladea",
}
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".local/share/fonts", Path.home() / ".fonts")

UNKNOWN_STRETCH = 1.08
"""Widths are over-estimated by this much for a font nothing here can measure: better a
line wrapped early than text past its box."""


@dataclass(frozen=True)
class Measured:
    """How one theme font is measured."""

    theme: str
    family: str
    """A family `family()` resolves: shipped, or found on the system."""
    stretch: float = 1.0
    compatible: bool = True

    def describe(self) -> str:
        if self.theme == self.family:
            return self.theme
        how = "" if self.compatible else " (no metric-compatible font; widths +8%)"
        return f"{self.theme} measured with {self.family}{how}"


@lru_cache(maxsize=16)
def installed(family_name: str) -> FontFamily | None:
    """A metric-compatible family from the system's font folders, if installed."""
    stem = _FILES.get(family_name)
    if stem is None:
        return None
    found: dict[str, Path] = {}
    for folder in FONT_DIRS:
        if not folder.is_dir():
            continue
        for style in ("Regular", "Bold", "Italic", "BoldItalic"):
            if style not in found:
                match = next(iter(sorted(folder.rglob(f"{stem}-{style}.ttf"))), None)
                if match is not None:
                    found[style] = match
        if "Regular" in found:
            break
    if "Regular" not in found:
        return None
    paths = {k: str(v) for k, v in found.items()}
    return FontFamily(family_name, paths["Regular"], paths.get("Bold"), paths.get("Italic"),
                      paths.get("BoldItalic"))


def family(name: str) -> FontFamily:
    """A shipped family, or an installed metric-compatible one."""
    return FAMILIES.get(name) or installed(name) or _missing(name)


def _missing(name: str) -> FontFamily:
    raise KeyError(f"font '{name}' is neither shipped nor installed")


def measured(theme_font: str | None, fallback: str) -> Measured:
    """How text set in `theme_font` is measured; `fallback` is a shipped family."""
    if not theme_font or theme_font in FAMILIES:
        return Measured(theme_font or fallback, theme_font or fallback)
    compatible = COMPATIBLE.get(theme_font.strip().lower())
    if compatible and installed(compatible) is not None:
        return Measured(theme_font, compatible)
    return Measured(theme_font, fallback, UNKNOWN_STRETCH, compatible=False)
