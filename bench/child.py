"""What the page benchmarks share: a child process on a throwaway database, its PostgreSQL
database made anew, and the percentile of the timings.

A benchmark runs its measurements in ``python -m bench.<name> --child`` with a temporary
VAR_DIR (never var/db.sqlite3) and, for PostgreSQL, a database whose name says "bench"; the child
prints one JSON line, which ``child_result`` returns.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile


def postgres_url(database: str, *, keep_bench_name: bool = False) -> str | None:
    """The PostgreSQL URL of ``database`` next to DATABASE_URL's server, or on 127.0.0.1 with
    ``BENCH_POSTGRES=1``; None for SQLite only. ``keep_bench_name`` keeps a DATABASE_URL whose
    database is already a benchmark's."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        if keep_bench_name and "bench" in url.rsplit("/", 1)[1]:
            return url
        return url.rsplit("/", 1)[0] + "/" + database
    if os.environ.get("BENCH_POSTGRES") == "1":
        return f"postgres://postgres@127.0.0.1:5432/{database}"
    return None


def child_result(module: str, database_url: str | None, *, extra_env: dict | None = None) -> dict:
    """Run ``python -m <module> --child`` on a throwaway database; its last stdout line (JSON)."""
    with tempfile.TemporaryDirectory(prefix=f"ccus-{module.rsplit('.', 1)[-1]}-") as var_dir:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update({"VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "config.test_settings"})
        env.update(extra_env or {})
        if database_url:
            env["DATABASE_URL"] = database_url
        done = subprocess.run(
            [sys.executable, "-m", module, "--child"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{module} child failed:\n{done.stderr[-4000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def fresh_postgres_database(url: str) -> None:
    """Drop and create the benchmark's own database (only ever one named "…bench…")."""
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    assert "bench" in name, "the benchmark only ever drops its own database"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (0.95 → p95) of ``values``."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]
