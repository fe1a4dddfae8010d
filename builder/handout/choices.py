"""The outcome of filling holes (`render._fill_holes`), remembered by exactly what it was
computed from, in the persistent cache (`builder.cache`).

Moving figures and the table until no page is left with a hole costs a full layout per try (the
sample takes three). The outcome depends only on the HTML, the stylesheets, the files the pages
show, the fonts, the PDF options and the code, so it is kept under a key made of all of them: a
later build of the same handout (a new process, `--force`, a check run in CI) lays it out once,
with the same result. A changed handout is searched again, so the output never depends on what
was built before.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Any

from builder import cache, fonts
from builder.handout.environment import fill_template
from builder.handout.view import Prepared
from builder.options import RenderContext

NAMESPACE = "hole-filling"
"""Where the choices are kept in the persistent cache."""


def _key(prepared: Prepared, context: RenderContext) -> str:
    files = sorted({*prepared.css, *prepared.allowed_files}, key=str)
    font_files = sorted(fonts.FONT_DIR.glob("*.tt*"))
    return cache.key(prepared.html, prepared.generated_css, context.options.pdf_variant,
                     str(context.options.bleed_mm), cache.library_stamp("weasyprint"),
                     *(str(p).encode() + cache.file_digest(p) for p in files),
                     *(f"{p.name}:{p.stat().st_size}" for p in font_files),
                     *(f"{url}:{len(data)}:{hashlib.sha256(data).hexdigest()}"
                       for url, (data, _type) in sorted(prepared.memory.items())))


def _decisions(prepared: Prepared) -> dict[str, Any]:
    """What the search may change: where each figure goes, where the table goes."""
    return {"figures": {view.section.id: view.figure_after
                        for view in prepared.values["sections"]},
            "table_late": prepared.values.get("table_late"),
            "table_split": prepared.values.get("table_split")}


def recall(prepared: Prepared, context: RenderContext) -> Prepared | None:
    """The search's chosen pages for this exact handout, when a build found them before."""
    try:
        found = cache.get(NAMESPACE, _key(prepared, context))
        if found is None:
            return None
        chosen = json.loads(found)
        figures = chosen["figures"]
        sections = [replace(view, figure_after=figures.get(view.section.id, view.figure_after))
                    for view in prepared.values["sections"]]
        values = {**prepared.values, "sections": sections, "table_late": chosen["table_late"],
                  "table_split": chosen["table_split"]}
        html = fill_template(prepared.search_path, prepared.page, values)
        if hashlib.sha256(html.encode()).hexdigest() != chosen["page"]:
            return None  # not what was chosen then: search again
        return replace(prepared, values=values, html=html)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def remember(prepared: Prepared, chosen: Prepared, context: RenderContext) -> None:
    """Keep the search's choice for `prepared` (the handout before any move)."""
    try:
        entry = {**_decisions(chosen), "page": hashlib.sha256(chosen.html.encode()).hexdigest()}
        cache.put(NAMESPACE, _key(prepared, context), json.dumps(entry).encode())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return
