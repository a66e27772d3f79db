"""A staff member logs in and out in a real browser."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_staff_member_logs_in_sees_the_office_and_logs_out(page, staff_user, office_profile):
    page.goto(page.base_url + "/")
    assert "/accounts/login/" in page.url
    page.steps("login page")
    login(page, "yamada", "pw-staff-1")
    page.steps("after login")
    assert page.get_by_role("link", name="行政書士テスト事務所").is_visible()
    page.get_by_role("button", name="ログアウト").click()
    page.wait_for_load_state()
    page.goto(page.base_url + "/")
    assert "/accounts/login/" in page.url


def test_a_wrong_password_shows_a_japanese_message(page, staff_user):
    login(page, "yamada", "not-the-password")
    assert "正しいユーザー名とパスワードを入力してください" in page.content()


def _tab_to(page, predicate_js: str, limit: int = 10) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return True
    return False


def test_the_login_form_works_with_the_keyboard_alone(page, staff_user):
    page.goto(page.base_url + "/accounts/login/")
    assert _tab_to(page, "document.activeElement.name === 'username'")
    # The focused field is visibly outlined (not colour-only: a 3px outline).
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.type("yamada")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type("pw-staff-1")
    page.keyboard.press("Enter")
    page.wait_for_url(page.base_url + "/")
    assert page.get_by_role("button", name="ログアウト").is_visible()
