"""Building one content file or many: one file builds in this process; several files (or
every language of one) build in worker processes, one per core, and a failing file does not stop
the others. Results cross the process boundary as plain data and are printed in file order."""

from __future__ import annotations

import os
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from builder import outputs
from builder.errors import BrochureError
from builder.options import BuildOptions


def _jobs_for(files: list[Path], base: BuildOptions, language: str | None,
              ) -> list[tuple[Path, BuildOptions]]:
    """One job per content file and language."""
    from builder.pipeline import languages_of, load_document

    jobs = []
    for path in files:
        if language == "all":
            try:
                source_language = load_document(path).language
            except BrochureError:  # fails again in its own job, reported with the others
                jobs.append((path, replace(base, language=None)))
                continue
            for lang in [source_language, *languages_of(path)]:
                jobs.append((path, replace(base, language=lang)))
        else:
            jobs.append((path, replace(base, language=language)))
    return jobs


def build_all(files: list[Path], base: BuildOptions, language: str | None,
              workers: int | None) -> int:
    """Build every file (every language with 'all'), print what happened; the exit status."""
    stems = [p.stem for p in files]
    clashes = sorted({s for s in stems if stems.count(s) > 1})
    if clashes:
        raise BrochureError(f"two content files would write the same outputs: {', '.join(clashes)}")
    tell_notices(base)
    if len(files) == 1 and language != "all":
        return _print_result(_build_one(files[0], replace(base, language=language)))
    jobs = _jobs_for(files, base, language)
    return _run_batch(jobs, workers or _usable_cores())


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
        if os.environ.get("BROCHURE_DEBUG"):
            traceback.print_exc()
        result["errors"] = [f"{content}: internal error: {type(exc).__name__}: "
                            f"{' '.join(str(exc).split())}"]
        result["code"] = 3
    else:
        result["warnings"] = [p.format(with_level=True) for p in report.warnings]
        result["outputs"] = [o.describe() for o in report.outputs]
        if report.errors:
            result["errors"] = BrochureError(report.errors).lines() + [
                f"{content}: not written: {', '.join(report.failed)}; the previous files are "
                "unchanged"]
            result["code"] = 2
    result["seconds"] = time.perf_counter() - started
    return result


def _print_result(result: dict[str, Any]) -> int:
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


