"""Pictures of the deck for `brochure preview` and `serve`: LibreOffice headless, the one real
presentation program we can run here, converts the deck to PDF, which pypdfium2 draws. What you
see is how a real client lays the deck out, not how we think it should look."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from builder import cache, fonts, programs
from builder.errors import display_path
from builder.outputs import Drawn, PicturesSkipped
from builder.rasterise import pdf_pages

NO_LIBREOFFICE = "LibreOffice not found: slide images skipped (install libreoffice-impress)"
SOFFICE_TIMEOUT_S = 180
"""A large deck converts in well under a minute; past this LibreOffice is assumed stuck."""
SLIDE_THUMB_WIDTH = 300
LIBREOFFICE_PDF = "pdf:impress_pdf_Export"
"""LibreOffice's export filter for slides to PDF."""
_CACHED = "libreoffice-pdf"
"""The persistent cache's folder for decks converted by LibreOffice."""


def deck_pictures(deck: Path, dpi: int) -> Drawn:
    """Every slide drawn at `dpi`, labelled with its title; `PicturesSkipped` without
    LibreOffice or when it fails (the deck's facts still head the contact sheet)."""
    titles, shape = deck_facts(deck)
    heading = " · ".join(x for x in ("Deck", _count(len(titles), "slide"), shape) if x)
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        raise PicturesSkipped(NO_LIBREOFFICE, heading)
    with tempfile.TemporaryDirectory(prefix="brochure-lo-") as work:
        images = pdf_pages(deck_to_pdf(binary, deck, Path(work), heading), dpi)
    labels = [f"Slide {n} · {t}" if t else f"Slide {n}" for n, t in enumerate(titles, 1)]
    labels += [f"Slide {n}" for n in range(len(labels) + 1, len(images) + 1)]
    return Drawn(images, labels[:len(images)], heading, SLIDE_THUMB_WIDTH)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def deck_to_pdf(binary: str, deck: Path, work: Path, heading: str = "") -> Path:
    """The deck as LibreOffice headless converts it to PDF, written inside `work`; its path.

    LibreOffice runs once per deck: its PDF is kept in the persistent cache under the deck's
    bytes and this LibreOffice (a conversion costs seconds, and a deck built again from the same
    content has the same bytes). Each conversion has its own LibreOffice profile (parallel runs
    would otherwise collide on the profile lock) and a fontconfig file that adds the shipped
    fonts, so slides are drawn in the fonts the deck names even where they are not installed.
    LibreOffice runs in a process group of its own (`builder.programs`): a timeout or an
    interruption kills soffice.bin too, not only the launcher we started.
    """
    data = deck.read_bytes()  # a snapshot: a watcher may replace the deck meanwhile
    converted = work / "out" / "deck.pdf"
    converted.parent.mkdir(parents=True, exist_ok=True)
    entry = cache.key(data, LIBREOFFICE_PDF, _libreoffice_stamp(binary), _system_fonts_stamp())
    kept = cache.get(_CACHED, entry)
    if kept is not None:
        converted.write_bytes(kept)
        return converted
    copy = work / "deck.pptx"
    copy.write_bytes(data)
    fonts_conf = work / "fonts.conf"
    fonts_conf.write_text(_fontconfig(fonts.FONT_DIR))
    command = [binary, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
               "--norestore", "--convert-to", LIBREOFFICE_PDF, "--outdir", str(converted.parent),
               str(copy)]
    environment = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)}
    try:
        result = programs.run(command, env=environment, timeout=SOFFICE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise PicturesSkipped(f"LibreOffice took over {SOFFICE_TIMEOUT_S} s to convert "
                              f"{display_path(deck)}: slide images skipped", heading,
                              status=2) from None
    except OSError as exc:
        raise PicturesSkipped(f"LibreOffice could not be started ({exc.strerror or exc}): "
                              "slide images skipped", heading, status=2) from None
    if result.returncode != 0 or not converted.is_file():
        said = " ".join((result.stderr or result.stdout or "no message").split())[-300:]
        raise PicturesSkipped(f"LibreOffice could not convert {display_path(deck)} (exit "
                              f"{result.returncode}: {said}): slide images skipped", heading,
                              status=2)
    cache.put(_CACHED, entry, converted.read_bytes())
    return converted


@functools.cache
def _libreoffice_stamp(binary: str) -> str:
    """Which LibreOffice converts (another version may lay slides out otherwise): the program's
    real path and the size and time of its launcher, main program and version file."""
    program = Path(binary).resolve()
    found = [str(program)]
    for name in (program.name, "soffice.bin", "versionrc"):
        with contextlib.suppress(OSError):
            info = program.with_name(name).stat()
            found.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return "\0".join(found)


def _system_fonts_stamp() -> str:
    """The installed fonts' folders and their times (a font added or removed changes a folder's
    time): LibreOffice falls back on them for characters the shipped fonts lack."""
    home = os.path.expanduser("~")
    found = []
    for root in ("/usr/share/fonts", "/usr/local/share/fonts",
                 os.path.join(home, ".local", "share", "fonts"), os.path.join(home, ".fonts")):
        for folder, _subfolders, _files in os.walk(root):
            with contextlib.suppress(OSError):
                found.append(f"{folder}:{os.stat(folder).st_mtime_ns}")
    return "\0".join(sorted(found))


def deck_facts(deck: Path) -> tuple[list[str], str]:
    """Each slide's title as the deck holds it ('' where a slide has none), and the slide shape."""
    from pptx import Presentation

    presentation = Presentation(str(deck))
    titles = []
    for slide in presentation.slides:
        title = slide.shapes.title
        text = title.text_frame.text if title is not None and title.has_text_frame else ""
        titles.append(" ".join(text.replace("\u200b", "").split()))
    width, height = presentation.slide_width or 1, presentation.slide_height or 1
    ratios = {"16:9": 16 / 9, "4:3": 4 / 3, "16:10": 16 / 10}
    shape = next((name for name, ratio in ratios.items() if abs(width / height - ratio) < 0.01),
                 f"{width / 914400:.2f} × {height / 914400:.2f} in")
    return titles, shape


def _fontconfig(font_dir: Path) -> str:
    """The system's font configuration plus the shipped fonts."""
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{font_dir.resolve()}</dir>\n"
        "</fontconfig>\n"
    )
