"""The 事件簿 (行政書士法 §9): every case the office took on — 事件の名称, 年月日, 受けた報酬の額,
依頼者の住所氏名 — from the live engagements and, for deleted clients, the retained copies
(``clients.RetainedCaseRecord``) kept for 2 years after the case closed.

The two sources are one list through a UNION of two value querysets with the same columns, so
that a page of the book is one LIMITed query whatever the number of cases.
"""

from __future__ import annotations

import csv
import heapq
import io
from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, F, IntegerField, Max, Min, QuerySet, Value
from django.db.models.functions import Cast, TruncDate

from clients.models import RetainedCaseRecord

from .models import Engagement

COLUMNS = (
    "受任日",
    "事件の名称",
    "受けた報酬の額（円・税込）",
    "依頼者の氏名",
    "依頼者の住所",
    "終了日",
    "区分",
)
LIVE = "live"
RETAINED = "retained"


@dataclass(frozen=True)
class BookEntry:
    accepted_on: date | None
    title: str
    fee: int | None
    client_name: str
    client_address: str
    closed_on: date | None
    source: str

    @property
    def is_retained(self) -> bool:
        return self.source == RETAINED


def retained_fees(client) -> dict[str, int]:
    """{"recovery.RecoveryCase#pk": 報酬額（税込）} of the client's engagements, for the
    copy made when the client is deleted (``clients.signals.client_case_book_fees``)."""
    rows = Engagement.objects.filter(case__client=client).values_list("case_id", "fee_total")
    return {f"recovery.RecoveryCase#{case_id}": fee for case_id, fee in rows}


NAMES = ("b_day", "b_title", "b_fee", "b_name", "b_address", "b_closed", "b_source", "b_pk")


def _columns(rows: QuerySet, *expressions) -> QuerySet:
    return rows.annotate(**dict(zip(NAMES, expressions, strict=True))).values_list(*NAMES)


def _live(year: int | None) -> QuerySet:
    rows = Engagement.objects.order_by()
    if year:
        rows = rows.filter(accepted_on__year=year)
    return _columns(
        rows,
        F("accepted_on"),
        F("title"),
        Cast(F("fee_total"), IntegerField()),
        F("case__client__name"),
        F("case__client__address"),
        TruncDate("case__closed_at"),
        Value(LIVE, output_field=CharField()),
        F("pk"),
    )


def _retained(year: int | None) -> QuerySet:
    rows = RetainedCaseRecord.objects.order_by()
    if year:
        rows = rows.filter(opened_on__year=year)
    return _columns(
        rows,
        F("opened_on"),
        F("case_name"),
        Cast(F("fee"), IntegerField()),
        F("client_name"),
        F("client_address"),
        F("closed_on"),
        Value(RETAINED, output_field=CharField()),
        F("pk"),
    )


def case_book_rows(*, year: int | None = None) -> QuerySet:
    """Every entry of the book (of ``year``'s 受任), newest first, as tuples (see BookEntry)."""
    return _live(year).union(_retained(year), all=True).order_by("-b_day", "-b_source", "-b_pk")


def case_book_count(*, year: int | None = None) -> int:
    live = Engagement.objects.all()
    retained = RetainedCaseRecord.objects.all()
    if year:
        live = live.filter(accepted_on__year=year)
        retained = retained.filter(opened_on__year=year)
    return live.count() + retained.count()


def _key(row) -> tuple:
    """Newest first: the day, then a retained copy before a live line, then the newest row."""
    day, source, pk = row[0], row[6], row[7]
    return (day or date.min, source == RETAINED, pk)


def _side(rows: QuerySet, *, newest_first: bool, n: int, day: str, nullable: bool) -> list:
    # Ordered by the real column, so that PostgreSQL walks its index (an ORDER BY on the
    # annotation, or NULLS LAST on a NOT NULL column, would sort the whole table first).
    if not nullable:
        order = (F(day).desc(), F("pk").desc()) if newest_first else (F(day), F("pk"))
    elif newest_first:
        order = (F(day).desc(nulls_last=True), F("pk").desc())
    else:
        order = (F(day).asc(nulls_first=True), F("pk").asc())
    return [_normalise(row) for row in rows.order_by(*order)[:n]]


def _sides(year: int | None, *, newest_first: bool, n: int) -> list[list]:
    return [
        _side(_live(year), newest_first=newest_first, n=n, day="accepted_on", nullable=False),
        _side(_retained(year), newest_first=newest_first, n=n, day="opened_on", nullable=True),
    ]


def case_book_page(
    *, year: int | None, offset: int, limit: int, total: int | None = None
) -> list[BookEntry]:
    """One page of the book, newest first. Each source is read in its own order, LIMITed, and
    the two are merged here; a page in the second half is read from the oldest end, so the
    first and the last pages cost the same, whatever the size of the book."""
    total = case_book_count(year=year) if total is None else total
    end = min(offset + limit, total)
    if offset >= end:
        return []
    if offset <= total - end:
        sides = _sides(year, newest_first=True, n=end)
        merged = list(heapq.merge(*sides, key=_key, reverse=True))[offset:end]
    else:
        n = total - offset  # this page and everything older
        sides = _sides(year, newest_first=False, n=n)
        oldest_first = list(heapq.merge(*sides, key=_key))[:n]
        merged = list(reversed(oldest_first[total - end :]))
    return [BookEntry(*row[:7]) for row in merged]


def _normalise(row) -> tuple:
    accepted_on, title, fee, name, address, closed_on, source, pk = row
    if hasattr(closed_on, "date"):  # SQLite may hand back the datetime it cast
        closed_on = closed_on.date()
    if isinstance(accepted_on, str):
        accepted_on = date.fromisoformat(accepted_on)
    if isinstance(closed_on, str):
        closed_on = date.fromisoformat(closed_on[:10])
    return (accepted_on, title, fee, name, address, closed_on, source, pk)


def _entry(row) -> BookEntry:
    return BookEntry(*_normalise(row)[:7])


def case_book_years() -> list[int]:
    """The years from the oldest 受任 in the book to the newest (two indexed MIN/MAX reads)."""
    days = [
        *Engagement.objects.aggregate(a=Min("accepted_on"), b=Max("accepted_on")).values(),
        *RetainedCaseRecord.objects.aggregate(a=Min("opened_on"), b=Max("opened_on")).values(),
    ]
    days = [day for day in days if day]
    if not days:
        return []
    return list(range(max(days).year, min(days).year - 1, -1))


def case_book_csv(*, year: int | None = None) -> bytes:
    """The book as CSV (UTF-8 with BOM, so that Excel opens it in Japanese)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in case_book_rows(year=year).iterator(chunk_size=2000):
        entry = _entry(row)
        writer.writerow(
            [
                entry.accepted_on.isoformat() if entry.accepted_on else "",
                _safe(entry.title),
                "" if entry.fee is None else entry.fee,
                _safe(entry.client_name),
                _safe(entry.client_address),
                entry.closed_on.isoformat() if entry.closed_on else "",
                "削除済み事業者の控え" if entry.is_retained else "",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe(text: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_case_book_pdf(*, year: int) -> tuple[str, str, bytes]:
    """The year's book as a PDF to print and keep."""
    from django.utils import timezone

    from office.dates import format_date_ja
    from office.pdf import PDF_CONTENT_TYPE, render_document, write_pdf
    from office.selectors import get_office

    entries = [_entry(row) for row in case_book_rows(year=year)]
    context = {
        "office": get_office(),
        "year": year,
        "entries": entries,
        "today": format_date_ja(timezone.localdate()),
    }
    rendered = render_document("billing/pdf/case_book.html", context)
    return f"jikenbo-{year}.pdf", PDF_CONTENT_TYPE, write_pdf(rendered)
