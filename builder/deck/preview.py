"""Pictures of the deck for `brochure preview` and `serve`: LibreOffice headless, the one real
presentation program we can run here, converts the deck to PDF, which pypdfium2 draws. What you
see is how a real client lays the deck out, not how we think it should look."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from builder import fonts, programs
from builder.errors import display_path
from builder.outputs import Drawn, PicturesSkipped
from builder.rasterise import pdf_pages

NO_LIBREOFFICE = "LibreOffice not found: slide images skipped (install libreoffice-impress)"
SOFFICE_TIMEOUT_S = 180
"""A large deck converts in well under a minute; past this LibreOffice is assumed stuck."""
SLIDE_THUMB_WIDTH = 300
LIBREOFFICE_PDF = "pdf:impress_pdf_Export"
"""LibreOffice's export filter for slides to PDF."""


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
    """Convert `deck` with LibreOffice headless inside `work`; return the PDF's path.

    Each call has its own LibreOffice profile (parallel runs would otherwise collide on the
    profile lock) and a fontconfig file that adds the shipped fonts, so slides are drawn in the
    fonts the deck names even where they are not installed. LibreOffice runs in a process group
    of its own (`builder.programs`): a timeout or an interruption kills soffice.bin too, not only
    the launcher we started.
    """
    copy = work / "deck.pptx"  # a snapshot: a watcher may replace the deck meanwhile
    shutil.copyfile(deck, copy)
    fonts_conf = work / "fonts.conf"
    fonts_conf.write_text(_fontconfig(fonts.FONT_DIR))
    command = [binary, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
               "--norestore", "--convert-to", LIBREOFFICE_PDF, "--outdir", str(work / "out"),
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
    converted = work / "out" / "deck.pdf"
    if result.returncode != 0 or not converted.is_file():
        said = " ".join((result.stderr or result.stdout or "no message").split())[-300:]
        raise PicturesSkipped(f"LibreOffice could not convert {display_path(deck)} (exit "
                              f"{result.returncode}: {said}): slide images skipped", heading,
                              status=2)
    return converted


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
