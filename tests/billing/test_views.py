"""The billing pages: settings and fee table, a case's fee → quote → invoice → payment → receipt,
the desk, the 事件簿, the document search and the accounting export."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from billing import services
from billing.models import BillingSettings, Engagement, FeeItem, IssuedDocument, Payment
from tests.billing.conftest import make_case

pytestmark = pytest.mark.django_db


def test_staff_cannot_change_the_billing_settings(staff_client, billing_setup):
    assert staff_client.get(reverse("billing_settings")).status_code == 403


def test_an_admin_saves_a_corporate_registration_number_typed_loosely(
    admin_client_, office_profile
):
    response = admin_client_.post(
        reverse("billing_settings"),
        {
            "registrant": "corporation",
            "registration_number": "ｔ７０１０-７０５０-００７２５",
            "rounding": "floor",
            "payment_days": 30,
            "bank_account": "能登信用金庫",
        },
    )
    assert response.status_code == 302
    assert BillingSettings.objects.get().registration_number == "T7010705000725"


def test_a_corporate_number_failing_its_check_digit_is_refused(admin_client_, office_profile):
    response = admin_client_.post(
        reverse("billing_settings"),
        {
            "registrant": "corporation",
            "registration_number": "T8010705000725",
            "rounding": "floor",
            "payment_days": 30,
        },
    )
    assert response.status_code == 200
    assert "検査用数字が一致しません" in response.content.decode()
    assert not BillingSettings.objects.exists()


def test_an_individuals_number_failing_the_check_is_saved_only_once_confirmed(
    admin_client_, office_profile
):
    data = {
        "registrant": "individual",
        "registration_number": "T8010705000725",
        "rounding": "floor",
        "payment_days": 30,
    }
    response = admin_client_.post(reverse("billing_settings"), data)
    assert response.status_code == 200
    assert "登録通知書の番号と同じか確認" in response.content.decode()
    assert not BillingSettings.objects.exists()
    response = admin_client_.post(reverse("billing_settings"), {**data, "confirm_number": "on"})
    assert response.status_code == 302
    assert BillingSettings.objects.get().registration_number == "T8010705000725"


def test_a_number_of_the_wrong_shape_is_refused(admin_client_, office_profile):
    response = admin_client_.post(
        reverse("billing_settings"),
        {
            "registrant": "individual",
            "registration_number": "T123",
            "rounding": "floor",
            "payment_days": 30,
        },
    )
    assert "「T」と13桁の数字" in response.content.decode()


def test_an_admin_adds_a_fee_and_the_notice_pdf_lists_it(admin_client_, billing_setup):
    response = admin_client_.post(
        reverse("billing_fee_new"),
        {
            "name": "事業者登録の更新代行",
            "amount": 20000,
            "tax_rate": 10,
            "position": 1,
            "active": "on",
        },
    )
    assert response.status_code == 302
    from tests.documents.pdfcheck import text

    pdf = admin_client_.get(reverse("billing_fee_table_pdf")).content
    squashed = "".join(text(pdf).split())
    assert "報酬額表" in squashed and "事業者登録の更新代行" in squashed
    assert "20,000円" in squashed and "22,000円" in squashed
    assert "行政書士法第10条の2" in squashed


def test_a_negative_fee_is_refused(admin_client_, billing_setup):
    response = admin_client_.post(
        reverse("billing_fee_new"), {"name": "x", "amount": -1, "tax_rate": 10, "position": 1}
    )
    assert response.status_code == 200
    assert not FeeItem.objects.exists()


@time_machine.travel("2026-05-01 10:00 +09:00", tick=False)
def test_fee_to_payment_through_the_pages(
    staff_client, staff_user, client_a, billing_setup, recovery_fee
):
    case = make_case(client_a, staff_user)
    page = reverse("billing_case", args=[case.pk])
    assert "受任の登録" in staff_client.get(page).content.decode()
    response = staff_client.post(page, {"accepted_on": "2026-04-20", "fee_item": recovery_fee.pk})
    assert response.status_code == 302
    engagement = Engagement.objects.get(case=case)
    assert engagement.fee_total == 33000
    staff_client.post(
        reverse("billing_line_add", args=[case.pk]),
        {
            "kind": "advance",
            "description": "更新料立替",
            "amount": 6000,
            "quantity": 1,
            "tax_rate": 10,
        },
    )
    engagement.refresh_from_db()
    assert engagement.advances_total == 6000
    staff_client.post(reverse("billing_issue", args=[case.pk, "quote"]))
    staff_client.post(reverse("billing_issue", args=[case.pk, "invoice"]))
    invoice = IssuedDocument.objects.get(kind="invoice")
    assert invoice.total == 39000
    desk = staff_client.get(reverse("billing_desk")).content.decode()
    assert "39,000円" in desk and invoice.number in desk
    response = staff_client.post(
        reverse("billing_invoice", args=[invoice.pk]),
        {"paid_on": "2026-05-01", "amount": 39000, "method": "transfer"},
    )
    assert response.status_code == 302
    assert Payment.objects.get().amount == 39000
    staff_client.post(reverse("billing_receipt", args=[Payment.objects.get().pk]), {"paper": "1"})
    assert IssuedDocument.objects.filter(kind="receipt", paper=True).exists()
    desk = staff_client.get(reverse("billing_desk")).content.decode()
    assert "未入金の請求書はありません" in desk
    assert 'id="paid-total">39,000円' in desk


def test_an_overpayment_is_shown_as_a_form_error(staff_client, engagement):
    invoice = services.invoice_issue(engagements=[engagement])
    response = staff_client.post(
        reverse("billing_invoice", args=[invoice.pk]),
        {"paid_on": "2026-05-01", "amount": 999999, "method": "cash"},
    )
    assert response.status_code == 200
    assert "未入金額（33,000円）を超えています" in response.content.decode()
    assert not Payment.objects.exists()


def test_a_correction_asks_first_then_issues(staff_client, engagement):
    invoice = services.invoice_issue(engagements=[engagement])
    url = reverse("billing_invoice_correct", args=[invoice.pk])
    assert "元の請求書は変更せずに残します" in staff_client.get(url).content.decode()
    assert not IssuedDocument.objects.filter(kind="correction").exists()
    services.charge_line_add(engagement=engagement, kind="advance", description="更新料", amount=1)
    staff_client.post(url)
    assert IssuedDocument.objects.filter(kind="correction", refers_to=invoice).exists()


def test_the_pdf_download_is_the_stored_bytes_and_is_logged(staff_client, engagement):
    from office.models import AccessLog

    invoice = services.invoice_issue(engagements=[engagement])
    response = staff_client.get(reverse("billing_document_pdf", args=[invoice.pk]))
    assert response.content == bytes(invoice.pdf)
    assert AccessLog.objects.filter(
        action="print", target=f"clients.Client#{engagement.case.client_id}"
    ).exists()


def test_documents_are_searchable_by_date_amount_and_counterparty(staff_client, engagement):
    services.invoice_issue(engagements=[engagement], issued_on=date(2026, 5, 1))
    url = reverse("billing_documents")
    assert "2026-0001" in staff_client.get(url, {"counterparty": "能登"}).content.decode()
    assert "2026-0001" in staff_client.get(url, {"amount": 33000}).content.decode()
    assert "2026-0001" not in staff_client.get(url, {"amount": 33001}).content.decode()
    assert "2026-0001" not in staff_client.get(url, {"date_from": "2026-05-02"}).content.decode()


def test_the_desk_and_case_book_are_empty_states_first(staff_client, db):
    assert "未請求の案件はありません" in staff_client.get(reverse("billing_desk")).content.decode()
    assert (
        "事件簿に記載する事件はありません"
        in staff_client.get(reverse("billing_case_book")).content.decode()
    )


def test_pages_need_a_login(client, db):
    response = client.get(reverse("billing_desk"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_mistaken_payment_is_cancelled_after_confirmation(staff_client, engagement):
    invoice = services.invoice_issue(engagements=[engagement])
    payment = services.payment_record(invoice=invoice, paid_on=date(2026, 5, 1), amount=1000)
    url = reverse("billing_payment_cancel", args=[payment.pk])
    assert "誤って記録した入金だけ" in staff_client.get(url).content.decode()
    assert Payment.objects.exists()
    staff_client.post(url)
    assert not Payment.objects.exists()


def test_a_payment_with_a_receipt_cannot_be_cancelled(staff_client, engagement):
    invoice = services.invoice_issue(engagements=[engagement])
    payment = services.payment_record(invoice=invoice, paid_on=date(2026, 5, 1), amount=1000)
    services.receipt_issue(payment=payment)
    with pytest.raises(services.BillingError, match="領収書を発行した入金"):
        services.payment_cancel(payment=payment)
    staff_client.post(reverse("billing_payment_cancel", args=[payment.pk]))
    assert Payment.objects.filter(pk=payment.pk).exists()


def test_the_engagement_day_and_name_can_be_corrected_for_the_book(staff_client, engagement):
    url = reverse("billing_engagement_edit", args=[engagement.case_id])
    response = staff_client.post(url, {"accepted_on": "2026-03-31", "title": "ID復旧（訂正）"})
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert (engagement.accepted_on, engagement.title) == (date(2026, 3, 31), "ID復旧（訂正）")
    response = staff_client.post(url, {"accepted_on": "2026-02-30", "title": ""})
    assert response.status_code == 200
    engagement.refresh_from_db()
    assert engagement.title == "ID復旧（訂正）"
