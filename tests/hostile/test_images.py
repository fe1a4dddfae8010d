"""Images named by the content file, end to end: whatever the reference, no byte outside the
content folder is read, nothing is fetched, and both renderers refuse with a located message."""

from __future__ import annotations

import base64
import os

import pytest

from tests.conftest import FIXTURES
from tests.hostile.conftest import (
    Sentinel,
    Workspace,
    assert_refused,
)
from tests.hostile.test_assets import HOSTILE_SVGS, bomb_png, png


def _line_of(text: str) -> int:
    """Line of `text` in the minimal fixture (so adding a field to it moves nothing here)."""
    lines = (FIXTURES / "minimal" / "minimal.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


SRC_LINE = _line_of("src: images/cell.png")
"""Line of `src: images/cell.png` in the minimal fixture."""
LOGO_LINE = _line_of("logo: images/logo.svg")
"""Line of `logo: images/logo.svg`."""

PNG_DATA = "data:image/png;base64," + base64.b64encode(png(2, 2)).decode()


def references(port: int) -> list[str]:
    return ["../outside.png", "images/../../outside.png", "/etc/passwd", "/dev/urandom",
            "file:///etc/passwd", f"http://127.0.0.1:{port}/x.png",
            "https://example.org/x.png", "ftp://example.org/x.png", PNG_DATA]


@pytest.fixture
def port(sentinel: Sentinel) -> int:
    return sentinel.port


@pytest.mark.parametrize("index", range(9))
@pytest.mark.parametrize("only", ["pdf", "pptx"])
def test_image_reference_outside_is_refused(ws: Workspace, sentinel: Sentinel,
                                            no_network: list[str], index: int,
                                            only: str) -> None:
    (ws.root / "outside.png").write_bytes(png(4, 4))
    reference = references(sentinel.port)[index]
    before = ws.snapshot()
    ws.edit("src: images/cell.png", f"src: '{reference}'")
    assert_refused(ws.build("--only", only, "--force"), ws, before, line=SRC_LINE)
    assert sentinel.connections == 0 and no_network == []


@pytest.mark.parametrize("only", ["pdf", "pptx"])
def test_logo_url_is_refused(ws: Workspace, sentinel: Sentinel, no_network: list[str],
                             only: str) -> None:
    before = ws.snapshot()
    ws.edit("logo: images/logo.svg", f"logo: http://127.0.0.1:{sentinel.port}/logo.svg")
    assert_refused(ws.build("--only", only, "--force"), ws, before, line=LOGO_LINE)
    assert sentinel.connections == 0 and no_network == []


@pytest.mark.parametrize("only", ["pdf", "pptx"])
def test_symlink_leaving_the_content_folder(ws: Workspace, only: str) -> None:
    before = ws.snapshot()
    (ws.content_dir / "images" / "cell.png").unlink()
    (ws.content_dir / "images" / "cell.png").symlink_to("/etc/passwd")
    assert_refused(ws.build("--only", only, "--force"), ws, before, line=SRC_LINE,
                   contains="outside")


@pytest.mark.parametrize("special", ["urandom", "fifo"])
def test_special_file_as_image(ws: Workspace, special: str) -> None:
    """A FIFO inside the folder would block whoever opens it: run in a subprocess, bounded."""
    before = ws.snapshot()
    image = ws.content_dir / "images" / "cell.png"
    image.unlink()
    if special == "fifo":
        os.mkfifo(image)
    else:
        image.symlink_to("/dev/urandom")
    outcome = ws.build("--force", subprocess=True)
    assert_refused(outcome, ws, before, line=SRC_LINE)


def _broken_png() -> bytes:
    data = png(64, 64)
    return data[: len(data) // 2]


@pytest.mark.parametrize("kind", ["truncated", "random", "bomb"])
@pytest.mark.parametrize("only", ["pdf", "pptx"])
def test_damaged_or_huge_raster(ws: Workspace, kind: str, only: str) -> None:
    before = ws.snapshot()
    data = {"truncated": _broken_png, "random": lambda: os.urandom(2048), "bomb": bomb_png}[kind]()
    (ws.content_dir / "images" / "cell.png").write_bytes(data)
    assert_refused(ws.build("--only", only, "--force"), ws, before, line=SRC_LINE)


@pytest.mark.parametrize("name", ["file-href", "xlink-http", "css-url", "xxe", "billion-laughs"])
@pytest.mark.parametrize("only", ["pdf", "pptx"])
def test_hostile_svg_logo(ws: Workspace, sentinel: Sentinel, no_network: list[str], name: str,
                          only: str) -> None:
    before = ws.snapshot()
    svg = HOSTILE_SVGS[name].replace("127.0.0.1:9", f"127.0.0.1:{sentinel.port}")
    (ws.content_dir / "images" / "logo.svg").write_text(svg)
    assert_refused(ws.build("--only", only, "--force"), ws, before, line=LOGO_LINE)
    assert sentinel.connections == 0 and no_network == []


def test_nul_byte_in_image_path(ws: Workspace) -> None:
    """`Path.resolve` raises ValueError on a NUL byte; it used to escape as exit 3."""
    before = ws.snapshot()
    ws.edit("src: images/cell.png", 'src: "images/cell.png\\0.svg"')
    assert_refused(ws.build("--force"), ws, before, line=SRC_LINE)

