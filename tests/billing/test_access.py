"""Every billing page is for logged-in staff only, and every write needs the CSRF token."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from billing import services
from billing.models import IssuedDocument, Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(engagement):
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    payment = services.payment_record(invoice=invoice, paid_on=date(2026, 5, 2), amount=1000)
    return engagement.case_id, invoice.pk, payment.pk, engagement.lines.get().pk


def _urls(case_id: int, invoice_id: int, payment_id: int, line_id: int) -> list[str]:
    return [
        reverse("billing_desk"),
        reverse("billing_settings"),
        reverse("billing_fee_new"),
        reverse("billing_fee_table_pdf"),
        reverse("billing_case", args=[case_id]),
        reverse("billing_engagement_edit", args=[case_id]),
        reverse("billing_line_add", args=[case_id]),
        reverse("billing_line_remove", args=[case_id, line_id]),
        reverse("billing_issue", args=[case_id, "quote"]),
        reverse("billing_issue", args=[case_id, "invoice"]),
        reverse("billing_documents"),
        reverse("billing_document_pdf", args=[invoice_id]),
        reverse("billing_invoice", args=[invoice_id]),
        reverse("billing_invoice_correct", args=[invoice_id]),
        reverse("billing_receipt", args=[payment_id]),
        reverse("billing_payment_cancel", args=[payment_id]),
        reverse("billing_case_book"),
        reverse("billing_case_book_csv"),
        reverse("billing_case_book_pdf") + "?year=2026",
        reverse("billing_accounting"),
    ]


def test_no_billing_page_answers_without_a_login(client, world):
    for url in _urls(*world):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert "login" in response["Location"], url
    assert IssuedDocument.objects.count() == 1 and Payment.objects.count() == 1


def test_a_write_without_the_csrf_token_is_refused(staff_user, world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user)
    case_id, invoice_id, payment_id, line_id = world
    writes = {
        reverse("billing_issue", args=[case_id, "quote"]): {},
        reverse("billing_line_remove", args=[case_id, line_id]): {},
        reverse("billing_invoice", args=[invoice_id]): {"paid_on": "2026-05-03", "amount": "1"},
        reverse("billing_receipt", args=[payment_id]): {"paper": "0"},
        reverse("billing_payment_cancel", args=[payment_id]): {},
    }
    for url, data in writes.items():
        assert browser.post(url, data).status_code == 403, url
    assert IssuedDocument.objects.count() == 1 and Payment.objects.count() == 1
