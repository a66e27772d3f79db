"""Recovery cases at 5,000 cases: case list/filter/search pages, a case page, the calendar.

Runs in a child process against a throwaway SQLite database in a temporary VAR_DIR.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from bench.table import Table, median_ms

COUNT = 5_000
REPEAT = 5


def run() -> list[Table]:
    with tempfile.TemporaryDirectory(prefix="ccus-bench-recovery-") as var_dir:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update({"VAR_DIR": var_dir, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"})
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_recovery", "--child"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"bench_recovery child failed:\n{done.stderr}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
    pages = Table(
        f"Case pages at {result['cases']:,} cases (in-process, median of {REPEAT})",
        ["page", "ms", "queries", "rows shown"],
    )
    for row in result["pages"]:
        pages.add(*row)
    calendar = Table("Business-day calendar", ["operation", "µs each"])
    for row in result["calendar"]:
        calendar.add(*row)
    return [pages, calendar]


def _median_ms(fn) -> float:
    return median_ms(fn, REPEAT)


def child() -> None:
    import time
    from datetime import date, timedelta

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from clients.models import Client as ClientModel
    from recovery.business_days import BusinessCalendar
    from recovery.models import RecoveryCase, Status

    setup_test_environment()
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user(
        "bench",
        password="bench-pw-2026",
        last_name="計測",
        first_name="太郎",
    )
    clients = ClientModel.objects.bulk_create(
        ClientModel(
            name=f"ベンチ建設{n:05d}株式会社",
            business_id=f"7{n:013d}",
            address="石川県七尾市",
            phone="0767-52-0000",
        )
        for n in range(COUNT)
    )
    statuses = [
        Status.PREPARING,
        Status.SENT,
        Status.WAITING,
        Status.REPLIED,
        Status.LOGIN_WORK,
        Status.DONE,
        Status.ON_HOLD,
    ]
    now = timezone.now()
    RecoveryCase.objects.bulk_create(
        RecoveryCase(
            client=client,
            assignee=user,
            situation="c",
            status=statuses[n % len(statuses)],
            new_email=f"c{n}@bench.example.jp",
            sent_at=now - timedelta(days=n % 30),
            reply_at=(now - timedelta(days=n % 9)) if n % 7 in (3, 4) else None,
            receipt_number=f"C-{n:010d}",
        )
        for n, client in enumerate(clients)
    )
    browser = Client()
    browser.force_login(user)
    browser.get("/cases/")
    case_pk = RecoveryCase.objects.filter(status=Status.WAITING).values_list("pk", flat=True)[0]
    pages = []
    for label, url in [
        ("list, page 1", "/cases/"),
        ("list, page 100", "/cases/?page=100"),
        ("overdue", "/cases/?overdue=on"),
        ("waiting on CCUS", "/cases/?waiting=on"),
        ("status + assignee", f"/cases/?status=waiting&assignee={user.pk}"),
        ("search 事業者ID full-width", "/cases/?q=７０００－００００ー００１２３４"),
        ("search 受付番号", "/cases/?q=C-0000004321"),
        ("search name", "/cases/?q=建設04999"),
        ("case page", f"/cases/{case_pk}/"),
    ]:
        reset_queries()  # the query log is capped at 9,000 entries; bulk_create filled it
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(url)
        assert response.status_code == 200, (url, response.status_code)
        page = response.context.get("page")
        shown = len(page.object_list) if page is not None else 1
        pages.append(
            [
                label,
                round(_median_ms(lambda url=url: browser.get(url)), 1),
                len(queries.captured_queries),
                shown,
            ]
        )

    calendar = BusinessCalendar.from_database()
    rows = []
    for label, n in [("add 5 business days", 5), ("add 250 business days", 250)]:
        started = time.perf_counter()
        day = date(2026, 1, 1)
        for i in range(2000):
            calendar.add_business_days(day + timedelta(days=i % 700), n)
        rows.append([label, round((time.perf_counter() - started) / 2000 * 1e6, 1)])
    print(
        json.dumps(
            {"cases": RecoveryCase.objects.count(), "pages": pages, "calendar": rows},
            ensure_ascii=False,
        )
    )


if __name__ == "__main__" and "--child" in sys.argv:
    child()
