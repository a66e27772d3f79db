"""Shared fixtures. Services: tests that need PostgreSQL or Redis run when DATABASE_URL /
REDIS_URL are set; with REQUIRE_SERVICES=1 a missing or unreachable service fails the run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=3).ping())
    except Exception:
        return False


def _on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))


def pytest_report_header(config) -> list[str]:
    database = os.environ.get("DATABASE_URL", "sqlite (default)")
    database = database.split("@")[-1] if "@" in database else database
    return [
        f"ccus-desk: database={database} redis={os.environ.get('REDIS_URL', '(none)')} "
        f"require_services={REQUIRE_SERVICES}"
    ]


def pytest_sessionstart(session) -> None:
    if not REQUIRE_SERVICES:
        return
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
    if missing:
        pytest.exit(f"REQUIRE_SERVICES=1 but {', '.join(missing)} is not set", returncode=3)
    if not _on_postgres():
        pytest.exit("REQUIRE_SERVICES=1 but DATABASE_URL is not a postgres:// URL", returncode=3)
    if not _redis_reachable(os.environ["REDIS_URL"]):
        pytest.exit(
            f"REQUIRE_SERVICES=1 but Redis at {os.environ['REDIS_URL']} is unreachable",
            returncode=3,
        )


def pytest_collection_modifyitems(config, items) -> None:
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    skip_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL=redis://…")
    on_pg = _on_postgres()
    for item in items:
        if "postgres" in item.keywords and not on_pg and not REQUIRE_SERVICES:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not os.environ.get("REDIS_URL") and not REQUIRE_SERVICES:
            item.add_marker(skip_redis)


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="yamada",
        password="pw-staff-1",
        last_name="山田",
        first_name="花子",
        email="yamada@office.example.jp",
    )


@pytest.fixture
def admin_user(django_user_model):
    from django.contrib.auth.models import Group

    from office.roles import OFFICE_ADMIN_GROUP

    user = django_user_model.objects.create_user(
        username="sato",
        password="pw-admin-1",
        last_name="佐藤",
        first_name="一郎",
        email="sato@office.example.jp",
    )
    user.groups.add(Group.objects.get_or_create(name=OFFICE_ADMIN_GROUP)[0])
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def admin_client_(client, admin_user):
    """A test client logged in as an office admin (pytest-django's admin_client is a superuser)."""
    client.force_login(admin_user)
    return client


@pytest.fixture
def office_profile(db):
    from office.models import OfficeProfile

    return OfficeProfile.objects.create(
        pk=1,
        name="行政書士テスト事務所",
        postal_code="926-0021",
        address="石川県七尾市本府中町ヲ1番地",
        tel="0767-52-0001",
        fax="0767-52-0002",
        email="info@test-gyosei.example.jp",
    )


def database_url_for_subprocess() -> str:
    """A DATABASE_URL that points another process at the database this test uses."""
    from django.db import connection

    conf = connection.settings_dict
    if conf["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{conf['NAME']}"
    auth = conf["USER"] or ""
    if conf.get("PASSWORD"):
        auth += f":{conf['PASSWORD']}"
    host = conf.get("HOST") or "127.0.0.1"
    port = conf.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{conf['NAME']}"


@pytest.fixture
def celery_env(tmp_path) -> dict[str, str]:
    """Environment for a real Celery process that shares this test's database and broker."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url_for_subprocess(),
        "VAR_DIR": str(tmp_path / "var"),
        "CELERY_DATA_DIR": str(tmp_path / "celery"),
        "HEARTBEAT_INTERVAL": "1",
        "REMINDER_DELIVERY_INTERVAL": "1",
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",  # four slashes: absolute path
        "PYTHONUNBUFFERED": "1",
    }
    return env


@pytest.fixture
def start_celery(celery_env, tmp_path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start real Celery processes (``worker``, ``beat``); all are stopped after the test."""
    procs: list[subprocess.Popen] = []

    def start(*args: str, env: dict[str, str] | None = None, name: str = "celery"):
        log = open(tmp_path / f"{name}-{len(procs)}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args],
            cwd=ROOT,
            env=env or celery_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        proc.log_path = log.name  # type: ignore[attr-defined]
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


WORKER_ARGS = (
    "worker",
    "--loglevel=INFO",
    "--concurrency=1",
    "--pool=solo",
    "--without-gossip",
    "--without-mingle",
    "--without-heartbeat",
)


def wait_for(predicate: Callable[[], object], timeout: float, interval: float = 0.25):
    """Poll ``predicate`` until it returns a truthy value or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the dashboard keeps its rendered overview there, and
    two tests' databases can look alike to its version key (same counts, frozen time)."""
    from django.core.cache import cache

    cache.clear()
