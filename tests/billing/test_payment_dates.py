"""Money received is recorded on a day that has come: a future 入金日 is a typo (2062 for 2026)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from billing import services
from billing.models import Payment

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 5, 9, 23, 30, tzinfo=ZoneInfo("Asia/Tokyo"))


@time_machine.travel(NOW, tick=False)
def test_a_payment_dated_in_the_future_is_refused(engagement):
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    with pytest.raises(services.BillingError, match="未来"):
        services.payment_record(invoice=invoice, paid_on=date(2026, 5, 10), amount=1000)
    services.payment_record(invoice=invoice, paid_on=date(2026, 5, 9), amount=1000)  # today
    assert Payment.objects.count() == 1


def test_the_payment_form_says_why(staff_client, engagement):
    invoice = services.invoice_issue(engagements=[engagement])
    response = staff_client.post(
        reverse("billing_invoice", args=[invoice.pk]),
        {"paid_on": "2062-05-09", "amount": "1000", "method": "transfer"},
    )
    assert response.status_code == 200
    assert "未来の日付" in response.content.decode()
    assert not Payment.objects.exists()
