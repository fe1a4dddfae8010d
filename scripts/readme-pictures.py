"""Pictures of the handout, the Spanish handout, the tri-fold and the deck for the README, drawn
from a fresh build of the sample.

    .venv/bin/python scripts/readme-pictures.py docs/images

Builds the sample (A4 handout and deck, the Spanish handout, the tri-fold) into a temporary
folder; draws handout pages 1 and 2 and the tri-fold's two sides at 70 dpi with pypdfium2; and
the title, PRP and table slides from LibreOffice's PDF of the deck at 1281 px wide (the deck is
drawn by a real client, as a seminar room would see it, with the fonts the tool ships, as
`brochure preview` draws it). The web page and large-print pictures
are drawn by scripts/web-screenshots.py, the template contact sheet by
scripts/template_contact_sheet.py.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pypdfium2
from pptx import Presentation

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder import pipeline  # noqa: E402
from builder.deck.preview import deck_to_pdf  # noqa: E402
from builder.options import BuildOptions  # noqa: E402

SAMPLE = ROOT / "data" / "regenerative-therapies.yaml"
DPI = 70
SLIDES = {"slide-title.png": "title", "slide-section.png": "section:prp",
          "slide-table.png": "table"}
"""Each slide picture and the name (kind:id) of the first slide it shows."""


def draw(pdf: Path, page: int, target: Path, *, width: int | None = None) -> None:
    """Page `page` (from 1) of `pdf` as a PNG, at 70 dpi or `width` pixels wide."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        sheet = document[page - 1]
        scale = width / sheet.get_width() if width else DPI / 72
        sheet.render(scale=scale).to_pil().convert("RGB").save(target, optimize=True)
    finally:
        document.close()


def built(out: Path, **options: object) -> Path:
    """The one file a build of the sample writes (one output kind)."""
    report = pipeline.build(SAMPLE, BuildOptions(out_dir=out, force=True, **options))  # type: ignore[arg-type]
    if report.errors:
        sys.exit("\n".join(str(error) for error in report.errors))
    return report.outputs[0].path


def main(images: Path) -> None:
    images.mkdir(parents=True, exist_ok=True)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed to draw the slides")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        handout = built(work, outputs=("pdf",))
        spanish = built(work, outputs=("pdf",), language="es")
        trifold = built(work, outputs=("pdf",), brochure="trifold")
        deck = built(work, outputs=("pptx",))
        for page in (1, 2):
            draw(handout, page, images / f"handout-page-{page}.png")
            draw(spanish, page, images / f"handout-es-page-{page}.png")
        draw(trifold, 1, images / "trifold-outside.png")
        draw(trifold, 2, images / "trifold-inside.png")
        (work / "deck").mkdir()
        slides = deck_to_pdf(soffice, deck, work / "deck")  # with the shipped fonts
        names = [slide.name for slide in Presentation(str(deck)).slides]
        for picture, name in SLIDES.items():
            number = next(i for i, found in enumerate(names, start=1)
                          if found == name or found.startswith(f"{name}:"))
            draw(slides, number, images / picture, width=1281)
    print(f"wrote {len(SLIDES) + 6} pictures into {images}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images")
