"""The only way a document being rendered can load anything.

WeasyPrint asks this fetcher for every stylesheet, font and image. It serves
files inside the templates folder and images the renderer placed in memory
(the cleaned photos, the QR code). Everything else (http, https, data URIs,
files elsewhere on disk) is refused and remembered, and the render fails: a
template or case text that tries to reach outside is a bug or an attack.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

MEMORY_SCHEME = "memory"


class SafeFetcher(URLFetcher):
    """Serve template files and in-memory assets; refuse the rest."""

    def __init__(self, roots: list[Path], assets: dict[str, tuple[bytes, str]] | None = None) -> None:
        super().__init__(allowed_protocols=("file", MEMORY_SCHEME), allow_redirects=False)
        self.roots = [r.resolve() for r in roots]
        self.assets = dict(assets or {})
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:  # noqa: ARG002
        parts = urlsplit(url)
        if parts.scheme == MEMORY_SCHEME and parts.path in self.assets:
            body, mime = self.assets[parts.path]
            return URLFetcherResponse(url, body, {"Content-Type": mime})
        if parts.scheme == "file" and not parts.netloc and not parts.query:
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        self.refused.append(url)
        raise ValueError(f"refused to load {url!r}: only files of the template folder may be loaded")
