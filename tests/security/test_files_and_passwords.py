"""Backups and the SQLite file are private (0600); passwords ≥ 12; password reset throttled."""

import stat

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.utils import ConnectionHandler
from django.test import Client

from office.backup import backup_database

pytestmark = pytest.mark.django_db


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _sqlite(path):
    """A connection to a SQLite file of its own, whatever database the suite runs on (CI runs
    on PostgreSQL; the office's default is SQLite)."""
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}
    )
    return handler


def test_the_sqlite_database_file_is_readable_by_the_app_only(tmp_path):
    path = tmp_path / "db.sqlite3"
    path.touch(mode=0o644)
    handler = _sqlite(path)
    try:
        handler["default"].ensure_connection()  # connection_created makes the file private
    finally:
        handler.close_all()
    assert _mode(path) == 0o600


def test_a_sqlite_backup_is_written_0600_in_a_private_folder(tmp_path, monkeypatch):
    from office import backup

    handler = _sqlite(tmp_path / "db.sqlite3")
    with handler["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE t (x integer)")
    monkeypatch.setattr(backup, "connections", handler)
    try:
        target = backup_database(directory=tmp_path / "backups")
    finally:
        handler.close_all()
    assert target.suffix == ".sqlite3"
    assert _mode(target) == 0o600
    assert _mode(tmp_path / "backups") == 0o700


@pytest.mark.postgres
def test_a_pg_dump_backup_is_written_0600(tmp_path):
    import shutil

    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    target = backup_database(directory=tmp_path / "backups")
    assert target.suffix == ".dump"
    assert _mode(target) == 0o600


@pytest.mark.parametrize("password", ["Noto-2026!", "kensetsu-26"])
def test_passwords_shorter_than_12_characters_are_refused(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any(e.code == "password_too_short" for e in error.value.error_list)


def test_a_12_character_password_is_accepted():
    validate_password("Noto-kensetsu")


def test_password_reset_requests_are_throttled_per_email(staff_user):
    cache.clear()
    statuses = [
        Client(REMOTE_ADDR=f"192.0.2.{i}")
        .post("/accounts/password_reset/", {"email": "yamada@office.example.jp"})
        .status_code
        for i in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    page = Client().post("/accounts/password_reset/", {"email": "yamada@office.example.jp"})
    assert "パスワード再設定の受付を一時的に止めています" in page.content.decode()


def test_password_reset_requests_are_throttled_per_address(staff_user):
    cache.clear()
    browser = Client(REMOTE_ADDR="198.51.100.77")
    statuses = [
        browser.post("/accounts/password_reset/", {"email": f"nobody{i}@example.jp"}).status_code
        for i in range(7)
    ]
    assert statuses == [302] * 5 + [429] * 2
    # Another address is not affected, and an unknown email is answered like a known one.
    assert (
        Client(REMOTE_ADDR="198.51.100.78")
        .post("/accounts/password_reset/", {"email": "nobody@example.jp"})
        .status_code
        == 302
    )
