"""Links in reminder emails name the address staff use, whichever process builds them.

Under ``make run`` honcho gives every Procfile process its own PORT (web 8000, worker 8100, beat
8200). The worker writes the emails, so a SITE_URL derived from PORT pointed staff at 8100.
"""

import os
import subprocess
import sys
from pathlib import Path

from honcho.environ import expand_processes, parse_procfile

ROOT = Path(__file__).resolve().parents[2]
SNIPPET = (
    "import django; django.setup(); "
    "from recovery.reminders.delivery import case_url; print(case_url(7))"
)


def procfile_envs(base: dict[str, str]) -> dict[str, dict[str, str]]:
    """Each Procfile process's environment exactly as honcho (``make run``) builds it."""
    procfile = parse_procfile((ROOT / "Procfile").read_text())
    processes = expand_processes(procfile.processes, env=base)
    return {p.name.split(".")[0]: {**base, **p.env} for p in processes}


def link_built_by(env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SNIPPET],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    return {**env, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **extra}


def test_honcho_gives_the_worker_another_port_than_the_web_server():
    envs = procfile_envs(_base_env(PORT="8000"))
    assert envs["web"]["PORT"] == "8000"
    assert envs["worker"]["PORT"] == "8100"


def test_without_site_url_the_worker_links_to_the_web_servers_default_port_not_its_own():
    envs = procfile_envs(_base_env(PORT="8000"))
    worker_link = link_built_by(envs["worker"])
    assert worker_link == "http://127.0.0.1:8000/cases/7/"
    assert worker_link == link_built_by(envs["web"])


def test_with_site_url_every_process_links_to_it_whatever_its_port():
    envs = procfile_envs(_base_env(PORT="9000", SITE_URL="https://desk.example.jp/"))
    assert envs["worker"]["PORT"] == "9100"
    assert link_built_by(envs["worker"]) == "https://desk.example.jp/cases/7/"
    assert link_built_by(envs["beat"]) == "https://desk.example.jp/cases/7/"
