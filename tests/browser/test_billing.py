"""The money path in a real browser: a fee from the table → quote → invoice → payment → the
desk's totals."""

from __future__ import annotations

import pytest
from django.utils import timezone

from billing.models import IssuedDocument
from clients.services import client_create
from recovery import services
from recovery.models import Situation
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_fee_from_the_table_to_quote_invoice_payment_and_the_desk_totals(
    page, admin_user, office_profile
):
    client = client_create(
        data={"name": "株式会社能登ブラウザ建設", "address": "石川県七尾市御祓町1番地"}
    )
    case = services.case_create(client=client, situation=Situation.CANNOT_LOGIN, actor=admin_user)
    login(page, "sato", "pw-admin-1")

    page.goto(page.base_url + "/billing/settings/")
    page.get_by_label("登録の区分").select_option("corporation")
    page.get_by_label("適格請求書発行事業者の登録番号").fill("T7010705000725")
    page.get_by_label("振込先").fill("能登信用金庫 七尾支店 普通 1234567")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="項目を追加").click()
    page.get_by_label("業務").fill("事業者IDログイン情報の復旧")
    page.get_by_label("報酬額（税抜・円）").fill("30000")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_load_state()
    page.steps("fee table")
    assert "30,000円" in page.locator("#fee-items").inner_text()

    page.goto(f"{page.base_url}/cases/{case.pk}/")
    page.get_by_role("link", name="受任を登録（報酬額表から）").click()
    page.get_by_label("報酬額表の項目").select_option(label="事業者IDログイン情報の復旧")
    page.get_by_role("button", name="受任を登録する").click()
    page.wait_for_load_state()
    page.steps("engagement")
    assert page.locator("#fee-total").inner_text() == "33,000円"

    page.get_by_role("button", name="見積書を発行").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="請求書を発行").click()
    page.wait_for_load_state()
    page.steps("issued")
    documents = page.locator("#case-documents").inner_text()
    year = timezone.localdate().year
    assert f"見積書 {year}-0001" in documents and f"請求書 {year}-0001" in documents

    page.goto(page.base_url + "/billing/")
    page.steps("desk before payment")
    assert page.locator("#unpaid-total").inner_text() == "33,000円"

    page.get_by_role("link", name=f"{year}-0001").click()
    page.wait_for_load_state()
    page.get_by_label("金額（円）").fill("33000")
    page.get_by_role("button", name="入金を記録する").click()
    page.wait_for_load_state()
    page.steps("paid")
    assert page.locator("#outstanding").inner_text() == "0円"

    page.get_by_role("link", name="報酬・請求").first.click()
    page.wait_for_load_state()
    page.steps("desk after payment")
    assert page.locator("#paid-total").inner_text() == "33,000円"
    assert "未入金の請求書はありません" in page.content()
    month = timezone.localdate().month
    row = page.locator("#months tbody tr").nth(month - 1).inner_text()
    assert row.count("33,000円") == 2  # invoiced and received this month
    assert IssuedDocument.objects.filter(kind="invoice").get().bytes_intact()
