"""Screenshots of `brochure serve` for the README, taken with headless Chromium.

    .venv/bin/python scripts/serve-screenshots.py docs/images

Serves a copy of the sample content, waits for the pages and slides, takes `serve-page.png`;
then saves an invalid edit and takes `serve-error.png` (the error over the last good pages).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_serve import CHROMIUM, FLAGS, Server, wait_ready  # noqa: E402


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "data"
        shutil.copytree(ROOT / "data", folder)
        content = folder / "regenerative-therapies.yaml"
        server = Server(content)
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch_persistent_context(
                    str(Path(work) / "profile"), executable_path=CHROMIUM, headless=True,
                    args=FLAGS, viewport={"width": 1440, "height": 900})
                page = browser.new_page()
                page.goto(server.url)
                state = wait_ready(page)
                page.screenshot(path=str(out / "serve-page.png"))
                good = content.read_text()
                content.write_text(good.replace("  page_budget: 11", "  page_budget: eleven"))
                page.wait_for_selector("#overlay:not([hidden])", timeout=90_000)
                wait_ready(page, state["revision"])
                page.screenshot(path=str(out / "serve-error.png"))
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
