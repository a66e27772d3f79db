"""PDF documents: warm render time (median, p95), first render in a fresh process, file size,
memory growth over many renders, and Chromium's print-to-PDF on the same HTML as a peer.

Targets (issue 6): guide ≤ 0.15 s warm median and ≤ 80 KiB; forms and cover ≤ 0.1 s and
≤ 60 KiB; first render in a fresh process ≤ 1 s; faster than Chromium (ratio < 1); memory growth
< 50 MB over 500 renders. ``BENCH_DOC_RENDERS`` (default 500) and ``BENCH_DOC_RUNS`` (default 30)
shrink the run for a quick look.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.child import percentile
from bench.table import Table

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_DOC_RUNS", "30"))
RENDERS = int(os.environ.get("BENCH_DOC_RENDERS", "500"))
TARGETS = {"guide": (0.15, 80)}
FORM_TARGET = (0.10, 60)
DOCUMENTS = ("guide", "id_sheet", "consultation", "consultation_blank", "fax_cover")

# Runs in a fresh interpreter: sets Django up, builds the sample objects, renders one document.
CHILD = r"""
import json, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
import django
django.setup()
started = time.perf_counter()
from bench.bench_documents import sample_documents
render = sample_documents()[sys.argv[1]]
imported = time.perf_counter()
render()
first = time.perf_counter()
result = {"first": first - imported, "first_with_imports": first - started}
renders = int(sys.argv[2])
if renders:
    from bench.bench_documents import rss_bytes
    for _ in range(20):
        render()
    before = rss_bytes()
    for _ in range(renders):
        render()
    result["growth"] = rss_bytes() - before
print(json.dumps(result))
"""


def rss_bytes() -> int:
    """This process's resident memory, read from /proc (no psutil needed)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _ensure_database() -> None:
    from django.core.management import call_command
    from django.db import DatabaseError

    from office.models import OfficeProfile

    try:
        OfficeProfile.objects.exists()
    except DatabaseError:
        call_command("migrate", verbosity=0)


def sample_objects():
    """Unsaved sample data shaped like a real case (no rows are written)."""
    from datetime import UTC, datetime

    from clients.models import Client
    from office.models import OfficeProfile
    from recovery.models import RecoveryCase

    client = Client(
        pk=1,
        name="株式会社能登ミライ建設",
        business_id="12345678901234",
        postal_code="926-0045",
        address="石川県七尾市袖ケ江町イ部25番地",
        phone="0767-53-1234",
        fax="0767-53-5678",
        email="office@noto-mirai.example.jp",
        contact_name="能登 太郎",
    )
    case = RecoveryCase(
        pk=1,
        client=client,
        situation="c",
        new_email="ccus@noto-mirai.example.jp",
        sent_at=datetime(2026, 12, 25, 1, tzinfo=UTC),
    )
    office = OfficeProfile(
        pk=1,
        name="行政書士テスト事務所",
        postal_code="926-0021",
        address="石川県七尾市本府中町ヲ1番地",
        tel="0767-52-0001",
        fax="0767-52-0002",
        email="info@test-gyosei.example.jp",
    )
    return client, case, office


def sample_documents() -> dict:
    """Each document as a zero-argument render function returning PDF bytes."""
    from documents import pdfs

    _ensure_database()
    client, case, _ = sample_objects()
    return {
        "guide": lambda: pdfs.render_guide(case)[2],
        "id_sheet": lambda: pdfs.render_id_sheet(case)[2],
        "consultation": lambda: pdfs.render_consultation_form(client)[2],
        "consultation_blank": lambda: pdfs.render_consultation_form(None)[2],
        "fax_cover": lambda: pdfs.render_fax([pdfs.id_sheet(case)], to=client)[2],
    }


def sample_html() -> dict[str, str]:
    """The HTML each document is rendered from, with the shared stylesheet inlined."""
    from datetime import date

    from django.template.loader import render_to_string

    from documents import pdfs

    client, case, _ = sample_objects()
    contexts = {
        "guide": ("documents/pdf/guide.html", pdfs.guide_context(case)),
        "id_sheet": ("documents/pdf/id_sheet.html", pdfs.id_sheet_context(case)),
        "consultation": (
            "documents/pdf/consultation_form.html",
            pdfs.consultation_form_context(client),
        ),
        "consultation_blank": (
            "documents/pdf/consultation_form.html",
            pdfs.consultation_form_context(None),
        ),
        "fax_cover": (
            "documents/pdf/fax_cover.html",
            pdfs.fax_cover_context(
                client, subject="ログイン手順書", pages=4, sent_on=date(2027, 1, 8)
            ),
        ),
    }
    font = (ROOT / "static" / "fonts" / "ipaexg.ttf").as_uri()
    css = (ROOT / "static" / "css" / "pdf.css").read_text().replace("../fonts/ipaexg.ttf", font)
    html = {}
    for name, (template, context) in contexts.items():
        page = render_to_string(template, context)
        html[name] = page.replace("</head>", f"<style>{css}</style></head>", 1)
    return html


def _weasyprint_times(render) -> tuple[list[float], bytes]:
    for _ in range(3):
        data = render()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        data = render()
        times.append(time.perf_counter() - started)
    return times, data


def _child(name: str, renders: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, name, str(renders)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _chromium(html: dict[str, str]) -> dict[str, tuple[float, int]] | str:
    executable = shutil.which("chromium")
    if not executable:
        return "chromium not installed"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "playwright not installed"
    results = {}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        for name, text in html.items():
            path = Path(folder) / f"{name}.html"
            path.write_text(text, encoding="utf-8")
            url = path.as_uri()

            def render(url=url):
                page.goto(url, wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
                return page.pdf(format="A4", prefer_css_page_size=True, print_background=True)

            times, data = _weasyprint_times(render)
            results[name] = (statistics.median(times), len(data))
        browser.close()
    return results


def run() -> list[Table]:
    _ensure_database()
    renders = sample_documents()
    table = Table(
        f"PDF documents (WeasyPrint, IPAexGothic; {RUNS} warm runs, memory over {RENDERS} "
        "renders, Chromium via Playwright on the same HTML)",
        [
            "document",
            "pages",
            "warm median s",
            "p95 s",
            "first (fresh) s",
            "first incl. imports s",
            "KiB",
            "RSS growth MB",
            "Chromium s",
            "Chromium KiB",
            "ratio",
            "targets",
        ],
    )
    chromium = _chromium(sample_html())
    for name in DOCUMENTS:
        import pypdf

        times, data = _weasyprint_times(renders[name])
        median, p95 = statistics.median(times), percentile(times, 0.95)
        fresh = _child(name, RENDERS)
        size = len(data) / 1024
        pages = len(pypdf.PdfReader(__import__("io").BytesIO(data)).pages)
        max_time, max_kib = TARGETS.get(name, FORM_TARGET)
        growth_mb = fresh.get("growth", 0) / 1e6
        peer = chromium.get(name) if isinstance(chromium, dict) else None
        ratio = median / peer[0] if peer else None
        ok = (
            median <= max_time
            and size <= max_kib
            and fresh["first"] <= 1
            and growth_mb < 50
            and (ratio is None or ratio < 1)
        )
        table.add(
            name,
            pages,
            median,
            p95,
            fresh["first"],
            fresh["first_with_imports"],
            round(size, 1),
            round(growth_mb, 1),
            peer[0] if peer else chromium,
            round(peer[1] / 1024, 1) if peer else "-",
            ratio if ratio is not None else "-",
            "ok" if ok else "MISSED",
        )
    return [table]
