"""What `brochure serve` shows, and the worker that keeps it current.

One worker thread runs every build, one after the other: after each save (files watched with the
same plan and filter as `brochure watch`) and after each change of language or paper on the page.
A cycle builds the handout first (`pipeline.build` with the PDF only), publishes its pages, then
builds the deck and publishes its slides, so pages appear as soon as the PDF is ready while
LibreOffice is still drawing the slides. Pictures are drawn with `brochure preview`'s functions
(pypdfium2 for pages; LibreOffice, then pypdfium2, for slides) and kept in memory only.

An invalid edit publishes its errors and keeps the last good pictures: the page shows the errors
over them. Builds go to a private temporary folder, so the user's own outputs are never touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click
import watchfiles

from builder import outputs, pipeline, preview, translate
from builder.errors import BrochureError, Problem, display_path, internal_error
from builder.options import BuildOptions
from builder.paper import PAPERS
from builder.watch import describe_changes, warm_up, watch_plan, without_transients

PAGE_DPI = 96
"""Handout pages at screen resolution: an A4 page is 794 pixels wide."""
SLIDE_DPI = 96
"""Slides (10 inches wide in most templates) at 960 pixels."""


@dataclass
class Pictures:
    """One published set of page or slide images, PNG bytes in memory."""

    version: int = 0
    images: list[bytes] = field(default_factory=list)
    source_sha: str = ""
    """Hash of the PDF or deck they were drawn from: unchanged bytes are not drawn again."""
    note: str = ""
    """Why there are none (LibreOffice missing or failed), shown on the page."""


@dataclass(frozen=True)
class Stage:
    """One output of a cycle: built alone, drawn, then published before the next starts."""

    shown_as: str
    """The session attribute holding its pictures (`pages` or `slides`)."""
    dpi: int
    timing: str
    """Name of its time (seconds from the save) in the published timings."""
    then: str
    """The status once it is shown."""


STAGES = (Stage("pages", PAGE_DPI, "handout", "building slides"),
          Stage("slides", SLIDE_DPI, "slides", "ready"))
"""Handout first: its pages show while LibreOffice is still drawing the slides."""


@dataclass
class Settings:
    """What the person chose on the page."""

    language: str | None
    paper: str | None


Listener = Callable[[dict[str, Any]], None]


STOP_WAIT_S = 120
"""How long Ctrl-C waits for a build in progress: a thread still inside WeasyPrint's C code
when Python shuts down can crash the interpreter."""


class PreviewSession:
    """The state the page shows, and the thread that rebuilds it."""

    def __init__(self, content: Path, options: BuildOptions, *, debounce_ms: int = 200,
                 editor_link: Callable[[Problem], str | None] | None = None) -> None:
        self.content = Path(content)
        self.base = options
        self.settings = Settings(options.language, options.paper)
        self.debounce_ms = debounce_ms
        self.editor_link = editor_link or (lambda _problem: None)
        self.work = Path(tempfile.mkdtemp(prefix="brochure-serve-"))
        self.pages = Pictures()
        self.slides = Pictures()
        self.problems: list[Problem] = []
        self.errors: list[Problem | str] = []
        self.status = "starting"
        self.changed: list[str] = []
        self.timings: dict[str, float] = {}
        self.revision = 0
        """Counts published states; the page ignores an older one that arrives late."""
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []
        self._requests: queue.Queue[list[str]] = queue.Queue()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------------ life cycle

    def start(self) -> None:
        """Start watching and building (the first build starts at once)."""
        roots, watch_filter = watch_plan(self.content, self.base)
        self._threads = [
            threading.Thread(target=self._watch, args=(roots, watch_filter), daemon=True,
                             name="brochure-serve-watch"),
            threading.Thread(target=self._work, daemon=True, name="brochure-serve-build"),
        ]
        for thread in self._threads:
            thread.start()
        self._requests.put(["first build"])

    def stop(self) -> bool:
        """Stop watching and building and remove the temporary folder; True when every thread
        has finished (a build in progress is waited for, up to `STOP_WAIT_S`)."""
        self._stop.set()
        self._requests.put([])
        for thread in self._threads:
            thread.join(timeout=STOP_WAIT_S)
        shutil.rmtree(self.work, ignore_errors=True)
        return not any(thread.is_alive() for thread in self._threads)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every new state; returns the function that unsubscribes."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    def choose(self, language: str | None, paper: str | None) -> None:
        """Switch language or paper (validated by the caller) and rebuild."""
        with self._lock:
            self.settings = Settings(language or None, paper or None)
        paper_name = paper or "the content file's paper"
        self._requests.put([f"switched to {language or 'the source language'}, {paper_name}"])

    # ------------------------------------------------------------------ what the page reads

    def state(self) -> dict[str, Any]:
        """Everything the page shows, as JSON-ready data."""
        with self._lock:
            return {
                "revision": self.revision,
                "status": self.status,
                "content": display_path(self.content),
                "changed": self.changed,
                "pages": {"version": self.pages.version, "count": len(self.pages.images),
                          "note": self.pages.note},
                "slides": {"version": self.slides.version, "count": len(self.slides.images),
                           "note": self.slides.note},
                "problems": [self._problem_json(p) for p in self.problems],
                "errors": [self._problem_json(p) for p in self.errors],
                "settings": {"language": self.settings.language or "",
                             "paper": self.settings.paper or ""},
                "choices": {"languages": self.languages(), "papers": list(PAPERS)},
                "timings": self.timings,
            }

    def image(self, kind: str, version: int, number: int) -> bytes | None:
        """PNG of page or slide `number` (1-based) of the current pictures, if that version."""
        with self._lock:
            pictures = self.pages if kind == "page" else self.slides
            if pictures.version != version or not 1 <= number <= len(pictures.images):
                return None
            return pictures.images[number - 1]

    def languages(self) -> list[str]:
        """The translations beside the content file ('' is the source language)."""
        return ["", *translate.available(self.content)]

    def _problem_json(self, problem: Problem | str) -> dict[str, Any]:
        if isinstance(problem, str):
            return {"text": problem, "message": problem, "level": "error"}
        return {"text": problem.format(with_level=True), "file": display_path(problem.file),
                "line": problem.line, "column": problem.column, "level": problem.level,
                "rule": problem.rule, "path": problem.yaml_path, "message": problem.message,
                "link": self.editor_link(problem)}

    def _publish(self, **changes: Any) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(self, name, value)
            self.revision += 1
            listeners = list(self._listeners)
        snapshot = self.state()
        for listener in listeners:
            listener(snapshot)

    # ------------------------------------------------------------------ threads

    def _watch(self, roots: list[Path], watch_filter: Any) -> None:
        for changes in watchfiles.watch(*roots, watch_filter=watch_filter,
                                        debounce=self.debounce_ms, step=50,
                                        stop_event=self._stop, raise_interrupt=False):
            names = describe_changes(without_transients(changes), roots)
            if names:
                self._requests.put(names)

    def _work(self) -> None:
        warm_up(self.base)
        while not self._stop.is_set():
            changed = self._requests.get()
            with contextlib.suppress(queue.Empty):  # saves made meanwhile: one build for all
                while True:
                    changed += self._requests.get_nowait()
            if self._stop.is_set():
                return
            try:
                self._cycle(changed)
            except Exception as exc:  # a bug must not end the session
                self._publish(status="error", errors=[internal_error(exc)])

    def _cycle(self, changed: list[str]) -> None:
        """Build the handout, show its pages; then build the deck, show its slides."""
        started = time.perf_counter()
        click.echo(f"{time.strftime('%H:%M:%S')}  {', '.join(changed)}")
        self._publish(status="building handout", changed=changed)
        options = self._options()
        problems: list[Problem] = []
        timings: dict[str, float] = {}
        for stage, kind in zip(STAGES, _pictured_kinds(options), strict=True):
            try:
                report = pipeline.build(self.content, replace(options, outputs=(kind,)))
                errors: list[Problem | str] = list(report.errors) if report.failed else []
                problems.extend(report.warnings)
            except BrochureError as exc:  # invalid content, or a deck-only problem
                errors = exc.problems
            if errors:
                for line in (e.format() if isinstance(e, Problem) else e for e in errors):
                    click.echo(f"  {line}", err=True)
                kept = {"problems": _unique(problems)} if problems else {}
                self._publish(status="error", errors=errors, **kept,
                              timings={**timings, "failed": time.perf_counter() - started})
                return
            current = getattr(self, stage.shown_as)
            pictures = self._draw(report.outputs[0].path, current, kind, stage.dpi)
            timings[stage.timing] = time.perf_counter() - started
            self._publish(status=stage.then, errors=[], problems=_unique(problems),
                          timings=dict(timings), **{stage.shown_as: pictures})
            click.echo(f"  {len(pictures.images)} {stage.shown_as} in "
                       f"{timings[stage.timing]:.2f} s")

    def _options(self) -> BuildOptions:
        with self._lock:
            settings = self.settings
        variant = f"{settings.language or 'source'}-{settings.paper or 'default'}"
        return replace(self.base, out_dir=self.work / variant, language=settings.language,
                       paper=settings.paper, force=False)  # type: ignore[arg-type]

    def _draw(self, source: Path, current: Pictures, kind: str, dpi: int) -> Pictures:
        """New pictures of `source` (an output of `kind`), or the current ones when its bytes
        did not change."""
        data = source.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest == current.source_sha and current.images:
            return current
        try:
            draw = outputs.kind(kind).pictures
            assert draw is not None
            images = [preview.png_bytes(image, small=False)
                      for image in draw(source, dpi).images]
        except outputs.PicturesSkipped as skipped:
            return Pictures(current.version + 1, [], digest, str(skipped))
        return Pictures(current.version + 1, images, digest)


def _pictured_kinds(options: BuildOptions) -> tuple[str, str]:
    """The two outputs the page shows side by side, in build order: the handout, then the
    deck (the first two kinds being built that can be pictured)."""
    pictured = [name for name in options.outputs if outputs.kind(name).pictures is not None]
    pictured += [n for n in outputs.default_names() if n not in pictured]
    return pictured[0], pictured[1]


def _unique(problems: list[Problem]) -> list[Problem]:
    """Problems in file order, each once (both builds run the same checks)."""
    seen = {(str(p.file), p.line, p.column, p.rule, p.message): p for p in problems}
    return sorted(seen.values(), key=lambda p: (str(p.file), p.line, p.column, p.rule))
