"""`brochure serve` driven in a real browser (Debian's headless Chromium, through Playwright).

One server (the real command, in its own process) and one browser serve the whole module; each
test starts from an up-to-date page and leaves one behind. Waits are bounded (a generous limit,
not a speed claim: speed is measured in bench/).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from builder import pipeline
from builder.options import BuildOptions
from tests.conftest import CHROMIUM, CHROMIUM_FLAGS, MINIMAL, soffice_binary

FLAGS = CHROMIUM_FLAGS
BOUND_MS = 90_000
"""Longest wait for a rebuild to reach the page (LibreOffice on a busy 2-core machine)."""

playwright_api = pytest.importorskip("playwright.sync_api")

if CHROMIUM is None or soffice_binary() is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium and LibreOffice are required in CI (scripts/system-deps.sh "
                           "installs them)")
    pytest.skip("chromium or LibreOffice is not installed", allow_module_level=True)


class Server:
    """`python -m builder serve` in a child process, on a free port."""

    def __init__(self, content: Path) -> None:
        self.content = content
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "builder", "serve", str(content), "--port", "0",
             "--debounce", "100", "--editor", "code"],
            cwd=content.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=environment, start_new_session=True)
        self.log: list[str] = []
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)
            found = re.search(r"serving (http://127\.0\.0\.1:(\d+)/)", line)
            if found:
                self.url, self.port = found.group(1), int(found.group(2))
                break
        else:
            raise AssertionError("serve did not start:\n" + "".join(self.log))
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        """Keep reading the server's log, so a full pipe never blocks it."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)

    def request(self, method: str, path: str, headers: dict[str, str] | None = None,
                body: str | None = None) -> tuple[int, bytes]:
        """A raw request: the path and Host header go out exactly as given."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in {"Host": f"127.0.0.1:{self.port}", **(headers or {})}.items():
            connection.putheader(name, value)
        data = body.encode() if body is not None else None
        if data is not None:
            connection.putheader("Content-Length", str(len(data)))
        connection.endheaders(data)
        response = connection.getresponse()
        result = response.status, response.read()
        connection.close()
        return result

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.reader.join(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("served") / "clinic"
    shutil.copytree(MINIMAL.parent, folder)
    (folder / "minimal.es.yaml").write_text(
        "translation:\n  language: es\n  source: minimal.yaml\n"
        "document:\n  title: PRP en breve\n", encoding="utf-8")
    return folder / MINIMAL.name


@pytest.fixture(scope="module")
def server(content: Path) -> Iterator[Server]:
    running = Server(content)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def page(server: Server, tmp_path_factory: pytest.TempPathFactory):
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM,
            headless=True, args=FLAGS, viewport={"width": 1400, "height": 900})
        tab = browser.new_page()
        tab.goto(server.url)
        yield tab
        browser.close()


def wait_ready(page, since_revision: int = -1) -> dict:
    """Wait until the page shows a finished build newer than `since_revision`; its state."""
    page.wait_for_function(
        "r => ['ready', 'error'].includes(document.body.dataset.status) && "
        "Number(document.body.dataset.revision) > r", arg=since_revision, timeout=BOUND_MS)
    page.wait_for_function(  # every picture has arrived
        "() => [...document.querySelectorAll('.pictures img')].every(i => i.complete && "
        "i.naturalWidth > 0)", timeout=BOUND_MS)
    return json.loads(page.evaluate("() => fetch('/state').then(r => r.text())"))


def revision(page) -> int:
    return int(page.evaluate("() => document.body.dataset.revision"))


def first_page_png(page) -> str:
    return page.evaluate("""async () => {
        const image = document.querySelector('#pages img');
        const bytes = new Uint8Array(await (await fetch(image.src)).arrayBuffer());
        return Array.from(bytes.slice(0, 4096)).join(',') + ':' + bytes.length; }""")


def test_the_page_shows_every_handout_page_and_slide(page, content: Path, tmp_path) -> None:
    wait_ready(page)
    reference = pipeline.build(content, BuildOptions(out_dir=tmp_path))
    pdf, deck = (o.path for o in reference.outputs)
    pages, slides = len(PdfReader(pdf).pages), len(Presentation(str(deck)).slides)
    assert page.locator("#pages img").count() == pages
    assert page.locator("#slides img").count() == slides
    assert page.inner_text("#page-count") == f"{pages} pages"
    width, height = page.evaluate(
        "() => { const i = document.querySelector('#pages img'); "
        "return [i.naturalWidth, i.naturalHeight]; }")
    assert abs(height / width - 297 / 210) < 0.01  # an A4 page, drawn whole
    slide_width, slide_height = page.evaluate(
        "() => { const i = document.querySelector('#slides img'); "
        "return [i.naturalWidth, i.naturalHeight]; }")
    assert abs(slide_width / slide_height - 16 / 9) < 0.02
    problems = page.locator("#problems li")
    for index in range(problems.count()):  # every problem links to the editor at its line
        link = problems.nth(index).locator("a.where")
        assert re.fullmatch(r"vscode://file/.+minimal\.yaml:\d+:\d+", link.get_attribute("href"))
    assert page.locator("#overlay").is_hidden()


def test_a_save_updates_the_page_without_a_reload(page, content: Path, server: Server) -> None:
    state = wait_ready(page)
    page.evaluate("() => { window.stillTheSamePage = true; }")
    before_png, before_version = first_page_png(page), state["pages"]["version"]
    saved = time.perf_counter()
    content.write_text(content.read_text().replace("title: PRP in brief",
                                                   "title: PRP in brief, second edition"))
    page.wait_for_function(
        "v => Number(document.querySelector('#pages').dataset.version) > v",
        arg=before_version, timeout=BOUND_MS)
    pages_seen = time.perf_counter() - saved
    state = wait_ready(page, state["revision"])
    slides_seen = time.perf_counter() - saved
    assert page.evaluate("() => window.stillTheSamePage") is True
    assert first_page_png(page) != before_png
    assert state["status"] == "ready" and state["errors"] == []
    print(f"\nsave -> new pages on screen {pages_seen:.2f} s, slides {slides_seen:.2f} s "
          f"(server: handout {state['timings']['handout']:.2f} s, "
          f"slides {state['timings']['slides']:.2f} s)")


def test_an_invalid_edit_shows_its_line_over_the_last_good_pages(page, content: Path) -> None:
    state = wait_ready(page)
    good = content.read_text()
    pages_before = page.locator("#pages img").count()
    version_before = page.get_attribute("#pages", "data-version")
    broken = good.replace("  page_budget: 4", "  page_budget: four")
    line = broken.splitlines().index("  page_budget: four") + 1
    content.write_text(broken)
    page.wait_for_selector("#overlay:not([hidden])", timeout=BOUND_MS)
    overlay = page.inner_text("#overlay")
    assert f"minimal.yaml:{line}:16" in overlay
    assert "document.page_budget" in overlay and "integer" in overlay
    assert page.locator("#pages img").count() == pages_before  # the last good pages stay
    assert page.get_attribute("#pages", "data-version") == version_before
    assert page.evaluate("() => [...document.querySelectorAll('#pages img')]"
                         ".every(i => i.complete && i.naturalWidth > 0)")
    link = page.locator("#errors a.where").first.get_attribute("href")
    assert link.endswith(f"minimal.yaml:{line}:16")
    content.write_text(good)
    page.wait_for_selector("#overlay", state="hidden", timeout=BOUND_MS)
    assert wait_ready(page, state["revision"])["errors"] == []


def test_paper_and_language_switches_rebuild_that_variant(page, content: Path) -> None:
    state = wait_ready(page)
    page.select_option("#paper", "letter")
    state = wait_ready(page, state["revision"])
    while state["settings"]["paper"] != "letter" or state["status"] != "ready":
        state = wait_ready(page, state["revision"])
    width, height = page.evaluate(
        "() => { const i = document.querySelector('#pages img'); "
        "return [i.naturalWidth, i.naturalHeight]; }")
    assert abs(height / width - 11 / 8.5) < 0.01  # US Letter now
    english = first_page_png(page)
    assert state["choices"]["languages"] == ["", "es"]
    page.select_option("#language", "es")
    while state["settings"]["language"] != "es" or state["status"] != "ready":
        state = wait_ready(page, state["revision"])
    assert first_page_png(page) != english
    translation = content.with_name("minimal.es.yaml")  # a save of the translation shows too
    version = int(page.get_attribute("#pages", "data-version"))
    translation.write_text(translation.read_text().replace("PRP en breve", "El PRP en breve"))
    page.wait_for_function("v => Number(document.querySelector('#pages').dataset.version) > v",
                           arg=version, timeout=BOUND_MS)
    page.select_option("#language", "")
    page.select_option("#paper", "")
    while state["settings"] != {"language": "", "paper": ""} or state["status"] != "ready":
        state = wait_ready(page, state["revision"])


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example",
                                  "localhost.evil.example", ""])
def test_a_foreign_host_header_is_refused(server: Server, host: str) -> None:
    for path in ("/", "/state", "/events", "/render/page/1/1.png"):
        status, _ = server.request("GET", path, {"Host": host})
        assert status == 400, (path, host)
    assert server.request("GET", "/state", {"Host": "localhost"})[0] == 200


@pytest.mark.parametrize("path", [
    "/minimal.yaml", "/images/cell.png", "/../minimal.yaml", "/render/../minimal.yaml",
    "/render/page/1/../../../minimal.yaml", "/render/file/1/1.png", "/render/page/1/999.png",
    "/render/page/9999/1.png", "/static/app.js", "/etc/passwd", "/%2e%2e/minimal.yaml",
    "/app.js/../minimal.yaml", "/render/page/1/1.png/../../images/cell.png",
])
def test_nothing_outside_the_preview_is_served(server: Server, path: str) -> None:
    status, body = server.request("GET", path)
    assert status == 404, (path, body[:200])
    assert b"document:" not in body and b"\x89PNG" not in body


def test_changes_need_the_page_itself(server: Server, page) -> None:
    token = page.get_attribute('meta[name="brochure-token"]', "content")
    body = json.dumps({"language": "", "paper": ""})
    json_type = {"Content-Type": "application/json"}
    assert server.request("POST", "/settings", json_type, body)[0] == 403  # no token
    assert server.request("POST", "/settings", {**json_type, "X-Brochure-Token": token,
                                                "Origin": "http://evil.example"}, body)[0] == 403
    assert server.request("POST", "/settings", {"Content-Type": "text/plain",
                                                "X-Brochure-Token": token}, body)[0] == 415
    assert server.request("POST", "/open", {**json_type, "X-Brochure-Token": token},
                          json.dumps({"list": "problems", "index": 0}))[0] == 400  # URL editor
    assert server.request("GET", "/settings")[0] == 405
    status, _ = server.request("GET", "/")
    assert status == 200


def test_every_answer_forbids_framing_and_foreign_content(server: Server) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/")
    response = connection.getresponse()
    policy = response.getheader("Content-Security-Policy")
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    connection.close()
