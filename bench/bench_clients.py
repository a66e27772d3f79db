"""Client register at 10,000 clients: CSV import time, list/search page server time and queries.

Runs in a child process against a throwaway SQLite database in a temporary VAR_DIR, so that
var/db.sqlite3 is never touched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from bench.table import Table, median_ms

COUNT = 10_000
REPEAT = 5


def run() -> list[Table]:
    with tempfile.TemporaryDirectory(prefix="ccus-bench-clients-") as var_dir:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update({"VAR_DIR": var_dir, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"})
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_clients", "--child"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"bench_clients child failed:\n{done.stderr}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
    imports = Table(f"CSV import of {COUNT:,} clients (cp932, typed input)", ["step", "seconds"])
    for step, seconds in result["import"]:
        imports.add(step, seconds)
    pages = Table(
        f"Pages at {result['clients']:,} clients (in-process, median of {REPEAT})",
        ["page", "ms", "queries", "rows shown"],
    )
    for row in result["pages"]:
        pages.add(*row)
    return [imports, pages]


def _typed_csv(count: int) -> bytes:
    """Rows as staff type them: full-width digits, odd hyphens, hiragana readings."""
    from clients.csv_io import HEADER

    z = str.maketrans("0123456789", "０１２３４５６７８９")
    lines = [",".join(HEADER)]
    for n in range(count):
        business_id = f"3{n:013d}"
        if n % 2:
            business_id = f"{business_id[:4]}－{business_id[4:8]}ー{business_id[8:]}".translate(z)
        phone = f"0767-{52 + n % 8}-{n % 10000:04d}"
        if n % 3 == 0:
            phone = phone.replace("-", "ー").translate(z)
        postal = "926-0021" if n % 4 == 0 else ""
        lines.append(
            ",".join(
                [
                    f"ベンチ建設{n:05d}株式会社",
                    "べんちけんせつ",
                    business_id,
                    postal,
                    f"石川県七尾市巴町{n % 50 + 1}",
                    phone,
                    "",
                    f"info{n}@bench.example.jp",
                    "担当 太郎",
                    "",
                ]
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp932")


def _median_ms(fn) -> float:
    return median_ms(fn, REPEAT)


def child() -> None:
    import time

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from clients.csv_io import apply_import, decode, export_csv, plan_import
    from clients.models import Client as ClientModel

    setup_test_environment()
    call_command("migrate", verbosity=0)
    data = _typed_csv(COUNT)
    steps = []
    started = time.perf_counter()
    text = decode(data)
    steps.append(("decode (detect cp932)", time.perf_counter() - started))
    started = time.perf_counter()
    plan = plan_import(text)
    steps.append(("normalise + validate every row", time.perf_counter() - started))
    assert plan.ok, plan.errors[:3]
    started = time.perf_counter()
    result = apply_import(plan)
    steps.append((f"save ({result.created:,} new, with history)", time.perf_counter() - started))
    started = time.perf_counter()
    export_csv(ClientModel.objects.order_by("name_kana", "name", "pk").iterator())
    steps.append(("export all (cp932)", time.perf_counter() - started))

    user = get_user_model().objects.create_user("bench", password="bench-pw-2026")
    browser = Client()
    browser.force_login(user)
    browser.get("/clients/")  # warm-up: templates, session
    pages = []
    for label, url in [
        ("list, page 1", "/clients/"),
        ("list, page 100", "/clients/?page=100"),
        ("search 事業者ID full-width", "/clients/?q=３０００－０００００ー０１２３４"),
        ("search phone part", "/clients/?q=0767-55"),
        ("search name", "/clients/?q=建設09999"),
        ("search reading (hiragana)", "/clients/?q=べんち"),
        ("search, no hit", "/clients/?q=存在しない会社"),
    ]:
        reset_queries()  # the query log is capped at 9,000 entries; the import filled it
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(url)
        assert response.status_code == 200, (url, response.status_code)
        shown = len(response.context["page"].object_list)
        pages.append(
            [
                label,
                round(_median_ms(lambda url=url: browser.get(url)), 1),
                len(queries.captured_queries),
                shown,
            ]
        )
    print(
        json.dumps(
            {
                "clients": ClientModel.objects.count(),
                "import": [[s, round(t, 3)] for s, t in steps],
                "pages": pages,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__" and "--child" in sys.argv:
    child()
