"""scripts/system-deps.sh: it asks apt for what is really missing, and only that.

Each need is re-checked here independently (shutil.which, `ldconfig -p`, `fc-list`, the file
system), so the dry run's answer is compared with the machine, not with itself. Missing things
are made by hiding a command from PATH or by adding a need line, the way an engineer extends
the script; apt is replaced by a stand-in that records its calls.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system-deps.sh"
END_OF_NEEDS = "# --- end of needs ---"


@dataclass(frozen=True)
class Need:
    group: str
    kind: str
    what: str
    package: str


def needs(group: str) -> list[Need]:
    listed = subprocess.run(["bash", str(SCRIPT), "--list", group], capture_output=True,
                            text=True, check=True).stdout
    return [Need(*line.split("\t")[:4]) for line in listed.splitlines()]


def present(need: Need) -> bool:
    """The need's check, done another way than the script does it."""
    if need.kind == "cmd":
        return shutil.which(need.what) is not None
    if need.kind == "lib":
        ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
        listing = subprocess.run([ldconfig, "-p"], capture_output=True, text=True).stdout
        return any(line.split()[:1] == [need.what] for line in listing.splitlines())
    if need.kind == "font":
        return shutil.which("fc-list") is not None and bool(subprocess.run(
            ["fc-list", need.what, "family"], capture_output=True, text=True).stdout.strip())
    if need.kind == "file":
        return Path(need.what).exists()
    if need.kind == "pymod":
        return importlib.util.find_spec(need.what) is not None
    if need.kind == "office":
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        return soffice is not None and (Path(soffice).resolve().parents[1] / need.what).exists()
    raise AssertionError(f"no independent check for kind {need.kind!r}")


def run(*args: str, script: Path = SCRIPT, path: str | None = None,
        **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "SKIP_SYSTEM_DEPS"}
    environment.update(PYTHON=sys.executable, **env)
    if path is not None:
        environment["PATH"] = path
    return subprocess.run(["bash", str(script), *args], capture_output=True, text=True,
                          env=environment, timeout=60)


def would_install(result: subprocess.CompletedProcess[str]) -> set[str]:
    assert result.returncode == 0, result.stderr
    [line] = [x for x in result.stdout.splitlines() if x.startswith("would install:")]
    return set(line.removeprefix("would install:").split())


def expected_packages(group: str) -> set[str]:
    return {n.package for n in needs(group) if not present(n)}


def with_need(tmp_path: Path, line: str) -> Path:
    """A copy of the script with one more need, added where engineers add theirs."""
    text = SCRIPT.read_text()
    assert END_OF_NEEDS in text
    copy = tmp_path / "system-deps.sh"
    copy.write_text(text.replace(END_OF_NEEDS, f"{line}\n{END_OF_NEEDS}"))
    return copy


def path_without(tmp_path: Path, *hidden: str) -> str:
    """A PATH holding every command of the current one except `hidden`."""
    folder = tmp_path / "bin-without"
    folder.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in os.scandir(directory):
            target = folder / entry.name
            if entry.name in hidden or target.exists() or not os.access(entry.path, os.X_OK):
                continue
            target.symlink_to(entry.path)
    return str(folder)


def fake_apt(tmp_path: Path, *, fail_install: str = "") -> tuple[str, Path]:
    """A PATH whose apt-get (and sudo) only record their calls; `install` may fail like apt."""
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    calls = tmp_path / "apt-calls"
    failing = (f'[ "$1" = install ] && {{ echo "Reading package lists..."; echo "{fail_install}"'
               " >&2; exit 100; }\n") if fail_install else ""
    (folder / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {calls}\n{failing}exit 0\n')
    (folder / "sudo").write_text('#!/bin/sh\nexec "$@"\n')
    for script in folder.iterdir():
        script.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ['PATH']}", calls


def test_every_need_kind_has_an_independent_check() -> None:
    listed = needs("test")
    assert {n.group for n in listed} == {"build", "test"}
    for need in listed:
        present(need)  # raises for a kind this test does not know


@pytest.mark.parametrize("group", ["build", "test"])
def test_dry_run_asks_for_exactly_what_is_missing(group: str) -> None:
    """On this machine (with LibreOffice from whichever packages) nothing present is asked for."""
    assert would_install(run("--dry-run", group)) == expected_packages(group)


def test_build_group_leaves_the_test_clients_out() -> None:
    build = {n.package for n in needs("build")}
    assert not build & {"libreoffice-impress-nogui", "poppler-utils", "qpdf", "pandoc"}
    assert build < {n.package for n in needs("test")}


def test_a_command_hidden_from_path_is_asked_for(tmp_path: Path) -> None:
    path = path_without(tmp_path, "pdftoppm", "soffice", "libreoffice")
    asked = would_install(run("--dry-run", "test", path=path))
    office = {n.package for n in needs("test") if n.kind == "office"}  # found through soffice
    assert "libreoffice-impress-nogui" in office
    assert asked == expected_packages("test") | {"poppler-utils"} | office
    assert would_install(run("--dry-run", "build", path=path)) == expected_packages("build")


def test_a_new_need_line_is_checked(tmp_path: Path) -> None:
    script = with_need(tmp_path, 'need test lib libbrochure-absent.so.9 brochure-absent "test"\n'
                                 'need test lib libc.so.6 libc6 "present everywhere"')
    asked = would_install(run("--dry-run", "test", script=script))
    assert asked == expected_packages("test") | {"brochure-absent"}
    assert "libbrochure-absent.so.9" in run("--dry-run", "test", script=script).stdout
    assert "brochure-absent" not in would_install(run("--dry-run", "build", script=script))


def test_skip_variable_skips_everything(tmp_path: Path) -> None:
    script = with_need(tmp_path, 'need build cmd brochure-absent-tool brochure-absent "test"')
    path, calls = fake_apt(tmp_path)
    result = run("test", script=script, path=path, SKIP_SYSTEM_DEPS="1")
    assert result.returncode == 0 and "skipped" in result.stdout
    assert not calls.exists()


def test_nothing_missing_means_apt_is_never_called(tmp_path: Path) -> None:
    if expected_packages("test"):
        pytest.skip(f"this machine lacks {sorted(expected_packages('test'))}")
    path, calls = fake_apt(tmp_path)
    result = run("test", path=path)
    assert result.returncode == 0, result.stderr
    assert not calls.exists(), calls.read_text()


def test_apt_failure_shows_apts_own_error_and_fails(tmp_path: Path) -> None:
    script = with_need(tmp_path, 'need build cmd brochure-absent-tool brochure-absent "test"')
    error = "E: Error, pkgProblemResolver::Resolve generated breaks"
    path, calls = fake_apt(tmp_path, fail_install=error)
    result = run("build", script=script, path=path)
    assert result.returncode != 0
    assert error in result.stderr and "SKIP_SYSTEM_DEPS=1" in result.stderr
    update, install = calls.read_text().splitlines()
    assert update == "update" and install.split()[-1] == "brochure-absent"


def test_a_need_still_unmet_after_install_is_an_error(tmp_path: Path) -> None:
    script = with_need(tmp_path, 'need build cmd brochure-absent-tool brochure-absent "test"')
    path, _calls = fake_apt(tmp_path)
    result = run("build", script=script, path=path)
    assert result.returncode != 0
    assert "brochure-absent is installed but cmd brochure-absent-tool is still not found" \
        in result.stderr
