"""Billing PDFs address the client by the office's one rule (clients/addressee.py): 「会社名 御中」,
or the company and 「氏名 様」 when a contact person is known — never both honorifics."""

from __future__ import annotations

from datetime import date

import pytest

from billing import services
from clients.models import Client
from tests.billing.conftest import make_case
from tests.billing.test_issue import _squash

pytestmark = pytest.mark.django_db


def test_a_known_contact_person_is_addressed_with_sama_and_the_company_without_onchu(
    client_a, staff_user, billing_setup
):
    Client.objects.filter(pk=client_a.pk).update(contact_name="能登 太郎様")
    client_a.refresh_from_db()
    engagement = services.engagement_create(
        case=make_case(client_a, staff_user), accepted_on=date(2026, 4, 1), amount=10000
    )
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    body = _squash(bytes(invoice.pdf))
    assert "株式会社能登テスト建設" in body and "能登太郎様" in body
    assert "御中" not in body and "様様" not in body
    assert invoice.recipient_name == "株式会社能登テスト建設"  # what the search finds


def test_without_a_contact_the_company_is_onchu(engagement):
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    body = _squash(bytes(invoice.pdf))
    assert "株式会社能登テスト建設御中" in body and "様" not in body.split("番号")[0]
