"""The printed outputs: a patient handout (A4/Letter) and brochure variants (tri-fold, large
print), laid out by WeasyPrint from a brochure template folder.

Stages, one module each: `figures` resolves and checks every image the document names (clean,
located errors before any rendering); `view` turns the document into what page templates read;
`environment` fills the Jinja2 page template (sandboxed, autoescaped, strict, and within the
step, output and memory limits of `sandbox`); `styles` generates the per-document CSS; `pages`
lays the pages out through `fetcher`, which serves only approved files; `trifold` places and
measures the tri-fold's panels; `render` runs the stages and writes the PDF bytes.

WeasyPrint is imported inside functions: it costs about a second and `brochure check` never
needs it.
"""

from importlib import import_module
from typing import Any

__all__ = ["layout", "layout_inputs", "prepare", "render_html", "render_pdf"]


def __getattr__(name: str) -> Any:
    """The public functions of `render`, imported on first use (declaring the output kind in
    `builder.handout.kind` must stay cheap)."""
    if name not in __all__:
        raise AttributeError(f"module 'builder.handout' has no attribute '{name}'")
    return getattr(import_module("builder.handout.render"), name)
