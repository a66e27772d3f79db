"""The money pages read a constant number of queries however many rows they show (no N+1)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from billing import services
from billing.models import ChargeLine
from clients.models import RetainedCaseRecord
from tests.billing.conftest import make_case, make_client

pytestmark = pytest.mark.django_db


def _add_rows(n: int, start: int, user) -> None:
    """n clients, each with an unbilled case, an invoiced and part-paid case and a retained copy."""
    for i in range(start, start + n):
        client = make_client(name=f"株式会社テスト{i}", business_id=f"{10000000000000 + i}")
        services.engagement_create(
            case=make_case(client, user), accepted_on=date(2026, 4, 1), amount=10000 + i
        )
        billed = services.engagement_create(
            case=make_case(client, user), accepted_on=date(2026, 4, 2), amount=20000
        )
        services.charge_line_add(
            engagement=billed, kind=ChargeLine.Kind.ADVANCE, description="更新料", amount=6000
        )
        invoice = services.invoice_issue(engagements=[billed], issued_on=date(2026, 4, 10))
        payment = services.payment_record(invoice=invoice, paid_on=date(2026, 4, 20), amount=1000)
        services.receipt_issue(payment=payment)
        RetainedCaseRecord.objects.create(
            former_client_pk=900 + i,
            client_name=f"削除済み{i}",
            client_address="石川県七尾市",
            case_name="古い事件",
            opened_on=date(2026, 1, 5),
            closed_on=date(2026, 2, 5),
            fee=11000,
            keep_until=date(2028, 2, 5),
        )


def _count(client, url: str, shows: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert shows in response.content.decode("utf-8-sig"), url  # the rows are really listed
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("billing_desk"),
        reverse("billing_case_book"),
        reverse("billing_case_book") + "?year=2026",
        reverse("billing_case_book_csv") + "?year=2026",
        reverse("billing_documents"),
    ],
)
def test_a_page_reads_as_many_queries_for_two_rows_as_for_six(
    staff_client, staff_user, billing_setup, url
):
    _add_rows(2, 0, staff_user)
    few = _count(staff_client, url)
    _add_rows(4, 2, staff_user)
    assert _count(staff_client, url, shows="株式会社テスト5") == few


def test_the_invoice_page_reads_as_many_queries_for_one_payment_as_for_four(
    staff_client, staff_user, engagement
):
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 4, 10))
    url = reverse("billing_invoice", args=[invoice.pk])
    first = services.payment_record(invoice=invoice, paid_on=date(2026, 4, 20), amount=1000)
    services.receipt_issue(payment=first)
    few = _count(staff_client, url)
    for day in (21, 22, 23):
        payment = services.payment_record(invoice=invoice, paid_on=date(2026, 4, day), amount=1000)
        services.receipt_issue(payment=payment)
    assert _count(staff_client, url) == few
