"""`brochure watch`: rebuild the handout and the deck every time a file they are made from changes.

Why one long-lived process: importing WeasyPrint and python-pptx costs about a second and
WeasyPrint's font configuration is cached at module level, so a warm process rebuilds a small
handout several times faster than a fresh `brochure build`. Each rebuild goes through
`pipeline.build`, which skips an output whose fingerprint did not change, so editing speaker notes
re-renders the deck and leaves the PDF (bytes and modification time) alone.

Safety: `pipeline.build` writes nothing unless every output rendered, so an invalid edit prints its
located errors and the last good outputs stay as they were; the watcher keeps going. A burst of
saves is grouped by watchfiles (`debounce`), and saves made while a build runs are collected and
built once afterwards, so ten quick saves give one or two builds, never ten.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import click
import watchfiles

from builder import outputs, pipeline
from builder.errors import (
    BrochureError,
    ContentError,
    display_path,
    internal_error,
    printable,
)
from builder.options import BuildOptions
from builder.pipeline import BuildReport

BuildHook = Callable[[BuildReport | Exception], None]
"""Called after every build with its report, or with the error that stopped it (for tests)."""

_EDITOR_DEBRIS = re.compile(
    r"""( \.sw[a-p]$ | \.swx$ | ~$ | ^\.\# | ^\#.*\#$ | ^4913$ | \.tmp$ | \.brochure-tmp$
        | \.stamp$ | \.bak$ | \.orig$ | ^\.~lock\. | \.kate-swp$ | ^sed[A-Za-z0-9]{6}$ )""",
    re.VERBOSE,
)
"""Swap, backup, lock and temporary files written by editors (vim, emacs, LibreOffice) and by
our own atomic writer; saving in an editor touches several of these before the real file."""

_READY_POLL_MS = 200
"""How long watchfiles waits before reporting "no change"; the first such report tells us the
watches are in place, so the first build starts only when no later save can be missed."""


class _RelevantFiles(watchfiles.DefaultFilter):
    """Keeps changes to the files a build reads; drops outputs, editor debris and hidden files."""

    def __init__(self, content: Path, folders: list[Path], files: list[Path],
                 out_dir: Path) -> None:
        super().__init__()
        self.content = content
        self.contents = list(dict.fromkeys([content, content.resolve()]))
        """The content file as named and, when that is a symlink, the file it leads to (an
        editor saves the file, not the link)."""
        self.folders = sorted(folders, key=lambda f: len(f.parts), reverse=True)
        """Folders any file of which is an input, deepest first."""
        self.files = {str(f) for f in files}
        """Single files watched through their folder (a user's .pptx template)."""
        self.out_dir = out_dir
        self.out_dir_holds_inputs = any(f == out_dir or out_dir in f.parents for f in folders)
        """`--out .` beside the content: then only the outputs themselves are ignored there."""

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if not super().__call__(change, path):  # .git, __pycache__, node_modules, ...
            return False
        candidate = Path(path)
        in_out_dir = candidate == self.out_dir or self.out_dir in candidate.parents
        if in_out_dir and (not self.out_dir_holds_inputs or self._is_output(candidate)):
            return False  # our own outputs, stamps and temporaries
        if _EDITOR_DEBRIS.search(candidate.name):
            return False
        if path in self.files:
            return True
        folder = next((f for f in self.folders if f in candidate.parents), None)
        if folder is None:
            return False  # a neighbour of a single watched file
        if any(part.startswith(".") for part in candidate.relative_to(folder).parts):
            return False  # hidden files and folders
        if candidate.suffix.lower() in (".yaml", ".yml") and any(
                candidate.parent == content.parent for content in self.contents):
            return self._is_ours(candidate)
        return True

    def _is_output(self, candidate: Path) -> bool:
        """A handout, deck or preview image written into the output folder."""
        if candidate.parent == self.out_dir and candidate.suffix.lower() in (".pdf", ".pptx"):
            return True
        previews = self.out_dir / "preview"
        return candidate == previews or previews in candidate.parents

    def _is_ours(self, candidate: Path) -> bool:
        """This content file or one of its translations (`stem.es.yaml`); a batch folder's other
        content files are not inputs of this build."""
        for content in self.contents:
            stem, name = content.stem, candidate.name
            if name == content.name:
                return True
            language = name[len(stem) + 1:-len(candidate.suffix)]
            if name.startswith(f"{stem}.") and bool(language) and "." not in language:
                return True
        return False


def watch_plan(content: Path, options: BuildOptions) -> tuple[list[Path], _RelevantFiles]:
    """The folders to watch and the filter that says which of their changes matter.

    Inputs: the content file's folder (the file, its translations, its images) and the template
    folders and files of every output being built (a single template file, such as a clinic's
    .pptx, is watched through its folder). A folder inside another watched folder is not watched
    again.
    """
    content = Path(content).absolute()
    if not content.parent.is_dir():
        raise ContentError(f"{content}: the folder {content.parent} does not exist")
    content = content.parent.resolve() / content.name
    folders = [content.parent]
    if content.is_symlink():  # follow the link: its file (and images beside it) are the inputs
        folders.append(content.resolve().parent)
    files: list[Path] = []
    for name in options.outputs:
        declared = outputs.kind(name)
        folders += declared.template_dirs(options, content.parent)
        files += [f.resolve() for f in declared.template_files(options)]
    folders = [f.resolve() for f in folders if f.is_dir()]
    everything = [*folders, *(f.parent for f in files)]
    roots = sorted({r for r in everything if not any(o in r.parents for o in everything)})
    out_dir = Path(options.out_dir).absolute().resolve()
    return roots, _RelevantFiles(content, folders, files, out_dir)


def watch(content: Path, options: BuildOptions, *, debounce_ms: int = 300,
          stop_event: threading.Event | None = None, on_build: BuildHook | None = None) -> int:
    """Build `content` once, then again after every change to its inputs, until stopped.

    `debounce_ms` is the longest a burst of changes is collected before building; `stop_event`
    ends the loop (tests run the watcher in a thread); Ctrl-C ends it quietly with status 0.
    Returns 0. A template that cannot be found fails at once (a `BrochureError`); invalid
    content only fails its build.
    """
    content = Path(content)
    roots, watch_filter = watch_plan(content, options)
    click.echo(f"watching {', '.join(display_path(r) for r in roots)} "
               f"-> {display_path(Path(options.out_dir))}  (Ctrl-C to stop)")
    warm_up(options)
    rebuild = _Builder(content, options, on_build, settle_s=debounce_ms / 1000)
    pending_first_build = True
    try:
        for changes in watchfiles.watch(
            *roots, watch_filter=watch_filter, debounce=debounce_ms,
            step=min(50, debounce_ms), stop_event=stop_event, rust_timeout=_READY_POLL_MS,
            yield_on_timeout=True, raise_interrupt=True,
        ):
            changes = without_transients(changes)
            if not changes and not pending_first_build:
                continue
            names = describe_changes(changes, roots)
            rebuild(names or ["first build"], [path for _change, path in changes])
            pending_first_build = False
    except KeyboardInterrupt:
        click.echo("")
    return 0


def without_transients(changes: set[tuple[watchfiles.Change, str]],
                       ) -> set[tuple[watchfiles.Change, str]]:
    """Drop files that came and went within one batch: whatever temporary name an editor or a
    tool (sed -i, rsync) used, it is not an input."""
    added = {path for change, path in changes if change == watchfiles.Change.added}
    deleted = {path for change, path in changes if change == watchfiles.Change.deleted}
    transient = {path for path in added & deleted if not os.path.lexists(path)}
    return {(change, path) for change, path in changes if path not in transient}


def describe_changes(changes: Iterable[tuple[watchfiles.Change, str]],
                     roots: list[Path]) -> list[str]:
    """Changed files, each named relative to its watched folder; files now gone are marked (an
    editor that deletes and rewrites a file reports a deletion too)."""
    described = {}
    for _change, raw in changes:
        path = Path(raw)
        root = next((r for r in roots if r in path.parents), path.parent)
        name = path.relative_to(root).as_posix()
        described[name] = name if os.path.lexists(raw) else f"{name} (deleted)"
    return [described[k] for k in sorted(described)]


class _Builder:
    """Runs one build per change batch and reports it; never raises for a bad build."""

    def __init__(self, content: Path, options: BuildOptions, on_build: BuildHook | None,
                 settle_s: float = 0.3) -> None:
        self.content = content
        self.options = options
        self.on_build = on_build
        self.settle_s = settle_s
        """How long a failed build waits to see whether the save it read was still being
        written (an editor that truncates the file, then writes it)."""
        self.last_warnings: list[str] | None = None
        """Warnings of the last good build: repeated unchanged they would bury the news."""
        self.last_failure: list[str] | None = None
        """Errors of the last failed build: one save can start two builds (an editor writes the
        file, then sets its time), and its messages are printed once."""

    def __call__(self, changed: list[str], paths: Iterable[str] = ()) -> None:
        click.echo(printable(f"{time.strftime('%H:%M:%S')}  {', '.join(changed)}"))
        started = time.perf_counter()
        read = [self.content, *map(Path, paths)]
        before = _states(read)
        outcome: BuildReport | Exception
        try:
            outcome = pipeline.build(self.content, self.options)
        except BrochureError as exc:
            self._failed(exc.lines(), read, before)
            outcome = exc
        except Exception as exc:  # a bug in a renderer must not end the session
            click.echo(f"{internal_error(exc)}; the previous outputs are unchanged", err=True)
            outcome = exc
        else:
            self.last_failure = None
            self._warnings([p.format(with_level=True) for p in outcome.warnings])
            for line in BrochureError(outcome.errors).lines() if outcome.errors else []:
                click.echo(line, err=True)
            if outcome.failed:
                click.echo(f"  not written: {', '.join(outcome.failed)}; the previous files are "
                           "unchanged", err=True)
            for output in outcome.outputs:
                click.echo(f"  {output.describe()}")
            click.echo(f"  done in {time.perf_counter() - started:.2f} s")
        if self.on_build:
            self.on_build(outcome)

    def _failed(self, lines: list[str], read: list[Path],
                before: list[tuple[int, int] | None]) -> None:
        """Report a failed build once; say nothing when the files it read changed meanwhile
        (a half-written save: the build already queued for the rest of it reports)."""
        time.sleep(self.settle_s)
        if _states(read) != before:
            return
        if lines == self.last_failure:
            click.echo(f"  still not built: the same {len(lines)} problem"
                       f"{'s' * (len(lines) != 1)} as above", err=True)
            return
        for line in lines:
            click.echo(line, err=True)
        click.echo("  not built; the previous outputs are unchanged", err=True)
        self.last_failure = lines

    def _warnings(self, lines: list[str]) -> None:
        if lines and lines == self.last_warnings:
            click.echo(f"  {len(lines)} warning{'s' * (len(lines) != 1)}, as before", err=True)
        else:
            for line in lines:
                click.echo(line, err=True)
        self.last_warnings = lines


def _states(paths: list[Path]) -> list[tuple[int, int] | None]:
    """Size and modification time of each file (None when it is gone)."""
    states: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            states.append(None)
        else:
            states.append((info.st_size, info.st_mtime_ns))
    return states


def warm_up(options: BuildOptions) -> None:
    """Import the renderers and their libraries now (WeasyPrint alone takes about a second), so
    the first good build after an invalid start is as quick as every later one."""
    for name in options.outputs:
        try:
            outputs.kind(name).warm_up()
        except Exception:  # the build reports it properly
            continue
