"""The one build pipeline: load -> validate -> check -> render -> write.

Everything is gathered in memory first and written last, so a build that fails anywhere writes
nothing and earlier outputs stay byte-identical. An output whose inputs have not changed since the
last build (same fingerprint, file still as we wrote it) is not rendered again.
"""

from __future__ import annotations

import contextlib
import glob
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from builder import fingerprint, loader, translate
from builder.assets import AssetPolicy
from builder.errors import ContentError, Problem, display_path
from builder.located import Source
from builder.model import Document
from builder.options import BuildOptions, Output, RenderContext, Rendered
from builder.templates import brochure_search_path, slides_template
from builder.writer import TEMP_SUFFIX, write_atomic


@dataclass
class OutputReport:
    """What happened to one output file."""

    kind: Output
    path: Path
    seconds: float
    summary: str = ""
    skipped: bool = False
    """True when the inputs were unchanged and the file was left as it was."""

    def describe(self) -> str:
        """One line for the build log: what was written and how long it took, or 'unchanged'."""
        where = display_path(self.path)
        if self.skipped:
            return f"unchanged {where}"
        return f"wrote {where} ({self.summary}, {self.seconds:.2f} s)"


@dataclass
class BuildReport:
    """What one build did, for the command line to print."""

    content: Path
    outputs: list[OutputReport] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Loaded:
    """A validated document with the source it came from."""

    document: Document
    source: Source
    language: str


def load_document(content: Path, language: str | None = None) -> Loaded:
    """Load and validate `content`, merged with its translation into `language` if asked."""
    source = loader.load(content)
    if language:
        source = translate.apply(source, language)
    from builder.validate import validate

    document = validate(source)
    return Loaded(document, source, document.document.language)


def languages_of(content: Path) -> list[str]:
    """The source language plus every translation beside the content file."""
    return translate.available(content)


def output_path(content: Path, options: BuildOptions, kind: Output) -> Path:
    """`<out>/<stem>.pdf`, or `<out>/<stem>.<lang>.pdf` for a translation."""
    suffix = f".{options.language}" if options.language else ""
    return Path(options.out_dir) / f"{Path(content).stem}{suffix}.{kind}"


def check(loaded: Loaded, options: BuildOptions, context: RenderContext) -> list[Problem]:
    """Run the content rules; errors (and warnings when strict) stop the build.

    Rules that predict what a renderer will measure for real (slide overflow, page count,
    printed image resolution) are skipped for the outputs being rendered.
    """
    from builder.checks import run_checks

    skip = ({"slide-overflow"} if "pptx" in options.outputs else set()) | (
        {"page-budget", "image-resolution"} if "pdf" in options.outputs else set())
    problems = run_checks(loaded.document, loaded.source, brochure=options.brochure,
                          assets=context.assets, skip=skip)
    stopping = [p for p in problems if p.level == "error" or options.strict]
    if stopping:
        raise ContentError(stopping)
    return problems


Renderer = Callable[[Document, RenderContext], Rendered]


def _renderer(kind: Output) -> Renderer:
    """Import a renderer only when its output is wanted (WeasyPrint costs a second)."""
    if kind == "pdf":
        from builder.handout import render_pdf

        return render_pdf
    from builder.deck import render_pptx

    return render_pptx


def context_for(loaded: Loaded, content: Path, options: BuildOptions) -> RenderContext:
    """The render context: options plus which folders files may be read from."""
    content_dir = Path(content).resolve().parent
    roots = [*brochure_search_path(options.brochure, content_dir)]
    deck_template = slides_template(options.slides)
    if deck_template.is_dir():  # a user's .pptx is read directly; its folder grants nothing
        roots.append(deck_template)
    return RenderContext(Path(content), options, AssetPolicy.for_content(content, *roots),
                         loaded.source)


def build(content: Path, options: BuildOptions,
          progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build the requested outputs of one content file; raise a `BrochureError` on bad input."""
    content = Path(content)
    loaded = load_document(content, options.language)
    context = context_for(loaded, content, options)
    report = BuildReport(content, warnings=check(loaded, options, context))
    pending: list[tuple[OutputReport, bytes, str]] = []
    for kind in options.outputs:
        target = output_path(content, options, kind)
        started = time.perf_counter()
        stamp = fingerprint.of_output(kind, loaded.document, context)
        if not options.force and fingerprint.unchanged(target, stamp):
            report.outputs.append(OutputReport(kind, target, time.perf_counter() - started,
                                               "unchanged", skipped=True))
            continue
        if progress:
            progress(f"rendering {target.name}")
        rendered = _renderer(kind)(loaded.document, context)
        report.warnings.extend(rendered.warnings)
        pending.append((OutputReport(kind, target, time.perf_counter() - started,
                                     rendered.summary), rendered.data, stamp))
    for output, data, stamp in pending:
        _sweep_temporaries_of(output.path)
        write_atomic(output.path, data)
        fingerprint.record(output.path, data, stamp)
        report.outputs.append(output)
    return report


def _sweep_temporaries_of(target: Path) -> None:
    """Remove temporaries a killed build left for `target` and its stamp, and only those: in a
    batch, other processes are writing their own outputs into the same folder at this moment."""
    name = glob.escape(target.name)
    for pattern in (f".{name}.*{TEMP_SUFFIX}", f"..{name}.stamp.*{TEMP_SUFFIX}"):
        for stray in target.parent.glob(pattern):
            with contextlib.suppress(OSError):
                stray.unlink()
