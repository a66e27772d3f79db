"""A 修正適格請求書 corrects something: one that would say exactly what the invoice said is
refused (it would only spend a number and confuse the client)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from billing import services
from billing.models import ChargeLine, IssuedDocument

pytestmark = pytest.mark.django_db


def test_a_correction_without_a_change_is_refused_and_takes_no_number(engagement):
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    with pytest.raises(services.BillingError, match="変わっていません"):
        services.invoice_correct(invoice=invoice, issued_on=date(2026, 5, 2))
    assert not IssuedDocument.objects.filter(kind="correction").exists()
    services.charge_line_add(
        engagement=engagement, kind=ChargeLine.Kind.ADVANCE, description="更新料", amount=6000
    )
    correction = services.invoice_correct(invoice=invoice, issued_on=date(2026, 5, 2))
    assert correction.number == "2026-0002"  # the refused attempt took no number
    assert correction.total == invoice.total + 6000


def test_the_correction_page_explains_the_refusal(staff_client, engagement):
    invoice = services.invoice_issue(engagements=[engagement])
    response = staff_client.post(reverse("billing_invoice_correct", args=[invoice.pk]), follow=True)
    assert "変わっていません" in response.content.decode()
    assert not IssuedDocument.objects.filter(kind="correction").exists()
