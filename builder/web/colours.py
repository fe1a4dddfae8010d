"""Brand colours made readable on screen: each colour the page sets text in is kept when it
meets WCAG 2.2 AA contrast (4.5:1) against what is behind it, and darkened (or lightened, on a
dark background) just enough when it does not. A clinic's pale brand colour then still reads,
and the page passes axe-core's contrast rule whatever the brand."""

from __future__ import annotations

from builder.contrast import AA_NORMAL, hex_colour, luminance, parse, ratio


def readable(colour: str, background: str, needed: float = AA_NORMAL) -> str:
    """`colour`, or the nearest shade of it (towards black on a light background, towards white
    on a dark one) that has `needed` contrast against `background`."""
    target = (0, 0, 0) if luminance(background) > 0.18 else (255, 255, 255)
    start = parse(colour)
    for step in range(0, 101):
        mix = step / 100
        shade = hex_colour(tuple(c + (t - c) * mix  # type: ignore[arg-type]
                                 for c, t in zip(start, target, strict=True)))
        if ratio(shade, background) >= needed:
            return shade
    return "#000000" if target == (0, 0, 0) else "#ffffff"


def text_on(background: str) -> str:
    """White or near-black text, whichever reads better on `background`."""
    return "#ffffff" if ratio("#ffffff", background) >= ratio("#111111", background) \
        else "#111111"
