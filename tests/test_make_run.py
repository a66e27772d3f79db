"""`make run` starts the app as production runs it; `make dev` is the developers' switch.

Read from `make -n -B` (every command make would run from scratch), so nothing is installed,
generated or started.
"""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _planned(target: str) -> list[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DEBUG", "SITE_URL", "SECURE_SSL", "VAR_DIR", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}
    }
    result = subprocess.run(
        ["make", "-n", "-B", "-o", ".venv/.installed", target, "PORT=8123"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _start(lines: list[str]) -> str:
    [start] = [line for line in lines if "honcho start" in line]
    return start


def test_make_run_runs_with_debug_off_a_generated_key_and_the_web_address_for_links():
    lines = _planned("run")
    start = _start(lines)
    assert "DEBUG=0" in start
    assert "SECRET_KEY_FILE=var/secret_key" in start
    # Every process (the worker too, whose own PORT is another) links to the web server.
    assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8123}" in start
    assert "--reload" not in start
    assert any("collectstatic" in line for line in lines)  # hashed static files for DEBUG off


def test_make_dev_runs_with_debug_on_and_reloads():
    lines = _planned("dev")
    start = _start(lines)
    assert "DEBUG=1" in start and "WEB_ARGS=--reload" in start
    assert not any("collectstatic" in line for line in lines)


def test_the_procfile_serves_the_web_on_the_port_it_is_given():
    web = next(
        line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    assert "gunicorn config.wsgi:application" in web
    assert "--bind 127.0.0.1:${PORT" in web
