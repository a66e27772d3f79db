"""収入印紙: 印紙税法基本通達 別表第一 第17号文書 26 treats a receipt a 行政書士 makes in the
course of the work as 営業に関しない受取書 — not taxed at any amount. A 行政書士法人 (a corporation
that may distribute profit to its members) makes 営業 receipts: 50,000円 or more on paper needs a
stamp. The office's 登録の区分 (請求の設定) says which it is."""

from __future__ import annotations

from datetime import date

import pytest

from billing import money, services
from billing.models import BillingSettings
from tests.billing.conftest import make_case
from tests.billing.test_issue import _squash

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "paper", "corporation", "needed"),
    [
        (50000, True, True, True),
        (50000, True, False, False),  # an individual 行政書士: 営業に関しない受取書
        (10_000_000, True, False, False),
        (49999, True, True, False),
        (1_000_000, False, True, False),  # electronic: never
    ],
)
def test_stamp_duty_follows_the_issuer_and_the_medium(amount, paper, corporation, needed):
    assert (
        money.stamp_duty_applies(amount=amount, tax_stated=0, paper=paper, corporation=corporation)
        is needed
    )


def _paper_receipt(client_a, staff_user, amount):
    engagement = services.engagement_create(
        case=make_case(client_a, staff_user), accepted_on=date(2026, 4, 1), amount=amount
    )
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    payment = services.payment_record(
        invoice=invoice, paid_on=date(2026, 5, 9), amount=invoice.total
    )
    return services.receipt_issue(payment=payment, paper=True)


def test_an_individual_offices_paper_receipt_needs_no_stamp_and_says_why(
    client_a, staff_user, billing_setup
):
    BillingSettings.objects.filter(pk=1).update(registrant="individual")
    receipt = _paper_receipt(client_a, staff_user, 100000)
    body = _squash(bytes(receipt.pdf))
    assert "金額110,000円" in body
    assert "収入印紙を貼付" not in body
    assert "印紙税法基本通達" in body and "非課税" in body
    assert receipt.data["receipt"]["stamp"] is False


def test_a_corporate_offices_paper_receipt_of_50000_or_more_still_needs_a_stamp(
    client_a, staff_user, billing_setup
):
    receipt = _paper_receipt(client_a, staff_user, 100000)  # the fixture's office: 法人
    body = _squash(bytes(receipt.pdf))
    assert "収入印紙を貼付" in body and "非課税" not in body
