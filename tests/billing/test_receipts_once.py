"""One payment, one 領収書: a second receipt for the same money would be a double receipt."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from billing import services
from billing.models import BillingSettings, IssuedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(engagement):
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    return services.payment_record(invoice=invoice, paid_on=date(2026, 5, 9), amount=33000)


def test_a_payment_gets_one_receipt(payment):
    first = services.receipt_issue(payment=payment)
    with pytest.raises(services.BillingError, match=first.number):
        services.receipt_issue(payment=payment, paper=True)
    assert IssuedDocument.objects.filter(kind="receipt").count() == 1


def test_the_second_receipt_button_says_so_instead_of_issuing(staff_client, payment):
    url = reverse("billing_receipt", args=[payment.pk])
    staff_client.post(url, {"paper": "0"})
    response = staff_client.post(url, {"paper": "1"}, follow=True)
    assert response.status_code == 200
    assert "既に発行しています" in response.content.decode()
    assert IssuedDocument.objects.filter(kind="receipt").count() == 1


def test_a_receipt_refused_for_a_missing_registration_number_is_a_message_not_a_crash(
    staff_client, payment
):
    BillingSettings.objects.filter(pk=1).update(registration_number="")
    url = reverse("billing_receipt", args=[payment.pk])
    response = staff_client.post(url, {"paper": "0"}, follow=True)
    assert response.status_code == 200
    assert "登録番号が未設定です" in response.content.decode()
    assert not IssuedDocument.objects.filter(kind="receipt").exists()


def test_the_invoice_page_offers_the_receipt_buttons_only_until_one_is_issued(
    staff_client, payment
):
    url = reverse("billing_invoice", args=[payment.invoice_id])
    receipt_url = reverse("billing_receipt", args=[payment.pk])
    assert receipt_url in staff_client.get(url).content.decode()
    receipt = services.receipt_issue(payment=payment)
    page = staff_client.get(url).content.decode()
    assert receipt_url not in page
    assert f"領収書 {receipt.number} 発行済み" in page
