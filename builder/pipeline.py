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
from typing import Any

from builder import fingerprint, loader, outputs, record, translate
from builder.assets import AssetPolicy
from builder.errors import BrochureError, ContentError, Problem, display_path
from builder.located import Source
from builder.model import Document
from builder.options import BuildOptions, RenderContext
from builder.workers import run_groups, usable_cores
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
    after: dict[str, Any] = field(default_factory=dict)
    """What `after_render` made of each output written (see `build`)."""


AfterRender = Callable[[str, Path, bytes], Any]
"""Called with an output's kind, path and bytes as soon as it is rendered, in the process that
rendered it (so it runs beside the other outputs); its value must cross a pipe (pickle)."""


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
          progress: Callable[[str], None] | None = None, *, workers: int | None = None,
          after_render: AfterRender | None = None) -> BuildReport:
    """Build the requested outputs of one content file.

    Raises a `BrochureError` when nothing could be built; when only some outputs fail, the
    others are written and the report's `errors` and `failed` say what stopped. The checks and
    the outputs that changed run at once in up to `workers` processes (default: one per usable
    core; see `builder.workers`), the first output in this one. `after_render` is given each
    output rendered (preview draws its pages there); an output not written drops its value.
    """
    content, asked = Path(content), options
    options = resolve_language(content, options)
    loaded = load_document(content, options.language)
    context = context_for(content, options, loaded.source)
    quick = {name: fingerprint.of_inputs(name, loaded.document, context)
             for name in options.outputs}
    current = {name for name in options.outputs if not options.force
               and fingerprint.unchanged(output_path(content, loaded.document, options, name),
                                         quick[name], field="quick")}
    changed = [name for name in options.outputs if name not in current]
    if progress and changed:
        progress(f"rendering {', '.join(changed)}")
    checked, rendered = _run(loaded, options, context, content, changed, workers, after_render)
    if isinstance(checked, BaseException):
        raise checked
    warnings, stopping = checked
    report = BuildReport(content, warnings=warnings)
    pending: list[_Finished] = []
    for name in options.outputs:
        if name in stopping:
            _fail(report, name, stopping[name])
            continue
        if name in current:
            target = output_path(content, loaded.document, options, name)
            report.outputs.append(OutputReport(name, target, 0.0, "unchanged", skipped=True))
            continue
        finished = rendered[name]
        if isinstance(finished, BrochureError):
            _fail(report, name, finished.problems)
            continue
        if isinstance(finished, BaseException):
            raise finished
        finished.quick = quick[name]
        if finished.data is None:
            fingerprint.learn(finished.output.path, finished.quick)
            report.outputs.append(finished.output)
            continue
        pending.append(finished)
        report.warnings.extend(w for w in finished.warnings if w not in report.warnings)
        report.details.extend(finished.details)
    if not pending and not report.outputs and report.errors:
        raise ContentError(report.errors)
    _write(pending)
    report.outputs.extend(finished.output for finished in pending)
    report.after = {finished.output.kind: finished.after for finished in pending
                    if after_render is not None}
    if not report.errors:
        data = {finished.output.path: finished.data for finished in pending}
        record.save(content, asked, loaded.document, context,
                    [(o.path, data.get(o.path)) for o in report.outputs], report.warnings)
    return report


def _run(loaded: Loaded, options: BuildOptions, context: RenderContext, content: Path,
         changed: list[str], workers: int | None, after_render: AfterRender | None,
         ) -> tuple[Any, dict[str, Any]]:
    """Check the content and render the `changed` outputs, at once where cores allow: the
    first output here, the checks and the other outputs in worker processes. Each outcome is
    a value or the exception that stopped it. An output the checks stop is not rendered when
    they ran first in its process; when they ran elsewhere its rendering is thrown away."""
    checked: list[Any] = []

    def run_checks() -> tuple[list[Problem], dict[str, list[Problem]]]:
        checked.append(check(loaded, options, context))
        return checked[-1]

    def render(name: str) -> Callable[[], _Finished | None]:
        def task() -> _Finished | None:
            if checked and name in checked[-1][1]:
                return None  # stopped by the checks: not worth rendering
            finished = _render_one(name, loaded.document, context, content, options)
            if after_render is not None and finished.data is not None:
                finished.after = after_render(name, finished.output.path, finished.data)
            return finished
        return task

    tasks = [render(name) for name in changed]
    cores = workers or usable_cores()
    if cores < 2 or not tasks:
        groups = [[run_checks, *tasks]]
    else:
        rest = [run_checks, *tasks[1:]]
        count = min(cores - 1, len(rest))
        groups = [[tasks[0]], *(rest[index::count] for index in range(count))]
    outcomes = run_groups(groups)
    by_task = {id(task): outcome for group, results in zip(groups, outcomes, strict=True)
               for task, outcome in zip(group, results, strict=True)}
    return by_task[id(run_checks)], {name: by_task[id(task)]
                                     for name, task in zip(changed, tasks, strict=True)}


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
    quick: str = ""
    """The cheap hash of its inputs (`fingerprint.of_inputs`), kept in its stamp."""
    after: Any = None
    """What `after_render` made of it."""


def _render_one(name: str, document: Document, context: RenderContext, content: Path,
                options: BuildOptions) -> _Finished:
    """Render one output, or report it unchanged when its kind's fingerprint says so."""
    target = output_path(content, document, options, name)
    started = time.perf_counter()
    stamp = fingerprint.of_output(name, document, context)
    if not options.force and fingerprint.unchanged(target, stamp):
        return _Finished(OutputReport(name, target, time.perf_counter() - started, "unchanged",
                                      skipped=True))
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
                      fingerprint.stamp_bytes(finished.data, finished.stamp, finished.quick)))
    commit(files)
