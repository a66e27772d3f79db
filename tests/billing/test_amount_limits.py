"""Amounts stay inside what the integer columns hold (PostgreSQL integer: 2,147,483,647): a
document or a case over 999,999,999円 is refused with a message, never a database error."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from billing import money, services
from billing.models import ChargeLine, Engagement, FeeItem, IssuedDocument
from tests.billing.conftest import make_case

pytestmark = pytest.mark.django_db


def test_a_line_that_takes_a_case_over_the_limit_is_refused_and_nothing_changes(engagement):
    with pytest.raises(services.BillingError, match="999,999,999"):
        services.charge_line_add(
            engagement=engagement,
            kind=ChargeLine.Kind.FEE,
            description="桁違い",
            amount=99_999_999,
            quantity=999,
        )
    engagement.refresh_from_db()
    assert engagement.fee_total == 33000
    assert engagement.lines.count() == 1


def test_the_line_form_shows_the_refusal_as_a_message(staff_client, engagement):
    url = reverse("billing_line_add", args=[engagement.case_id])
    data = {"kind": "fee", "description": "桁違い", "amount": 99_999_999, "quantity": 999}
    data["tax_rate"] = 10
    response = staff_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "999,999,999" in response.content.decode()
    assert Engagement.objects.get(pk=engagement.pk).lines.count() == 1


def test_an_invoice_of_several_cases_over_the_limit_is_refused(engagement, client_a, staff_user):
    others = [
        services.engagement_create(
            case=make_case(client_a, staff_user), accepted_on=date(2026, 4, 1), amount=99_999_999
        )
        for _ in range(9)
    ]
    for other in others:
        services.charge_line_add(
            engagement=other, kind=ChargeLine.Kind.ADVANCE, description="立替", amount=10_000_000
        )
    with pytest.raises(services.BillingError, match="999,999,999"):
        services.invoice_issue(engagements=[engagement, *others])
    assert not IssuedDocument.objects.exists()
    assert money.MAX_TOTAL == 999_999_999


def test_a_fee_table_amount_over_the_limit_is_refused(admin_client_, billing_setup):
    response = admin_client_.post(
        reverse("billing_fee_new"),
        {"name": "x", "amount": 2_000_000_000, "tax_rate": 10, "position": 1},
    )
    assert response.status_code == 200
    assert not FeeItem.objects.exists()
