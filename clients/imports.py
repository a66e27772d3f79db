"""Keep a checked CSV import between its preview and the confirmation.

What is kept is the parsed plan (normalised values, errors, warnings, which cells were masked),
not the uploaded bytes: its free-text cells are already masked (``csv_io.plan_import``), so no
CCUS password typed into a memo reaches the disk. The file is created 0600 in a 0700 folder
(``CSV_UPLOAD_DIR``), and deleted on confirm, cancel, logout and, when nobody came back, by the
periodic ``clients.tasks.purge_import_files`` after ``CSV_UPLOAD_MAX_AGE`` seconds.

Keeping the plan also means the confirmation does not parse and check the file a second time:
only the match with registered clients is redone (it may have changed meanwhile).

The token is remembered in the uploader's session, so only they can confirm it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

from .csv_io import ImportPlan, PlannedRow, RowError, rematch

SESSION_KEY = "client_import_tokens"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
SUFFIX = ".json"


def _folder() -> Path:
    folder = Path(settings.CSV_UPLOAD_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _path(token: str) -> Path | None:
    return _folder() / f"{token}{SUFFIX}" if _TOKEN.match(token or "") else None


def _dump(plan: ImportPlan) -> str:
    return json.dumps(
        [
            {
                "row": r.row,
                "values": r.values,
                "warnings": r.warnings,
                "masked": r.masked,
                "errors": [[e.row, e.column, e.message] for e in r.errors],
            }
            for r in plan.rows
        ],
        ensure_ascii=False,
    )


def _load(text: str) -> ImportPlan:
    rows = [
        PlannedRow(
            row=item["row"],
            values=item["values"],
            warnings=item["warnings"],
            masked=item["masked"],
            errors=[RowError(*e) for e in item["errors"]],
        )
        for item in json.loads(text)
    ]
    return ImportPlan(rows=rows)


def store(session, plan: ImportPlan) -> str:
    """Write ``plan`` to a new private file; return the token that names it."""
    purge_expired()
    token = secrets.token_urlsafe(24)
    path = _path(token)
    # O_EXCL | 0600: created readable by the app's user only, whatever the umask.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(_dump(plan))
    tokens = session.get(SESSION_KEY, [])
    for old in tokens[:-4]:  # a session keeps its last five previews
        _unlink(old)
    session[SESSION_KEY] = [*tokens[-4:], token]
    return token


def load(session, token: str) -> ImportPlan | None:
    """The stored plan, re-matched with the registered clients; None if unknown or expired."""
    path = _path(token)
    if path is None or token not in session.get(SESSION_KEY, []):
        return None
    try:
        if time.time() - path.stat().st_mtime > settings.CSV_UPLOAD_MAX_AGE:
            path.unlink(missing_ok=True)
            return None
        plan = _load(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None
    rematch(plan)
    return plan


def _unlink(token: str) -> None:
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def discard(session, token: str) -> None:
    _unlink(token)
    session[SESSION_KEY] = [t for t in session.get(SESSION_KEY, []) if t != token]


def discard_all(session) -> None:
    """Delete every preview of this session (on logout)."""
    for token in session.get(SESSION_KEY, []):
        _unlink(token)
    session.pop(SESSION_KEY, None)


def purge_expired(*, max_age: int | None = None) -> int:
    """Delete previews older than ``CSV_UPLOAD_MAX_AGE`` seconds; return how many went."""
    age = settings.CSV_UPLOAD_MAX_AGE if max_age is None else max_age
    cutoff = time.time() - age
    removed = 0
    for path in _folder().glob(f"*{SUFFIX}"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def discard_on_logout(sender, request, user, **kwargs) -> None:
    """user_logged_out receiver: the session is about to be flushed, its previews go first."""
    session = getattr(request, "session", None)
    if session is not None:
        discard_all(session)
