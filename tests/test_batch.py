"""`brochure build a.yaml b.yaml c.yaml`: many files in worker processes, one failure isolated."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from builder.cli import main


def test_one_bad_file_does_not_stop_the_others(minimal_copy: Path, tmp_path: Path) -> None:
    folder = minimal_copy.parent
    good_a = folder / "knee.yaml"
    good_b = folder / "shoulder.yaml"
    shutil.copyfile(minimal_copy, good_a)
    shutil.copyfile(minimal_copy, good_b)
    bad = folder / "broken.yaml"
    bad.write_text(minimal_copy.read_text(encoding="utf-8").replace(
        "  title: PRP in brief\n", "  title: PRP in brief\n  colour: red\n"), encoding="utf-8")
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["build", str(good_a), str(bad), str(good_b),
                                       "--out", str(out), "--jobs", "2"])

    assert result.exit_code == 2, result.output
    assert f"{bad}:4:3: document.colour: unknown key 'colour'" in result.stderr
    for stem in ("knee", "shoulder"):
        assert (out / f"{stem}.pdf").read_bytes().startswith(b"%PDF-")
        assert (out / f"{stem}.pptx").read_bytes().startswith(b"PK")
    assert not list(out.glob("broken.*"))
    assert "2 built, 1 failed" in result.stdout
    assert "building" not in result.stderr  # no progress bar when not on a terminal
    assert not list(out.glob(".*.brochure-tmp"))


def test_two_files_with_one_stem_are_refused(minimal_copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copyfile(minimal_copy, other / minimal_copy.name)
    result = CliRunner().invoke(main, ["build", str(minimal_copy), str(other / minimal_copy.name),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "two content files would write the same outputs: minimal" in result.stderr
    assert not (tmp_path / "out").exists()
