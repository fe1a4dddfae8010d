"""The handful of numbers a quick page estimate needs, read from the brochure template's own CSS
(so a designer's edit moves the estimate with it): page margins, body size and line height, the
tallest a figure prints. Parsed with tinycss2 (WeasyPrint's own CSS tokenizer); no layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import tinycss2

from builder import cache
from builder.cache import library_stamp
from builder.errors import TemplateError
from builder.paper import PAPERS
from builder.templates import inside, read_template

_TO_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96, "pc": 25.4 / 6}


@dataclass(frozen=True)
class TemplateMetrics:
    """What the page estimate needs, in millimetres and points."""

    text_width_mm: float
    text_height_mm: float
    body_pt: float
    line_height: float
    """As a multiple of the body size."""
    figure_max_height_mm: float
    page_budget_scale: float = 1.0
    """How many times the content's page budget this template may take: a template declares
    it as `--page-budget-scale` (large print takes about three times the pages of the
    handout); 1 when it says nothing."""

    variables: dict[str, str] = field(default_factory=dict, compare=False)
    """The template's custom properties (`--panel-pad-x: 8mm`), as written."""

    def length(self, value: str | None, default: float) -> float:
        """A CSS length of this template in millimetres (`var()` resolved), else `default`."""
        found = _mm(value, self.variables)
        return default if found is None else found

    def page_budget(self, budget: int) -> int:
        """The content's `page_budget` as this template may spend it."""
        return max(budget, round(budget * self.page_budget_scale))

    @property
    def line_mm(self) -> float:
        """The height of one line of body text."""
        return self.body_pt * self.line_height * 25.4 / 72


ROOT_SELECTORS = (":root", "html")  # not an output kind: CSS selectors of the root element
"""Where a template sets its root font size and custom properties."""

DEFAULTS = {"margin": ["16mm", "18mm", "20mm", "18mm"], "font-size": "12pt",
            "line-height": "1.4", "max-height": "62mm"}
"""Used for anything a template does not say."""


def template_metrics(folders: tuple[Path, ...], paper: str, css_name: str = "handout.css",
                     ) -> TemplateMetrics:
    """The metrics of the first `css_name` (and `custom.css`) along the template folders."""
    files = [folder / name for folder in folders for name in (css_name, "custom.css")
             if (folder / name).is_file() and inside(folder / name, folder)]
    stamps = tuple((str(f), f.stat().st_mtime_ns) for f in files)
    return _metrics(stamps, paper)


@lru_cache(maxsize=16)
def _metrics(stamps: tuple[tuple[str, int], ...], paper: str) -> TemplateMetrics:
    texts = []
    for name, _mtime in reversed(stamps):  # later (more specific) folders override
        try:
            texts.append(read_template(Path(name)))
        except TemplateError:  # the build says why; a prediction does without it
            continue
    # Parsing the CSS with tinycss2 is most of `check`'s print rules: kept by the CSS text.
    return cache.remembered("template-metrics", (paper, library_stamp("tinycss2"), *texts),
                            lambda: _measured(texts, paper))


def _measured(texts: list[str], paper: str) -> TemplateMetrics:
    rules: dict[str, dict[str, str]] = {}
    for text in texts:
        for selector, declarations in _rules(text):
            rules.setdefault(selector, {}).update(declarations)
    variables = {k: v for selector in ROOT_SELECTORS for k, v in rules.get(selector, {}).items()
                 if k.startswith("--")}
    page = rules.get("@page", {})
    margins = _box(page.get("margin"), variables) or [_mm(v, variables) or 0.0
                                                      for v in DEFAULTS["margin"]]
    for index, side in enumerate(("top", "right", "bottom", "left")):
        if f"margin-{side}" in page:
            margins[index] = _mm(page[f"margin-{side}"], variables) or margins[index]
    size = PAPERS[paper] if paper in PAPERS else PAPERS["a4"]
    root = {k: v for selector in (*ROOT_SELECTORS, "body")
            for k, v in rules.get(selector, {}).items()}
    body_pt = (_mm(root.get("font-size", DEFAULTS["font-size"]), variables) or 4.23) * 72 / 25.4
    line_height = _ratio(root.get("line-height", DEFAULTS["line-height"]), body_pt)
    figure = rules.get(".figure img", {}).get("max-height", DEFAULTS["max-height"])
    return TemplateMetrics(
        text_width_mm=size.width_mm - margins[1] - margins[3],
        text_height_mm=size.height_mm - margins[0] - margins[2],
        body_pt=body_pt,
        line_height=line_height,
        figure_max_height_mm=_mm(figure, variables) or 62.0,
        page_budget_scale=_number(variables.get("--page-budget-scale")) or 1.0,
        variables=variables,
    )


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) of each top-level rule; `@page` for the unnamed page rule."""
    found = []
    for node in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if node.type == "qualified-rule":
            selectors = [s.strip() for s in tinycss2.serialize(node.prelude).split(",")]
            found.extend((s, _declarations(node.content)) for s in selectors)
        elif (node.type == "at-rule" and node.lower_at_keyword == "page"
              and not tinycss2.serialize(node.prelude).strip() and node.content is not None):
            found.append(("@page", _declarations(node.content)))
    return found


def _declarations(content: list) -> dict[str, str]:  # type: ignore[type-arg]
    out = {}
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True,
                                               skip_whitespace=True):
        if item.type == "declaration":
            out[item.lower_name if not item.name.startswith("--") else item.name] = \
                tinycss2.serialize(item.value).strip()
    return out


def _resolve(value: str, variables: dict[str, str], depth: int = 0) -> str:
    """`var(--x)` replaced by the variable's value (a few levels deep at most)."""
    if "var(" not in value or depth > 5:
        return value
    out = value
    for name, replacement in variables.items():
        out = out.replace(f"var({name})", replacement)
    return _resolve(out, variables, depth + 1) if out != value else out


def _number(value: str | None) -> float | None:
    """A plain positive CSS number (`3`, `2.5`), or None."""
    tokens = [t for t in tinycss2.parse_component_value_list(value or "")
              if t.type != "whitespace"]
    if len(tokens) == 1 and tokens[0].type == "number" and tokens[0].value > 0:
        return float(tokens[0].value)
    return None


def _mm(value: str | None, variables: dict[str, str]) -> float | None:
    """A single CSS length in millimetres, or None."""
    if value is None:
        return None
    tokens = [t for t in tinycss2.parse_component_value_list(_resolve(value, variables))
              if t.type != "whitespace"]
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if token.type == "dimension" and token.lower_unit in _TO_MM:
        return float(token.value) * _TO_MM[token.lower_unit]
    if token.type == "number" and token.value == 0:
        return 0.0
    return None


def _box(value: str | None, variables: dict[str, str]) -> list[float] | None:
    """A margin shorthand as [top, right, bottom, left] in millimetres."""
    if value is None:
        return None
    parts = [tinycss2.serialize([t]) for t in tinycss2.parse_component_value_list(
        _resolve(value, variables)) if t.type != "whitespace"]
    lengths = [_mm(p, {}) for p in parts]
    if not lengths or any(v is None for v in lengths) or len(lengths) > 4:
        return None
    if len(lengths) < 4:  # CSS: missing sides repeat their opposite
        lengths = (lengths * 4)[:2] if len(lengths) == 1 else lengths
        lengths = [*lengths, lengths[0]] if len(lengths) == 2 else lengths
        lengths = [*lengths, lengths[1]]
    return lengths  # type: ignore[return-value]


def _ratio(value: str, body_pt: float) -> float:
    """A line-height as a multiple of the body size (`1.4`, `140%`, `17pt`)."""
    tokens = [t for t in tinycss2.parse_component_value_list(value) if t.type != "whitespace"]
    if len(tokens) == 1:
        token = tokens[0]
        if token.type == "number":
            return float(token.value)
        if token.type == "percentage":
            return float(token.value) / 100
        if token.type == "dimension" and token.lower_unit in _TO_MM and body_pt:
            return float(token.value) * _TO_MM[token.lower_unit] * 72 / 25.4 / body_pt
    return 1.4
