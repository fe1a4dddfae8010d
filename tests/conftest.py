"""Shared fixtures: sample content files, copies in a temporary folder, and a real client
(LibreOffice headless) for opening decks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = ROOT / "data" / "regenerative-therapies.yaml"
MINIMAL = FIXTURES / "minimal" / "minimal.yaml"


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
