"""`brochure build` of one or many content files: which builds to run, running them (a batch in
worker processes, one per core), and one summary. A failing file never stops the others.

A glob such as `data/*.yaml` also picks up translations (`knee.es.yaml` beside `knee.yaml`).
A translation is not a document of its own: beside its source it is skipped with one line (or
built as the source in that language when --lang asks for it); named alone it stands for its
source document in its language.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from builder import outputs, translate
from builder.errors import BrochureError, display_path, internal_error, one_line
from builder.options import BuildOptions
from builder.workers import usable_cores

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
    with terminate_as_interrupt():
        return _build_all(files, base, language, workers)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service manager, `timeout`, `kill`) stops a build as Ctrl-C does: workers
    are stopped and waited for, nothing is half-written, exit status 130."""

    def interrupt(_number: int, _frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (and receives signals)
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _build_all(files: list[Path], base: BuildOptions, language: str | None,
               workers: int | None) -> int:
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
    if len(jobs) == 1:  # one build: its outputs are rendered at once on up to `workers` cores
        content, lang = jobs[0]
        options = replace(base, language=lang)
        return _print_result(_replayed(content, options)
                             or _build_one(content, options, workers))
    return _run_batch([(content, replace(base, language=lang)) for content, lang in jobs],
                      workers or usable_cores())


def _build_one(content: Path, options: BuildOptions, workers: int | None = 1,
               ) -> dict[str, Any]:
    """Build one file; return plain data (it may cross a process boundary). A batch's builds
    use one process each (`workers` 1): the batch already keeps every core busy."""
    from builder.pipeline import build

    started = time.perf_counter()
    result: dict[str, Any] = {"content": str(content), "errors": [], "warnings": [],
                              "outputs": [], "seconds": 0.0}
    try:
        report = build(content, options, workers=workers)
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


def _replayed(content: Path, options: BuildOptions) -> dict[str, Any] | None:
    """The result of a build in which nothing changed, from its record (`builder.record`),
    without loading anything; None when something did change."""
    from builder.record import replay

    found = replay(content, options)
    if found is None:
        return None
    warnings, written = found
    return {"content": str(content), "errors": [], "seconds": 0.0,
            "warnings": [p.format(with_level=True) for p in warnings],
            "outputs": [f"unchanged {display_path(path)}" for path in written]}


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
    """Build many files in worker processes; summarise; non-zero if any failed.

    The workers die with this process: on Ctrl-C or SIGTERM they are stopped and waited for
    before the command returns, and if this process is killed outright the kernel kills them
    (Linux's parent-death signal), so nothing is written after the command has ended.
    """
    results: list[dict[str, Any]] = []
    started = time.perf_counter()
    show_bar = sys.stderr.isatty()
    count = min(workers, len(jobs))
    pool = ProcessPoolExecutor(max_workers=count, initializer=_worker_started,
                               initargs=(os.getpid(),))
    try:
        futures = {pool.submit(_build_one, path, options): path for path, options in jobs}
        with click.progressbar(length=len(futures), label="building", file=sys.stderr,
                               hidden=not show_bar) as bar:
            for future in as_completed(futures):
                try:
                    results.append(future.result())
                except Exception as exc:  # a worker died (out of memory, killed): report it
                    results.append({"content": str(futures[future]), "warnings": [],
                                    "outputs": [], "code": 3, "errors": [one_line(
                                        f"{futures[future]}: build process failed: "
                                        f"{type(exc).__name__}: {exc}")]})
                bar.update(1)
    except BaseException:
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    failed = 0
    for result in sorted(results, key=lambda r: r["content"]):
        failed += bool(_print_result(result))
    built = len(results) - failed
    click.echo(f"{built} built, {failed} failed, {time.perf_counter() - started:.1f} s "
               f"with {count} processes")
    return 2 if failed else 0


def _worker_started(parent: int) -> None:
    """First thing in each worker: die when the parent dies, and leave Ctrl-C to the parent
    (which stops the workers itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before we could ask
        os._exit(1)


PR_SET_PDEATHSIG = 1
"""prctl(2) option: the signal this process gets when its parent thread ends (Linux)."""


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: Ctrl-C and SIGTERM still stop the workers
        pass


def _stop_workers(pool: ProcessPoolExecutor, grace: float = 5.0) -> None:
    """Terminate every worker and wait for it (a worker holds back a signal while it renames
    outputs into place, so its build is all written or not at all)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


def tell_notices(options: BuildOptions) -> None:
    """What the output kinds being built want said once about this machine."""
    for name in options.outputs:
        for notice in outputs.kind(name).notices():
            click.echo(f"brochure: warning: {notice}", err=True)
