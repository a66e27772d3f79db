"""`manage.py backup` writes a consistent, timestamped copy; `restore FILE --yes` brings it back."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    return result


def _shell(code, env):
    result = _manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_a_sqlite_database_survives_a_backup_and_restore_round_trip(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }
    assert _manage("migrate", "--noinput", "-v", "0", env=env).returncode == 0
    _shell("from clients.models import Client; Client.objects.create(name='株式会社能登建設')", env)
    result = _manage("backup", "-o", str(tmp_path / "backups"), env=env)
    assert result.returncode == 0, result.stderr
    copy = Path(result.stdout.strip())
    assert copy.parent == tmp_path / "backups"
    assert copy.name.startswith("ccus-desk-20") and copy.suffix == ".sqlite3"
    _shell(
        "from clients.models import Client; Client.objects.all().delete();"
        "Client.objects.create(name='後から入った事業者')",
        env,
    )

    refused = _manage("restore", str(copy), env=env)
    assert refused.returncode != 0 and "--yes" in refused.stderr
    restored = _manage("restore", str(copy), "--yes", env=env)
    assert restored.returncode == 0, restored.stderr
    names = _shell(
        "from clients.models import Client;"
        "print(list(Client.objects.values_list('name', flat=True)))",
        env,
    )
    assert names == "['株式会社能登建設']"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}",
        "VAR_DIR": str(tmp_path),
    }
    bogus = tmp_path / "notes.txt"
    bogus.write_text("これはバックアップではありません" * 100)
    result = _manage("restore", str(bogus), "--yes", env=env)
    assert result.returncode != 0
    assert "バックアップではありません" in result.stderr or "見つかりません" in result.stderr
    assert _manage("restore", str(tmp_path / "missing.sqlite3"), "--yes", env=env).returncode != 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_database_survives_a_pg_dump_and_pg_restore_round_trip(tmp_path, capsys):
    assert connection.vendor == "postgresql"
    from clients.models import Client

    Client.objects.create(name="株式会社能登建設", business_id="12345678901234")
    call_command("backup", "-o", str(tmp_path))
    copy = Path(capsys.readouterr().out.strip())
    assert copy.suffix == ".dump" and copy.stat().st_size > 0
    Client.objects.all().delete()
    Client.objects.create(name="後から入った事業者")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(copy))
    call_command("restore", str(copy), "--yes")
    connection.close()
    assert list(Client.objects.values_list("name", "business_id")) == [
        ("株式会社能登建設", "12345678901234")
    ]
