"""Images named by the content file, end to end: whatever the reference, no byte outside the
content folder is read, nothing is fetched, and both renderers refuse with a located message."""

from __future__ import annotations

import base64
import os
from pathlib import Path

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



def _svg(body: str, defs: str = "", style: str = "") -> str:
    sheet = f"<style>{style}</style>" if style else ""
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' width="40" height="40">{sheet}<defs>{defs}</defs>{body}</svg>')


def _nested_uses(levels: int, fan: int) -> str:
    """Each group draws the one below it `fan` times: fan^levels rectangles from a few KB."""
    groups = ['<g id="a0"><rect width="1" height="1"/></g>']
    groups += [f'<g id="a{i}">' + f'<use xlink:href="#a{i - 1}"/>' * fan + "</g>"
               for i in range(1, levels + 1)]
    return _svg(f'<use href="#a{levels}"/>', "".join(groups))


USE_BOMBS = {
    "deep": _nested_uses(10, 10),  # 3 KB, 10^10 rectangles, 11 references deep
    "wide": _nested_uses(6, 10),  # 10^6 rectangles within the depth limit
    "loop": _svg('<use href="#b"/>', '<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/>'
                 "</g>"),
    "self": _svg('<g id="a"><rect width="1" height="1"/><use href="#a"/></g>'),
    "markers": _svg('<path marker-mid="url(#m)" d="' + "L1 1 " * 9000 + '"/>',
                    '<marker id="m">' + '<circle r="1"/>' * 40 + "</marker>"),
    "pattern-sheet": _svg('<rect class="p" width="1" height="1"/>' * 4000,
                          '<pattern id="p">' + '<circle r="1"/>' * 100 + "</pattern>",
                          ".p { fill: url(#p) }"),
}


@pytest.mark.parametrize("name", list(USE_BOMBS))
def test_svg_reference_bomb_is_refused_before_any_renderer(ws: Workspace, name: str) -> None:
    """The expanded size is counted while checking: no renderer ever sees these files. Both
    outputs, in a subprocess the harness bounds (a 3 KB version once took 300 s and more)."""
    before = ws.snapshot()
    (ws.content_dir / "images" / "logo.svg").write_text(USE_BOMBS[name])
    outcome = ws.build("--force", subprocess=True, timeout=60, memory=1536 * 1024**2)
    assert_refused(outcome, ws, before, line=LOGO_LINE,
                   contains="refers to itself" if name in ("loop", "self") else "SVG")


def test_svg_with_many_references_within_the_limits_is_drawn() -> None:
    """Real illustrations reuse shapes: a few hundred `<use>`s and a gradient for every shape
    pass the check."""
    from builder import images

    defs = ('<linearGradient id="g"><stop offset="0"/><stop offset="1"/></linearGradient>'
            '<g id="leaf"><path d="M0 0 L4 4 L8 0 Z" fill="url(#g)"/></g>')
    body = '<use href="#leaf" x="1"/>' * 500 + '<rect fill="url(#g)" width="1" height="1"/>' * 2000
    svg_root = images._SvgChecker(Path("ok.svg")).check(_svg(body, defs).encode())
    assert svg_root["width"] == "40"
