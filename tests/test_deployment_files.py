"""docker-compose.yml cannot run here (no Docker engine), so it is checked by parsing."""

import importlib
import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def test_it_declares_the_six_services():
    services = _compose()["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat", "mail"}


def test_the_mail_service_runs_the_watch_mail_command_that_exists():
    from django.core.management import get_commands

    services = _compose()["services"]
    assert _command(services["mail"]) == ["python", "manage.py", "watch_mail"]
    assert get_commands()["watch_mail"] == "inbox"
    procfile = dict(
        line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip()
    )
    assert shlex.split(procfile["mail"])[1:] == ["manage.py", "watch_mail"]


def test_web_runs_gunicorn_on_the_wsgi_module_that_exists():
    command = _command(_compose()["services"]["web"])
    assert command[:2] == ["sh", "-c"]
    inner = shlex.split(command[2])
    assert inner[:4] == ["python", "manage.py", "migrate", "--noinput"]
    gunicorn = inner.index("gunicorn")
    assert inner[gunicorn - 2 : gunicorn] == ["&&", "exec"]
    module, attribute = inner[gunicorn + 1].split(":")
    assert getattr(importlib.import_module(module), attribute) is not None


def test_worker_and_beat_name_the_celery_app_that_exists():
    services = _compose()["services"]
    for name, subcommand in (("worker", "worker"), ("beat", "beat")):
        command = _command(services[name])
        assert command[:3] == ["celery", "-A", "config"]
        assert subcommand in command
    from config import celery_app

    assert celery_app.main == "ccus_desk"


def test_app_services_share_database_and_broker_and_need_a_secret():
    services = _compose()["services"]
    for name in ("web", "worker", "beat", "mail"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://redis:6379/")
        assert "${SECRET_KEY:?" in env["SECRET_KEY"]
        assert services[name]["build"] == "."


def test_the_dockerfile_installs_the_lock_file_and_pango():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.1[1-3]", dockerfile, re.M)
    assert "pip install -r requirements-prod.lock" in dockerfile
    assert "libpango" in dockerfile
    assert "collectstatic" in dockerfile


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            package, version = line.split("==", 1)
            pins[package.strip().lower()] = version.split()[0]
    return pins


def test_the_production_lock_has_no_test_tools_and_agrees_with_the_full_lock():
    prod, full = _pins("requirements-prod.lock"), _pins("requirements.lock")
    assert {"django", "celery", "weasyprint", "gunicorn"} <= set(prod)
    assert not {"pytest", "playwright", "locust", "hypothesis"} & set(prod)
    assert {p: v for p, v in prod.items() if full.get(p) != v} == {}
