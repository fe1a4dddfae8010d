"""PDF pages as images (pypdfium2: no poppler needed), for previews of any output that is or
becomes a PDF."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from builder.paper import paper_named


def pdf_pages(pdf: Path, dpi: int) -> list[Image.Image]:
    """Every page of a PDF drawn at `dpi`, on white."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            try:
                images.append(page.render(scale=dpi / 72).to_pil().convert("RGB"))
            finally:
                page.close()
        return images
    finally:
        document.close()


def pdf_paper(pdf: Path) -> str:
    """The first page's paper as people name it (A4, Letter), else its size in millimetres."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        width, height = (round(points * 25.4 / 72, 1) for points in document.get_page_size(0))
    finally:
        document.close()
    return paper_named(width, height)
