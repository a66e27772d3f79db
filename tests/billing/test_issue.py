"""Issuing: numbering, the 適格請求書 fields read back from the PDF, corrections, receipts."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from billing import selectors, services
from billing.models import ChargeLine, ImmutableDocumentError, IssuedDocument
from tests.billing.conftest import REGISTRATION_NUMBER, make_case, make_client
from tests.documents.pdfcheck import text

pytestmark = pytest.mark.django_db


def _squash(data: bytes) -> str:
    return "".join(text(data).split())


def test_an_invoice_carries_every_qualified_invoice_field(engagement, staff_user):
    services.charge_line_add(
        engagement=engagement,
        kind=ChargeLine.Kind.ADVANCE,
        description="CCUS事業者登録更新料（立替）",
        amount=6000,
        user=staff_user,
    )
    invoice = services.invoice_issue(
        engagements=[engagement], user=staff_user, issued_on=date(2026, 5, 1)
    )
    assert invoice.number == "2026-0001"
    body = _squash(bytes(invoice.pdf))
    assert "請求書" in body
    assert "行政書士テスト事務所" in body  # issuer's name
    assert f"登録番号：{REGISTRATION_NUMBER}" in body  # registration number
    assert "2026年5月1日" in body  # transaction date (the case is still open)
    assert "事業者IDログイン情報の復旧" in body  # what was done
    assert "10%対象（税抜）30,000円" in body  # amount per rate with the rate
    assert "消費税（10%）3,000円" in body  # tax per rate
    assert "株式会社能登テスト建設御中" in body  # recipient
    assert "立替金（消費税の対象外）" in body and "6,000円" in body
    assert "39,000円" in body  # 30,000 + 3,000 + 6,000
    assert "源泉徴収の対象外" in body
    assert invoice.total == 39000 and invoice.tax == 3000 and invoice.advances == 6000
    assert invoice.sha256 == hashlib.sha256(bytes(invoice.pdf)).hexdigest()


def test_numbers_run_per_series_and_year_without_gaps(engagement, staff_user, client_a):
    quote = services.quote_issue(engagements=[engagement], issued_on=date(2026, 4, 1))
    first = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 4, 2))
    other = services.engagement_create(
        case=make_case(client_a, staff_user), accepted_on=date(2026, 12, 1), amount=10000
    )
    second = services.invoice_issue(engagements=[other], issued_on=date(2026, 12, 31))
    third_case = services.engagement_create(
        case=make_case(client_a, staff_user), accepted_on=date(2027, 1, 4), amount=10000
    )
    next_year = services.invoice_issue(engagements=[third_case], issued_on=date(2027, 1, 5))
    assert quote.number == "2026-0001"
    assert [first.number, second.number, next_year.number] == [
        "2026-0001",
        "2026-0002",
        "2027-0001",
    ]


def test_a_failed_issue_takes_no_number(engagement, staff_user, client_a):
    empty = services.engagement_create(
        case=make_case(client_a, staff_user), accepted_on=date(2026, 4, 1)
    )
    with pytest.raises(services.BillingError):
        services.invoice_issue(engagements=[empty], issued_on=date(2026, 4, 2))
    assert (
        services.invoice_issue(engagements=[engagement], issued_on=date(2026, 4, 2)).number
        == "2026-0001"
    )


def test_several_cases_of_one_client_go_on_one_invoice(
    engagement, staff_user, client_a, renewal_fee
):
    second = services.engagement_create(
        case=make_case(client_a, staff_user), accepted_on=date(2026, 4, 3), fee_item=renewal_fee
    )
    invoice = services.invoice_issue(engagements=[engagement, second], issued_on=date(2026, 5, 1))
    assert invoice.subtotal == 50000 and invoice.tax == 5000 and invoice.total == 55000
    body = _squash(bytes(invoice.pdf))
    assert "事業者登録の更新代行" in body and "事業者IDログイン情報の復旧" in body


def test_cases_of_two_clients_never_share_an_invoice(engagement, staff_user, recovery_fee):
    other_client = make_client(name="有限会社七尾テスト工業", business_id="98765432109876")
    other = services.engagement_create(
        case=make_case(other_client, staff_user),
        accepted_on=date(2026, 4, 3),
        fee_item=recovery_fee,
    )
    with pytest.raises(services.BillingError, match="同じ事業者"):
        services.invoice_issue(engagements=[engagement, other])


def test_a_case_is_invoiced_once(engagement):
    services.invoice_issue(engagements=[engagement])
    with pytest.raises(services.BillingError, match="修正適格請求書"):
        services.invoice_issue(engagements=[engagement])


def test_no_invoice_without_a_registration_number(engagement):
    from billing.models import BillingSettings

    BillingSettings.objects.filter(pk=1).update(registration_number="")
    with pytest.raises(services.BillingError, match="登録番号"):
        services.invoice_issue(engagements=[engagement])
    assert not IssuedDocument.objects.exists()


def test_a_correction_refers_to_the_original_and_leaves_it_unchanged(engagement, staff_user):
    original = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    before = (bytes(original.pdf), original.sha256, original.total)
    line = engagement.lines.get()
    services.charge_line_remove(line=line)
    services.charge_line_add(
        engagement=engagement, kind=ChargeLine.Kind.FEE, description="復旧（減額）", amount=25000
    )
    correction = services.invoice_correct(
        invoice=original, user=staff_user, issued_on=date(2026, 5, 8)
    )
    assert correction.kind == IssuedDocument.Kind.CORRECTION
    assert correction.number == "2026-0002"  # the invoices' series
    assert correction.refers_to_id == original.pk and correction.original_id == original.pk
    body = _squash(bytes(correction.pdf))
    assert "修正適格請求書" in body
    assert "2026年5月1日(金)発行の請求書（番号2026-0001）を修正するもの" in body
    assert correction.total == 27500
    original.refresh_from_db()
    assert (bytes(original.pdf), original.sha256, original.total) == before
    assert original.bytes_intact()
    with pytest.raises(services.BillingError, match="既に修正"):
        services.invoice_correct(invoice=original)


def test_an_issued_document_cannot_be_saved_again_or_deleted(engagement):
    invoice = services.invoice_issue(engagements=[engagement])
    invoice.total = 1
    with pytest.raises(ImmutableDocumentError):
        invoice.save()
    with pytest.raises(ImmutableDocumentError):
        invoice.delete()


def test_payments_settle_the_latest_version_and_refuse_overpayment(engagement, staff_user):
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    services.payment_record(invoice=invoice, paid_on=date(2026, 5, 10), amount=10000)
    with pytest.raises(services.BillingError, match="23,000円"):
        services.payment_record(invoice=invoice, paid_on=date(2026, 5, 11), amount=23001)
    with pytest.raises(services.BillingError):
        services.payment_record(invoice=invoice, paid_on=date(2026, 5, 11), amount=0)
    services.payment_record(invoice=invoice, paid_on=date(2026, 5, 11), amount=23000)
    assert not selectors.unpaid_invoices(today=date(2026, 6, 30)).exists()


@pytest.mark.parametrize(
    ("amount", "paper", "stamp"),
    [
        (60500, True, True),  # 55,000 + 5,500 tax: 55,000 without the stated tax
        (60500, False, False),  # electronic
        (54450, True, False),  # 49,500 + 4,950: under 50,000 without the tax
    ],
)
def test_a_receipt_notes_the_revenue_stamp_only_where_it_applies(
    client_a, staff_user, billing_setup, amount, paper, stamp
):
    engagement = services.engagement_create(
        case=make_case(client_a, staff_user), accepted_on=date(2026, 4, 1), amount=amount * 10 // 11
    )
    invoice = services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    assert invoice.total == amount
    payment = services.payment_record(invoice=invoice, paid_on=date(2026, 5, 9), amount=amount)
    receipt = services.receipt_issue(payment=payment, paper=paper)
    body = _squash(bytes(receipt.pdf))
    assert "領収書" in body and f"金額{amount:,}円" in body
    assert f"登録番号：{REGISTRATION_NUMBER}" in body
    assert ("収入印紙" in body) is stamp


def test_a_part_payment_receipt_of_50000_on_paper_needs_a_stamp(engagement, staff_user):
    services.charge_line_add(
        engagement=engagement, kind=ChargeLine.Kind.FEE, description="追加作業", amount=40000
    )
    invoice = services.invoice_issue(engagements=[engagement])
    payment = services.payment_record(invoice=invoice, paid_on=date(2026, 5, 9), amount=50000)
    receipt = services.receipt_issue(payment=payment, paper=True)
    assert "収入印紙" in _squash(bytes(receipt.pdf))


def test_a_quote_reads_as_a_quote_from_the_same_data(engagement):
    quote = services.quote_issue(engagements=[engagement], issued_on=date(2026, 4, 2))
    body = _squash(bytes(quote.pdf))
    assert "御見積書" in body and "お見積金額33,000円（税込）" in body
    assert "お支払期限" not in body and "お振込先" not in body
    assert quote.due_on is None


def test_a_case_is_taken_on_once(engagement, staff_user):
    with pytest.raises(services.BillingError, match="既に受任"):
        services.engagement_create(case=engagement.case, accepted_on=date(2026, 4, 2), amount=1)


@pytest.mark.parametrize(("amount", "quantity", "rate"), [(-1, 1, 10), (100, 0, 10), (100, 1, 5)])
def test_a_bad_line_is_refused_and_totals_stay(engagement, amount, quantity, rate):
    from billing.money import MoneyError

    with pytest.raises(MoneyError):
        services.charge_line_add(
            engagement=engagement,
            kind=ChargeLine.Kind.FEE,
            description="x",
            amount=amount,
            quantity=quantity,
            tax_rate=rate,
        )
    engagement.refresh_from_db()
    assert engagement.fee_total == 33000 and engagement.lines.count() == 1


def test_issuing_writes_the_case_timeline(engagement):
    from recovery.models import CaseEvent

    invoice = services.invoice_issue(engagements=[engagement])
    event = CaseEvent.objects.filter(case=engagement.case, kind=CaseEvent.Kind.DOCUMENT).get()
    assert invoice.number in event.message and "33,000円" in event.message


def test_the_billing_pdfs_are_a4_fax_ready_with_the_shipped_font(engagement, staff_user):
    from tests.documents.pdfcheck import A4_POINTS, fax_problems, fonts, page_sizes

    services.charge_line_add(
        engagement=engagement, kind=ChargeLine.Kind.ADVANCE, description="更新料", amount=6000
    )
    invoice = services.invoice_issue(engagements=[engagement])
    payment = services.payment_record(invoice=invoice, paid_on=date(2026, 5, 1), amount=39000)
    receipt = services.receipt_issue(payment=payment, paper=True)
    for document in (invoice, receipt):
        data = bytes(document.pdf)
        assert page_sizes(data) == [tuple(round(v, 2) for v in A4_POINTS)]
        assert fax_problems(data) == []
        assert {f["base"] for f in fonts(data)} == {"IPAexGothic"}
        assert all(f["embedded"] for f in fonts(data))
