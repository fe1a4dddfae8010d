"""QR codes for the organisation's website, made in memory as SVG.

The code is vector (sharp at any print size) and never touches the disk: the handout serves it to
WeasyPrint from memory, the deck can rasterise the same bytes. Only http(s) addresses are
encoded, so a printed code never leads a patient to `javascript:` or a local file.
"""

from __future__ import annotations

import io
from functools import lru_cache

from builder.markup import safe_link


def qr_target(website: str | None) -> str | None:
    """The address to encode, or None when there is none or it is not a web address."""
    if not website:
        return None
    link = safe_link(website)
    return link if link and not link.lower().startswith("mailto:") else None


@lru_cache(maxsize=32)
def qr_svg(url: str, *, colour: str = "#000000", border: int = 2) -> bytes:
    """An SVG QR code for `url` (error correction M: survives a smudge or a fold)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, nl=False, scale=1, border=border,
              dark=colour, omitsize=False)
    return out.getvalue()
