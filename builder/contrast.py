"""Colour contrast as WCAG 2.x defines it: relative luminance of sRGB colours and their ratio.

Text a patient must read needs 4.5:1 against its background; large text (18 pt, or 14 pt
bold) 3:1 (WCAG 2.2, success criterion 1.4.3). Used by the `brand-contrast` rule, the build's
layout check and the tests that read colours back from the templates and the deck theme.
"""

from __future__ import annotations

import re

AA_NORMAL = 4.5
AA_LARGE = 3.0
LARGE_PT = 18.0
LARGE_BOLD_PT = 14.0

_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def parse(colour: str) -> tuple[int, int, int]:
    """'#17506b', '17506B' or '#fff' as (red, green, blue) 0..255."""
    match = _HEX.match(colour.strip())
    if not match:
        raise ValueError(f"not a hex colour: {colour!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def hex_colour(rgb: tuple[float, float, float]) -> str:
    """(r, g, b) in 0..255 as '#rrggbb'."""
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in rgb)


def luminance(colour: str | tuple[int, int, int]) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    rgb = parse(colour) if isinstance(colour, str) else colour

    def linear(channel: float) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def ratio(foreground: str | tuple[int, int, int], background: str | tuple[int, int, int]
          ) -> float:
    """Contrast ratio, 1 to 21, whichever colour is lighter."""
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def blend(foreground: tuple[int, int, int], alpha: float, background: tuple[int, int, int]
          ) -> tuple[float, float, float]:
    """A translucent colour over an opaque one, as it is seen."""
    return tuple(f * alpha + b * (1 - alpha)  # type: ignore[return-value]
                 for f, b in zip(foreground, background, strict=True))


def is_large(size_pt: float, bold: bool) -> bool:
    """WCAG 'large scale' text: 18 pt, or 14 pt bold."""
    return size_pt >= LARGE_PT - 0.01 or (bold and size_pt >= LARGE_BOLD_PT - 0.01)


def required(size_pt: float, bold: bool) -> float:
    """The contrast ratio text of this size and weight needs."""
    return AA_LARGE if is_large(size_pt, bold) else AA_NORMAL
