"""The `brochure` command line. The only place that turns the tool's errors into exit codes.

Exit status: 0 success; 1 content problems found by `check`; 2 invalid input or a failed build;
130 interrupted. Errors print as one `path:line:col: message` line each, never a traceback
(set BROCHURE_DEBUG=1 to see one for an internal error).
"""

from __future__ import annotations

import os
import re
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import click

from builder import __version__
from builder.errors import BrochureError
from builder.options import OUTPUTS, BuildOptions
from builder.paper import PAPERS

DEFAULT_CONTENT = Path("data/regenerative-therapies.yaml")
DEFAULT_OUT = Path("build")


class Failure(click.ClickException):
    """Raised to leave with a given status after messages were printed."""

    def __init__(self, code: int) -> None:
        super().__init__("")
        self.exit_code = code

    def show(self, file: Any = None) -> None:  # messages were already printed
        pass


def run_safely(action: Callable[[], int | None]) -> None:
    """Run a command body; print tool errors as single lines and exit with their status."""
    try:
        code = action() or 0
    except BrochureError as exc:
        for line in exc.lines():
            click.echo(line, err=True)
        raise Failure(exc.exit_code) from None
    except KeyboardInterrupt:
        click.echo("brochure: interrupted", err=True)
        raise Failure(130) from None
    except Exception as exc:  # a bug in the tool: one line, not a traceback
        if os.environ.get("BROCHURE_DEBUG"):
            traceback.print_exc()
        click.echo(f"brochure: internal error: {type(exc).__name__}: "
                   f"{' '.join(str(exc).split())} (set BROCHURE_DEBUG=1 for details)", err=True)
        raise Failure(3) from None
    if code:
        raise Failure(code)


def parse_length_mm(_ctx: Any, _param: Any, value: str | None) -> float:
    """'3mm', '0.125in', '3' (mm) -> millimetres."""
    if value is None:
        return 0.0
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(mm|in|pt)?\s*", value)
    if not match:
        raise click.BadParameter("write a length such as 3mm or 0.125in")
    number, unit = float(match.group(1)), match.group(2) or "mm"
    mm = number * {"mm": 1.0, "in": 25.4, "pt": 25.4 / 72}[unit]
    if mm > 20:
        raise click.BadParameter("bleed above 20 mm is not sensible for print")
    return mm


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="brochure")
def main() -> None:
    """Build a patient handout (PDF) and a seminar deck (PPTX) from one YAML content file."""


content_argument = click.argument("content", nargs=-1, type=click.Path(path_type=Path))
out_option = click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                          default=DEFAULT_OUT, show_default=True, help="Output folder.")


@main.command()
@content_argument
@out_option
@click.option("--only", type=click.Choice(OUTPUTS), help="Build just the PDF or just the PPTX.")
@click.option("--paper", type=click.Choice(sorted(PAPERS)), help="Paper size (default: the "
              "content file's).")
@click.option("--bleed", callback=parse_length_mm, help="Print-shop bleed with crop marks, "
              "e.g. 3mm.")
@click.option("--brochure", "brochure_name", default="handout", show_default=True,
              help="Brochure template: a name under brochures/ (handout, trifold) or a folder.")
@click.option("--slides", default="default", show_default=True,
              help="Deck template: a name under slides/ or a .pptx file.")
@click.option("--pdf-a", is_flag=True, help="Write PDF/A-3b for archiving instead of PDF/UA-1.")
@click.option("--lang", "language", help="Build one translation (e.g. es), or 'all'.")
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
@click.option("--strict", is_flag=True, help="Treat check warnings as errors.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Processes for a batch (default: one per core).")
def build(content: tuple[Path, ...], out_dir: Path, only: str | None, paper: str | None,
          bleed: float, brochure_name: str, slides: str, pdf_a: bool, language: str | None,
          force: bool, strict: bool, jobs: int | None) -> None:
    """Build the handout and the deck from CONTENT (default data/regenerative-therapies.yaml).

    Several CONTENT files build in parallel, one process per core; a failing file does not
    stop the others.
    """
    files = list(content) or [DEFAULT_CONTENT]
    base = BuildOptions(out_dir=out_dir, outputs=(only,) if only else OUTPUTS,  # type: ignore[arg-type]
                        brochure=brochure_name, slides=slides, paper=paper,  # type: ignore[arg-type]
                        bleed_mm=bleed, pdf_variant="pdf/a-3b" if pdf_a else "pdf/ua-1",
                        force=force, strict=strict)
    run_safely(lambda: _build_all(files, base, language, jobs))


def _jobs_for(files: list[Path], base: BuildOptions, language: str | None,
              ) -> list[tuple[Path, BuildOptions]]:
    """One job per content file and language."""
    from dataclasses import replace

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


def _build_all(files: list[Path], base: BuildOptions, language: str | None,
               workers: int | None) -> int:
    stems = [p.stem for p in files]
    clashes = sorted({s for s in stems if stems.count(s) > 1})
    if clashes:
        raise BrochureError(f"two content files would write the same outputs: {', '.join(clashes)}")
    _warn_if_slow_font_subsetting(base)
    if len(files) == 1 and language != "all":
        from dataclasses import replace

        return _print_result(_build_one(files[0], replace(base, language=language)))
    jobs = _jobs_for(files, base, language) if language == "all" else [
        (p, BuildOptions(**{**base.__dict__, "language": language})) for p in files]
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


def _warn_if_slow_font_subsetting(options: BuildOptions) -> None:
    """WeasyPrint is ~8x slower writing PDFs without HarfBuzz's subsetter; say so once."""
    if "pdf" not in options.outputs:
        return
    import ctypes.util

    if ctypes.util.find_library("harfbuzz-subset") is None:
        click.echo("brochure: warning: libharfbuzz-subset0 is not installed; PDF font subsetting "
                   "falls back to fontTools and is much slower (apt-get install "
                   "libharfbuzz-subset0)", err=True)


@main.command()
@click.argument("content", required=False, type=click.Path(path_type=Path),
                default=DEFAULT_CONTENT)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--strict", is_flag=True, help="Warnings count as problems (exit 1).")
@click.option("--lang", "language", help="Check one translation (e.g. es), or 'all'.")
@click.option("--list-rules", is_flag=True, help="List the rule ids and exit.")
def check(content: Path, fmt: str, strict: bool, language: str | None, list_rules: bool) -> None:
    """Check CONTENT against the rules for patient materials (no PDF or deck is written).

    Exit status: 0 clean, 1 content problems, 2 invalid input.
    """
    from builder import checks

    def action() -> int:
        if list_rules:
            for rule_id, rule in sorted(checks.RULES.items()):
                click.echo(f"{rule_id:22} {rule.level:8} {rule.description}")
            return 0
        report = checks.check_file(content, strict=strict, language=language)
        if fmt == "json":
            click.echo(report.to_json())
        else:
            for problem in report.problems:
                click.echo(problem.format(with_level=True))
            click.echo(report.summary(), err=True)
        return report.exit_code

    run_safely(action)


def layout_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options that choose what an output looks like, shared by watch and preview."""
    for option in reversed([
        click.option("--brochure", "brochure_name", default="handout", show_default=True,
                     help="Brochure template: a name under brochures/ or a folder."),
        click.option("--slides", default="default", show_default=True,
                     help="Deck template: a name under slides/ or a .pptx file."),
        click.option("--paper", type=click.Choice(sorted(PAPERS)),
                     help="Paper size (default: the content file's)."),
        click.option("--lang", "language", help="Use one translation (e.g. es)."),
    ]):
        command = option(command)
    return command


def _layout(out_dir: Path, brochure_name: str, slides: str, paper: str | None,
            language: str | None) -> BuildOptions:
    return BuildOptions(out_dir=out_dir, brochure=brochure_name, slides=slides,
                        paper=paper, language=language)  # type: ignore[arg-type]


@main.command()
@click.argument("content", required=False, type=click.Path(path_type=Path),
                default=DEFAULT_CONTENT)
@out_option
@layout_options
@click.option("--debounce", type=click.IntRange(10, 10_000), default=300, show_default=True,
              help="Milliseconds to wait for a burst of saves to settle.")
def watch(content: Path, out_dir: Path, brochure_name: str, slides: str, paper: str | None,
          language: str | None, debounce: int) -> None:
    """Rebuild the handout and the deck whenever the content, its images or templates change."""
    from builder.watch import watch as run_watch

    options = _layout(out_dir, brochure_name, slides, paper, language)
    run_safely(lambda: run_watch(content, options, debounce_ms=debounce))


@main.command()
@click.argument("content", required=False, type=click.Path(path_type=Path),
                default=DEFAULT_CONTENT)
@out_option
@layout_options
@click.option("--dpi", type=click.IntRange(20, 300), default=60, show_default=True)
def preview(content: Path, out_dir: Path, brochure_name: str, slides: str, paper: str | None,
            language: str | None, dpi: int) -> None:
    """Write PNG images of every handout page and slide, plus a contact sheet."""
    from builder.preview import preview as run_preview

    options = _layout(out_dir, brochure_name, slides, paper, language)
    run_safely(lambda: run_preview(content, options, dpi=dpi))


@main.group()
def translate() -> None:
    """Keep translations (CONTENT.<lang>.yaml beside the content file) in step with the source."""


def _translation_languages(content: Path, language: str | None) -> list[str]:
    """The languages named by --lang: one code, or every translation for 'all' / none given."""
    from builder import translate as translations

    if language and language != "all":
        return [language]
    found = translations.available(content)
    if not found:
        raise BrochureError(f"{content}: no translation files beside it (expected e.g. "
                            f"{translations.translation_path(content, 'es').name})")
    return found


@translate.command("status")
@click.argument("content", required=False, type=click.Path(path_type=Path),
                default=DEFAULT_CONTENT)
@click.option("--lang", "language", help="One translation (e.g. es), or 'all' (the default).")
def translate_status(content: Path, language: str | None) -> None:
    """Count translated, missing and stale fields per language (details: brochure check --lang)."""
    from builder import translate as translations
    from builder.errors import display_path

    def action() -> int:
        for lang in _translation_languages(content, language):
            report = translations.assess_file(content, lang)
            unstamped = (f", {len(report.unstamped)} not stamped" if report.stamped
                         else ", never stamped")
            click.echo(f"{lang}  {display_path(report.file)}: {len(report.translated)} translated, "
                       f"{len(report.missing)} missing, {len(report.stale)} stale"
                       f"{unstamped if (report.unstamped or not report.stamped) else ''}")
        return 0

    run_safely(action)


@translate.command("stamp")
@click.argument("content", required=False, type=click.Path(path_type=Path),
                default=DEFAULT_CONTENT)
@click.option("--lang", "language", required=True, help="The translation (e.g. es), or 'all'.")
def translate_stamp(content: Path, language: str) -> None:
    """Mark every translated field as made from the source text as it is now.

    Writes `source_hashes` into the translation's header (nothing else in the file changes).
    Run it after updating what `brochure check --lang` reports as stale.
    """
    from builder import translate as translations
    from builder.errors import display_path

    def action() -> int:
        for lang in _translation_languages(content, language):
            result = translations.stamp(content, lang)
            name = display_path(result.file)
            if not result.changed:
                click.echo(f"{name}: {result.stamped} fields, stamps already current")
                continue
            click.echo(f"{name}: stamped {result.stamped} fields")
            if result.refreshed:
                click.echo(f"  now marked current ({len(result.refreshed)}): "
                           f"{', '.join(result.refreshed)}")
            if result.dropped:
                click.echo(f"  stamps removed for fields no longer translated: "
                           f"{', '.join(result.dropped)}")
        return 0

    run_safely(action)
