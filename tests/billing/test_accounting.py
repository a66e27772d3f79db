"""The 弥生会計 journal import file: its 25 documented columns, cp932, and balanced entries."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from billing import accounting, services
from billing.models import ChargeLine

pytestmark = pytest.mark.django_db

# 弥生インポート形式 (弥生会計 05 以降), as documented by 弥生: the column order is the format.
YAYOI_COLUMNS = (
    "識別フラグ", "伝票No.", "決算", "取引日付", "借方勘定科目", "借方補助科目", "借方部門",
    "借方税区分", "借方金額", "借方税金額", "貸方勘定科目", "貸方補助科目", "貸方部門",
    "貸方税区分", "貸方金額", "貸方税金額", "摘要", "番号", "期日", "タイプ", "生成元",
    "仕訳メモ", "付箋1", "付箋2", "調整",
)  # fmt: skip


def _rows(data: bytes) -> list[dict[str, str]]:
    text = data.decode("cp932")
    assert "\r\n" in text
    return [dict(zip(YAYOI_COLUMNS, row, strict=True)) for row in csv.reader(io.StringIO(text))]


def test_the_columns_are_yayois_documented_layout():
    assert accounting.COLUMNS == YAYOI_COLUMNS
    assert len(accounting.COLUMNS) == 25


def test_an_invoice_and_its_payment_become_balanced_journal_lines(engagement, staff_user):
    services.charge_line_add(
        engagement=engagement, kind=ChargeLine.Kind.ADVANCE, description="更新料", amount=6000
    )
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    services.payment_record(invoice=invoice, paid_on=date(2026, 5, 20), amount=39000)
    rows = _rows(accounting.journal_csv(date_from=date(2026, 5, 1), date_to=date(2026, 5, 31)))
    assert [r["識別フラグ"] for r in rows] == ["2000", "2000", "2000"]  # no header row
    sales, advance, payment = rows
    assert (sales["取引日付"], sales["借方勘定科目"], sales["貸方勘定科目"]) == (
        "2026/05/01",
        "売掛金",
        "売上高",
    )
    assert (sales["貸方税区分"], sales["貸方金額"], sales["貸方税金額"]) == (
        "課税売上込10%",
        "33000",
        "3000",
    )
    assert sales["借方金額"] == sales["貸方金額"]
    assert sales["借方補助科目"] == "株式会社能登テスト建設"
    assert "2026-0001" in sales["摘要"] and sales["番号"] == "2026-0001"
    assert (advance["貸方勘定科目"], advance["貸方金額"], advance["貸方税区分"]) == (
        "立替金",
        "6000",
        "対象外",
    )
    assert (
        payment["取引日付"],
        payment["借方勘定科目"],
        payment["貸方勘定科目"],
        payment["借方金額"],
    ) == (
        "2026/05/20",
        "普通預金",
        "売掛金",
        "39000",
    )
    receivable = sum(int(r["借方金額"]) for r in rows if r["借方勘定科目"] == "売掛金")
    settled = sum(int(r["貸方金額"]) for r in rows if r["貸方勘定科目"] == "売掛金")
    assert receivable == settled == invoice.total


def test_a_correction_reverses_the_original_and_books_itself(engagement):
    original = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    services.charge_line_remove(line=engagement.lines.get())
    services.charge_line_add(engagement=engagement, kind="fee", description="減額", amount=20000)
    services.invoice_correct(invoice=original, issued_on=date(2026, 5, 10))
    rows = _rows(accounting.journal_csv(date_from=date(2026, 5, 1), date_to=date(2026, 5, 31)))
    net = 0
    for r in rows:
        if r["借方勘定科目"] == "売掛金":
            net += int(r["借方金額"])
        if r["貸方勘定科目"] == "売掛金":
            net -= int(r["貸方金額"])
    assert net == 22000  # only the correction remains receivable
    reversal = next(r for r in rows if r["借方勘定科目"] == "売上高")
    assert reversal["取引日付"] == "2026/05/10" and reversal["借方税区分"] == "課税売上込10%"


def test_the_period_excludes_other_months(engagement):
    services.invoice_issue(engagements=[engagement], issued_on=date(2026, 4, 30))
    assert accounting.journal_csv(date_from=date(2026, 5, 1), date_to=date(2026, 5, 31)) == b""


def test_the_page_downloads_shift_jis_and_refuses_a_bad_month(staff_client, engagement):
    services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    response = staff_client.get(reverse("billing_accounting"), {"year": 2026, "month": 5})
    assert response["Content-Type"] == "text/csv; charset=Shift_JIS"
    assert "売掛金" in response.content.decode("cp932")
    response = staff_client.get(reverse("billing_accounting"), {"year": 2026, "month": 13})
    assert response.status_code == 200 and "text/html" in response["Content-Type"]


def test_text_outside_cp932_is_replaced_not_crashed(staff_user, billing_setup):
    from tests.billing.conftest import make_case, make_client

    client = make_client(name="髙橋🏗建設", business_id="11112222333344")
    engagement = services.engagement_create(
        case=make_case(client, staff_user), accepted_on=date(2026, 5, 1), amount=1000
    )
    services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 2))
    data = accounting.journal_csv(date_from=date(2026, 5, 1), date_to=date(2026, 5, 31))
    assert "髙橋?建設" in data.decode("cp932")
