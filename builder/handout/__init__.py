"""The printed outputs: a patient handout (A4/Letter) and brochure variants (tri-fold, large
print), laid out by WeasyPrint from a brochure template folder.

Stages, one module each: `figures` resolves and checks every image the document names (clean,
located errors before any rendering); `view` turns the document into what page templates read;
`environment` fills the Jinja2 page template (sandboxed, autoescaped, strict); `styles`
generates the per-document CSS; `layout` lays the pages out through `fetcher`, which serves
only approved files; `trifold` places and measures the tri-fold's panels; `render` runs the
stages and writes the PDF bytes.

WeasyPrint is imported inside functions: it costs about a second and `brochure check` never
needs it.
"""

from builder.handout.render import layout, layout_inputs, prepare, render_html, render_pdf

__all__ = ["layout", "layout_inputs", "prepare", "render_html", "render_pdf"]
