"""The web page drawn for `preview` and `serve`: a full-page screenshot at a phone's width and at
a desktop's, by headless Chromium (the real browser we can run here; nothing is installed for
it, and without it the command says so and goes on).

The page is opened from a copy in a private folder, with networking refused at the browser
(the page fetches nothing anyway). Each screenshot is taken in a tall window and trimmed to the
page's own end.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

from builder import programs
from builder.outputs import Drawn, PicturesSkipped

SCREENS = (("Phone", 390, 844, None), ("Desktop", 1280, 800, 1))
"""Screens pictured, in CSS pixels, and how many of them (None: all): the whole page on a common
phone, cut into screens so the pictures read like pages, then the first screen of a laptop."""
TALLEST = 16000
"""The window's height in CSS pixels: taller pages are cut here (and say so)."""
HEADING = "Web page"


def browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def page_pictures(path: Path, dpi: int) -> Drawn:
    """The page at each width in `SCREENS`, one picture per screen; `dpi` 96 draws one pixel per
    CSS pixel."""
    binary = browser()
    if binary is None:
        raise PicturesSkipped("chromium is not installed: no pictures of the web page "
                              "(apt-get install chromium)", HEADING)
    scale = max(0.25, min(2.0, dpi / 96))
    images, labels = [], []
    with tempfile.TemporaryDirectory(prefix="brochure-web-") as folder:
        page = Path(folder) / "page.html"
        shutil.copyfile(path, page)
        for label, width, height, most in SCREENS:
            shot = Path(folder) / f"{width}.png"
            tall = TALLEST if most is None else height
            command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                       "--no-first-run", "--disable-background-networking",
                       "--disable-component-update", "--disable-sync", "--mute-audio",
                       f"--user-data-dir={folder}/profile", "--proxy-server=127.0.0.1:9",
                       "--proxy-bypass-list=<-loopback>",
                       f"--force-device-scale-factor={scale:g}",
                       f"--window-size={width},{tall}", f"--screenshot={shot}",
                       page.as_uri()]
            try:
                done = programs.run(command, timeout=120)  # its helpers die with it
                if done.returncode:
                    raise subprocess.CalledProcessError(done.returncode, command)
                with Image.open(shot) as image:
                    whole = trim(image.convert("RGB"))
            except (OSError, subprocess.SubprocessError) as exc:
                raise PicturesSkipped(f"chromium could not draw the web page: {exc}", HEADING,
                                      status=2) from None
            screen = round(height * scale)
            tops = range(0, whole.height, screen)[:most]
            for number, top in enumerate(tops, 1):
                images.append(whole.crop((0, top, whole.width, min(whole.height, top + screen))))
                labels.append(f"{label} {width} px · {number}/{len(tops)}" if most is None
                              else f"{label} {width} px · first screen")
    return Drawn(images, labels, f"{HEADING} · {len(images) - 1} phone screens and a desktop "
                 "screen", 228)


def trim(image: Image.Image) -> Image.Image:
    """The screenshot without the empty window below the page's end (rows that are all the
    colour of the bottom-left pixel)."""
    background = Image.new("RGB", image.size, image.getpixel((0, image.height - 1)))
    box = ImageChops.difference(image, background).getbbox()
    bottom = box[3] if box else image.height
    return image.crop((0, 0, image.width, min(image.height, bottom + 16)))
