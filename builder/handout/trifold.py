"""The tri-fold brochure: its six panels, which content goes on each, and panel overflow
measured after layout."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from builder.errors import ContentError, Problem, TemplateError
from builder.handout.boxes import attribute, descendants
from builder.handout.view import (
    Panel,
    Prepared,
    SectionView,
    section_views,
    sources_panel_with_room,
)
from builder.located import YamlPath
from builder.model import Document
from builder.options import RenderContext

_CITED = re.compile(r'href="#ref-([a-z0-9][a-z0-9-]*)"')
"""A citation link in the filled template."""


def is_trifold(name: str, search_path: Sequence[Path]) -> bool:
    """The tri-fold layout is chosen by name, or by a user folder holding `trifold.html` (the
    first of the search path; none when the template could not be found)."""
    return name == "trifold" or bool(search_path) and (search_path[0] / "trifold.html").is_file()


def panels_of(document: Document, context: RenderContext) -> list[Panel]:
    """The six tri-fold panels in page order (outside: flap, back, cover; then inside 1..3).

    Sections here carry no figure yet: images are resolved only for what is printed."""
    trifold = document.trifold
    assert trifold is not None
    bare = section_views(document, {})
    problems: list[Problem] = []

    def pick(ids: list[str], key: YamlPath) -> list[SectionView]:
        for index, section_id in enumerate(ids):
            if section_id not in bare:
                problems.append(context.problem((*key, index),
                                         f"no section has the id '{section_id}'"))
        return [bare[i] for i in ids if i in bare]

    panels = [Panel("flap", ("trifold", "flap"), pick(trifold.flap, ("trifold", "flap"))),
              Panel("back", ("trifold", "back"), pick(trifold.back, ("trifold", "back"))),
              Panel("cover", ("trifold",), [])]
    for index, ids in enumerate(trifold.inside):
        key = ("trifold", "inside", index)
        panels.append(Panel(f"inside {index + 1}", key, pick(ids, key)))
    if problems:
        raise ContentError(problems)
    return panels


def check_panels(context: RenderContext, prepared: Prepared, laid_out: Any) -> None:
    """Every panel's body must end inside its panel; report each one that does not."""
    panels = {p.name: p for p in prepared.panels}
    problems: list[Problem] = []
    seen: set[str] = set()
    for page in laid_out.pages:
        for box in descendants(page._page_box):
            name = attribute(box, "data-panel")
            if not name or name in seen:
                continue
            seen.add(name)
            over_mm = overflow_mm(box)
            if over_mm > 0.5 and name in panels:
                problems.append(context.problem(
                    panels[name].key,
                    f"trifold panel '{name}' overflows by {over_mm:.0f} mm; move a section to "
                    "another panel or shorten the text", rule="trifold-overflow"))
    missing = [name for name in panels if name not in seen]
    if missing:
        raise TemplateError(f"tri-fold template has no panel for: {', '.join(missing)} (each "
                            "panel is a <section data-panel=\"NAME\">)")
    if problems:
        raise ContentError(problems)


def better_sources_panel(laid_out: Any, prepared: Prepared) -> str | None:
    """A better panel for the tri-fold's sources when they overflow where they are, if any."""
    current = prepared.values.get("sources_panel")
    overflow: dict[str, float] = {}
    needed = 0.0
    for page in laid_out.pages:
        for box in descendants(page._page_box):
            name = attribute(box, "data-panel")
            if name and name not in overflow:
                overflow[name] = overflow_mm(box)
            if "sources" in (attribute(box, "class") or "").split():
                needed = box.margin_height() / 96 * 25.4
    return sources_panel_with_room(overflow, needed, str(current))


def overflow_mm(panel: Any) -> float:
    """How far the panel's content reaches below the panel's content box, in millimetres."""
    limit = panel.content_box_y() + panel.height
    body = next((b for b in descendants(panel)
                 if "panel-body" in (attribute(b, "class") or "").split()), None)
    if body is not None:
        bottom = body.position_y + body.margin_height()
    else:
        bottom = max((bottom(b) for b in descendants(panel) if b is not panel), default=0.0)
    return (bottom - limit) / 96 * 25.4
