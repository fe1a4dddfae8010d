"""`brochure build` of one or many content files: which builds to run, running them (a batch in
worker processes, one per core), and one summary. A failing file never stops the others.

A glob such as `data/*.yaml` also picks up translations (`knee.es.yaml` beside `knee.yaml`).
A translation is not a document of its own: beside its source it is skipped with one line (or
built as the source in that language when --lang asks for it); named alone it stands for its
source document in its language.
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from builder import outputs, translate
from builder.errors import BrochureError, display_path, internal_error
from builder.options import BuildOptions

Job = tuple[Path, str | None]
"""One build: a content file and the language to build it in (None: the file's own)."""


def plan(files: list[Path], language: str | None) -> tuple[list[Job], list[str]]:
    """The builds that `files` and --lang ask for, in order, each once; and a line for each
    translation left out because its source is built instead."""
    named = {path.resolve() for path in files}
    jobs: list[Job] = []
    skipped: list[str] = []
    for path in files:
        found = translate.translation_of(path)
        if found is None:
            jobs.extend(_languages(path, language))
            continue
        source, own = found
        if source.resolve() not in named:
            jobs.extend(_languages(source, language or own))
        elif language not in ("all", own):
            skipped.append(f"skipped {display_path(path)}: a translation of {source.name} "
                           f"(--lang {own} builds it)")
    return list(dict.fromkeys(jobs)), skipped


def _languages(content: Path, language: str | None) -> list[Job]:
    """One job per language asked for: 'all' is the source language and every translation."""
    if language != "all":
        return [(content, language)]
    from builder.pipeline import languages_of, load_document

    try:
        source_language = load_document(content).language
    except BrochureError:  # fails again in its own job, reported with the others
        return [(content, None)]
    return [(content, lang) for lang in [source_language, *languages_of(content)]]


def build_all(files: list[Path], base: BuildOptions, language: str | None,
              workers: int | None) -> int:
    """Build every job; print results (and a summary for a batch); the exit status."""
    jobs, skipped = plan(files, language)
    for line in skipped:
        click.echo(line)
    writers: dict[tuple[str, str | None], set[Path]] = {}
    for content, lang in jobs:
        writers.setdefault((content.stem, lang), set()).add(content.resolve())
    clashes = sorted({stem for (stem, _lang), paths in writers.items() if len(paths) > 1})
    if clashes:
        raise BrochureError(f"two content files would write the same outputs: {', '.join(clashes)}")
    tell_notices(base)
    if len(jobs) == 1:
        content, lang = jobs[0]
        return _print_result(_build_one(content, replace(base, language=lang)))
    return _run_batch([(content, replace(base, language=lang)) for content, lang in jobs],
                      workers or _usable_cores())


def _usable_cores() -> int:
    """Cores this process may run on (a container's limit, not the host's core count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _build_one(content: Path, options: BuildOptions) -> dict[str, Any]:
    """Build one file; return plain data (it may cross a process boundary)."""
    from builder.pipeline import build

    started = time.perf_counter()
    result: dict[str, Any] = {"content": str(content), "errors": [], "warnings": [],
                              "outputs": [], "seconds": 0.0}
    try:
        report = build(content, options)
    except BrochureError as exc:
        result["errors"] = exc.lines()
        result["code"] = exc.exit_code
    except Exception as exc:  # keep the batch going; report the bug on one line
        result["errors"] = [internal_error(exc, str(content))]
        result["code"] = 3
    else:
        result["warnings"] = [p.format(with_level=True) for p in report.warnings]
        result["outputs"] = [o.describe() for o in report.outputs]
        result["details"] = list(report.details) if options.verbose else []
        if report.errors:
            result["errors"] = BrochureError(report.errors).lines() + [
                f"{content}: not written: {', '.join(report.failed)}; the previous files are "
                "unchanged"]
            result["code"] = 2
    result["seconds"] = time.perf_counter() - started
    return result


def _print_result(result: dict[str, Any]) -> int:
    for line in result.get("details", []):
        click.echo(line, err=True)
    for line in result["warnings"]:
        click.echo(line, err=True)
    for line in result["errors"]:
        click.echo(line, err=True)
    for line in result["outputs"]:
        click.echo(line)
    return int(result.get("code", 0))


def _run_batch(jobs: list[tuple[Path, BuildOptions]], workers: int) -> int:
    """Build many files in worker processes; summarise; non-zero if any failed."""
    results: list[dict[str, Any]] = []
    started = time.perf_counter()
    show_bar = sys.stderr.isatty()
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = {pool.submit(_build_one, path, options): path for path, options in jobs}
        with click.progressbar(length=len(futures), label="building", file=sys.stderr,
                               hidden=not show_bar) as bar:
            for future in as_completed(futures):
                try:
                    results.append(future.result())
                except Exception as exc:  # a worker died (out of memory, killed): report it
                    results.append({"content": str(futures[future]), "warnings": [],
                                    "outputs": [], "code": 3, "errors": [
                                        f"{futures[future]}: build process failed: "
                                        f"{type(exc).__name__}: {' '.join(str(exc).split())}"]})
                bar.update(1)
    failed = 0
    for result in sorted(results, key=lambda r: r["content"]):
        failed += bool(_print_result(result))
    built = len(results) - failed
    click.echo(f"{built} built, {failed} failed, {time.perf_counter() - started:.1f} s "
               f"with {min(workers, len(jobs))} processes")
    return 2 if failed else 0


def tell_notices(options: BuildOptions) -> None:
    """What the output kinds being built want said once about this machine."""
    for name in options.outputs:
        for notice in outputs.kind(name).notices():
            click.echo(f"brochure: warning: {notice}", err=True)
