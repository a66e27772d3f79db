"""The renewal's whole path in a real browser: a client whose registration expires in 3 months
and whose login is not known → the 更新期限 list says 「先に復旧が必要」 → one click opens a
recovery case for the renewal → its completion moves the renewal case on → the renewal case is
taken step by step to 完了, and the client's expiry moves 5 years on."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clients.models import CcusAccess, Client
from recovery import services
from recovery.models import CaseKind, RecoveryCase, RenewalStatus
from recovery.renewal import renewed_expiry
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_client_needing_recovery_goes_from_the_desk_to_a_completed_renewal(
    page, staff_user, office_profile
):
    expiry = timezone.localdate() + timedelta(days=91)
    client = Client.objects.create(
        name="株式会社能登更新建設",
        business_id="12345678901234",
        address="石川県七尾市御祓町1番地",
        phone="0767-53-1234",
        registration_expires_on=expiry,
    )
    login(page, "yamada", "pw-staff-1")
    page.goto(page.base_url + "/")
    page.locator("#renewal-counts").get_by_role("link", name="先に復旧が必要").click()
    page.wait_for_load_state()
    row = page.locator(f'tr[data-client="{client.pk}"]')
    assert "先に復旧が必要" in row.inner_text()
    page.steps("desk: recovery first")
    row.get_by_role("button", name="復旧案件から始める").click()
    page.wait_for_load_state()
    page.steps("recovery case for the renewal")
    assert "この復旧は、更新案件" in page.locator("#for-renewal").inner_text()
    recovery = RecoveryCase.objects.get(kind=CaseKind.RECOVERY)
    renewal = recovery.for_renewal
    assert renewal.status == RenewalStatus.LOGIN_CHECK

    # CCUS's part of the recovery (the recovery's own browser tests cover these pages).
    services.case_update_details(
        case=recovery, actor=staff_user, assignee=staff_user, new_email="ccus@noto.example.jp"
    )
    services.case_mark_sent(case=recovery, actor=staff_user)
    services.case_record_receipt(case=recovery, actor=staff_user, receipt_number="C-2612070001")
    services.case_record_reply(case=recovery, actor=staff_user)
    services.case_start_login_work(case=recovery, actor=staff_user)
    page.reload()
    for label in ("パスワード変更", "セキュリティコード入力", "新パスワードで再ログイン確認"):
        page.get_by_role("button", name=f"「{label}」済にする").click()
        page.wait_for_load_state()
    # The last item closes the case: the desk asks first.
    page.get_by_role("button", name="済にして案件を完了する").click()
    page.wait_for_load_state()
    page.steps("recovery completed")
    client.refresh_from_db()
    assert client.ccus_access == CcusAccess.YES

    page.get_by_role("link", name="更新案件を開く").click()
    page.wait_for_load_state()
    assert page.locator("#renewal-status").inner_text() == "変更の有無確認"
    page.get_by_label("資本金").check()
    page.get_by_role("button", name="更新申請を記録").click()
    page.wait_for_load_state()
    for button in ("決済URLの受信を記録", "更新料の支払いを記録", "更新の完了を記録"):
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()
    page.steps("renewal completed")
    assert page.locator("#renewal-status").inner_text() == "完了"
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.DONE
    assert renewal.renewal_changes == ["capital"]
    client.refresh_from_db()
    assert client.registration_expires_on == renewed_expiry(expiry)
