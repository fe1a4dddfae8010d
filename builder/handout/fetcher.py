"""The only way WeasyPrint reads a file: approved content images, template-folder files and
shipped fonts, plus in-memory data. Everything else (URLs, other paths) is refused."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from builder import images
from builder.assets import AssetRefused

TEMPLATE_SUFFIXES = {".css", ".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp", ".ttf", ".otf",
                     ".woff", ".woff2"}
"""Files a template folder may serve to WeasyPrint (never .html, .py, ...)."""


def _fetcher_class() -> type:
    """A WeasyPrint URL fetcher that serves approved files and in-memory data only."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ApprovedOnly(URLFetcher):
        """Everything not approved is refused (and remembered, so the build fails)."""

        def __init__(self, files: set[Path], folders: tuple[Path, ...],
                     memory: dict[str, tuple[bytes, str]]) -> None:
            super().__init__(fail_on_errors=True)
            self.files = {Path(f).resolve() for f in files}
            self.folders = folders
            self.memory = memory
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url in self.memory:
                data, mime = self.memory[url]
                return URLFetcherResponse(url, data, {"Content-Type": mime})
            path = self._approved_path(url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"refused to fetch {url[:80]}")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

        def _approved_path(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                return None
            try:
                real = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
            except (OSError, RuntimeError):
                return None
            if real in self.files:
                return real
            if not real.is_file() or real.suffix.lower() not in TEMPLATE_SUFFIXES:
                return None
            if not any(folder in real.parents for folder in self.folders):
                return None
            if real.suffix.lower() in {".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"}:
                try:
                    images.check_image(real)
                except AssetRefused:
                    return None
            return real

    return ApprovedOnly


_FETCHER: list[type] = []


def new_fetcher(files: set[Path], folders: tuple[Path, ...],
                 memory: dict[str, tuple[bytes, str]]) -> Any:
    """A fresh fetcher (each build has its own approvals); the class is made once."""
    if not _FETCHER:
        _FETCHER.append(_fetcher_class())
    return _FETCHER[0](files, folders, memory)
