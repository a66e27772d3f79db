"""A correction that lowers an invoice already paid leaves money to give back: the invoice page
says 過入金 with the sum to refund, not a negative 未入金額."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from billing import services

pytestmark = pytest.mark.django_db


def test_the_invoice_page_shows_the_overpayment_to_refund(staff_client, engagement):
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    services.payment_record(invoice=invoice, paid_on=date(2026, 5, 9), amount=33000)
    services.charge_line_remove(line=engagement.lines.get())
    services.charge_line_add(engagement=engagement, kind="fee", description="減額", amount=25000)
    correction = services.invoice_correct(invoice=invoice, issued_on=date(2026, 5, 12))
    assert correction.total == 27500
    page = staff_client.get(reverse("billing_invoice", args=[correction.pk])).content.decode()
    assert "過入金" in page and "5,500円" in page
    assert "-5,500" not in page


def test_a_settled_invoice_shows_no_overpayment(staff_client, engagement):
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    services.payment_record(invoice=invoice, paid_on=date(2026, 5, 9), amount=33000)
    page = staff_client.get(reverse("billing_invoice", args=[invoice.pk])).content.decode()
    assert "過入金" not in page and "0円" in page
