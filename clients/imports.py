"""Keep an uploaded CSV between its preview and the confirmation, in a private temp file.

The token is remembered in the uploader's session, so only they can confirm it.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import time
from pathlib import Path

SESSION_KEY = "client_import_tokens"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
MAX_AGE_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(tempfile.gettempdir()) / "ccus-desk-client-imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _path(token: str) -> Path | None:
    return _folder() / f"{token}.csv" if _TOKEN.match(token) else None


def store(session, text: str) -> str:
    _forget_old()
    token = secrets.token_urlsafe(24)
    _path(token).write_text(text, encoding="utf-8")
    session[SESSION_KEY] = [*session.get(SESSION_KEY, [])[-4:], token]
    return token


def load(session, token: str) -> str | None:
    path = _path(token)
    if path is None or token not in session.get(SESSION_KEY, []):
        return None
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def discard(session, token: str) -> None:
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)
    session[SESSION_KEY] = [t for t in session.get(SESSION_KEY, []) if t != token]


def _forget_old() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in _folder().glob("*.csv"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass
