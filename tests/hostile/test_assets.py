"""The one rule for files a content file names (`AssetPolicy`) and the image checks
(`builder.images`), tested directly: no URL, no file outside the allowed folders, no special
file, no image that is damaged, a decompression bomb, or an SVG that reaches outside itself."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from builder.assets import AssetPolicy, AssetRefused

OUTSIDE_REFERENCES = [
    "../outside.png",
    "images/../../outside.png",
    "/etc/passwd",
    "/dev/urandom",
    "~/secret.png",
    "//example.org/x.png",
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "file://localhost/etc/passwd",
    "http://127.0.0.1:9/x.png",
    "https://example.org/x.png",
    "ftp://example.org/x.png",
    "data:image/png;base64,iVBORw0KGgo=",
    "javascript:alert(1)",
    "images/cell.png\0.svg",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """content/ with a content file and one good image; `outside.png` next to the folder."""
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "minimal.yaml").write_text("document: {}\n")
    (content / "images" / "cell.png").write_bytes(png(4, 4))
    (tmp_path / "outside.png").write_bytes(png(4, 4))
    return content


@pytest.fixture
def policy(folder: Path) -> AssetPolicy:
    return AssetPolicy.for_content(folder / "minimal.yaml")


def test_a_plain_relative_image_is_served(policy: AssetPolicy, folder: Path) -> None:
    assert policy.resolve("images/cell.png") == (folder / "images" / "cell.png").resolve()


@pytest.mark.parametrize("reference", OUTSIDE_REFERENCES)
def test_references_outside_the_folder_are_refused(policy: AssetPolicy, reference: str) -> None:
    with pytest.raises(AssetRefused) as refused:
        policy.resolve(reference)
    message = str(refused.value)
    assert "\n" not in message and message.startswith("'")


def test_symlink_leaving_the_folder_is_refused(policy: AssetPolicy, folder: Path) -> None:
    (folder / "images" / "escape.png").symlink_to(folder.parent / "outside.png")
    (folder / "images" / "passwd.png").symlink_to("/etc/passwd")
    (folder / "images" / "up").symlink_to(folder.parent)
    for reference in ("images/escape.png", "images/passwd.png", "images/up/outside.png"):
        with pytest.raises(AssetRefused, match="outside the content folder"):
            policy.resolve(reference)


def test_symlink_inside_the_folder_is_served(policy: AssetPolicy, folder: Path) -> None:
    (folder / "alias.png").symlink_to("images/cell.png")
    assert policy.resolve("alias.png").name == "cell.png"


@pytest.mark.parametrize("make", ["urandom-link", "fifo", "folder", "loop", "missing"])
def test_special_files_are_refused(policy: AssetPolicy, folder: Path, make: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = folder / "images" / "special.png"
    if make == "urandom-link":
        target.symlink_to("/dev/urandom")
    elif make == "fifo":
        os.mkfifo(target)
    elif make == "folder":
        target.mkdir()
    elif make == "loop":
        target.symlink_to(target)
    opened = _record_opens(monkeypatch)
    with pytest.raises(AssetRefused):
        policy.read("images/special.png")
    assert opened == [], "a special file was opened (a FIFO would block, urandom never ends)"


def _record_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file opened from now on (open(), io.open as pathlib uses it, os.open), refused
    instead of opened."""
    import builtins
    import io

    opened: list[str] = []

    def refuse(file: object, *_args: object, **_kwargs: object) -> None:
        opened.append(str(file))
        raise OSError("opened")

    for module in (builtins, io, os):
        monkeypatch.setattr(module, "open", refuse)
    return opened


def test_oversized_file_is_refused_without_reading(policy: AssetPolicy, folder: Path) -> None:
    with open(folder / "images" / "huge.png", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: nothing is written
    with pytest.raises(AssetRefused, match="limit"):
        policy.resolve("images/huge.png")


def test_allows_never_raises(policy: AssetPolicy, folder: Path) -> None:
    assert policy.allows(folder / "images" / "cell.png")
    assert not policy.allows(Path("/etc/passwd"))
    assert not policy.allows(folder / "a\0b")


# ----------------------------------------------------------------------------- images


def png(width: int, height: int, *, bit_depth: int = 8, colour_type: int = 2,
        rows: bytes | None = None) -> bytes:
    """A valid PNG; `rows` (already filtered scanlines) may be given for huge sparse images."""
    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    if rows is None:
        stride = (width * channels * bit_depth + 7) // 8
        rows = (b"\0" + b"\x80" * stride) * height
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows, 9)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def bomb_png() -> bytes:
    """30000 x 30000 pixels, 1 bit each: 900 megapixels in about 100 KB on disk."""
    width = height = 30_000
    stride = (width + 7) // 8
    compressor = zlib.compressobj(9)
    row = b"\0" * (stride + 1)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data)
            + _chunk(b"IEND", b""))


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' \
           'width="10" height="10">'

HOSTILE_SVGS = {
    "file-href": SVG_OPEN + '<image href="file:///etc/passwd" width="5" height="5"/></svg>',
    "xlink-http": SVG_OPEN + '<image xlink:href="http://127.0.0.1:9/x.png"/></svg>',
    "relative-href": SVG_OPEN + '<image href="../outside.png"/></svg>',
    "use-external": SVG_OPEN + '<use href="other.svg#a"/></svg>',
    "css-url": SVG_OPEN + '<rect style="fill: url(file:///etc/passwd)"/></svg>',
    "css-import": SVG_OPEN + '<style>@import "http://example.org/a.css";</style></svg>',
    "stylesheet-pi": '<?xml-stylesheet href="http://example.org/a.css"?>' + SVG_OPEN + "</svg>",
    "script": SVG_OPEN + "<script>alert(1)</script></svg>",
    "foreign-object": SVG_OPEN + "<foreignObject><p>x</p></foreignObject></svg>",
    "xxe": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           + SVG_OPEN + "<text>&x;</text></svg>",
    "billion-laughs": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol">'
                      + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                                for i in range(9))
                      + "]>" + SVG_OPEN + "<text>&j;</text></svg>",
    "not-xml": "<svg <<<",
    "not-svg": '<?xml version="1.0"?><html/>',
    "empty": "",
}


def test_good_images_pass(tmp_path: Path) -> None:
    from builder import images

    (tmp_path / "ok.png").write_bytes(png(20, 10))
    (tmp_path / "ok.svg").write_text(SVG_OPEN + '<rect width="5" height="5"/></svg>')
    assert images.image_info(tmp_path / "ok.png")[:2] == (20, 10)
    assert images.image_info(tmp_path / "ok.svg")[:2] == (10, 10)


@pytest.mark.parametrize("kind", ["truncated", "random", "text", "empty", "bad-crc"])
def test_damaged_rasters_are_refused(tmp_path: Path, kind: str) -> None:
    from builder import images

    good = png(64, 64)
    data = {
        "truncated": good[: len(good) // 2],
        "random": os.urandom(4096),
        "text": b"this is not an image\n",
        "empty": b"",
        "bad-crc": good[:-20] + bytes([good[-20] ^ 0xFF]) + good[-19:],
    }[kind]
    path = tmp_path / "bad.png"
    path.write_bytes(data)
    with pytest.raises(AssetRefused):
        images.check_image(path)


def test_decompression_bomb_is_refused_from_its_header(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused before a single pixel is decoded: decoding is what a bomb costs."""
    from PIL import Image, ImageFile

    from builder import images

    path = tmp_path / "bomb.png"
    path.write_bytes(bomb_png())
    assert path.stat().st_size < 1_000_000
    decoded: list[object] = []
    for cls in (Image.Image, ImageFile.ImageFile):
        monkeypatch.setattr(cls, "load", lambda self: decoded.append(self))
    with pytest.raises(AssetRefused, match="pixels"):
        images.check_image(path)
    with pytest.raises(AssetRefused, match="pixels"):
        images.load_raster(path)
    assert decoded == []


@pytest.mark.parametrize("name", sorted(HOSTILE_SVGS))
def test_hostile_svgs_are_refused_unrendered(tmp_path: Path, name: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from builder import images

    path = tmp_path / "hostile.svg"
    path.write_text(HOSTILE_SVGS[name])
    drawn: list[object] = []
    monkeypatch.setattr("cairosvg.surface.PNGSurface.convert",
                        lambda *args, **kwargs: drawn.append(args))
    text: list[str] = []  # every character the parser handed over: entities are never expanded
    real_text = images._SvgChecker._text
    monkeypatch.setattr(images._SvgChecker, "_text",
                        lambda self, chunk: text.append(chunk) or real_text(self, chunk))
    with pytest.raises(AssetRefused) as refused:
        images.check_image(path)
    with pytest.raises(AssetRefused):
        images.svg_to_png(path, 100)
    assert drawn == [], "a hostile SVG reached the renderer"
    assert sum(map(len, text)) <= 2 * len(HOSTILE_SVGS[name])
    assert "\n" not in str(refused.value)
