"""The web page in a real browser (Debian's headless Chromium, through Playwright): zero axe-core
violations at WCAG 2.2 AA, no horizontal scrolling from a 320 px phone to a desktop (also with
the text at 200 %), a skip link that shows when focused, nothing fetched, readable without
scripts, and print styles that print the QR code and hide the navigation.

axe-core comes from PyPI (`axe-playwright-python` ships `axe.min.js`): nothing is downloaded at
test time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_FLAGS

playwright_api = pytest.importorskip("playwright.sync_api")
axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium is required in CI (scripts/system-deps.sh installs it)")
    pytest.skip("chromium is not installed", allow_module_level=True)

PAGES = ["sample", "sample.es", "guide", "clinic.ar", "clinic.zh"]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""axe-core's tags for every success criterion up to WCAG 2.2 level AA."""
WIDTHS = [320, 390, 768, 1280]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, headless=True,
                                          args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def tab(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def violations(page, tags: list[str] | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's violations on the open page, one line each (rule, impact, first places)."""
    options = {"runOnly": {"type": "tag", "values": tags}} if tags else {}
    results = axe_playwright.Axe().run(page, options={**options, "resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            f"{[n['target'] for n in v['nodes'][:3]]}" for v in results.response["violations"]]


@pytest.mark.parametrize("name", PAGES)
def test_no_wcag_22_aa_violations(tab, web_pages: dict[str, Path], name: str) -> None:  # type: ignore[no-untyped-def]
    for width in (320, 1280):
        tab.set_viewport_size({"width": width, "height": 800})
        tab.goto(web_pages[name].as_uri())
        assert violations(tab, WCAG_22_AA) == [], f"{name} at {width} px"


@pytest.mark.parametrize("name", PAGES)
def test_no_best_practice_violations_either(tab, web_pages: dict[str, Path], name: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(web_pages[name].as_uri())
    assert violations(tab, ["best-practice"]) == []


def test_the_check_can_fail(tab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """axe really runs: a page with an image without alt text and grey-on-grey text fails."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><main>'
                   '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#999;'
                   'background:#aaa">faint</p></main></body></html>')
    tab.goto(bad.as_uri())
    found = {line.split(" ")[0] for line in violations(tab, WCAG_22_AA)}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= found


def scroll_width(page) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scroll_from_phone_to_desktop(tab, web_pages: dict[str, Path],  # type: ignore[no-untyped-def]
                                                    name: str) -> None:
    tab.goto(web_pages[name].as_uri())
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 800})
        content, window = scroll_width(tab)
        assert content <= window, f"{name}: {content} px of content in a {window} px window"
    # a reader who doubles the text size (WCAG 1.4.4) still scrolls one way only
    tab.set_viewport_size({"width": 320, "height": 800})
    tab.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    content, window = scroll_width(tab)
    assert content <= window, f"{name} at 200 % text: {content} px in {window} px"


def test_the_check_for_horizontal_scroll_can_fail(tab, web_pages: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    tab.goto(web_pages["sample"].as_uri())
    tab.set_viewport_size({"width": 320, "height": 800})
    tab.evaluate("() => { document.querySelector('main').style.minWidth = '500px'; }")
    content, window = scroll_width(tab)
    assert content > window


@pytest.mark.parametrize("name", ["sample", "clinic.zh"])
def test_nothing_is_fetched(tab, web_pages: dict[str, Path], name: str) -> None:  # type: ignore[no-untyped-def]
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    url = web_pages[name].as_uri()
    tab.goto(url, wait_until="networkidle")
    assert [u for u in requested if u != url and not u.startswith("data:")] == []
    # every image was drawn, every font loaded from the page itself
    assert tab.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    faces = tab.evaluate("async () => { await document.fonts.ready; return [...document.fonts]"
                         ".map(f => f.status); }")
    assert faces and set(faces) <= {"loaded", "unloaded"}


def test_skip_link_shows_when_focused_and_leads_to_the_content(tab,  # type: ignore[no-untyped-def]
                                                               web_pages: dict[str, Path]) -> None:
    tab.set_viewport_size({"width": 390, "height": 800})
    tab.goto(web_pages["sample"].as_uri())
    tab.keyboard.press("Tab")
    focused = tab.evaluate("() => { const e = document.activeElement; const r = "
                           "e.getBoundingClientRect(); return [e.getAttribute('href'), r.top, "
                           "r.bottom, getComputedStyle(e).outlineStyle]; }")
    assert focused[0] == "#main" and 0 <= focused[1] < focused[2] <= 800
    assert focused[3] != "none"
    tab.keyboard.press("Enter")
    assert tab.evaluate("() => location.hash") == "#main"


def test_readable_without_scripts(browser, web_pages: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(web_pages["sample"].as_uri())
    assert page.locator("h1").inner_text().startswith("Regenerative therapies")
    assert page.locator("#references li").count() >= 10
    context.close()


def test_print_styles(tab, web_pages: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    tab.goto(web_pages["sample"].as_uri())
    shown = "s => [...document.querySelectorAll(s)].some(e => e.getClientRects().length > 0)"
    assert tab.evaluate(f"() => ({shown})('nav.contents')")
    assert not tab.evaluate(f"() => ({shown})('.qr')")
    tab.emulate_media(media="print")
    assert not tab.evaluate(f"() => ({shown})('nav.contents')")
    assert tab.evaluate(f"() => ({shown})('.qr')")
    assert tab.pdf()[:5] == b"%PDF-"


def test_preview_pictures_the_page_on_a_phone_and_a_desktop(minimal_copy: Path,
                                                            tmp_path: Path) -> None:
    from click.testing import CliRunner
    from PIL import Image

    from builder.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["preview", str(minimal_copy), "--only", "html",
                                       "--out", str(out), "--dpi", "96"])
    assert result.exit_code == 0, result.output
    folder = out / "preview" / "minimal"
    pictures = sorted(folder.glob("web-*.png"))
    sizes = []
    for picture in pictures:
        with Image.open(picture) as image:
            sizes.append(image.size)
    *phone, desktop = sizes
    assert phone and all(width == 390 and 0 < height <= 844 for width, height in phone)
    assert desktop == (1280, 800)
    assert not list(folder.glob("handout-*.png")) and (folder / "contact-sheet.png").is_file()
    with Image.open(pictures[0]) as first:  # the banner in the brand's primary colour
        assert first.getpixel((5, 5))[:3] == (0x1f, 0x5f, 0x8b)


def test_without_chromium_preview_says_so(minimal_copy: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from builder.cli import main
    from builder.web import pictures

    monkeypatch.setattr(pictures, "browser", lambda: None)
    result = CliRunner().invoke(main, ["preview", str(minimal_copy), "--only", "html",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "chromium is not installed: no pictures of the web page" in result.output
