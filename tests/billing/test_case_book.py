"""The 事件簿: live engagements and deleted clients' retained copies, filtered by year, kept
2 years after closing, as page, CSV and PDF."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from billing import case_book, services
from clients.models import RetainedCaseRecord
from clients.services import client_delete, retained_records_prune
from recovery.models import RecoveryCase
from tests.billing.conftest import make_case, make_client
from tests.documents.pdfcheck import text

pytestmark = pytest.mark.django_db


def test_the_book_lists_every_engagement_with_the_section_9_fields(staff_client, engagement):
    page = staff_client.get(reverse("billing_case_book")).content.decode()
    assert "事業者IDログイン情報の復旧" in page  # 事件の名称
    assert "2026年4月1日" in page  # 年月日
    assert "33,000円" in page  # 受けた報酬の額 (tax included)
    assert "株式会社能登テスト建設" in page and "石川県七尾市御祓町1番地" in page  # 依頼者


def test_after_deleting_the_client_its_cases_stay_in_the_book_for_two_years(
    staff_client, engagement, admin_user
):
    closed = datetime(2026, 6, 30, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    RecoveryCase.objects.filter(pk=engagement.case_id).update(status="done", closed_at=closed)
    client_delete(client=engagement.case.client, user=admin_user)
    record = RetainedCaseRecord.objects.get()
    assert record.fee == 33000  # the fee reached the retained copy
    page = staff_client.get(reverse("billing_case_book")).content.decode()
    assert (
        "削除した事業者の控え" in page and "株式会社能登テスト建設" in page and "33,000円" in page
    )
    assert record.closed_on == date(2026, 6, 30)
    assert record.keep_until == date(2028, 6, 30)  # 2 years after closing
    assert retained_records_prune(today=record.keep_until) == 0
    assert case_book.case_book_count() == 1
    assert retained_records_prune(today=record.keep_until + timedelta(days=1)) == 1
    assert case_book.case_book_count() == 0


def test_the_year_filter_keeps_live_and_retained_entries_of_that_year(engagement, staff_user):
    client = make_client(name="有限会社七尾テスト工業", business_id="98765432109876")
    services.engagement_create(
        case=make_case(client, staff_user), accepted_on=date(2025, 3, 1), amount=10000
    )
    RetainedCaseRecord.objects.create(
        former_client_pk=999,
        client_name="削除済み建設",
        case_name="古い事件",
        opened_on=date(2025, 6, 1),
        closed_on=date(2025, 7, 1),
        fee=5500,
        keep_until=date(2027, 7, 1),
    )
    entries_2025 = case_book.case_book_page(year=2025, offset=0, limit=50)
    assert [(e.client_name, e.is_retained) for e in entries_2025] == [
        ("削除済み建設", True),
        ("有限会社七尾テスト工業", False),
    ]
    assert [e.accepted_on for e in case_book.case_book_page(year=2025, offset=0, limit=50)] == [
        date(2025, 6, 1),
        date(2025, 3, 1),
    ]
    assert [e.title for e in case_book.case_book_page(year=2026, offset=0, limit=50)] == [
        engagement.title
    ]
    assert case_book.case_book_count(year=2025) == 2
    assert case_book.case_book_years() == [2026, 2025]


def test_the_csv_has_the_book_columns_and_defuses_formulas(
    staff_client, client_a, staff_user, billing_setup
):
    services.engagement_create(
        case=make_case(client_a, staff_user),
        accepted_on=date(2026, 4, 1),
        amount=10000,
        title='=HYPERLINK("http://example.jp")',
    )
    response = staff_client.get(reverse("billing_case_book_csv"), {"year": 2026})
    assert response["Content-Disposition"].startswith("attachment")
    body = response.content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert tuple(rows[0]) == case_book.COLUMNS
    assert rows[1][0] == "2026-04-01" and rows[1][2] == "11000"
    assert rows[1][1].startswith("'=")


def test_the_pdf_lists_the_years_cases(staff_client, engagement):
    response = staff_client.get(reverse("billing_case_book_pdf"), {"year": 2026})
    squashed = "".join(text(response.content).split())
    assert "事件簿（2026年受任分）" in squashed
    assert "株式会社能登テスト建設" in squashed and "33,000円" in squashed


def test_a_bad_year_shows_everything(staff_client, engagement):
    response = staff_client.get(reverse("billing_case_book"), {"year": "20x6"})
    assert response.status_code == 200 and "33,000円" in response.content.decode()


@pytest.mark.parametrize("limit", [1, 2, 3, 50])
def test_every_page_read_from_either_end_is_the_books_order(staff_user, billing_setup, limit):
    client = make_client()
    days = [
        date(2026, 1, 5),
        date(2026, 1, 5),
        date(2025, 12, 1),
        date(2026, 3, 1),
        date(2024, 2, 2),
    ]
    for day in days:
        services.engagement_create(case=make_case(client, staff_user), accepted_on=day, amount=1000)
    for n, day in enumerate([date(2026, 1, 5), None, date(2025, 1, 1), date(2026, 3, 1)]):
        RetainedCaseRecord.objects.create(
            former_client_pk=900 + n,
            client_name=f"控え{n}",
            case_name=f"控えの事件{n}",
            opened_on=day,
            keep_until=date(2030, 1, 1),
        )
    total = case_book.case_book_count()
    assert total == 9
    paged = []
    for offset in range(0, total, limit):
        paged += case_book.case_book_page(year=None, offset=offset, limit=limit)
    # Newest first; on the same day a retained copy first, then the newest row; no day last.
    assert [(e.accepted_on, e.is_retained) for e in paged] == [
        (date(2026, 3, 1), True),
        (date(2026, 3, 1), False),
        (date(2026, 1, 5), True),
        (date(2026, 1, 5), False),
        (date(2026, 1, 5), False),
        (date(2025, 12, 1), False),
        (date(2025, 1, 1), True),
        (date(2024, 2, 2), False),
        (None, True),
    ]
    same_day = [e.title for e in paged[3:5]]
    assert same_day == sorted(
        same_day, key=lambda t: int(t.split("#")[1].rstrip("）")), reverse=True
    )
    assert case_book.case_book_page(year=None, offset=total, limit=limit) == []
    assert case_book.case_book_years() == [2026, 2025, 2024]


def test_viewing_and_exporting_the_book_is_logged(staff_client, engagement):
    from office.models import AccessLog

    staff_client.get(reverse("billing_case_book"))
    staff_client.get(reverse("billing_case_book_csv"))
    assert list(
        AccessLog.objects.filter(target="billing.事件簿")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["view", "export"]


def test_deleting_or_erasing_a_client_keeps_its_issued_invoices_unchanged(engagement, admin_user):
    from billing.models import IssuedDocument
    from clients.services import client_erase

    invoice = services.invoice_issue(engagements=[engagement])
    services.payment_record(invoice=invoice, paid_on=date(2026, 5, 1), amount=1000)
    sha = invoice.sha256
    client_erase(client=engagement.case.client, user=admin_user)
    kept = IssuedDocument.objects.get(pk=invoice.pk)
    assert kept.client_id is None and kept.recipient_name == "株式会社能登テスト建設"
    assert kept.sha256 == sha and kept.bytes_intact()
    assert kept.payments.count() == 1
