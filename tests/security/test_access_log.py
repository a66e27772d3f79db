"""The web server's access log (gunicorn, as ``make run`` and compose start it) never writes a
query string or a secret in the path: ``GET /clients/?q=パスワード：…`` must not appear."""

from __future__ import annotations

import re
import shlex
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.app.wsgiapp import WSGIApplication

from config.gunicorn import QuerylessAccessLogger, safe_uri

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Xk29pqLm"


def _gunicorn_args(command: str) -> list[str]:
    """The arguments after ``gunicorn`` in a Procfile or compose command, variables filled."""
    command = re.sub(r"\$\{PORT:-(\d+)\}", r"\1", command).replace("${WEB_ARGS:-}", "")
    args = shlex.split(command)
    return args[next(i for i, a in enumerate(args) if a.endswith("gunicorn")) + 1 :]


def _procfile_command() -> str:
    line = next(ln for ln in (ROOT / "Procfile").read_text().splitlines() if ln.startswith("web:"))
    return line.removeprefix("web:")


def _compose_command() -> str:
    text = (ROOT / "docker-compose.yml").read_text()
    return "gunicorn " + text.split("exec gunicorn", 1)[1].split('"', 1)[0]


def _configured(args: list[str], monkeypatch) -> WSGIApplication:
    monkeypatch.setattr(sys, "argv", ["gunicorn", *args])
    app = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]")
    return app


def _log_request(app: WSGIApplication, capsys, uri: str, referer: str = "-") -> str:
    logger = app.cfg.logger_class(app.cfg)
    path, _, query = uri.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": uri,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    request = SimpleNamespace(headers=[("REFERER", referer), ("HOST", "127.0.0.1")])
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "command", [_procfile_command(), _compose_command()], ids=["make run", "compose"]
)
def test_the_served_app_logs_requests_without_their_query(command, monkeypatch, capsys):
    app = _configured(_gunicorn_args(command), monkeypatch)
    assert app.cfg.logger_class is QuerylessAccessLogger
    assert app.cfg.accesslog == "-"
    line = _log_request(
        app,
        capsys,
        "/clients/?q=%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89%EF%BC%9A" + SECRET,
        referer=f"http://127.0.0.1:8000/cases/?q=PW:{SECRET}",
    )
    assert '"GET /clients/?… HTTP/1.1" 200 512' in line
    assert '"http://127.0.0.1:8000/cases/?…"' in line
    assert SECRET not in line and "q=" not in line


def test_the_image_uses_the_same_settings():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert '"-c", "python:config.gunicorn"' in dockerfile  # the same logger class


@pytest.mark.parametrize(
    ("uri", "logged"),
    [
        ("/clients/", "/clients/"),
        ("/clients/?q=abc", "/clients/?…"),
        ("/cases/12/?page=2#top", "/cases/12/?…"),
        ("-", "-"),
        ("", ""),
        # A secret typed into the path itself (a 404) is masked, not only cut off.
        (f"/clients/PW:{SECRET}/", "/clients/PW%3A********/"),
        ("/" + "a" * 5000, "/" + "a" * 1023 + "?…"),
    ],
)
def test_safe_uri_keeps_the_path_and_drops_the_rest(uri, logged):
    assert safe_uri(uri) == logged
