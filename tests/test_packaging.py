"""pyproject.toml ships every folder the tool reads: setuptools installs only the packages it is
given (and floods `pip install` with warnings about the others), so a new template or module
folder missing from the list works in this checkout and breaks in an installed `brochure`."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def shipped_folders() -> dict[str, Path]:
    """Package name -> folder: the package roots, and every folder under them holding a file."""
    setuptools = PYPROJECT["tool"]["setuptools"]
    roots = {"builder": ROOT / "builder"} | {
        name: ROOT / folder for name, folder in setuptools.get("package-dir", {}).items()}
    found: dict[str, Path] = {}
    for name, root in roots.items():
        for folder in [root, *root.rglob("*")]:
            relative = folder.relative_to(root).parts
            if not folder.is_dir() or any(p.startswith((".", "__")) for p in relative):
                continue
            if folder == root or any(child.is_file() for child in folder.iterdir()):
                found[".".join([name, *relative])] = folder
    return found


def test_every_shipped_folder_is_a_listed_package() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    missing = sorted(set(shipped_folders()) - listed)
    assert not missing, f"add {missing} to [tool.setuptools] packages in pyproject.toml"
    gone = sorted(listed - set(shipped_folders()))
    assert not gone, f"remove {gone} from [tool.setuptools] packages in pyproject.toml"


def test_licence_and_build_backend_are_current() -> None:
    """An SPDX string licence needs setuptools 77; the old table form printed a deprecation
    warning on every install."""
    assert isinstance(PYPROJECT["project"]["license"], str)
    assert "setuptools>=77" in PYPROJECT["build-system"]["requires"][0]
