"""The settings read the environment once, fail loudly, and CI really uses its services."""

import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "0",
    "SECRET_KEY": "x" * 40 + "-production-secret-for-the-check-" + "y" * 20,
    "ALLOWED_HOSTS": "desk.example.jp",
    "DATABASE_URL": "sqlite:////tmp/ccus-check.sqlite3",
    "SITE_URL": "https://desk.example.jp",
    "EMAIL_URL": "smtp+tls://desk:mail-password@smtp.example.jp:587",
}


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _run(["-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_variables():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_production_without_site_url_or_a_mail_server():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in ("SITE_URL", "EMAIL_URL")}
    result = _run(["manage.py", "check", "--deploy"], env)
    assert result.returncode != 0
    assert "office.E001" in result.stderr and "SITE_URL is not set" in result.stderr
    assert "office.E002" in result.stderr and "console" in result.stderr


def test_a_key_file_stands_in_for_secret_key(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("k" * 50 + "\n")
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    code = (
        "import django; django.setup(); from django.conf import settings;print(settings.SECRET_KEY)"
    )
    result = _run(["-c", code], {**env, "SECRET_KEY_FILE": str(key_file)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "k" * 50
    missing = _run(["-c", code], {**env, "SECRET_KEY_FILE": str(tmp_path / "missing")})
    assert missing.returncode != 0 and "SECRET_KEY_FILE" in missing.stderr


@pytest.mark.django_db
def test_a_visitor_who_asks_for_no_language_gets_japanese(client):
    response = client.get(reverse("login"))
    assert '<html lang="ja">' in response.content.decode()


def test_a_moment_is_shown_in_tokyo_time():
    from office.templatetags.formatting import datetime_ja

    assert datetime_ja(datetime(2026, 12, 24, 15, 30, tzinfo=UTC)) == "2026年12月25日(金) 00:30"


def test_every_environment_variable_is_documented_in_the_readme():
    source = (ROOT / "config" / "settings.py").read_text()
    assert source.count("environ.Env(") == 1, "the environment is read through one environ.Env"
    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
    assert {
        "DEBUG",
        "SECRET_KEY",
        "SECRET_KEY_FILE",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "SITE_URL",
    } <= names
    readme = (ROOT / "README.md").read_text()
    undocumented = sorted(n for n in names if f"`{n}`" not in readme)
    assert not undocumented, f"README.md lacks {undocumented}"


@pytest.mark.django_db
def test_it_runs_on_the_database_that_database_url_names():
    url = os.environ.get("DATABASE_URL", "")
    vendor = connection.vendor
    print(f"database vendor seen from inside a test: {vendor}")
    if url.startswith(("postgres", "postgresql")) or os.environ.get("REQUIRE_SERVICES") == "1":
        assert vendor == "postgresql"
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            assert "PostgreSQL" in cursor.fetchone()[0]
    else:
        assert vendor == "sqlite"


def test_it_uses_the_broker_that_redis_url_names():
    from config.celery_app import app

    url = os.environ.get("REDIS_URL", "")
    print(f"broker seen from inside a test: {app.conf.broker_url}")
    if url or os.environ.get("REQUIRE_SERVICES") == "1":
        assert url and app.conf.broker_url == url
        assert app.conf.broker_url.startswith("redis://")
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
            assert conn.transport.driver_name == "redis"
    else:
        assert app.conf.broker_url == "filesystem://"
