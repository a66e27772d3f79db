"""The staff's pages at `seed_demo --scale large` (10,000 clients, 30,000 cases, 100,000
reminders): median and p95 server time and query count for the dashboard, client list, case
list, case page and search.

Measured like the django-helpdesk reference of issue 7: Django's in-process test client,
3 warm-ups, then 20 timed requests per page. Besides the wall-clock time, the process's CPU time
per request is printed: on a machine shared with other work it moves far less than the wall
clock. The dashboard is measured twice: as served (its overview cached until a case, a closed
day or the minute changes) and with the cache emptied before every request (the cost whenever
something changed). Each database runs in a child process against a
throwaway database: SQLite in a temporary VAR_DIR (never var/db.sqlite3), and PostgreSQL in the
dedicated database ``ccus_bench_pages`` (dropped and created again) when DATABASE_URL points at
PostgreSQL or BENCH_POSTGRES=1. A DATABASE_URL whose database name contains "bench" is used as
named (so that several checkouts can measure at once without sharing one database).
"""

from __future__ import annotations

import json
import os
import sys

from bench.child import child_result, fresh_postgres_database, percentile, postgres_url
from bench.table import Table

WARMUPS = 3
TIMED = 20
PG_DATABASE = "ccus_bench_pages"


def run() -> list[Table]:
    targets = [("SQLite", None)]
    if (pg := postgres_url(PG_DATABASE, keep_bench_name=True)) is not None:
        targets.append(("PostgreSQL", pg))
    tables = []
    for label, url in targets:
        result = child_result("bench.bench_pages", url, extra_env={"CELERY_TASK_ALWAYS_EAGER": "1"})
        table = Table(
            f"Pages on {label} at {result['clients']:,} clients / {result['cases']:,} cases / "
            f"{result['reminders']:,} reminders ({WARMUPS} warm-ups, {TIMED} timed requests)",
            ["page", "median ms", "p95 ms", "median cpu ms", "queries"],
        )
        for row in result["pages"]:
            table.add(*row)
        tables.append(table)
    return tables


def _give_clients_expiries(company_model) -> None:
    """Spread the demo clients' expiries over five years around today (one in 25 unknown) and
    their login knowledge over yes / unknown / no, so the 更新期限 list has every group."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    clients = list(company_model.objects.only("pk").order_by("pk"))
    for n, client in enumerate(clients):
        offset = (n * 37) % 1826 - 365
        client.registration_expires_on = None if n % 25 == 0 else today + timedelta(days=offset)
        client.ccus_access = ("yes", "unknown", "yes", "no")[n % 4]
    company_model.objects.bulk_update(
        clients, ["registration_expires_on", "ccus_access"], batch_size=1000
    )


def child() -> None:
    import io
    import statistics
    import time

    if os.environ.get("DATABASE_URL"):
        fresh_postgres_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from clients.models import Client as Company
    from recovery.models import RecoveryCase, Reminder
    from recovery.models import Status as S

    # Not setup_test_environment(): it instruments every template render so that the test
    # client can keep a copy of each context, which would be measured as server time.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--scale", "large", stdout=io.StringIO())

    _give_clients_expiries(Company)
    user = get_user_model().objects.get(username="staff")
    browser = Client()
    browser.force_login(user)
    case = (
        RecoveryCase.objects.filter(status=S.WAITING)
        .exclude(receipt_number="")
        .order_by("pk")
        .first()
    )
    pages = [
        ("dashboard", reverse("home")),
        ("dashboard, overview not cached", reverse("home")),
        ("client list", reverse("client_list")),
        ("case list", reverse("case_list")),
        ("case page", reverse("case_detail", args=[case.pk])),
        ("search: name", reverse("search") + "?q=デモ大量建設01"),
        ("更新期限 list", reverse("renewal_list")),
        ("更新期限: 先に復旧が必要", reverse("renewal_list") + "?group=recovery_first"),
        ("更新期限: page 20", reverse("renewal_list") + "?page=20"),
        ("search: 受付番号", reverse("search") + f"?q={case.receipt_number.replace('C-', 'ｃ－')}"),
    ]
    rows = []
    for name, url in pages:
        cold = "not cached" in name
        for _ in range(WARMUPS):
            assert browser.get(url).status_code == 200, url
        times, cpu = [], []
        for _ in range(TIMED):
            if cold:
                cache.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = browser.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            browser.get(url)
        rows.append(
            [
                name,
                round(statistics.median(times), 1),
                round(percentile(times, 0.95), 1),
                round(statistics.median(cpu), 1),
                len(queries),
            ]
        )
    print(
        json.dumps(
            {
                "clients": Company.objects.count(),
                "cases": RecoveryCase.objects.count(),
                "reminders": Reminder.objects.count(),
                "pages": rows,
            }
        )
    )


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    child()
