"""Billing: the invoice PDF (warm), the 事件簿 page and its CSV at 30,000 cases.

Targets (issue 22): invoice PDF ≤ 0.15 s warm; 事件簿 page p95 ≤ 100 ms and its CSV export
≤ 5 s at 30,000 cases. Runs in a child process on a throwaway database: SQLite in a temporary
VAR_DIR, and PostgreSQL in the dedicated database ``ccus_bench_billing`` (dropped and created
again) when DATABASE_URL points at PostgreSQL or BENCH_POSTGRES=1. ``BENCH_BILLING_CASES``
(default 30000) shrinks the run for a quick look.
"""

from __future__ import annotations

import json
import os
import sys

from bench.child import child_result, fresh_postgres_database, percentile, postgres_url
from bench.table import Table

CASES = int(os.environ.get("BENCH_BILLING_CASES", "30000"))
RETAINED = CASES // 15
PG_DATABASE = "ccus_bench_billing"
PDF_RUNS = 30
PAGE_WARMUPS = 5
PAGE_TIMED = 60
CSV_RUNS = 3


def run() -> list[Table]:
    targets = [("SQLite", None)]
    if (pg := postgres_url(PG_DATABASE)) is not None:
        targets.append(("PostgreSQL", pg))
    tables = []
    for label, url in targets:
        result = child_result("bench.bench_billing", url)
        table = Table(
            f"Billing on {label} at {result['cases']:,} cases + {result['retained']:,} retained "
            "事件簿 copies (targets: PDF ≤ 150 ms warm, page p95 ≤ 100 ms, CSV ≤ 5 s)",
            ["what", "median ms", "p95 ms", "max ms", "queries", "size"],
        )
        for row in result["rows"]:
            table.add(*row)
        tables.append(table)
    return tables


def _seed(cases: int, retained: int) -> None:
    from datetime import date, timedelta

    from django.utils import timezone

    from billing.models import BillingSettings, Engagement, FeeItem
    from clients.models import Client, RetainedCaseRecord
    from office.models import OfficeProfile
    from recovery.models import RecoveryCase

    OfficeProfile.objects.create(
        pk=1, name="行政書士ベンチ事務所", address="石川県七尾市本府中町ヲ1番地", tel="0767-52-0001"
    )
    BillingSettings.objects.create(pk=1, registration_number="T7010705000725")
    FeeItem.objects.create(name="事業者IDログイン情報の復旧", amount=30000)
    clients = Client.objects.bulk_create(
        [
            Client(name=f"株式会社ベンチ建設{i:05d}", address=f"石川県七尾市御祓町{i}番地")
            for i in range(cases // 3)
        ],
        batch_size=2000,
    )
    now = timezone.now()
    case_rows = RecoveryCase.objects.bulk_create(
        [
            RecoveryCase(
                client=clients[i % len(clients)],
                situation="c",
                status="done" if i % 2 else "preparing",
                closed_at=now if i % 2 else None,
            )
            for i in range(cases)
        ],
        batch_size=2000,
    )
    start = date(2024, 1, 1)
    Engagement.objects.bulk_create(
        [
            Engagement(
                case=case,
                accepted_on=start + timedelta(days=i % 1000),
                title=f"事業者IDログイン情報の復旧（案件#{case.pk}）",
                fee_total=33000,
            )
            for i, case in enumerate(case_rows)
        ],
        batch_size=2000,
    )
    RetainedCaseRecord.objects.bulk_create(
        [
            RetainedCaseRecord(
                former_client_pk=10_000_000 + i,
                client_name=f"削除済み建設{i}",
                client_address="石川県七尾市",
                case_name=f"CCUS事業者IDの復旧 案件#{i}",
                opened_on=start + timedelta(days=i % 1000),
                closed_on=start + timedelta(days=i % 1000 + 10),
                fee=33000,
                keep_until=date(2030, 1, 1),
            )
            for i in range(retained)
        ],
        batch_size=2000,
    )


def child() -> None:
    import statistics
    import time

    if os.environ.get("DATABASE_URL"):
        fresh_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from billing import case_book
    from billing.models import Engagement, IssuedDocument
    from billing.pdfs import document_context, render_billing_pdf

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    _seed(CASES, RETAINED)
    # Fresh statistics, as autovacuum (PostgreSQL) would have after a bulk load; without them
    # the planner guesses a few rows and sorts the whole year instead of walking the index.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rows = []

    # The invoice PDF: the document of one case, rendered warm.
    engagement = Engagement.objects.select_related("case__client").first()
    context = document_context(
        kind=IssuedDocument.Kind.INVOICE,
        number="2026-0001",
        issued_on=engagement.accepted_on,
        engagements=[engagement],
        client=engagement.case.client,
        recipient_name=engagement.case.client.name,
        due_on=engagement.accepted_on,
    )
    for _ in range(3):
        render_billing_pdf(context)
    times = []
    for _ in range(PDF_RUNS):
        started = time.perf_counter()
        pdf = render_billing_pdf(context)
        times.append(time.perf_counter() - started)
    rows.append(
        [
            f"invoice PDF (warm, {PDF_RUNS} renders)",
            statistics.median(times) * 1000,
            percentile(times, 0.95) * 1000,
            max(times) * 1000,
            "-",
            f"{len(pdf) // 1024} KiB",
        ]
    )

    # A peer measured in the same run, so that a loaded machine shows as such: the FAX cover
    # sheet of the documents app (its own target is 0.1 s warm).
    from bench.bench_documents import sample_documents

    cover = sample_documents()["fax_cover"]
    for _ in range(3):
        cover()
    times = []
    for _ in range(PDF_RUNS // 3):
        started = time.perf_counter()
        cover()
        times.append(time.perf_counter() - started)
    rows.append(
        [
            f"peer: FAX送付状 PDF (warm, {PDF_RUNS // 3} renders)",
            statistics.median(times) * 1000,
            percentile(times, 0.95) * 1000,
            max(times) * 1000,
            "-",
            "-",
        ]
    )

    user = get_user_model().objects.create_user("bench", password="bench-pw-1")
    browser = Client()
    browser.force_login(user)
    pages = {
        # A peer: a page with no data query, to show what the machine's load adds to any page.
        "peer: accounting form (no data)": "/billing/accounting/",
        "事件簿 page 1 (all years)": "/billing/case-book/",
        "事件簿 page 1 (2025)": "/billing/case-book/?year=2025",
        "事件簿 last page": f"/billing/case-book/?page={(CASES + RETAINED) // 50 + 1}",
    }
    for label, url in pages.items():
        for _ in range(PAGE_WARMUPS):
            assert browser.get(url).status_code == 200
        times = []
        for _ in range(PAGE_TIMED):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = browser.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200
        rows.append(
            [
                f"{label} ({PAGE_TIMED} requests)",
                statistics.median(times) * 1000,
                percentile(times, 0.95) * 1000,
                max(times) * 1000,
                len(queries),
                f"{len(response.content) // 1024} KiB",
            ]
        )

    times = []
    for _ in range(PAGE_TIMED):
        started = time.perf_counter()
        case_book.case_book_page(year=None, offset=0, limit=50)
        times.append(time.perf_counter() - started)
    rows.append(
        [
            f"事件簿 case_book_page() alone ({PAGE_TIMED} calls)",
            statistics.median(times) * 1000,
            percentile(times, 0.95) * 1000,
            max(times) * 1000,
            3,
            "-",
        ]
    )

    times = []
    for _ in range(CSV_RUNS):
        started = time.perf_counter()
        data = case_book.case_book_csv()
        times.append(time.perf_counter() - started)
    lines = data.count(b"\r\n") - 1
    rows.append(
        [
            f"事件簿 CSV, all {lines:,} entries ({CSV_RUNS} runs)",
            statistics.median(times) * 1000,
            percentile(times, 0.95) * 1000,
            max(times) * 1000,
            "-",
            f"{len(data) // 1024} KiB",
        ]
    )
    print(json.dumps({"cases": CASES, "retained": RETAINED, "rows": rows}))


if __name__ == "__main__" and "--child" in sys.argv:
    child()
