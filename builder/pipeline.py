"""The one build pipeline: load -> validate -> check -> render -> write.

Everything is gathered in memory first and written last, all outputs of a build together
(`writer.commit`), so a build that fails writes nothing and earlier outputs stay byte-identical.
An output whose inputs have not changed since the last build (same fingerprint, file still as we
wrote it) is not rendered again. Outputs are independent: a problem that concerns one kind (a
handout page budget, a slide that cannot fit) stops that output only, and the others are still
built and written. Which kinds exist is the registry's business (`builder.outputs`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from builder import fingerprint, loader, outputs, translate
from builder.assets import AssetPolicy
from builder.errors import BrochureError, ContentError, Problem, display_path
from builder.located import Source
from builder.model import Document
from builder.options import BuildOptions, RenderContext
from builder.writer import commit, sweep_temporaries


@dataclass
class OutputReport:
    """What happened to one output file."""

    kind: str
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
    details: list[str] = field(default_factory=list)
    """How the outputs were made (layout choices, fonts measured), for `--verbose`."""
    errors: list[Problem | str] = field(default_factory=list)
    """Problems that stopped some outputs while others were written."""
    failed: list[str] = field(default_factory=list)
    """The kinds not written because of `errors`; their previous files are unchanged."""


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
    """Every translation's language beside the content file (not the source language)."""
    return translate.available(content)


def resolve_language(content: Path, options: BuildOptions) -> BuildOptions:
    """The options with `language` cleared when it names the content's own language (its
    outputs carry no language part, so `--lang all` writes no duplicate)."""
    if options.language and options.language == translate.source_language(loader.load(content)):
        return replace(options, language=None)
    return options


def output_path(content: Path, document: Document, options: BuildOptions, kind: str) -> Path:
    """Where `kind` is written for these options (see `outputs.target`)."""
    return outputs.target(content, document, options, kind)


def context_for(content: Path, options: BuildOptions, source: Source | None = None,
                ) -> RenderContext:
    """The render context: options plus which folders files may be read from (the content's
    folder and the template folders of the outputs being built)."""
    content_dir = Path(content).resolve().parent
    roots = [folder for name in options.outputs
             for folder in outputs.kind(name).template_dirs(options, content_dir)]
    return RenderContext(Path(content), options, AssetPolicy.for_content(content, *roots), source)


def check(loaded: Loaded, options: BuildOptions, context: RenderContext,
          ) -> tuple[list[Problem], dict[str, list[Problem]]]:
    """Run the content rules: (warnings, stopping problems by kind).

    Rules about one output kind are skipped when that kind is not built, and their predictions
    are skipped when the renderer measures the same thing for real. An error (or, when strict,
    a warning) from a rule about one kind stops only that kind; any other stops every output.
    """
    from builder.checks import run_checks

    skip = set()
    for name in outputs.names():
        declared = outputs.kind(name)
        skip |= declared.measured if name in options.outputs else declared.rules
    problems = run_checks(loaded.document, loaded.source, options=options,
                          assets=context.assets, skip=skip)
    stopping: dict[str, list[Problem]] = {}
    warnings = []
    for problem in problems:
        if problem.level != "error" and not options.strict:
            warnings.append(problem)
            continue
        concerned = [n for n in options.outputs if problem.rule in outputs.kind(n).rules]
        for name in concerned or options.outputs:
            stopping.setdefault(name, []).append(problem)
    return warnings, stopping


def build(content: Path, options: BuildOptions,
          progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build the requested outputs of one content file.

    Raises a `BrochureError` when nothing could be built; when only some outputs fail, the
    others are written and the report's `errors` and `failed` say what stopped.
    """
    content = Path(content)
    options = resolve_language(content, options)
    loaded = load_document(content, options.language)
    context = context_for(content, options, loaded.source)
    warnings, stopping = check(loaded, options, context)
    report = BuildReport(content, warnings=warnings)
    pending: list[_Finished] = []
    for name in options.outputs:
        if name in stopping:
            _fail(report, name, stopping[name])
            continue
        try:
            finished = _render_one(name, loaded.document, context, content, options, progress)
        except BrochureError as exc:
            _fail(report, name, exc.problems)
            continue
        if finished.data is None:
            report.outputs.append(finished.output)
            continue
        pending.append(finished)
        report.warnings.extend(w for w in finished.warnings if w not in report.warnings)
        report.details.extend(finished.details)
    if not pending and not report.outputs and report.errors:
        raise ContentError(report.errors)
    _write(pending)
    report.outputs.extend(finished.output for finished in pending)
    return report


def _fail(report: BuildReport, kind: str, problems: list[Problem] | list[Problem | str]) -> None:
    report.failed.append(kind)
    report.errors.extend(p for p in problems if p not in report.errors)


@dataclass
class _Finished:
    """One output rendered in memory (or found unchanged: `data` is None)."""

    output: OutputReport
    data: bytes | None = None
    stamp: str = ""
    warnings: list[Problem] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def _render_one(name: str, document: Document, context: RenderContext, content: Path,
                options: BuildOptions, progress: Callable[[str], None] | None) -> _Finished:
    """Render one output, or report it unchanged when its fingerprint says so."""
    target = output_path(content, document, options, name)
    started = time.perf_counter()
    stamp = fingerprint.of_output(name, document, context)
    if not options.force and fingerprint.unchanged(target, stamp):
        return _Finished(OutputReport(name, target, time.perf_counter() - started, "unchanged",
                                      skipped=True))
    if progress:
        progress(f"rendering {target.name}")
    rendered = outputs.kind(name).render(document, context)
    output = OutputReport(name, target, time.perf_counter() - started, rendered.summary)
    return _Finished(output, rendered.data, stamp, list(rendered.warnings),
                     list(rendered.details))


def _write(pending: list[_Finished]) -> None:
    """Write every rendered output and its stamp in one commit (all or none)."""
    if not pending:
        return
    for folder in {finished.output.path.parent for finished in pending}:
        sweep_temporaries(folder)
    files: list[tuple[Path, bytes]] = []
    for finished in pending:
        assert finished.data is not None
        path = finished.output.path
        files.append((path, finished.data))
        files.append((fingerprint.stamp_file(path),
                      fingerprint.stamp_bytes(finished.data, finished.stamp)))
    commit(files)
