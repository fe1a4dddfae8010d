"""Making the web page one self-contained file: images and template files become `data:` URIs,
stylesheets go into the page, and a last pass refuses anything that would still be fetched.

The same rules as the handout's fetcher decide what may be read: the content's approved images
and the files of the template folders (never URLs, never other paths).
"""

from __future__ import annotations

import base64
import mimetypes
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from markupsafe import Markup

from builder import images
from builder.assets import MAX_ASSET_BYTES, AssetRefused, read_regular
from builder.errors import TemplateError
from builder.handout.fetcher import TEMPLATE_SUFFIXES
from builder.handout.view import Figure
from builder.templates import read_template

_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE | re.DOTALL)
_IMPORT = re.compile(r"@import\b", re.IGNORECASE)
_MIME = {".svg": "image/svg+xml", ".woff2": "font/woff2", ".woff": "font/woff",
         ".ttf": "font/ttf", ".otf": "font/otf", ".webp": "image/webp"}


def data_uri(path: Path) -> Markup:
    """A file's bytes as a `data:` URI (base64 keeps it safe inside any attribute)."""
    mime = _MIME.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or \
        "application/octet-stream"
    try:
        data = read_regular(path, MAX_ASSET_BYTES)
    except (AssetRefused, OSError) as exc:
        raise TemplateError(f"{path}: cannot be used ({exc})") from None
    return Markup(f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}")


def svg_data_uri(svg: bytes) -> Markup:
    return Markup(f"data:image/svg+xml;base64,{base64.b64encode(svg).decode('ascii')}")


def inline_figure(figure: Figure | None) -> Figure | None:
    """The figure with its approved file's bytes in place of its file URL."""
    if figure is None:
        return None
    return replace(figure, url=data_uri(Path(url2pathname(urlsplit(figure.url).path))))


def stylesheet_text(path: Path, folders: tuple[Path, ...]) -> str:
    """A template stylesheet ready to go inside `<style>`: each `url()` to a file of the
    template folders becomes a `data:` URI; `@import`, URLs and other files are refused."""
    text = read_template(path)
    if _IMPORT.search(text):
        raise TemplateError(f"{path}: @import is not supported in the web page's stylesheets "
                            "(the page is one file; put the rules in the stylesheet)")
    if "</" in text:
        raise TemplateError(f"{path}: a stylesheet may not contain '</'")

    def inline(match: re.Match[str]) -> str:
        target = match.group(2).strip()
        if target.startswith("data:") or target.startswith("#"):
            return match.group(0)
        file = _template_file(path.parent, target, folders)
        if file is None:
            raise TemplateError(f"{path}: url({target[:80]}): the web page may use only files "
                                "in its template folders (never URLs); nothing is fetched")
        return f'url("{data_uri(file)}")'

    return _CSS_URL.sub(inline, text)


def _template_file(base: Path, target: str, folders: tuple[Path, ...]) -> Path | None:
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    try:
        real = (base / url2pathname(unquote(parts.path))).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_file() or real.suffix.lower() not in TEMPLATE_SUFFIXES:
        return None
    if not any(folder in real.parents for folder in folders):
        return None
    if real.suffix.lower() in {".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"}:
        try:
            images.check_image(real)
        except AssetRefused:
            return None
    return real


class _Fetches(HTMLParser):
    """Every URL in the page that a browser would load by itself (not links it may follow)."""

    LOADED = {"src", "srcset", "poster", "data", "background", "formaction", "action"}
    NAVIGATION = {"canonical", "alternate", "author", "license", "help", "next", "prev"}
    """`<link rel=...>` kinds a browser does not load by itself."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rel = set((dict(attrs).get("rel") or "").lower().split())
        for name, value in attrs:
            if value is None:
                continue
            if name in self.LOADED or (tag == "link" and name == "href"
                                       and not rel <= self.NAVIGATION):
                urls = ([u.strip().split(" ")[0] for u in re.split(r",\s+", value)]
                        if name == "srcset" else [value.strip()])
                self.found += urls
            if name == "style":
                self.found += [m.group(2) for m in _CSS_URL.finditer(value)]
        if tag in ("script", "iframe", "embed", "base"):
            self.found.append(f"<{tag}>")

    def handle_data(self, data: str) -> None:
        if self.lasttag == "style":
            self.found += [m.group(2) for m in _CSS_URL.finditer(data)]


def assert_self_contained(html: str) -> None:
    """Refuse a page that would fetch anything, or run a script, when it is opened."""
    parser = _Fetches()
    parser.feed(html)
    parser.close()
    outside = [u for u in dict.fromkeys(parser.found) if not u.startswith(("data:", "#"))]
    if outside:
        raise TemplateError([
            f"the web page template refers to '{u[:100]}': the page is one file that fetches "
            "nothing and runs no scripts; use the content's images and the template folders' "
            "files" for u in outside])
