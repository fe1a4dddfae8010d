"""A build where nothing changed is answered from the last build's record, and anything the
build reads, changed, makes it build again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder import record
from builder.cli import main
from builder.options import BuildOptions
from builder.pipeline import build

from .conftest import ROOT


@pytest.fixture
def built(minimal_copy: Path, tmp_path: Path) -> tuple[Path, BuildOptions]:
    options = BuildOptions(out_dir=tmp_path / "out")
    build(minimal_copy, options)
    return minimal_copy, options


def test_an_unchanged_build_is_replayed(built: tuple[Path, BuildOptions]) -> None:
    content, options = built
    found = record.replay(content, options)
    assert found is not None
    warnings, written = found
    assert [p.name for p in written] == ["minimal.pdf", "minimal.pptx"]


@pytest.mark.parametrize("change", [
    "content", "image", "translation added", "template override added", "output edited",
    "output removed", "other options", "forced"])
def test_any_change_builds_again(built: tuple[Path, BuildOptions], change: str) -> None:
    content, options = built
    out = Path(options.out_dir)
    if change == "content":
        content.write_text(content.read_text().replace("PRP in brief", "PRP, briefly"))
    elif change == "image":
        image = next((content.parent / "images").glob("*.svg"))
        image.write_text(image.read_text().replace("</svg>", "<!-- redrawn --></svg>"))
    elif change == "translation added":
        shutil.copyfile(content, content.with_name("minimal.es.yaml"))
    elif change == "template override added":
        own = content.parent / "brochures" / "handout"
        own.mkdir(parents=True)
        (own / "custom.css").write_text("h2 { color: red; }\n")
    elif change == "output edited":
        pdf = out / "minimal.pdf"
        pdf.write_bytes(pdf.read_bytes() + b"\n% edited\n")
    elif change == "output removed":
        (out / "minimal.pptx").unlink()
    elif change == "other options":
        options = BuildOptions(out_dir=options.out_dir, paper="letter")
    elif change == "forced":
        options = BuildOptions(out_dir=options.out_dir, force=True)
    assert record.replay(content, options) is None


def test_a_new_day_builds_again(built: tuple[Path, BuildOptions],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks depend on the date (a review falls due): the record holds for one day."""
    content, options = built
    monkeypatch.setattr(record, "today", lambda: "2099-12-31")
    assert record.replay(content, options) is None


def test_a_failed_build_leaves_no_record(minimal_copy: Path, tmp_path: Path) -> None:
    minimal_copy.write_text(minimal_copy.read_text().replace(
        "  title: PRP in brief\n", "  title: PRP in brief\n  colour: red\n"))
    runner = CliRunner()
    for _ in range(2):  # the second build reports the error again, not "unchanged"
        result = runner.invoke(main, ["build", str(minimal_copy), "--out", str(tmp_path)])
        assert result.exit_code == 2
        assert "unknown key 'colour'" in result.stderr
    assert not list(tmp_path.glob(".*.build"))


def test_the_command_says_the_same_with_warnings(minimal_copy: Path, tmp_path: Path) -> None:
    """A build with warnings, then the same build again: the same warnings and 'unchanged'."""
    minimal_copy.write_text(minimal_copy.read_text().replace(
        "PRP in brief", "PRP in brief, a miracle cure"))
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(minimal_copy), "--out", str(tmp_path)])
    second = runner.invoke(main, ["build", str(minimal_copy), "--out", str(tmp_path)])
    assert first.exit_code == second.exit_code == 0, first.output
    assert "warning" in first.stderr and second.stderr == first.stderr
    assert second.stdout.splitlines() == [f"unchanged {tmp_path / name}"
                                          for name in ("minimal.pdf", "minimal.pptx")]


def test_an_unchanged_build_does_not_load_the_content_model(built: tuple[Path, BuildOptions],
                                                           ) -> None:
    """What makes it fast: neither pydantic nor a renderer is imported."""
    content, options = built
    script = ("import sys\nfrom builder.cli import main\n"
              f"sys.argv = ['brochure', 'build', {str(content)!r}, '--out', "
              f"{str(options.out_dir)!r}]\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              "heavy = [m for m in ('pydantic', 'weasyprint', 'pptx', 'jinja2') "
              "if m in sys.modules]\n"
              "print('imported:', heavy)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ}, check=True)
    assert "unchanged" in done.stdout
    assert "imported: []" in done.stdout
