"""A consistent copy of the database and its way back.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies page by page under a read
lock, so the copy is consistent even while the web server and worker write.
PostgreSQL: ``pg_dump`` in its custom format (one snapshot), restored with ``pg_restore``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    pass


PRIVATE_FILE = 0o600


@contextlib.contextmanager
def _private_files():
    """New files (ours, SQLite's, pg_dump's) readable by this user only: a backup holds every
    client's personal data. The umask is process-wide; backup/restore are one-shot commands."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def make_private(path: Path) -> None:
    """chmod 0600 a file the app owns (a SQLite database and its -wal/-shm, a backup)."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if candidate.is_file() and (candidate.stat().st_mode & 0o777) != PRIVATE_FILE:
                candidate.chmod(PRIVATE_FILE)
        except OSError:  # not ours (a read-only mount): nothing we can do here
            pass


def _settings(alias: str) -> dict:
    return connections[alias].settings_dict


def _vendor(alias: str) -> str:
    return connections[alias].vendor


def _pg_args_env(conf: dict) -> tuple[list[str], dict[str, str]]:
    args = ["-h", conf.get("HOST") or "127.0.0.1", "-p", str(conf.get("PORT") or 5432)]
    if conf.get("USER"):
        args += ["-U", conf["USER"]]
    env = {**os.environ}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = conf["PASSWORD"]
    return args, env


def _need(program: str) -> str:
    path = shutil.which(program)
    if not path:
        raise BackupError(
            f"{program} が見つかりません。PostgreSQL のクライアント "
            f"(apt-get install postgresql-client) を入れてください。"
        )
    return path


def backup_database(*, directory: Path, alias: str = "default") -> Path:
    """Write a timestamped copy of the database into ``directory`` (mode 0600) and return it."""
    with _private_files():
        target = _backup(directory=directory, alias=alias)
    make_private(target)
    return target


def _backup(*, directory: Path, alias: str) -> Path:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    vendor = _vendor(alias)
    suffix = {"sqlite": ".sqlite3", "postgresql": ".dump"}.get(vendor)
    if suffix is None:
        raise BackupError(f"このデータベース({vendor})のバックアップには対応していません。")
    target = directory / f"ccus-desk-{stamp}{suffix}"
    n = 1
    while target.exists():
        target = directory / f"ccus-desk-{stamp}-{n}{suffix}"
        n += 1
    conf = _settings(alias)
    if vendor == "sqlite":
        partial = target.with_suffix(target.suffix + ".part")
        source = sqlite3.connect(conf["NAME"])
        destination = sqlite3.connect(partial)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
        partial.rename(target)
    else:
        args, env = _pg_args_env(conf)
        result = subprocess.run(
            [
                _need("pg_dump"),
                "--format=custom",
                "--no-owner",
                *args,
                "--file",
                str(target),
                conf["NAME"],
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if result.returncode != 0:
            target.unlink(missing_ok=True)
            raise BackupError(f"pg_dump が失敗しました: {result.stderr.strip()}")
    return target


def restore_database(*, path: Path, alias: str = "default") -> None:
    """Replace the database's contents with the backup at ``path``."""
    if not path.is_file():
        raise BackupError(f"バックアップファイル {path} が見つかりません。")
    vendor = _vendor(alias)
    conf = _settings(alias)
    connections[alias].close()
    if vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as error:
            source.close()
            raise BackupError(f"{path} は SQLite のバックアップではありません。") from error
        destination = sqlite3.connect(conf["NAME"], timeout=30)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
    elif vendor == "postgresql":
        args, env = _pg_args_env(conf)
        result = subprocess.run(
            [
                _need("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *args,
                "--dbname",
                conf["NAME"],
                str(path),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore が失敗しました: {result.stderr.strip()}")
    else:
        raise BackupError(f"このデータベース({vendor})の復元には対応していません。")
