"""Both rates on one 適格請求書 and on its 修正適格請求書: every field, the tax rounded once per
rate on the rate's sum (not per line), the closed case's 取引年月日."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from billing import services
from billing.models import ChargeLine, Engagement
from recovery.models import RecoveryCase
from tests.billing.conftest import REGISTRATION_NUMBER
from tests.billing.test_issue import _squash

pytestmark = pytest.mark.django_db


def _eight_percent(engagement, amount: int) -> None:
    services.charge_line_add(
        engagement=engagement,
        kind=ChargeLine.Kind.FEE,
        description="軽減税率対象の品",
        amount=amount,
        tax_rate=8,
    )


def _assert_fields(body: str) -> None:
    assert "行政書士テスト事務所" in body and f"登録番号：{REGISTRATION_NUMBER}" in body
    assert "2026年6月30日" in body  # 取引年月日: the day the case closed
    assert "事業者IDログイン情報の復旧" in body and "軽減税率対象の品" in body
    assert "株式会社能登テスト建設御中" in body


def test_two_rates_each_taxed_once_on_their_sum_on_invoice_and_correction(engagement):
    closed = datetime(2026, 6, 30, 15, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    RecoveryCase.objects.filter(pk=engagement.case_id).update(status="done", closed_at=closed)
    engagement = Engagement.objects.select_related("case__client").get(pk=engagement.pk)
    _eight_percent(engagement, 999)
    _eight_percent(engagement, 999)  # per line: 79 + 79 = 158; once on 1,998: 159
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 7, 1))
    body = _squash(bytes(invoice.pdf))
    _assert_fields(body)
    assert "10%対象（税抜）30,000円" in body and "消費税（10%）3,000円" in body
    assert "8%対象（税抜）1,998円" in body and "消費税（8%）159円" in body
    assert (invoice.subtotal, invoice.tax, invoice.total) == (31998, 3159, 35157)

    _eight_percent(engagement, 1)  # 1,999 × 8 % = 159.92 → 159 still
    correction = services.invoice_correct(invoice=invoice, issued_on=date(2026, 7, 3))
    body = _squash(bytes(correction.pdf))
    _assert_fields(body)
    assert "修正適格請求書" in body and "番号2026-0001）を修正するもの" in body
    assert "8%対象（税抜）1,999円" in body and "消費税（8%）159円" in body
    assert correction.total == 35158
    invoice.refresh_from_db()
    assert invoice.total == 35157 and invoice.bytes_intact()
