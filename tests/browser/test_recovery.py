"""A staff member opens a case in a real browser, copies the inquiry text and records sending."""

import pytest

from clients.models import Client
from office.selectors import get_office
from recovery.inquiry import build_inquiry
from recovery.models import RecoveryCase, Status
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_copy_button_copies_the_exact_inquiry_and_sending_is_recorded(
    page,
    staff_user,
    office_profile,
):
    full_client = Client.objects.create(
        name="株式会社能登テスト建設",
        business_id="12345678901234",
        address="石川県七尾市御祓町1番地",
        phone="0767-53-1234",
    )
    login(page, "yamada", "pw-staff-1")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base_url)
    page.goto(page.base_url + f"/cases/new/?client={full_client.pk}")
    page.get_by_label("c. ログイン不可で、登録メールアドレスを変更したい").check()
    page.get_by_label("変更希望メールアドレス").fill("ccus@noto-test.example.jp")
    page.steps("triage filled")
    page.get_by_role("button", name="案件を作成").click()
    page.wait_for_load_state()
    page.steps("case page")
    case = RecoveryCase.objects.get()
    page.get_by_role("button", name="情報記入欄をコピー").click()
    page.get_by_role("button", name="コピーしました").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == build_inquiry(case, get_office()).body
    page.get_by_role("button", name="問い合わせの送信を記録").click()
    page.wait_for_load_state()
    page.steps("sent")
    assert "問い合わせの送信を記録しました" in page.content()
    assert RecoveryCase.objects.get().status == Status.SENT
