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


# ----------------------------------------------------------------------------- translations


def _with_spanish(content: Path) -> Path:
    from tests.test_i18n import OVERLAY

    spanish = content.with_name(f"{content.stem}.es.yaml")
    spanish.write_text(OVERLAY, encoding="utf-8")
    return spanish


def test_a_translation_beside_its_source_is_skipped_with_one_line(minimal_copy: Path) -> None:
    from builder.batch import plan

    spanish = _with_spanish(minimal_copy)
    jobs, skipped = plan([spanish, minimal_copy], None)
    assert jobs == [(minimal_copy, None)]
    assert len(skipped) == 1 and spanish.name in skipped[0] and "--lang es" in skipped[0]
    for language in ("es", "all"):  # asked for: the source's own job builds it
        jobs, skipped = plan([spanish, minimal_copy], language)
        assert skipped == [] and (minimal_copy, "es") in jobs
    assert plan([spanish, minimal_copy], "all")[0] == [(minimal_copy, "en"), (minimal_copy, "es")]


def test_a_translation_named_alone_builds_its_source_in_its_language(minimal_copy: Path) -> None:
    from builder.batch import plan

    spanish = _with_spanish(minimal_copy)
    assert plan([spanish], None) == ([(minimal_copy, "es")], [])


def test_only_a_language_code_beside_a_source_makes_a_translation(minimal_copy: Path) -> None:
    from builder.batch import plan

    folder = minimal_copy.parent
    for name in ("minimal.final.yaml", "minimal.v2.yaml", "other.es.yaml"):
        shutil.copyfile(minimal_copy, folder / name)
    files = [folder / n for n in ("minimal.final.yaml", "minimal.v2.yaml", "other.es.yaml")]
    assert plan(files, None) == ([(f, None) for f in files], [])


def test_a_glob_with_translations_builds_each_document_once(minimal_copy: Path,
                                                             tmp_path: Path) -> None:
    _with_spanish(minimal_copy)
    out = tmp_path / "out"
    files = [str(p) for p in sorted(minimal_copy.parent.glob("*.yaml"))]
    result = CliRunner().invoke(main, ["build", *files, "--out", str(out), "--only", "pptx"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("skipped ") and "minimal.es.yaml" in result.stdout
    assert sorted(p.name for p in out.glob("*.pptx")) == ["minimal.pptx"]
