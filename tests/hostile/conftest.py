"""Shared helpers for the hostile-input suite (issue 8).

Every case builds into an output folder that already holds a good build of the minimal fixture
(made once per session and copied per test), then asserts the four promises: the exit status, a
one-line `file:line:col: message` per problem, no traceback, and the earlier outputs untouched.

Most cases run the CLI in-process through click's `CliRunner` (fast); cases that could hang or
that need a separate process (alias bombs, special files, SIGKILL) run `python -m builder` in a
subprocess with a timeout.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
MINIMAL_DIR = ROOT / "tests" / "fixtures" / "minimal"
CONTENT = "content/minimal.yaml"
"""Where each case writes its (hostile) content, relative to the workspace; the stem matches
the baseline outputs, so a failed build that wrote anything would show up as a changed file."""

TIMEOUT = 60.0
"""A hang guard for one subprocess build, not a speed limit (the slowest legitimate case takes
a few seconds): a build that never ends, e.g. reading a FIFO, fails instead of stalling the
suite. How fast refusals are is measured in bench/, never asserted here."""

MEMORY = 2 * 1024**3
"""Address space a subprocess may use (`RLIMIT_AS`); a normal build peaks near 450 MB, so an
input that makes the tool allocate without bound fails the test instead of the machine."""

NOTICE = re.compile(r"^brochure: warning: ")
"""Tool notices on stderr that are not problems in the input (e.g. slow font subsetting)."""


# ----------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Outcome:
    """What one run of the command line produced."""

    code: int
    stdout: str
    stderr: str

    @property
    def problems(self) -> list[str]:
        """stderr lines that report a problem (blank lines and tool notices left out)."""
        return [line for line in self.stderr.splitlines() if line.strip()
                and not NOTICE.match(line)]


def cli_env(**extra: str) -> dict[str, str]:
    """Environment for a subprocess: the checkout importable, no debug tracebacks."""
    env = {k: v for k, v in os.environ.items() if k != "BROCHURE_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def limit_memory(limit: int = MEMORY) -> Callable[[], None]:
    """A `preexec_fn` that caps the child's address space at `limit` bytes."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def load_factor() -> float:
    """How much slower than an idle machine this one runs now (1 when idle): a hang guard
    sized for an idle machine must not fail because other work shares the cores."""
    try:
        return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    except OSError:
        return 1.0


def run_cli(args: list[str], cwd: Path, timeout: float = TIMEOUT,
            memory: int = MEMORY, wrapper: tuple[str, ...] = ()) -> Outcome:
    """`python -m builder ARGS` in a subprocess, stopped after `timeout` seconds on an idle
    machine, scaled by the current load (a hang), and given at most `memory` bytes of address
    space (both enforced here, so a runaway input fails instead of the machine); `wrapper` is a
    command that runs it (e.g. in a mount namespace)."""
    timeout *= load_factor()
    try:
        done = subprocess.run([*wrapper, sys.executable, "-m", "builder", *args], cwd=cwd,
                              env=cli_env(),
                              capture_output=True, text=True, timeout=timeout,
                              errors="backslashreplace", preexec_fn=limit_memory(memory))
    except subprocess.TimeoutExpired:
        pytest.fail(f"brochure {' '.join(args)} did not finish within {timeout:.0f} s")
    return Outcome(done.returncode, done.stdout, done.stderr)


def invoke(args: list[str], cwd: Path) -> Outcome:
    """The CLI in-process (click's CliRunner), run from `cwd`."""
    from builder.cli import main

    runner = CliRunner()
    with _chdir(cwd):
        result = runner.invoke(main, args, catch_exceptions=True)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # Escaped the CLI's own handling: render it as the traceback a user would have seen.
        stderr += "".join(traceback.format_exception(result.exception))
    return Outcome(result.exit_code, result.stdout, stderr)


@contextlib.contextmanager
def _chdir(path: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


# ----------------------------------------------------------------------------- workspace


@dataclass
class Workspace:
    """A private content folder (a copy of the minimal fixture) and an output folder that
    already holds the baseline outputs."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / CONTENT

    @property
    def content_dir(self) -> Path:
        return self.content.parent

    @property
    def out(self) -> Path:
        return self.root / "out"

    def original(self) -> str:
        """The minimal fixture's text, to be edited by a case."""
        return (MINIMAL_DIR / "minimal.yaml").read_text(encoding="utf-8")

    def write(self, data: str | bytes) -> Path:
        """Replace the content file with `data` (str is written as UTF-8)."""
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        self.content.write_bytes(raw)
        return self.content

    def edit(self, old: str, new: str) -> Path:
        """The minimal fixture with one exact piece of text replaced."""
        text = self.original()
        assert old in text, f"fixture no longer contains {old!r}"
        return self.write(text.replace(old, new, 1))

    def snapshot(self) -> dict[str, bytes]:
        """Every file under the output folder (hidden ones included), with its bytes."""
        if not self.out.exists():
            return {}
        return {str(p.relative_to(self.out)): p.read_bytes()
                for p in sorted(self.out.rglob("*")) if p.is_file()}

    def build(self, *extra: str, subprocess: bool = False, content: str = CONTENT,
              timeout: float = TIMEOUT, memory: int = MEMORY) -> Outcome:
        """`brochure build CONTENT --out out EXTRA...` from the workspace folder."""
        args = ["build", content, "--out", "out", *extra]
        if subprocess:
            return run_cli(args, self.root, timeout, memory)
        return invoke(args, self.root)

    def check(self, *extra: str) -> Outcome:
        return invoke(["check", CONTENT, *extra], self.root)


@dataclass(frozen=True)
class Baseline:
    """The session's one good build of the minimal fixture."""

    out: Path
    built: bool
    """False when the real build failed (renderers missing): the folder then holds stand-in
    files, which still prove a refused build leaves existing outputs alone."""
    reason: str = ""


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Baseline:
    """Build the minimal fixture once; every workspace starts from a copy of its outputs."""
    root = tmp_path_factory.mktemp("baseline")
    shutil.copytree(MINIMAL_DIR, root / "content")
    outcome = run_cli(["build", CONTENT, "--out", "out"], root, timeout=180)
    out = root / "out"
    if outcome.code == 0 and (out / "minimal.pdf").is_file() and (out / "minimal.pptx").is_file():
        return Baseline(out, True)
    out.mkdir(exist_ok=True)
    for name in ("minimal.pdf", "minimal.pptx"):
        (out / name).write_bytes(b"previous output " + name.encode())
    return Baseline(out, False, outcome.stderr.strip()[-500:])


@pytest.fixture
def ws(tmp_path: Path, baseline: Baseline) -> Workspace:
    """A workspace whose `out/` already holds the baseline outputs."""
    shutil.copytree(MINIMAL_DIR, tmp_path / "content")
    shutil.copytree(baseline.out, tmp_path / "out")
    return Workspace(tmp_path)


@pytest.fixture
def built(baseline: Baseline) -> Baseline:
    """For cases that need the renderers: fail (not skip) when the baseline did not build."""
    if not baseline.built:
        pytest.fail(f"the minimal fixture does not build: {baseline.reason}")
    return baseline


# ----------------------------------------------------------------------------- assertions


def located(file: str) -> re.Pattern[str]:
    """`file:line:col: ` at the start of a line."""
    return re.compile(rf"^{re.escape(file)}:\d+:\d+: ")


def assert_clean(outcome: Outcome) -> None:
    """Never a traceback, never the internal-error exit status."""
    assert "Traceback" not in outcome.stderr + outcome.stdout, outcome.stderr
    assert "internal error" not in outcome.stderr, outcome.stderr
    assert outcome.code != 3, outcome.stderr


def assert_refused(outcome: Outcome, ws: Workspace, before: dict[str, bytes], *,
                   file: str = CONTENT, line: int | None = None, has_line: bool = True,
                   contains: str | tuple[str, ...] = ()) -> list[str]:
    """Exit 2, one located line per problem, no traceback, outputs unchanged."""
    assert_clean(outcome)
    assert outcome.code == 2, f"exit {outcome.code}\n{outcome.stderr}"
    problems = outcome.problems
    assert problems, "no message explains the failure"
    for text in problems:
        if has_line:
            assert located(file).match(text), f"not located in {file}: {text!r}"
        else:
            assert text.startswith(file), f"does not name {file}: {text!r}"
    if line is not None:
        assert any(text.startswith(f"{file}:{line}:") for text in problems), problems
    for word in (contains,) if isinstance(contains, str) else contains:
        assert any(word.lower() in text.lower() for text in problems), (word, problems)
    assert ws.snapshot() == before, "a refused build changed the output folder"
    return problems


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing `needle`."""
    for number, content in enumerate(text.splitlines(), 1):
        if needle in content:
            return number
    raise AssertionError(f"{needle!r} not in the text")


# ----------------------------------------------------------------------------- outputs


def pdf_text(path: Path) -> str:
    """All text of a PDF as pypdf and PDFium extract it (both must open the file).

    pypdf 7 misreads some WeasyPrint fonts with a non-Identity CMap (a bold font next to a
    CJK one comes out as `\\x00T\\x00e...`) although pdftotext and PDFium read them right, so
    the two extractions are joined: "shown" means either sees it, "absent" means neither does.
    """
    import pypdfium2
    from pypdf import PdfReader

    reader = PdfReader(path, strict=False)
    assert len(reader.pages) > 0
    texts = [page.extract_text() or "" for page in reader.pages]
    document = pypdfium2.PdfDocument(str(path))
    try:
        assert len(document) == len(reader.pages)
        for page in document:
            texts.append(page.get_textpage().get_text_range())
    finally:
        document.close()
    return "\n".join(texts)


def pptx_texts(path: Path) -> list[str]:
    """Every run of text on every slide and in the notes (reopening the deck with python-pptx)."""
    from pptx import Presentation

    deck = Presentation(str(path))
    assert len(deck.slides) > 0
    texts: list[str] = []
    for slide in deck.slides:
        frames = [shape.text_frame for shape in _shapes(slide.shapes) if shape.has_text_frame]
        frames += [cell.text_frame for shape in _shapes(slide.shapes) if shape.has_table
                   for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            frames.append(slide.notes_slide.notes_text_frame)
        for frame in frames:
            if frame is None:
                continue
            texts.extend(run.text for paragraph in frame.paragraphs for run in paragraph.runs)
    return texts


def _shapes(shapes: object) -> Iterator[object]:
    for shape in shapes:  # type: ignore[attr-defined]
        yield shape
        if getattr(shape, "shape_type", None) == 6:  # MSO_SHAPE_TYPE.GROUP
            yield from _shapes(shape.shapes)


def assert_outputs_open(out: Path, stem: str = "minimal") -> tuple[str, list[str]]:
    """Both outputs exist and reopen; no run carries an escaped control code (`_x000B_`)."""
    pdf, deck = out / f"{stem}.pdf", out / f"{stem}.pptx"
    text = pdf_text(pdf)
    runs = pptx_texts(deck)
    bad = [r for r in runs if "_x00" in r or any(ord(c) < 32 and c not in "\t\n" for c in r)]
    assert not bad, f"control codes in deck text: {bad[:3]!r}"
    assert not list(out.glob("*.brochure-tmp")) and not list(out.glob(".*.brochure-tmp"))
    return text, runs


def squash(text: str) -> str:
    """Text with all whitespace removed (PDF extraction breaks lines where the layout did)."""
    return "".join(text.split())


# ----------------------------------------------------------------------------- network


class Sentinel:
    """A TCP listener on 127.0.0.1 that counts connections; nothing should ever reach it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.server.close()


@pytest.fixture
def sentinel() -> Iterator[Sentinel]:
    server = Sentinel()
    yield server
    server.close()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """In-process: record (and refuse) any attempt to resolve a name or open a connection."""
    attempts: list[str] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(f"connect {address}")
            raise OSError("network disabled by the hostile test suite")
        real_connect(self, address)  # type: ignore[arg-type]  # local (AF_UNIX) sockets

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list[object]:
        attempts.append(f"getaddrinfo {host}")
        raise socket.gaierror("network disabled by the hostile test suite")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts
