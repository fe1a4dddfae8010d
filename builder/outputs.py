"""The registry of output kinds: what a build can make, and how each output is named.

An output kind (the handout PDF, the deck, the web page) is declared once, in its own package
(`builder/<package>/kind.py`), as an `OutputKind`: its name and file suffix, which options and
check rules concern it, what it reads (for its fingerprint), what it warms up, how it renders and
how it is pictured by `preview`. The pipeline, fingerprints, watch, preview, check and the command
line loop over this registry; none of them names a kind. Adding a kind is one package and one
line in `KIND_MODULES`.

Declarations are cheap to import: a kind imports its renderer (WeasyPrint, python-pptx) only
when it renders, so `brochure check` stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.errors import BrochureError

if TYPE_CHECKING:
    from builder.model import Document
    from builder.options import BuildOptions, RenderContext, Rendered

KIND_MODULES = ("builder.handout.kind", "builder.deck.kind", "builder.web.kind")
"""Where each output kind is declared, in the order outputs are built and listed."""


@dataclass(frozen=True)
class Drawn:
    """One output pictured for `preview` and `serve`: an image per page or slide."""

    images: list[Any]
    """PIL images, in page order."""
    labels: list[str]
    """One label per image, e.g. 'Page 3' or 'Slide 4 · Exosomes'."""
    heading: str
    """What the pictures are, e.g. 'Handout · 8 pages · A4'."""
    thumb_width: int
    """Width of a thumbnail on the contact sheet."""


class PicturesSkipped(Exception):
    """An output's pictures could not be drawn; the message says why, `status` how bad it is
    (0: a missing optional program; 2: it failed)."""

    def __init__(self, message: str, heading: str, status: int = 0) -> None:
        super().__init__(message)
        self.heading = heading
        self.status = status


@dataclass(frozen=True)
class OutputKind:
    """One kind of output a build can write."""

    name: str
    """What `--only` calls it, e.g. pdf."""
    suffix: str
    """File suffix with its dot, e.g. .pdf."""
    description: str
    """A few words for `--help`."""
    render: Callable[[Document, RenderContext], Rendered]
    """Make the output's bytes from the validated document (the only heavy call)."""
    fingerprint: Callable[[Document, RenderContext], str]
    """Everything the output is made from besides files, as text (for incremental builds)."""
    files: Callable[[Document, RenderContext], list[Path]]
    """Files the output reads (templates, images), hashed into its fingerprint."""
    template_dirs: Callable[[BuildOptions, Path], list[Path]]
    """Template folders the output may read, given the options and the content's folder
    (granted to the renderer, watched by `watch`)."""
    template_files: Callable[[BuildOptions], list[Path]] = lambda _options: []
    """Single template files outside those folders (a clinic's .pptx), watched by `watch`."""
    variant: Callable[[Document, BuildOptions], list[str]] = lambda _doc, _options: []
    """Name parts that tell this output's variants apart, e.g. ['trifold', 'letter']."""
    options: tuple[str, ...] = ()
    """`BuildOptions` fields that change this output's bytes (hashed into its fingerprint)."""
    rules: frozenset[str] = frozenset()
    """Check rules about this output alone: skipped when it is not built; an error from one
    of them stops only this output."""
    measured: frozenset[str] = frozenset()
    """Of `rules`, those the renderer measures for real: their prediction is skipped when this
    output is built."""
    default: bool = True
    """Built when `--only` is not given."""
    notices: Callable[[], list[str]] = lambda: []
    """Things to tell the user once per command about this machine (e.g. a missing library
    that makes this output slow)."""
    warm_up: Callable[[], None] = lambda: None
    """Import the renderer's libraries ahead of the first build (watch, serve)."""
    pictures: Callable[[Path, int], Drawn] | None = None
    """A written output's pages or slides drawn at a dpi (for `preview`; may raise
    `PicturesSkipped`); None when the kind has no pages."""
    picture_prefix: str = "page"
    """File prefix of those images, e.g. handout-01.png."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Facts other kinds do not have (kept out of the common interface)."""


@cache
def kinds() -> dict[str, OutputKind]:
    """Every output kind by name, in build order."""
    found: dict[str, OutputKind] = {}
    for module_name in KIND_MODULES:
        declared: OutputKind = importlib.import_module(module_name).KIND
        found[declared.name] = declared
    return found


def names() -> tuple[str, ...]:
    """Every kind's name, in build order."""
    return tuple(kinds())


def default_names() -> tuple[str, ...]:
    """The kinds a build makes when `--only` is not given."""
    return tuple(name for name, kind in kinds().items() if kind.default)


def kind(name: str) -> OutputKind:
    """The kind called `name`; an unknown name is an error listing the known ones."""
    try:
        return kinds()[name]
    except KeyError:
        raise BrochureError(f"unknown output '{name}'; available: {', '.join(names())}") from None


def target(content: Path, document: Document, options: BuildOptions, name: str) -> Path:
    """Where an output is written: `<out>/<stem>[.<lang>][.<variant>...]<suffix>`.

    Every variant has its own name, so one output folder holds them all: `knee.pdf`,
    `knee.es.pdf`, `knee.trifold.pdf`, `knee.letter.print.pdf`, `knee.pptx`. The source
    language has no language part.
    """
    declared = kind(name)
    parts = [Path(content).stem]
    if options.language:
        parts.append(options.language)
    parts += declared.variant(document, options)
    return Path(options.out_dir) / (".".join(parts) + declared.suffix)


def parse_only(values: Sequence[str]) -> tuple[str, ...]:
    """`--only pdf --only PPTX` or `--only pdf,pptx` -> ('pdf', 'pptx'), in build order; an
    unknown name is an error listing the known ones."""
    wanted = {part.strip().lower() for value in values for part in value.split(",")
              if part.strip()}
    for name in sorted(wanted):
        kind(name)
    return tuple(name for name in names() if name in wanted)


def relevant_options(options: BuildOptions, name: str) -> dict[str, str]:
    """The options that change this kind's bytes, as text (for its fingerprint)."""
    return {field_name: str(getattr(options, field_name))
            for field_name in ("language", *kind(name).options)}
