"""The README's contact sheet of the sample deck on six templates of the corpus.

    .venv/bin/python scripts/template_contact_sheet.py [docs/images/templates-contact-sheet.png]

Generates those templates (tests/fixtures/templates/corpus.py), builds the sample deck on each,
has LibreOffice draw the decks (one call), and lays the title slide, a picture slide and the
table slide of each deck out with the contact sheet `brochure preview` draws.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from pptx import Presentation  # noqa: E402

from builder.contact_sheet import SLIDE_THUMB_WIDTH, Block, Picture, contact_sheet  # noqa: E402
from tests.fixtures.templates import corpus  # noqa: E402
from tests.test_deck import render  # noqa: E402

SAMPLE = ROOT / "data" / "regenerative-therapies.yaml"
SHOWN = {
    "lo-focus": "LibreOffice 'Focus': four masters, artwork all round",
    "lo-vintage": "LibreOffice 'Vintage': 4:3, photo-paper masters",
    "google-slides": "Google Slides export traits: 0.3 in boxes, Arial",
    "busy-cover": "Cover without a title box, 0.5 in byline, logo on the master",
    "chinese-songti": "Chinese layout names and theme font (SimSun)",
    "wide-20in": "20 in wide, 66/42 pt master text",
}


def main(out: Path) -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) is needed to draw the slides", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="contact-") as tmp:
        folder = Path(tmp)
        made = corpus.generate(folder / "templates", soffice, list(SHOWN))
        chosen: dict[str, list[int]] = {}
        for key in SHOWN:
            data = render(SAMPLE, str(made[key])).data
            (folder / f"{key}.pptx").write_bytes(data)
            names = [s.name for s in Presentation(io.BytesIO(data)).slides]
            picture = next(i for i, n in enumerate(names) if n == "section:prp")
            table = names.index("table")
            chosen[key] = [0, picture, table]
        subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(folder),
                        *[str(folder / f"{key}.pptx") for key in SHOWN]],
                       capture_output=True, timeout=600, check=True)
        blocks = []
        for key, label in SHOWN.items():
            pictures = []
            for number in chosen[key]:
                stem = folder / f"{key}-{number + 1:02d}"
                subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", "-f",
                                str(number + 1), "-l", str(number + 1),
                                str(folder / f"{key}.pdf"), str(stem)], check=True)
                pictures.append(Picture(stem.with_suffix(".png"), f"slide {number + 1}"))
            blocks.append(Block(label, pictures, SLIDE_THUMB_WIDTH))
        sheet = contact_sheet("The sample deck on six templates made by others",
                              "title slide · a slide with a picture · the comparison table",
                              blocks)
        out.parent.mkdir(parents=True, exist_ok=True)
        sheet.quantize(colors=256, dither=Image.Dither.NONE).save(out, optimize=True)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1
                  else ROOT / "docs" / "images" / "templates-contact-sheet.png"))
