"""Shared fixtures: sample content files, copies in a temporary folder, and a real client
(LibreOffice headless) for opening decks."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = ROOT / "data" / "regenerative-therapies.yaml"
MINIMAL = FIXTURES / "minimal" / "minimal.yaml"
SCRIPTS = FIXTURES / "i18n" / "scripts" / "clinic.yaml"
"""A small clinic with Arabic and Chinese translations."""
SLEEP_APNOEA = FIXTURES / "print" / "sleep-apnoea.yaml"
"""Content on another topic, whose table leaves a hole: the hole search moves it."""


@pytest.fixture
def minimal_copy(tmp_path: Path) -> Path:
    """A private copy of the minimal content folder; returns the content file's path."""
    target = tmp_path / "content"
    shutil.copytree(MINIMAL.parent, target)
    return target / MINIMAL.name


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the sample content folder (data/); returns the content file's path."""
    target = tmp_path / "data"
    shutil.copytree(SAMPLE.parent, target)
    return target / SAMPLE.name


def running(pid: int) -> bool:
    """True while process `pid` runs (a zombie no one has reaped yet has stopped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False  # reaped meanwhile
    except (OSError, IndexError):
        return True  # no /proc to tell a zombie
    return state != "Z"


def stuck_program(folder: Path) -> Path:
    """An executable that starts a helper and waits for it, as LibreOffice's launcher waits
    for soffice.bin: the helper writes its pid to `folder/helper.pid`, and would write
    `folder/helper-finished` only if it were left to end on its own (after 30 s)."""
    script = folder / "stuck-program"
    script.write_text(f'#!/bin/sh\n(sleep 30; touch "{folder}/helper-finished") &\n'
                      f'echo $! > "{folder}/helper.pid"\nwait\n')
    script.chmod(0o755)
    return script


def helper_of(folder: Path) -> int:
    """The pid of `stuck_program`'s helper, once it has started (up to 60 s)."""
    pid_file = folder / "helper.pid"
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text().strip():
        assert time.monotonic() < deadline, "the program never started its helper"
        time.sleep(0.05)
    return int(pid_file.read_text())


def wait_until_gone(pid: int, what: str = "the process") -> None:
    """Wait up to 10 s for `pid` to stop; fail if it does not."""
    deadline = time.monotonic() + 10
    while running(pid):
        assert time.monotonic() < deadline, f"{what} ({pid}) is still running"
        time.sleep(0.05)


def searched_pdf(content: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
                 seen: Callable[[Any, Any], object]) -> bytes:
    """The PDF of `content`'s handout, its hole search run with nothing remembered (cache in
    `cache_dir`); `seen(prepared, laid_out)` is told of every layout the search makes."""
    from builder import cache
    from builder.handout import render
    from builder.options import BuildOptions
    from builder.pipeline import context_for, load_document

    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(cache_dir))
    cache.clear_memory()
    loaded = load_document(content)
    context = context_for(content, BuildOptions(), loaded.source)
    real = render.layout_once

    def recording(prepared: Any, given: Any) -> Any:
        laid_out = real(prepared, given)
        seen(prepared, laid_out[0])
        return laid_out

    monkeypatch.setattr(render, "layout_once", recording)
    try:
        return render.render_pdf(loaded.document, context).data
    finally:
        monkeypatch.setattr(render, "layout_once", real)  # a second search wraps the real one
        cache.clear_memory()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
"""Debian's headless Chromium (scripts/system-deps.sh installs it for tests); never downloaded."""
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def soffice(tmp_path_factory: pytest.TempPathFactory):
    """Convert a file with LibreOffice headless; each test session has its own profile."""
    binary = soffice_binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (soffice not found)")
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(path: Path, to: str = "pdf") -> Path:
        out = path.parent / "lo-out"
        out.mkdir(exist_ok=True)
        result = subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to,
             "--outdir", str(out), str(path)],
            capture_output=True, text=True, timeout=180,
        )
        converted = out / f"{path.stem}.{to}"
        assert result.returncode == 0 and converted.exists(), result.stderr + result.stdout
        return converted

    return convert


@pytest.fixture(scope="session")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The template corpus (tests/fixtures/templates/corpus.json), generated once a session
    (about 15 s: one LibreOffice call per format): id -> template file."""
    from .fixtures.templates import corpus

    binary = soffice_binary()
    if binary is None:
        pytest.skip("LibreOffice (soffice) is needed to generate the template corpus")
    return corpus.generate(tmp_path_factory.mktemp("corpus"), binary)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory):
    """The persistent cache (`builder.cache`) of this test session, in a temporary folder: the
    tests neither read nor fill the user's own cache (commands run by the tests inherit it)."""
    from builder import cache

    folder = tmp_path_factory.mktemp("brochure-cache")
    previous = os.environ.get("BROCHURE_CACHE_DIR")
    os.environ["BROCHURE_CACHE_DIR"] = str(folder)
    cache.clear_memory()
    yield folder
    if previous is None:
        os.environ.pop("BROCHURE_CACHE_DIR", None)
    else:
        os.environ["BROCHURE_CACHE_DIR"] = previous
    cache.clear_memory()


def build_web_page(content: Path, out: Path, **options: object) -> Path:
    """Build the web page of `content` into `out`; the page's path."""
    from builder import pipeline
    from builder.options import BuildOptions

    chosen = BuildOptions(out_dir=out, outputs=("html",), **options)  # type: ignore[arg-type]
    report = pipeline.build(content, chosen)
    assert not report.errors, report.errors
    [output] = report.outputs
    return output.path


@pytest.fixture(scope="session")
def web_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Web pages of the sample in English and Spanish, a procedure guide made by `brochure
    new`, and a small clinic in Arabic and Chinese."""
    from builder import new

    out = tmp_path_factory.mktemp("web")
    folder = tmp_path_factory.mktemp("content")
    shutil.copytree(SAMPLE.parent, folder / "data")
    sample = folder / "data" / SAMPLE.name
    guide = new.create(folder / "knee-scope", "procedure-guide").content
    shutil.copytree(SCRIPTS.parent, folder / "scripts")
    scripts = folder / "scripts" / SCRIPTS.name
    page = build_web_page
    return {"sample": page(sample, out), "sample.es": page(sample, out, language="es"),
            "guide": page(guide, out), "clinic.ar": page(scripts, out, language="ar"),
            "clinic.zh": page(scripts, out, language="zh")}
