"""Pictures of the web page and the large-print edition for the README, drawn from the sample.

    .venv/bin/python scripts/web-screenshots.py docs/images

Builds `--only html` and `--brochure large-print` into a temporary folder, then takes, in
headless Chromium, `web-phone.png` (three screens of a 390 px phone: the top, a therapy's
evidence, the comparison table as cards) and `web-desktop.png` (a 1280 px screen at the PRP
section); and draws the first pages of the large-print PDF as `large-print-pages.png`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder import pipeline  # noqa: E402
from builder.options import BuildOptions  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

SAMPLE = ROOT / "data" / "regenerative-therapies.yaml"


def side_by_side(images: list[Image.Image], gap: int = 16) -> Image.Image:
    height = max(i.height for i in images)
    sheet = Image.new("RGB", (sum(i.width for i in images) + gap * (len(images) - 1), height),
                      "#ffffff")
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width + gap
    return sheet


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        build = Path(work)
        page = pipeline.build(SAMPLE, BuildOptions(out_dir=build, outputs=("html",))
                              ).outputs[0].path
        large = pipeline.build(SAMPLE, BuildOptions(out_dir=build, outputs=("pdf",),
                                                    brochure="large-print")).outputs[0].path
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(page.as_uri())
            shots = []
            for selector in (None, "#prp .therapy", "#comparison"):
                if selector:
                    phone.evaluate("s => document.querySelector(s).scrollIntoView()", selector)
                shot = build / f"phone-{len(shots)}.png"
                phone.screenshot(path=str(shot))
                shots.append(Image.open(shot))
            side_by_side(shots).save(out / "web-phone.png", optimize=True)
            desktop = browser.new_page(viewport={"width": 1280, "height": 800})
            desktop.goto(page.as_uri())
            desktop.evaluate("() => document.querySelector('#prp').scrollIntoView()")
            desktop.screenshot(path=str(out / "web-desktop.png"))
            browser.close()
        document = pypdfium2.PdfDocument(str(large))
        pages = [document[i].render(scale=60 / 72).to_pil().convert("RGB") for i in range(3)]
        side_by_side(pages).save(out / "large-print-pages.png", optimize=True)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
