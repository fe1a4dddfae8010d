"""`brochure preview`: page and slide images plus a contact sheet, with and without LibreOffice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from builder import cache
from builder import contact_sheet as sheet_module
from builder import preview as preview_module
from builder.cli import main
from builder.contact_sheet import SHEET_WIDTH
from builder.deck import preview as deck_preview
from builder.deck.preview import NO_LIBREOFFICE
from builder.options import BuildOptions
from builder.preview import preview
from tests.conftest import helper_of, soffice_binary, stuck_program, wait_until_gone


def page_count(pdf: Path) -> int:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG whose every chunk checks out."""
    with Image.open(path) as image:
        assert image.format == "PNG"
        image.verify()  # reads every chunk and checks its CRC
        return image.size


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    real_which = shutil.which

    def which(name: str, *args: object, **kwargs: object) -> str | None:
        return None if name in ("soffice", "libreoffice") else real_which(name, *args, **kwargs)

    monkeypatch.setattr(deck_preview.shutil, "which", which)


def test_pages_slides_and_contact_sheet(minimal_copy: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    if soffice_binary() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "out"
    assert preview(minimal_copy, BuildOptions(out_dir=out), dpi=40) == 0
    folder = out / "preview" / "minimal"
    pages = sorted(folder.glob("handout-*.png"))
    slides = sorted(folder.glob("slide-*.png"))
    assert len(pages) == page_count(out / "minimal.pdf")
    assert len(slides) == len(Presentation(str(out / "minimal.pptx")).slides)
    assert [p.name for p in pages][:2] == ["handout-01.png", "handout-02.png"]
    with Image.open(slides[0]) as slide, Image.open(pages[0]) as page:
        assert slide.width > slide.height  # LibreOffice drew a landscape slide
        assert page.height > page.width
    width, height = png_size(folder / "contact-sheet.png")
    assert width == SHEET_WIDTH and 400 < height < 20_000
    written = capsys.readouterr().out
    assert f"{folder / 'contact-sheet.png'}" in written and f"{slides[0]}" in written

    # A second run reuses the slide images: no LibreOffice needed when the deck is unchanged.
    monkeypatch.setattr(deck_preview.shutil, "which", lambda *_a, **_k: None)
    assert preview(minimal_copy, BuildOptions(out_dir=out), dpi=40) == 0
    assert sorted(folder.glob("slide-*.png")) == slides
    captured = capsys.readouterr()
    assert "unchanged" in captured.out and NO_LIBREOFFICE not in captured.err


def same_pixels(first: Path, second: Path) -> bool:
    with Image.open(first) as one, Image.open(second) as other:
        return one.size == other.size and one.tobytes() == other.convert(one.mode).tobytes()


def test_libreoffice_converts_each_deck_once(minimal_copy: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The converted deck is kept in the persistent cache: a preview into a new folder of a
    deck already converted draws the same slides without LibreOffice."""
    if soffice_binary() is None or cache.folder() is None:
        pytest.skip("needs LibreOffice and the persistent cache")
    assert preview(minimal_copy, BuildOptions(out_dir=tmp_path / "first"), dpi=40) == 0

    def not_again(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("LibreOffice converted the same deck again")

    monkeypatch.setattr(deck_preview.programs, "run", not_again)
    assert preview(minimal_copy, BuildOptions(out_dir=tmp_path / "again"), dpi=40) == 0
    first, again = (sorted((tmp_path / name / "preview" / "minimal").glob("slide-*.png"))
                    for name in ("first", "again"))
    assert first and [p.name for p in first] == [p.name for p in again]
    assert all(same_pixels(one, other) for one, other in zip(first, again, strict=True))


def test_a_stuck_libreoffice_is_stopped_with_one_line(minimal_copy: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Past its time LibreOffice is killed with every process it started (here a stand-in
    that starts a helper and waits, as its launcher does); the command says so in one line
    and exits 2, the handout's pictures and the contact sheet still written."""
    stuck = stuck_program(tmp_path)
    real_which = shutil.which
    monkeypatch.setattr(deck_preview.shutil, "which", lambda name, *args, **kwargs: (
        str(stuck) if name == "soffice" else real_which(name, *args, **kwargs)))
    monkeypatch.setattr(deck_preview, "SOFFICE_TIMEOUT_S", 1)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["preview", str(minimal_copy), "--out", str(out),
                                       "--dpi", "30"])
    assert result.exit_code == 2, result.output
    said = [line for line in result.stderr.splitlines() if "LibreOffice" in line]
    assert said == [f"LibreOffice took over 1 s to convert {out / 'minimal.pptx'}: slide "
                    "images skipped"]
    assert "Traceback" not in result.output
    folder = out / "preview" / "minimal"
    assert len(list(folder.glob("handout-*.png"))) == page_count(out / "minimal.pdf")
    assert not list(folder.glob("slide-*.png")) and (folder / "contact-sheet.png").is_file()
    wait_until_gone(helper_of(tmp_path), "LibreOffice's helper")
    assert not (tmp_path / "helper-finished").exists()


def test_without_libreoffice_pages_are_still_drawn(minimal_copy: Path, tmp_path: Path,
                                                   no_libreoffice: None) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["preview", str(minimal_copy), "--out", str(out),
                                       "--dpi", "30"])
    assert result.exit_code == 0, result.output
    assert NO_LIBREOFFICE in result.stderr
    folder = out / "preview" / "minimal"
    assert len(list(folder.glob("handout-*.png"))) == page_count(out / "minimal.pdf")
    assert not list(folder.glob("slide-*.png"))
    width, height = png_size(folder / "contact-sheet.png")
    assert width == SHEET_WIDTH and 300 < height < 20_000


def test_fewer_pages_remove_the_old_images(tmp_path: Path) -> None:
    folder = tmp_path / "preview"
    folder.mkdir()
    for number in (1, 2, 3):
        (folder / f"slide-{number:02d}.png").write_bytes(b"old")
    preview_module.remove_images(folder, "slide", keep=[folder / "slide-01.png"])
    assert sorted(p.name for p in folder.iterdir()) == ["slide-01.png"]


def test_the_contact_sheet_lays_out_every_picture(tmp_path: Path) -> None:
    pictures = []
    for number, size in enumerate([(60, 85), (60, 85), (120, 68)], 1):
        path = tmp_path / f"p{number}.png"
        Image.new("RGB", size, "white").save(path)
        pictures.append(sheet_module.Picture(path, f"Page {number}"))
    sheet = sheet_module.contact_sheet("Título · عربى · 中文", "x.yaml", [
        sheet_module.Block("Handout · 2 pages", pictures[:2], sheet_module.PAGE_THUMB_WIDTH),
        sheet_module.Block("Deck · 1 slide", pictures[2:], sheet_module.SLIDE_THUMB_WIDTH)])
    one_row_each = 2 * (sheet_module.PAGE_THUMB_WIDTH * 85 // 60)
    assert sheet.width == SHEET_WIDTH and one_row_each < sheet.height < 2 * one_row_each
