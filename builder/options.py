"""What a build was asked to do, and what a renderer hands back.

The command line turns its flags into `BuildOptions`; the pipeline adds the loaded document's
folder and asset policy into a `RenderContext`. Renderers read the validated `Document` plus this
context, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from builder.assets import AssetPolicy, AssetRefused
from builder.errors import Level, Problem
from builder.located import Source, YamlPath, format_path
from builder.paper import PaperName

if TYPE_CHECKING:  # pydantic costs a third of a second; `brochure --help` should not pay it
    from builder.model import Document


def _default_outputs() -> tuple[str, ...]:
    from builder.outputs import default_names

    return default_names()


@dataclass(frozen=True)
class BuildOptions:
    """Choices made on the command line (or by a caller of `pipeline.build`)."""

    out_dir: Path = Path("build")
    outputs: tuple[str, ...] = field(default_factory=_default_outputs)
    """The output kinds to build (see `builder.outputs`)."""
    brochure: str = "handout"
    """Brochure template: a name under brochures/ or a folder path."""
    slides: str = "default"
    """Deck template: a name under slides/ or a .pptx path."""
    paper: PaperName | None = None
    """Paper size; None takes the content file's."""
    bleed_mm: float = 0.0
    """Print-shop bleed in millimetres; adds crop marks when above zero."""
    pdf_variant: Literal["pdf/ua-1", "pdf/a-3b"] = "pdf/ua-1"
    """Tagged accessible PDF by default; PDF/A-3b for archiving."""
    language: str | None = None
    """Build one translation (e.g. es); None builds the source language."""
    force: bool = False
    """Rebuild even when nothing changed."""
    strict: bool = False
    """Treat check warnings as errors."""
    verbose: bool = False
    """Also say how each output was made (`build --verbose`: the deck's layout choices)."""


@dataclass(frozen=True)
class RenderContext:
    """Everything a renderer may know besides the document itself."""

    content_path: Path
    options: BuildOptions
    assets: AssetPolicy
    source: Source | None = None
    """Positions in the content file, used only to locate error messages."""

    @property
    def content_dir(self) -> Path:
        return self.content_path.resolve().parent

    def images_of(self, document: Document) -> list[Path]:
        """The image files the document names (section and step images, logo) that may be read; a
        refused one is left out here and reported by the renderer."""
        found = []
        for reference in image_references(document):
            try:
                found.append(self.assets.resolve(reference))
            except AssetRefused:
                continue
        return found

    def problem(self, path: YamlPath, message: str, *, level: Level = "error",
                rule: str = "") -> Problem:
        """A problem at `path` in the content (line 1 when positions are unknown)."""
        if self.source is not None:
            return self.source.problem(path, message, level=level, rule=rule)
        return Problem(self.content_path, 1, 1, message, format_path(path), level, rule)


def image_references(document: Document) -> list[str]:
    """Every image the document names, as written: section and step images, then the logo."""
    from builder.fields import section_images

    references = [image.src for _path, _key, image in section_images(document)]
    if document.brand.logo:
        references.append(document.brand.logo)
    return references


@dataclass
class Rendered:
    """One finished output, in memory, ready to be written."""

    kind: str
    data: bytes
    summary: str = ""
    """A few words for the build log, e.g. '8 pages, A4'."""
    warnings: list[Problem] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    """How it was made, for `build --verbose` (e.g. the layout chosen for each kind of slide)."""
