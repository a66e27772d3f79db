"""gunicorn's settings for every way the app is served (Procfile for ``make run``, compose, the
image): ``gunicorn config.wsgi:application -c python:config.gunicorn``.

The access log is written by ``QuerylessAccessLogger``: a request line keeps its path but not its
query string (``GET /clients/?q=パスワード：…`` is logged as ``GET /clients/?… HTTP/1.1``), the
referrer loses its query too, and what is left (path, user agent) goes through the secret
detector, cut to a bounded length first.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from gunicorn.glogging import Logger

from office.secrets import mask_secrets

logger_class = "config.gunicorn.QuerylessAccessLogger"

# A request line, a referrer or a user agent longer than this is cut before it is masked.
FIELD_LIMIT = 1024
_QUERY_MARK = "?…"


def safe_uri(uri: str) -> str:
    """The path of ``uri`` without its query string, a secret in it masked."""
    if not uri or uri == "-":
        return uri
    path, had_query, _query = uri[:FIELD_LIMIT].partition("?")
    path = path.partition("#")[0]
    # Segment by segment: "PW:Xk29…" between two slashes is a label and its value.
    segments = path.split("/")
    for i, segment in enumerate(segments):
        decoded = unquote(segment, errors="replace")
        masked = mask_secrets(decoded)
        if masked != decoded:
            segments[i] = quote(masked, safe="*")
    path = "/".join(segments)
    return path + (_QUERY_MARK if had_query or len(uri) > FIELD_LIMIT else "")


class QuerylessAccessLogger(Logger):
    """gunicorn's logger, with the request's query string left out of the access log."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        uri = safe_uri(environ.get("RAW_URI") or environ.get("PATH_INFO") or "")
        atoms["r"] = f"{environ['REQUEST_METHOD']} {uri} {environ['SERVER_PROTOCOL']}"
        atoms["U"] = safe_uri(environ.get("PATH_INFO") or "")
        atoms["q"] = ""
        atoms["f"] = safe_uri(environ.get("HTTP_REFERER", "-"))
        atoms["a"] = mask_secrets(environ.get("HTTP_USER_AGENT", "-")[:FIELD_LIMIT])
        for key in list(atoms):
            if key.startswith("{") and key.endswith("}i"):
                value = atoms[key]
                if isinstance(value, str):
                    atoms[key] = (
                        safe_uri(value)
                        if key == "{referer}i"
                        else mask_secrets(value[:FIELD_LIMIT])
                    )
        return atoms
