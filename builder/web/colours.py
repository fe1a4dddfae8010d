"""Brand colours made readable on screen: each colour the page sets text in is kept when it
meets WCAG 2.2 AA contrast (4.5:1) against what is behind it, and darkened (or lightened, on a
dark background) just enough when it does not. A clinic's pale brand colour then still reads,
and the page passes axe-core's contrast rule whatever the brand."""

from __future__ import annotations

AA_NORMAL = 4.5


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    """WCAG relative luminance of '#rrggbb', 0 (black) to 1 (white)."""
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: str, background: str, needed: float = AA_NORMAL) -> str:
    """`colour`, or the nearest shade of it (towards black on a light background, towards white
    on a dark one) that has `needed` contrast against `background`."""
    target = (0, 0, 0) if luminance(background) > 0.18 else (255, 255, 255)
    start = _rgb(colour)
    for step in range(0, 101):
        mix = step / 100
        shade = "#" + "".join(f"{round(c + (t - c) * mix):02x}"
                              for c, t in zip(start, target, strict=True))
        if ratio(shade, background) >= needed:
            return shade
    return "#000000" if target == (0, 0, 0) else "#ffffff"


def text_on(background: str) -> str:
    """White or near-black text, whichever reads better on `background`."""
    return "#ffffff" if ratio("#ffffff", background) >= ratio("#111111", background) \
        else "#111111"
