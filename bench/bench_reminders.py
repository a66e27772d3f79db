"""Reminder delivery: 10,000 reminders fall due at once and two worker processes run delivery
passes (the same service the Celery task calls) until all are delivered.

Prints deliveries per second, the p50/p99 delay between due time and delivery, and the number of
duplicates (emails per reminder > 1, timeline entries per reminder > 1): it must be 0.

Runs on a temporary SQLite database, and also on PostgreSQL when DATABASE_URL points at one (in a
separate database ``<name>_bench_reminders``, dropped afterwards). Never touches var/db.sqlite3.
Workers use the in-memory mail backend and write the ids they emailed to a file at the end.

    python -m bench bench_reminders          # or: make bench
    BENCH_REMINDERS=2000 python -m bench bench_reminders
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.table import Table

ROOT = Path(__file__).resolve().parent.parent
COUNT = int(os.environ.get("BENCH_REMINDERS", "10000"))
WORKERS = 2
POLL_SECONDS = 0.2  # a worker that found nothing due waits this long before the next pass
KIND_RENEWAL = "renewal_recommended"  # Reminder.Kind.RENEWAL_RECOMMENDED


def _env(database_url: str, var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "VAR_DIR": str(var_dir),
        "EMAIL_URL": "memorymail://",
        "LOG_LEVEL": "WARNING",
    }


def _child(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bench.bench_reminders", *args], cwd=ROOT, env=env
    )


def _setup_django() -> None:
    import django

    django.setup()


def seed(count: int, due_in: float) -> None:
    """Create ``count`` pending reminders on ``count`` cases, all due ``due_in`` s from now."""
    _setup_django()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from clients.models import Client
    from recovery.models import CaseKind, RecoveryCase, Reminder, RenewalStatus, Situation, Status

    user = get_user_model().objects.create_user(
        username="bench",
        password=None,
        last_name="試験",
        first_name="太郎",
        email="bench@office.example.jp",
    )
    client = Client.objects.create(
        name="株式会社ベンチ建設", name_kana="ベンチケンセツ", phone="0767-52-0000"
    )
    # Every other case is a renewal case (事業者登録の更新) with its own kind of reminder: both
    # kinds go through the same claim and delivery.
    RecoveryCase.objects.bulk_create(
        (
            RecoveryCase(
                client=client,
                assignee=user,
                situation=Situation.CANNOT_LOGIN,
                status=Status.SENT,
            )
            if n % 2
            else RecoveryCase(
                client=client,
                assignee=user,
                kind=CaseKind.RENEWAL,
                status=RenewalStatus.PREPARING,
            )
            for n in range(count)
        ),
        batch_size=1000,
    )
    due_at = timezone.now() + timedelta(seconds=due_in)
    cases = RecoveryCase.objects.filter(client=client).values_list("pk", "kind")
    kinds = {CaseKind.RECOVERY: Reminder.Kind.REPLY_DUE, CaseKind.RENEWAL: KIND_RENEWAL}
    Reminder.objects.bulk_create(
        (Reminder(case_id=pk, kind=kinds[kind], due_at=due_at) for pk, kind in cases),
        batch_size=1000,
    )


def work(out: str, deadline_s: float) -> None:
    """Run delivery passes until nothing is left to deliver; write the emailed ids to ``out``."""
    _setup_django()
    from django.core import mail

    from recovery.models import Reminder
    from recovery.reminders.delivery import reminders_deliver_due

    live = (Reminder.State.PENDING, Reminder.State.CLAIMED)
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if reminders_deliver_due() == 0:
            if not Reminder.objects.filter(state__in=live).exists():
                break
            time.sleep(POLL_SECONDS)
    ids = [int(m.extra_headers["X-CCUS-Reminder"]) for m in getattr(mail, "outbox", [])]
    Path(out).write_text(json.dumps(ids))


def measure() -> dict[str, float]:
    _setup_django()
    from django.db.models import Count

    from recovery.models import CaseEvent, Reminder

    rows = list(Reminder.objects.values_list("due_at", "delivered_at", "state"))
    renewal = Reminder.objects.filter(kind="renewal_recommended", state="delivered").count()
    delays = sorted((d - due).total_seconds() for due, d, _ in rows if d is not None)
    due = min(due for due, _, _ in rows)
    last = max(d for _, d, _ in rows if d is not None)
    events = CaseEvent.objects.values("case").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {
        "delivered": len(delays),
        "seconds": (last - due).total_seconds(),
        "p50": delays[len(delays) // 2],
        "p99": delays[min(len(delays) - 1, int(len(delays) * 0.99))],
        "duplicate_events": events,
        "renewal": renewal,
    }


def _one_run(label: str, database_url: str, tmp: Path, table: Table) -> None:
    env = _env(database_url, tmp / "var")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    started = time.perf_counter()
    _child("--seed", str(COUNT), "6", env=env).wait()
    seed_s = time.perf_counter() - started
    outs = [tmp / f"worker-{i}.json" for i in range(WORKERS)]
    workers = [_child("--work", str(out), "600", env=env) for out in outs]
    for w in workers:
        w.wait()
    result_path = tmp / "measure.json"
    subprocess.run(
        [sys.executable, "-m", "bench.bench_reminders", "--measure", str(result_path)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    m = json.loads(result_path.read_text())
    emails = Counter()
    for out in outs:
        emails.update(json.loads(out.read_text()))
    duplicates = sum(n - 1 for n in emails.values() if n > 1) + m["duplicate_events"]
    table.add(
        label,
        m["delivered"],
        m["renewal"],
        len(emails),
        round(seed_s, 1),
        m["delivered"] / max(m["seconds"], 1e-9),
        m["p50"],
        m["p99"],
        duplicates,
    )


def _postgres_bench_url(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench_reminders"
    admin = urlunsplit(parts._replace(path="/postgres"))
    return urlunsplit(parts._replace(path=f"/{name}")), admin, name


def run() -> list[Table]:
    table = Table(
        f"Reminder delivery: {COUNT:,} due at once (half recovery, half renewal cases), "
        f"{WORKERS} worker processes "
        f"(passes of 100, idle poll {POLL_SECONDS} s)",
        [
            "database",
            "delivered",
            "of which renewal",
            "emailed",
            "seed s",
            "deliveries/s",
            "p50 delay s",
            "p99 delay s",
            "duplicates",
        ],
    )
    with tempfile.TemporaryDirectory(prefix="ccus-bench-reminders-") as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "sqlite").mkdir()
        _one_run(
            "SQLite (WAL)",
            f"sqlite:///{tmp_path / 'sqlite' / 'bench.sqlite3'}",
            tmp_path / "sqlite",
            table,
        )
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            import psycopg

            bench_url, admin_url, name = _postgres_bench_url(url)
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            try:
                (tmp_path / "pg").mkdir()
                _one_run("PostgreSQL", bench_url, tmp_path / "pg", table)
            finally:
                with psycopg.connect(admin_url, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return [table]


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    command, *rest = sys.argv[1:]
    if command == "--seed":
        seed(int(rest[0]), float(rest[1]))
    elif command == "--work":
        work(rest[0], float(rest[1]))
    elif command == "--measure":
        Path(rest[0]).write_text(json.dumps(measure()))
