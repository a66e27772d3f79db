"""The one PDF rendering helper: a template and its context become PDF bytes (WeasyPrint).

Documents (``documents.pdfs``) are functions over this helper. Fonts
and stylesheets come from static files only, read through Django's staticfiles finders by
``StaticOnlyURLFetcher``; every other URL (http, https, data, file:// outside the static files)
is refused, so a template can never reach the network or the server's disk. The font
configuration and the shared stylesheet are made once per process.
"""

from __future__ import annotations

import mimetypes
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_CONTENT_TYPE = "application/pdf"
# Documents are resolved against this base: "/static/css/pdf.css" → "file:///static/css/pdf.css",
# which the fetcher maps to a static file; nothing is ever opened by that path on disk.
BASE_URL = "file:///"
SHARED_STYLESHEET = "css/pdf.css"


class RefusedURL(ValueError):
    """A template or stylesheet asked for something that is not a static file."""


class StaticOnlyURLFetcher(URLFetcher):
    """Serve static files found by the staticfiles finders; refuse every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        path = static_path_for_url(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})


def static_path_for_url(url: str) -> Path:
    """Return the static file a ``file:///static/...`` URL names, or raise ``RefusedURL``."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"PDF: only static files may be loaded, refused {url!r}")
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(prefix):
        raise RefusedURL(f"PDF: {url!r} is outside the static files")
    relative = path[len(prefix) :]
    if not relative or ".." in relative.split("/") or relative.startswith("/"):
        raise RefusedURL(f"PDF: {url!r} is not a static file name")
    found = finders.find(relative)
    if not found:
        raise RefusedURL(f"PDF: static file {relative!r} not found")
    return Path(found)


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _fetcher() -> StaticOnlyURLFetcher:
    return StaticOnlyURLFetcher()


@lru_cache(maxsize=1)
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@lru_cache(maxsize=8)
def _stylesheet(name: str) -> CSS:
    # Parsed once per process; its @font-face rules are registered in the shared font config.
    return CSS(
        url=BASE_URL + settings.STATIC_URL.strip("/") + "/" + name,
        url_fetcher=_fetcher(),
        font_config=_font_config(),
    )


@dataclass(frozen=True)
class RenderedPDF:
    """A rendered WeasyPrint document before it is written, so that its pages can be counted."""

    document: object

    @property
    def page_count(self) -> int:
        return len(self.document.pages)


def render_document(template_name: str, context: dict) -> RenderedPDF:
    """Lay out ``template_name`` with ``context`` in Japanese; return the unwritten document."""
    with translation.override("ja"):
        html = render_to_string(template_name, context)
    with _lock:
        stylesheet = _stylesheet(SHARED_STYLESHEET)
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).render(
            stylesheets=[stylesheet],
            font_config=_font_config(),
        )
    return RenderedPDF(document)


def write_pdf(*documents: RenderedPDF) -> bytes:
    """Write one or more rendered documents, in order, as one PDF."""
    first = documents[0].document
    pages = [page for rendered in documents for page in rendered.document.pages]
    with _lock:
        return first.copy(pages).write_pdf()
