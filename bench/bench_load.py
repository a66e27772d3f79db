"""Load: gunicorn on loopback with a large data set of its own, driven by locust.

40 concurrent staff users (BENCH_LOAD_USERS) for 60 s (BENCH_LOAD_SECONDS) each, twice against
the same server and SQLite database: first only reading (dashboard, lists, client and case
pages), then working as an office does, where about a fifth of the requests write (a note on a
case, a receipt mail pasted, a reminder snoozed, a client edited). Prints requests/s, p95, p99
and errors ("database is locked" included: any 5xx is one) per page, the two runs side by side.
Everything runs against 127.0.0.1 on a free port, in a temporary folder with its own database.
"""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.table import Table

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "3000"))
CASES = int(os.environ.get("BENCH_LOAD_CASES", "6000"))
USERS = int(os.environ.get("BENCH_LOAD_USERS", "40"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "4"))


def seed(clients: int, cases: int, sessions_file: str = "", users: int = 0) -> None:
    """Bulk-create ``clients`` companies and ``cases`` cases with timelines (invented data),
    and ``users`` logged-in sessions of the staff member (keys written to ``sessions_file``).

    Logging in over HTTP costs a deliberate ~0.5 s of password hashing each; 20 of those at once
    would measure the hasher, not the pages, so the load users start with a session instead."""
    import random
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from clients.models import Client
    from office.models import OfficeProfile
    from recovery.models import CaseEvent, RecoveryCase, Situation, Status

    rng = random.Random(2026)
    OfficeProfile.objects.update_or_create(
        pk=1,
        defaults={
            "name": "行政書士ベンチ事務所",
            "tel": "0767-52-0001",
            "email": "bench@gyosei.example.jp",
        },
    )
    staff = get_user_model().objects.create_user(
        "bench",
        password="bench-pass-2026",
        last_name="負荷",
    )
    towns = ["七尾市本府中町", "金沢市広坂", "輪島市河井町", "珠洲市上戸町", "港区芝公園"]
    kinds = ["建設", "工務店", "土木", "電設", "塗装", "設備工業"]
    Client.objects.bulk_create(
        Client(
            name=f"株式会社{rng.choice(['能登', '加賀', '白山', '港', '桜'])}{kinds[n % 6]}{n}",
            name_kana=f"カブシキガイシャ{n:05d}",
            business_id=f"{10**13 + n:014d}",
            postal_code="926-0021",
            address=f"石川県{rng.choice(towns)}{n % 50 + 1}番地",
            phone=f"0767-{52 + n % 40:02d}-{n % 10000:04d}",
            email=f"info{n}@kensetsu.example.jp",
            contact_name="現場 太郎",
        )
        for n in range(1, clients + 1)
    )
    client_ids = list(Client.objects.values_list("pk", flat=True))
    statuses = [s for s, _ in Status.choices]
    now = timezone.now()
    RecoveryCase.objects.bulk_create(
        RecoveryCase(
            client_id=rng.choice(client_ids),
            assignee=staff,
            situation=rng.choice([s for s, _ in Situation.choices]),
            status=rng.choice(statuses),
            new_email=f"new{n}@kensetsu.example.jp",
            sent_at=now - timedelta(days=rng.randint(0, 60)),
            receipt_number=f"C-{n:010d}",
            notes="請求書送付済み。担当者に電話で確認。",
        )
        for n in range(1, cases + 1)
    )
    if sessions_file:
        _write_sessions(staff, users, sessions_file)
        _write_work(sessions_file, now)
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case_id=case_id,
            at=now - timedelta(days=k),
            actor=staff,
            kind=CaseEvent.Kind.NOTE,
            message=f"経過メモ {k}",
        )
        for case_id in RecoveryCase.objects.values_list("pk", flat=True)
        for k in range(3)
    )


def _write_work(sessions_file: str, now) -> None:
    """What the writing users work on: cases waiting for their receipt mail (a receipt can be
    recorded once per case) and a planned reminder on each of them (to snooze)."""
    from datetime import timedelta

    from recovery.models import RecoveryCase, Reminder, Status

    sent = list(
        RecoveryCase.objects.filter(status=Status.SENT).values_list("pk", flat=True).order_by("pk")
    )
    Reminder.objects.bulk_create(
        Reminder(case_id=pk, kind=Reminder.Kind.REPLY_DUE, due_at=now + timedelta(days=5))
        for pk in sent
    )
    reminders = Reminder.objects.filter(case_id__in=sent).values_list("pk", flat=True)
    folder = Path(sessions_file).parent
    (folder / "sent_cases.txt").write_text("\n".join(map(str, sent)))
    (folder / "reminders.txt").write_text("\n".join(map(str, reminders)))


def writes_done() -> None:
    """Print what the writing run changed in the database (so that a write that only showed a
    form again is not taken for one that saved)."""
    from clients.models import Client
    from recovery.models import CaseEvent, RecoveryCase, Reminder

    notes = CaseEvent.objects.filter(message="お客様に電話で日程を確認しました。").count()
    receipts = RecoveryCase.objects.exclude(receipt_at=None).count()
    snoozed = Reminder.objects.exclude(snoozed_until=None).count()
    edited = Client.objects.filter(name__startswith="株式会社編集テスト建設").count()
    print(
        f"{notes} notes, {receipts} receipts recorded, {snoozed} reminders snoozed, "
        f"{edited} clients edited"
    )


def _write_sessions(user, count: int, path: str) -> None:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    keys = []
    for _ in range(count):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    Path(path).write_text("\n".join(keys))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def run() -> list[Table]:
    with tempfile.TemporaryDirectory(prefix="ccus-bench-load-") as tmp:
        return _run(Path(tmp))


def _run(tmp: Path) -> list[Table]:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECURE_SSL": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "VAR_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "BENCH_CLIENTS": str(CLIENTS),
        "BENCH_CASES": str(CASES),
        "BENCH_SESSIONS": str(tmp / "sessions.txt"),
    }
    python = sys.executable
    started = time.perf_counter()
    for args in (
        ["manage.py", "migrate", "--noinput", "-v", "0"],
        ["manage.py", "collectstatic", "--noinput", "-v", "0"],
        [
            "-c",
            "import django; django.setup(); from bench.bench_load import seed; "
            f"seed({CLIENTS}, {CASES}, {str(tmp / 'sessions.txt')!r}, {USERS})",
        ],
    ):
        step = time.perf_counter()
        subprocess.run([python, *args], cwd=ROOT, env=env, check=True, timeout=600)
        print(f"  {args[-1][:60]}: {time.perf_counter() - step:.1f} s", flush=True)
    seeded = time.perf_counter() - started

    server_log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            "2",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/accounts/login/", timeout=60)
        runs = {
            label: _locust(python, env, port, tmp / label, user_class)
            for label, user_class in (("read", "Staff"), ("mixed", "OfficeStaff"))
        }
    finally:
        _stop(server)
        server_log.close()
    locked = (tmp / "gunicorn.log").read_text(errors="replace").count("database is locked")
    written = (
        subprocess.run(
            [
                python,
                "-c",
                "import django; django.setup(); from bench.bench_load import writes_done; "
                "writes_done()",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        .stdout.strip()
        .splitlines()[-1]
    )

    table = Table(
        f"gunicorn ({WORKERS} workers × 2 threads) on 127.0.0.1, SQLite (WAL, IMMEDIATE "
        f"transactions) with {CLIENTS} clients / {CASES} cases (seeded in {seeded:.0f} s); "
        f"locust {USERS} users for {SECONDS} s per run, 0.2–1.0 s think time. Left: only "
        "reading; right: an office's mix, a fifth of the requests writing. "
        f"'database is locked' in the server log: {locked}. Written: {written}",
        [
            "page",
            "read: requests",
            "read: errors",
            "read: p99 ms",
            "mixed: requests",
            "mixed: errors",
            "mixed: req/s",
            "mixed: median ms",
            "mixed: p95 ms",
            "mixed: p99 ms",
            "mixed: max ms",
        ],
    )
    names = list(runs["mixed"]) + [n for n in runs["read"] if n not in runs["mixed"]]
    empty = {"Request Count": 0, "Failure Count": 0, "99%": "—"}
    for name in names:
        read, mixed = runs["read"].get(name, empty), runs["mixed"].get(name)
        if mixed is None:
            mixed = {**empty, "Requests/s": 0, "50%": "—", "95%": "—", "Max Response Time": 0}
        table.add(
            name,
            int(read["Request Count"]),
            int(read["Failure Count"]),
            read["99%"],
            int(mixed["Request Count"]),
            int(mixed["Failure Count"]),
            float(mixed["Requests/s"]),
            mixed["50%"],
            mixed["95%"],
            mixed["99%"],
            f"{float(mixed['Max Response Time']):.0f}",
        )
    return [table]


def _locust(python: str, env: dict, port: int, prefix: Path, user_class: str) -> dict[str, dict]:
    """One locust run of ``user_class`` (bench/locustfile.py): its stats row per page."""
    subprocess.run(
        [
            python,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(USERS),
            "--run-time",
            f"{SECONDS}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--stop-timeout",
            "5",
            "--loglevel",
            "WARNING",
            user_class,
        ],
        cwd=ROOT,
        env=env,
        timeout=SECONDS + 120,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(prefix.with_name(prefix.name + "_failures.csv")) as failures:
        for row in csv.DictReader(failures):
            print(f"  {prefix.name}: {row['Name']}: {row['Error']} × {row['Occurrences']}")
    with open(prefix.with_name(prefix.name + "_stats.csv")) as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}
