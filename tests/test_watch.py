"""The watcher, driven in a thread on a private copy of the minimal content.

Every wait polls for an observable result (a new build, changed bytes) with a generous limit;
nothing asserts how long anything took, so a busy machine makes these slower, not flaky.
"""

from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import watchfiles

from builder import watch as watch_module
from builder.errors import BrochureError
from builder.options import BuildOptions
from builder.pipeline import BuildReport
from builder.templates import brochure_search_path
from builder.watch import describe_changes, watch, watch_plan, without_transients

LIMIT_S = 30.0


def wait_until(condition: Callable[[], object], what: str, limit: float = LIMIT_S) -> None:
    """Poll `condition` until it holds; fail naming `what` after `limit` seconds."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {limit:.0f} s waiting for {what}")
        time.sleep(0.02)


@dataclass
class Watcher:
    """A watcher running in a thread, with every build outcome it reported."""

    content: Path
    out: Path
    debounce_ms: int = 300
    stop: threading.Event = field(default_factory=threading.Event)
    builds: list[BuildReport | Exception] = field(default_factory=list)
    decks: list[bytes] = field(default_factory=list)
    """The deck's bytes as each build left it, taken in the build hook (so no race)."""
    thread: threading.Thread | None = None
    _says: dict[tuple[int, str], bool] = field(default_factory=dict)

    def start(self) -> Watcher:
        self.thread = threading.Thread(
            target=watch, args=(self.content, BuildOptions(out_dir=self.out)),
            kwargs={"debounce_ms": self.debounce_ms, "stop_event": self.stop,
                    "on_build": self.record},
            name="brochure-watch", daemon=True,
        )
        self.thread.start()
        first = self.next_build(0, "the first build")
        assert isinstance(first, BuildReport), first
        return self

    def finish(self) -> None:
        assert self.thread is not None
        self.stop.set()
        self.thread.join(LIMIT_S)
        assert not self.thread.is_alive(), "the watcher did not stop"

    @property
    def pdf(self) -> Path:
        return self.out / f"{self.content.stem}.pdf"

    @property
    def pptx(self) -> Path:
        return self.out / f"{self.content.stem}.pptx"

    def edit(self, old: str, new: str) -> None:
        text = self.content.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in the content file"
        self.content.write_text(text.replace(old, new, 1), encoding="utf-8")

    def next_build(self, after: int, what: str) -> BuildReport | Exception:
        """Wait for build number `after + 1` and return its outcome."""
        wait_until(lambda: len(self.builds) > after, what)
        return self.builds[after]

    def first_deck_saying(self, text: str, after: int) -> int:
        """Wait for a build (number `after + 1` or later) whose deck holds `text`; its index."""
        def says(index: int) -> bool:
            if (index, text) not in self._says:
                self._says[index, text] = _deck_says(self.decks[index], text)
            return self._says[index, text]

        def found() -> int | None:
            return next((i for i in range(after, len(self.builds)) if says(i)), None)

        wait_until(lambda: found() is not None, f"a deck saying {text!r}")
        index = found()
        assert index is not None
        return index

    def record(self, outcome: BuildReport | Exception) -> None:
        """The build hook: snapshot the deck, then count the build."""
        self.decks.append(self.pptx.read_bytes() if self.pptx.exists() else b"")
        self.builds.append(outcome)


@pytest.fixture
def watcher(minimal_copy: Path, tmp_path: Path) -> Iterator[Watcher]:
    running = Watcher(minimal_copy, tmp_path / "out").start()
    yield running
    running.finish()


def test_an_edit_rebuilds_both_outputs(watcher: Watcher) -> None:
    pdf, pptx = watcher.pdf.read_bytes(), watcher.pptx.read_bytes()
    done = len(watcher.builds)
    watcher.edit("title: What is PRP?", "title: What is platelet-rich plasma?")
    report = watcher.builds[watcher.first_deck_saying("What is platelet-rich plasma?", done)]
    assert isinstance(report, BuildReport)
    assert {o.kind for o in report.outputs if not o.skipped} == {"pdf", "pptx"}
    assert watcher.pdf.read_bytes() != pdf and watcher.pptx.read_bytes() != pptx


def test_an_invalid_edit_keeps_the_outputs_and_the_watcher(
        watcher: Watcher, capsys: pytest.CaptureFixture[str]) -> None:
    pdf, pptx = watcher.pdf.read_bytes(), watcher.pptx.read_bytes()
    done = len(watcher.builds)
    watcher.edit("  title: PRP in brief", "  title: [PRP in brief")
    failed = watcher.next_build(done, "the invalid edit's build")
    assert isinstance(failed, BrochureError)
    assert watcher.pdf.read_bytes() == pdf and watcher.pptx.read_bytes() == pptx
    assert watcher.thread is not None and watcher.thread.is_alive()
    err = capsys.readouterr().err
    assert f"{watcher.content}:4:" in err  # one located line: path:line:col: message
    assert "the previous outputs are unchanged" in err

    watcher.edit("  title: [PRP in brief", "  title: PRP, briefly")
    rebuilt = watcher.next_build(done + 1, "the build after fixing the edit")
    assert isinstance(rebuilt, BuildReport)
    assert watcher.pdf.read_bytes() != pdf


def test_a_half_written_save_reports_only_what_was_saved(
        minimal_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """An editor that truncates the file and then writes it starts a build between the two:
    its 'file is empty' error is stale and stays unsaid; the saved file's error is said once."""
    started: list[Path] = []
    real_build = watch_module.pipeline.build
    monkeypatch.setattr(watch_module.pipeline, "build",
                        lambda content, options: started.append(content) or real_build(
                            content, options))
    running = Watcher(minimal_copy, tmp_path / "out", debounce_ms=2000).start()
    try:
        text = running.content.read_text(encoding="utf-8")
        done, calls = len(running.builds), len(started)
        with open(running.content, "w", encoding="utf-8") as handle:
            handle.flush()  # the file is empty now, and the watcher builds it
            wait_until(lambda: len(started) > calls, "a build of the truncated file")
            handle.write(text.replace("  title: PRP in brief", "  title: [PRP in brief"))
        wait_until(lambda: any(isinstance(b, BrochureError) for b in running.builds[done + 1:]),
                   "the build of the saved file")
        err = capsys.readouterr().err
        assert "file is empty" not in err
        assert err.count(f"{running.content}:4:") == 1, err
        assert err.count("not built") == 1, err

        done = len(running.builds)
        os.utime(running.content)  # the same bad save, touched again: its build says so briefly
        wait_until(lambda: len(running.builds) > done, "the build after the touch")
        err = capsys.readouterr().err
        assert f"{running.content}:4:" not in err
        assert err.strip() == "still not built: the same 1 problem as above", err
    finally:
        running.finish()


def test_a_burst_of_saves_gives_at_most_two_builds(watcher: Watcher) -> None:
    done = len(watcher.builds)
    text = watcher.content.read_text(encoding="utf-8")
    for number in range(10):  # ten saves in about 100 ms, as an editor's autosave might
        watcher.content.write_text(text.replace("What is PRP?", f"What is PRP {number}?"),
                                   encoding="utf-8")
        time.sleep(0.01)

    last = watcher.first_deck_saying("What is PRP 9?", done)
    assert last - done + 1 <= 2, [type(b).__name__ for b in watcher.builds[done:]]
    # Nothing else is queued: a later edit is the very next build.
    watcher.edit("Made from your own blood", "Made from your blood")
    assert watcher.first_deck_saying("Made from your blood", done) == last + 1


def test_a_notes_only_edit_leaves_the_pdf_untouched(watcher: Watcher) -> None:
    pdf_bytes, pdf_mtime = watcher.pdf.read_bytes(), watcher.pdf.stat().st_mtime_ns
    pptx = watcher.pptx.read_bytes()
    done = len(watcher.builds)
    watcher.edit("notes: Explain that PRP comes", "notes: Say that PRP comes")
    report = watcher.next_build(done, "the notes edit's build")
    assert isinstance(report, BuildReport)
    assert {o.kind: o.skipped for o in report.outputs} == {"pdf": True, "pptx": False}
    assert watcher.pptx.read_bytes() != pptx
    assert watcher.pdf.read_bytes() == pdf_bytes
    assert watcher.pdf.stat().st_mtime_ns == pdf_mtime


def test_swap_files_and_its_own_outputs_do_not_trigger_builds(
        minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Outputs inside the watched folder: writing them must not start another build.
    running = Watcher(minimal_copy, minimal_copy.parent / "build").start()
    try:
        folder = minimal_copy.parent
        for debris in (".minimal.yaml.swp", ".minimal.yaml.swx", "minimal.yaml~", "4913",
                       ".#minimal.yaml", "minimal.yaml.tmp", ".hidden.yaml",
                       "images/.cell.png.swp"):
            (folder / debris).write_text("x")
        (folder / "another-handout.yaml").write_text("document: {}\n")  # not our content
        time.sleep(0.5)  # let those land in their own batch (not a timing assertion)
        # A real edit is the next build, and the only change it names.
        done = len(running.builds)
        running.edit("title: What is PRP?", "title: What is PRP, really?")
        assert running.first_deck_saying("What is PRP, really?", done) == done
        out = capsys.readouterr().out
        change_lines = [line for line in out.splitlines() if line[:2].isdigit()]
        assert change_lines[-1].endswith("  minimal.yaml"), change_lines
        assert "swp" not in out and "4913" not in out and "another-handout" not in out
    finally:
        running.finish()


def test_ctrl_c_ends_quietly_with_status_0(minimal_copy: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> Iterator[set[object]]:
        raise KeyboardInterrupt
        yield set()  # a generator, like watchfiles.watch

    monkeypatch.setattr(watch_module.watchfiles, "watch", interrupted)
    assert watch(minimal_copy, BuildOptions(out_dir=tmp_path / "out")) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("name", "relevant"), [
    ("minimal.yaml", True),
    ("minimal.es.yaml", True),  # a translation
    ("images/cell.png", True),
    ("images/new-diagram.svg", True),
    ("other.yaml", False),  # another content file in the same folder
    ("minimal.yaml.bak", False),
    (".minimal.yaml.swp", False),
    ("images/.cell.png.swx", False),
    ("minimal.yaml~", False),
    (".#minimal.yaml", False),
    ("4913", False),
    ("notes.tmp", False),
    ("sedX3k9Qa", False),  # sed -i's temporary file
    (".hidden", False),
    (".cache/thing.png", False),
    ("build/minimal.pdf", False),  # the output folder
    ("build/.minimal.pdf.stamp", False),
])
def test_which_changes_count(minimal_copy: Path, name: str, relevant: bool) -> None:
    options = BuildOptions(out_dir=minimal_copy.parent / "build")
    _roots, keep = watch_plan(minimal_copy, options)
    path = minimal_copy.parent.resolve() / name
    assert keep(watchfiles.Change.modified, str(path)) is relevant


def test_outputs_beside_the_content_are_ignored_but_not_the_content(minimal_copy: Path) -> None:
    folder = minimal_copy.parent.resolve()
    _roots, keep = watch_plan(minimal_copy, BuildOptions(out_dir=minimal_copy.parent))
    assert keep(watchfiles.Change.modified, str(folder / "minimal.yaml"))
    assert keep(watchfiles.Change.modified, str(folder / "images" / "cell.png"))
    assert not keep(watchfiles.Change.modified, str(folder / "minimal.pdf"))
    assert not keep(watchfiles.Change.modified, str(folder / "minimal.pptx"))
    assert not keep(watchfiles.Change.added, str(folder / "preview" / "minimal" / "slide-01.png"))


def test_the_plan_watches_content_and_templates(minimal_copy: Path) -> None:
    roots, keep = watch_plan(minimal_copy, BuildOptions(out_dir=minimal_copy.parent / "b"))
    assert minimal_copy.parent.resolve() in roots
    for folder in brochure_search_path("handout"):
        assert any(r == folder or r in folder.parents for r in roots), (folder, roots)
        assert keep(watchfiles.Change.modified, str(folder / "base.html"))


def test_changes_are_named_relative_to_their_folder(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "cell.png").write_bytes(b"")
    (tmp_path / "a.yaml").write_text("")
    changes = {(watchfiles.Change.deleted, str(tmp_path / "a.yaml")),  # deleted, then rewritten
               (watchfiles.Change.modified, str(tmp_path / "images" / "cell.png")),
               (watchfiles.Change.deleted, str(tmp_path / "old.png")),
               (watchfiles.Change.added, str(tmp_path / "a.yaml"))}
    assert describe_changes(changes, [tmp_path]) == ["a.yaml", "images/cell.png",
                                                     "old.png (deleted)"]


def test_files_that_came_and_went_in_one_batch_are_dropped(tmp_path: Path) -> None:
    kept = tmp_path / "minimal.yaml"
    kept.write_text("x")
    gone = str(tmp_path / "editor-3f9a.tmp-anything")
    changes = {(watchfiles.Change.added, gone), (watchfiles.Change.modified, gone),
               (watchfiles.Change.deleted, gone), (watchfiles.Change.modified, str(kept)),
               (watchfiles.Change.deleted, str(tmp_path / "removed.png"))}
    assert without_transients(changes) == {(watchfiles.Change.modified, str(kept)),
                                           (watchfiles.Change.deleted,
                                            str(tmp_path / "removed.png"))}


def _deck_says(data: bytes, text: str) -> bool:
    """True when some text frame of the deck holds `text`."""
    from pptx import Presentation

    if not data:
        return False
    deck = Presentation(io.BytesIO(data))
    return any(text in shape.text_frame.text for slide in deck.slides for shape in slide.shapes
               if shape.has_text_frame)


# ------------------------------------------------------------------ incremental builds

DECK_EDITS = {
    # name: (old, new, whether the deck must change)
    "handout prose": ("A machine spins the blood", "A machine turns the blood", False),
    "glossary wording": ("helps blood clot.", "helps your blood clot.", True),  # a slide
    "page budget": ("page_budget: 4", "page_budget: 5", False),
    "speaker notes": ("notes: Explain that PRP comes", "notes: Say that PRP comes", True),
    "citation order": ("platelets [@trial-2021].", "platelets [@fda-consumer] [@trial-2021].",
                       True),
    "prose shown on a slide": ("    key_points:\n      - Made from your own blood\n"
                               "      - Spun to collect platelets\n", "", True),
}


@pytest.mark.parametrize("edit", DECK_EDITS, ids=list(DECK_EDITS))
def test_the_deck_fingerprint_changes_exactly_when_the_deck_does(
        minimal_copy: Path, tmp_path: Path, edit: str) -> None:
    """A fingerprint that misses an input leaves a stale deck; one that sees too much rebuilds
    the deck for handout-only edits. Checked against what the deck renderer really does."""
    from builder import fingerprint
    from builder.deck import render_pptx
    from builder.pipeline import context_for, load_document

    options = BuildOptions(out_dir=tmp_path / "out")

    def deck_state() -> tuple[str, bytes]:
        loaded = load_document(minimal_copy)
        context = context_for(minimal_copy, options, loaded.source)
        return (fingerprint.of_output("pptx", loaded.document, context),
                render_pptx(loaded.document, context).data)

    old, new, deck_changes = DECK_EDITS[edit]
    before = deck_state()
    text = minimal_copy.read_text(encoding="utf-8")
    assert old in text
    minimal_copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    after = deck_state()
    assert (after[1] != before[1]) is deck_changes  # the premise: what the deck really does
    assert (after[0] != before[0]) is deck_changes  # a stale deck or a needless rebuild
