"""In a real browser: the admin resets a staff member's password by mail, end to end, and a note
refused by the CSRF check is given back to be copied."""

import re

import pytest
from django.core import mail

from clients.services import client_create
from recovery import services
from recovery.models import Situation
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_admin_resets_a_staff_member_s_password_end_to_end(
    page, browser, staff_user, admin_user, office_profile
):
    login(page, "sato", "pw-admin-1")
    page.goto(page.base_url + "/office/users/")
    row = page.locator("#user-table tr", has_text="yamada")
    row.get_by_role("link", name="編集・再設定").click()
    page.steps("edit page")
    page.get_by_role("button", name="yamada@office.example.jp に再設定メールを送る").click()
    page.wait_for_load_state()
    page.steps("sent")
    assert "yamada@office.example.jp にパスワード再設定のメールを送りました" in page.content()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "行政書士テスト事務所" in body
    link = re.search(r"^(http://\S+/accounts/reset/\S+)$", body, re.M).group(1)

    # The staff member, in a browser of their own, follows the link.
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    staff_page = context.new_page()
    staff_page.goto(link)
    assert staff_page.get_by_role("heading", name="新しいパスワードの設定").is_visible()
    staff_page.locator("input[name=new_password1]").fill("Noto-kaigan-2027!")
    staff_page.locator("input[name=new_password2]").fill("Noto-kaigan-2027!")
    staff_page.get_by_role("button", name="パスワードを変更する").click()
    staff_page.wait_for_load_state()
    assert staff_page.get_by_role("heading", name="パスワードを変更しました").is_visible()
    staff_page.goto(page.base_url + "/accounts/login/")
    staff_page.get_by_label("ユーザー名").fill("yamada")
    staff_page.get_by_label("パスワード").fill("Noto-kaigan-2027!")
    staff_page.get_by_role("button", name="ログイン").click()
    staff_page.wait_for_url(page.base_url + "/")
    assert staff_page.get_by_role("button", name="ログアウト").is_visible()
    # The link works once.
    staff_page.goto(link)
    assert "このリンクは使えません" in staff_page.content()
    context.close()


def test_a_note_refused_after_logging_in_again_in_another_tab_is_given_back(
    page, staff_user, office_profile
):
    company = client_create(data={"name": "株式会社能登テスト建設", "phone": "0767-53-1234"})
    case = services.case_create(
        client=company, situation=Situation.CANNOT_LOGIN, actor=staff_user, assignee=staff_user
    )
    login(page, "yamada", "pw-staff-1")
    page.goto(page.base_url + f"/cases/{case.pk}/")
    # Another tab of the same browser logs out and in again: the CSRF token changes.
    other = page.context.new_page()
    other.base_url = page.base_url
    other.goto(page.base_url + "/")
    other.get_by_role("button", name="ログアウト").click()
    other.wait_for_load_state()
    login(other, "yamada", "pw-staff-1")
    other.close()
    note = "お客様に電話。\n明日10時にもう一度連絡する"
    page.get_by_label("メモ").fill(note)
    page.get_by_role("button", name="メモを追加").click()
    page.wait_for_load_state()
    page.steps("refused")
    assert page.get_by_role("heading", name="送信できませんでした").is_visible()
    assert page.locator("#typed-fields textarea").first.input_value() == note
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base_url)
    page.locator("#typed-fields").get_by_role("button", name="コピー").first.click()
    page.get_by_role("button", name="コピーしました").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == note
    page.get_by_role("link", name="元のページを開き直す").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/cases/{case.pk}/")
