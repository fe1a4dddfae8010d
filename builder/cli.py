"""The `brochure` command line. The only place that turns the tool's errors into exit codes.

Exit status: 0 success; 1 content problems found by `check`; 2 invalid input or a failed build;
130 interrupted (Ctrl-C, or SIGTERM during a build); 3 an internal error (a bug no input should
reach; BROCHURE_DEBUG=1 shows its traceback). Errors print as one `path:line:col: message` line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from builder import __version__, outputs
from builder.arguments import bleed_option, choice, lang_option
from builder.errors import BrochureError, internal_error
from builder.options import BuildOptions
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
        click.echo(internal_error(exc), err=True)
        raise Failure(3) from None
    if code:
        raise Failure(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="brochure")
def main() -> None:
    """Build a patient handout (PDF) and a seminar deck (PPTX) from one YAML content file."""


content_argument = click.argument("content", nargs=-1, type=click.Path(path_type=Path))
out_option = click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                          default=DEFAULT_OUT, show_default=True, help="Output folder.")


only_option = click.option(
    "--only", multiple=True, metavar="KIND[,KIND]",
    help="Only these outputs (any case; repeat or separate with commas): "
         f"{', '.join(f'{k.name} ({k.description})' for k in outputs.kinds().values())}; "
         f"default: {', '.join(outputs.default_names())}.")


def chosen_outputs(only: tuple[str, ...]) -> tuple[str, ...]:
    """The kinds `--only` names, or the default ones."""
    return outputs.parse_only(only) if only else outputs.default_names()


@main.command()
@content_argument
@out_option
@only_option
@click.option("--paper", type=choice(sorted(PAPERS)), help="Paper size (default: the "
              "content file's).")
@click.option("--bleed", callback=bleed_option, help="Print-shop bleed with crop marks: a "
              "length in mm, cm, in or pt, e.g. 3mm.")
@click.option("--brochure", "brochure_name", default="handout", show_default=True,
              help="Brochure template: a name under brochures/ (handout, trifold) or a folder.")
@click.option("--slides", default="default", show_default=True,
              help="Deck template: a name under slides/ or a .pptx file.")
@click.option("--pdf-a", is_flag=True, help="Write PDF/A-3b for archiving instead of PDF/UA-1.")
@lang_option("Build one translation (e.g. es), or 'all'.")
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
@click.option("--strict", is_flag=True, help="Treat check warnings as errors.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Processes to use (default: one per core): files of a batch, or the outputs "
                   "of one file, are built at once.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also say how outputs were made (the layout chosen for each kind of slide).")
def build(content: tuple[Path, ...], out_dir: Path, only: tuple[str, ...], paper: str | None,
          bleed: float, brochure_name: str, slides: str, pdf_a: bool, language: str | None,
          force: bool, strict: bool, jobs: int | None, verbose: bool) -> None:
    """Build the handout and the deck from CONTENT (default data/regenerative-therapies.yaml).

    Several CONTENT files build in parallel, one process per core; a failing file does not
    stop the others. Translations (CONTENT.<lang>.yaml) among them are built with --lang.
    """
    from builder.batch import build_all

    files = list(content) or [DEFAULT_CONTENT]

    def action() -> int:
        base = BuildOptions(out_dir=out_dir,
                            outputs=chosen_outputs(only),
                            brochure=brochure_name, slides=slides, paper=paper,  # type: ignore[arg-type]
                            bleed_mm=bleed, pdf_variant="pdf/a-3b" if pdf_a else "pdf/ua-1",
                            force=force, strict=strict, verbose=verbose)
        return build_all(files, base, language, jobs)

    run_safely(action)


@main.command()
@click.argument("content", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=choice(["text", "json", "github", "sarif"]),
              default="text", show_default=True,
              help="github: workflow annotations; sarif: SARIF 2.1.0 for code scanning.")
@click.option("--strict", is_flag=True, help="Warnings count as problems (exit 1).")
@lang_option("Check one translation (e.g. es), or 'all'.")
@click.option("--list-rules", is_flag=True, help="List the rule ids and exit.")
@click.option("--brochure", "brochure_name", default="handout", show_default=True,
              help="Brochure template whose print rules apply (handout, trifold, a folder).")
@click.option("--slides", default="default", show_default=True,
              help="Deck template the slide rules plan with (a name or a .pptx file).")
@click.option("--paper", type=choice(sorted(PAPERS)),
              help="Paper size (default: the content file's).")
@click.option("--pemat", is_flag=True,
              help="Score the PEMAT-P and CDC Clear Communication Index items a machine can "
                   "judge, and list the rest for the reviewer (text or json).")
def check(content: tuple[Path, ...], fmt: str, strict: bool, language: str | None,
          list_rules: bool, brochure_name: str, slides: str, paper: str | None,
          pemat: bool) -> None:
    """Check CONTENT against the rules for patient materials (no PDF or deck is written).

    Several files may be named (as a pre-commit hook does); a translation file
    (`stem.es.yaml`) is checked as its source in that language.
    Exit status: 0 clean, 1 content problems, 2 invalid input. With --pemat: 0 when every
    score meets its bar (PEMAT-P 70 % per domain, CDC 90), else 1.
    """
    from builder import checks
    from builder.checks import formats
    from builder.translate import translation_of

    def action() -> int:
        if list_rules:
            for rule_id, rule in sorted(checks.RULES.items()):
                click.echo(f"{rule_id:22} {rule.level:8} {rule.description}")
            return 0
        options = BuildOptions(brochure=brochure_name, slides=slides, paper=paper)  # type: ignore[arg-type]
        if pemat:
            from builder import pemat as scoring

            text, passed = scoring.report(content or [DEFAULT_CONTENT], language, fmt, options)
            click.echo(text)
            return 0 if passed else 1
        reports = []
        for path in dict.fromkeys(content or [DEFAULT_CONTENT]):
            source, lang = translation_of(path) or (path, language)
            reports.append(checks.check_file(source, strict=strict, language=lang,
                                             options=options))
        problems = [p for report in reports for p in report.problems]
        if fmt == "json":
            click.echo(checks.problems_json(problems))
        elif fmt == "github":
            click.echo(formats.github_annotations(problems), nl=False)
        elif fmt == "sarif":
            click.echo(formats.sarif_log(problems))
        else:
            for problem in problems:
                click.echo(problem.format(with_level=True))
        for report in reports:
            click.echo(report.summary(), err=True)
        return max(report.exit_code for report in reports)

    run_safely(action)


def layout_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options that choose what an output looks like, shared by watch and preview."""
    for option in reversed([
        click.option("--brochure", "brochure_name", default="handout", show_default=True,
                     help="Brochure template: a name under brochures/ or a folder."),
        click.option("--slides", default="default", show_default=True,
                     help="Deck template: a name under slides/ or a .pptx file."),
        click.option("--paper", type=choice(sorted(PAPERS)),
                     help="Paper size (default: the content file's)."),
        lang_option("Use one translation (e.g. es)."),
    ]):
        command = option(command)
    return command


def _layout(out_dir: Path, brochure_name: str, slides: str, paper: str | None,
            language: str | None, only: tuple[str, ...] = ()) -> BuildOptions:
    return BuildOptions(out_dir=out_dir, brochure=brochure_name, slides=slides,
                        paper=paper, language=language,  # type: ignore[arg-type]
                        outputs=chosen_outputs(only))


@main.command()
@click.argument("content", required=False, type=click.Path(path_type=Path),
                default=DEFAULT_CONTENT)
@out_option
@only_option
@layout_options
@click.option("--debounce", type=click.IntRange(10, 10_000), default=300, show_default=True,
              help="Milliseconds to wait for a burst of saves to settle.")
def watch(content: Path, out_dir: Path, only: tuple[str, ...], brochure_name: str, slides: str,
          paper: str | None, language: str | None, debounce: int) -> None:
    """Rebuild the outputs whenever the content, its images or templates change."""
    from builder.watch import watch as run_watch

    options = _layout(out_dir, brochure_name, slides, paper, language, only)
    run_safely(lambda: run_watch(content, options, debounce_ms=debounce))


@main.command()
@click.argument("content", required=False, type=click.Path(path_type=Path),
                default=DEFAULT_CONTENT)
@out_option
@only_option
@layout_options
@click.option("--dpi", type=click.IntRange(20, 300), default=60, show_default=True)
def preview(content: Path, out_dir: Path, only: tuple[str, ...], brochure_name: str,
            slides: str, paper: str | None, language: str | None, dpi: int) -> None:
    """Write PNG images of every page, slide and web page, plus a contact sheet."""
    from builder.preview import preview as run_preview

    options = _layout(out_dir, brochure_name, slides, paper, language, only)
    run_safely(lambda: run_preview(content, options, dpi=dpi))


@main.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--starter", default=None, help="Which starter (see --list).")
@click.option("--lang", "language", default="en", show_default=True,
              help="Language the starter is written in.")
@click.option("--list", "list_starters", is_flag=True, help="List the starters and exit.")
def new(folder: Path | None, starter: str | None, language: str, list_starters: bool) -> None:
    """Start a new content file in FOLDER from a starter (never overwrites anything).

    Every field holds guidance in [[double brackets]]; `brochure check` lists what is left.
    """
    from builder import new as scaffold
    from builder.errors import display_path

    def action() -> int:
        if list_starters:
            for item in scaffold.starters():
                click.echo(f"{item.name:20} {item.description} "
                           f"({', '.join(item.languages)})")
            return 0
        if folder is None:
            raise BrochureError("name the folder to create, e.g. `brochure new knee-guide` "
                                "(`brochure new --list` shows the starters)")
        created = scaffold.create(folder, starter or scaffold.DEFAULT_STARTER, language.lower())
        for path in created.files:
            click.echo(f"created {display_path(path)}")
        name = display_path(created.content)
        click.echo(f"next: replace every [[...]] in {name}; `brochure check {name}` lists "
                   f"what is left, `brochure serve {name}` previews it as you type")
        return 0

    run_safely(action)


@main.command()
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file instead of printing it.")
def schema(out_file: Path | None) -> None:
    """Print the content file's JSON Schema (for editor autocompletion and hover help).

    Content files point at it with a first line such as
    `# yaml-language-server: $schema=content.schema.json`.
    """
    from builder.schema import schema_text
    from builder.writer import write_atomic

    def action() -> int:
        if out_file is None:
            click.echo(schema_text(), nl=False)
        else:
            write_atomic(out_file, schema_text().encode())
        return 0

    run_safely(action)


@main.command()
@click.argument("content", required=False, type=click.Path(path_type=Path),
                default=DEFAULT_CONTENT)
@layout_options
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to serve on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but this machine is reachable by others.")
@click.option("--allow-host", "allow_hosts", multiple=True,
              help="Another name the page may be reached by (the Host header is checked).")
@click.option("--editor", help="Make problems open your editor at their line: code, codium, "
              "cursor, subl, idea, pycharm, mvim, emacs, gvim, kate, gedit, or a URL or "
              "command with {file}, {line} and {column}.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in your browser.")
@click.option("--debounce", type=click.IntRange(10, 10_000), default=200, show_default=True,
              help="Milliseconds to wait for a burst of saves to settle.")
def serve(content: Path, brochure_name: str, slides: str, paper: str | None,
          language: str | None, port: int, host: str, allow_hosts: tuple[str, ...],
          editor: str | None, open_browser: bool, debounce: int) -> None:
    """Show the handout and the slides in your browser, updated after every save.

    The page lists check's problems (linked to your editor with --editor), shows the errors of
    an edit that cannot be built over the last good pages, and switches language and paper.
    Your own build/ folder is not touched.
    """
    from builder.serve import serve as run_serve

    options = _layout(DEFAULT_OUT, brochure_name, slides, paper, language)
    run_safely(lambda: run_serve(content, options, host=host, port=port, editor=editor,
                                 allow_hosts=allow_hosts, open_browser=open_browser,
                                 debounce_ms=debounce))


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
@lang_option("One translation (e.g. es), or 'all' (the default).")
def translate_status(content: Path, language: str | None) -> None:
    """Count translated, missing and stale fields per language (details: brochure check --lang)."""
    from builder import stamps
    from builder.errors import display_path

    def action() -> int:
        for lang in _translation_languages(content, language):
            report = stamps.assess_file(content, lang)
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
@lang_option("The translation (e.g. es), or 'all'.", required=True)
def translate_stamp(content: Path, language: str) -> None:
    """Mark every translated field as made from the source text as it is now.

    Writes `source_hashes` into the translation's header (nothing else in the file changes).
    Run it after updating what `brochure check --lang` reports as stale.
    """
    from builder import stamps
    from builder.errors import display_path

    def action() -> int:
        for lang in _translation_languages(content, language):
            result = stamps.stamp(content, lang)
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
