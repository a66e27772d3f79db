"""電子帳簿保存法 (施行規則 §4-1, §2-6-6): issued documents are found by a range of dates and a
range of amounts, combined with the counterparty."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from billing import services
from tests.billing.conftest import make_case

pytestmark = pytest.mark.django_db


def _found(staff_client, **query) -> set[str]:
    page = staff_client.get(reverse("billing_documents"), query).content.decode()
    return {n for n in ("2026-0001", "2026-0002") if n in page}


def test_an_amount_range_combined_with_dates_and_counterparty(
    staff_client, engagement, client_a, staff_user
):
    services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))  # 33,000
    other = services.engagement_create(
        case=make_case(client_a, staff_user), accepted_on=date(2026, 5, 1), amount=100000
    )
    services.invoice_issue(engagements=[other], issued_on=date(2026, 6, 1))  # 110,000
    assert _found(staff_client, amount_min=30000, amount_max=40000) == {"2026-0001"}
    assert _found(staff_client, amount_min=33001) == {"2026-0002"}
    assert _found(staff_client, amount_max=110000) == {"2026-0001", "2026-0002"}
    assert _found(staff_client, amount_min=1, date_from="2026-05-15", counterparty="能登") == {
        "2026-0002"
    }


def test_a_range_the_wrong_way_round_is_a_form_error(staff_client, engagement):
    services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    response = staff_client.get(
        reverse("billing_documents"), {"amount_min": 50000, "amount_max": 10000}
    )
    assert "金額の範囲" in response.content.decode()
