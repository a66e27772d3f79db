"""Templates can reach static files only: never the network, never other files on disk."""

import http.server
import threading

import pytest
from django.test import override_settings

from office import pdf
from tests.documents import pdfcheck


@pytest.fixture
def http_server():
    """A local HTTP server that counts the requests it gets (it must get none)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/static/css/pdf.css",
        "https://example.com/logo.png",
        "file:///etc/passwd",
        "file:///static/../config/settings.py",
        "file:///static/css/../../config/settings.py",
        "file:///static/%2e%2e/config/settings.py",
        "file://evil.example/static/css/pdf.css",
        "file:///static/",
        "file:///static/no-such-file.css",
        "data:text/css,body{color:red}",
        "ftp://example.com/x.css",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(ValueError):
        pdf.StaticOnlyURLFetcher().fetch(url)


def test_the_fetcher_serves_the_shipped_font_and_stylesheet_from_static_files():
    fetcher = pdf.StaticOnlyURLFetcher()
    font = fetcher.fetch("file:///static/fonts/ipaexg.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    css = fetcher.fetch("file:///static/css/pdf.css")
    assert b"@font-face" in css.read()
    assert css.content_type == "text/css"


def test_a_template_with_remote_urls_renders_without_any_network_access(
    db, http_server, settings, caplog
):
    base, hits = http_server
    template = (
        f'<html><head><link rel="stylesheet" href="{base}/evil.css">'
        f'<style>@import url("{base}/import.css");'
        f" body {{ background: url({base}/bg.png) }}</style>"
        f'</head><body><p>本文</p><img src="{base}/tracker.png"><img src="file:///etc/hostname">'
        '<img src="https://example.com/logo.png"></body></html>'
    )
    engine = {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [("django.template.loaders.locmem.Loader", {"evil.html": template})]
        },
    }
    with override_settings(TEMPLATES=[engine]), caplog.at_level("WARNING", logger="weasyprint"):
        data = pdf.write_pdf(pdf.render_document("evil.html", {}))
    assert hits == []
    assert "本文" in pdfcheck.text(data)
    refused = caplog.text
    assert "tracker.png" in refused and "only static files" in refused
    assert "/etc/hostname" in refused
    assert pdfcheck.fax_problems(data) == []  # the remote "color: red" never arrived


def test_the_font_configuration_and_the_stylesheet_are_made_once_per_process():
    assert pdf._font_config() is pdf._font_config()
    assert pdf._stylesheet(pdf.SHARED_STYLESHEET) is pdf._stylesheet(pdf.SHARED_STYLESHEET)
