"""The fonts the tool ships, so output never depends on what the machine has installed.

One table maps a family name (as a brand names it) to its four style files. The handout embeds
these files through @font-face; the deck names the same families and `deck/fit.py` measures
text with the same files. Fallback families cover scripts the brand font lacks (Arabic, CJK).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path(__file__).with_name("fonts")


@dataclass(frozen=True)
class FontFamily:
    """One family and its style files (bold/italic fall back to regular where absent)."""

    name: str
    regular: str
    bold: str | None = None
    italic: str | None = None
    bold_italic: str | None = None

    def file(self, *, bold: bool = False, italic: bool = False) -> Path:
        """The font file for one style, falling back towards regular."""
        choice = {
            (False, False): self.regular,
            (True, False): self.bold,
            (False, True): self.italic,
            (True, True): self.bold_italic or self.bold,
        }[(bold, italic)]
        return FONT_DIR / (choice or (self.bold if bold and self.bold else self.regular))

    def styles(self) -> list[tuple[str, str, Path]]:
        """(weight, style, file) for each style the family really has, for @font-face."""
        table = [("normal", "normal", self.regular), ("bold", "normal", self.bold),
                 ("normal", "italic", self.italic), ("bold", "italic", self.bold_italic)]
        return [(w, s, FONT_DIR / f) for w, s, f in table if f]


FAMILIES: dict[str, FontFamily] = {
    family.name: family
    for family in (
        FontFamily("Noto Sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
                   "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf"),
        FontFamily("Noto Serif", "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf",
                   "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf"),
        FontFamily("Noto Sans Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
        FontFamily("Droid Sans Fallback", "DroidSansFallbackFull.ttf"),
    )
}

FALLBACKS = ["Noto Sans Arabic", "Droid Sans Fallback"]
"""Families tried, in order, for characters the brand font does not have."""


def family(name: str) -> FontFamily:
    """The shipped family called `name`; `KeyError` lists the families that exist."""
    try:
        return FAMILIES[name]
    except KeyError:
        raise KeyError(f"font '{name}' is not shipped; available: "
                       f"{', '.join(sorted(FAMILIES))}") from None
