"""In a real browser: a double click on 保存する saves one client, with or without JavaScript,
and a possible duplicate is shown (with a link) before it is saved."""

import re

import pytest

from clients.models import Client
from clients.services import client_create
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

SAVED = re.compile(r"/clients/\d+/$")  # a client's page, not /clients/new/


def _new_client_form(page, name: str, phone: str) -> None:
    page.goto(page.base_url + "/clients/new/")
    page.get_by_label("事業者名").fill(name)
    page.get_by_label("電話番号").fill(phone)


def test_double_clicking_save_saves_one_client(page, staff_user):
    login(page, "yamada", "pw-staff-1")
    _new_client_form(page, "株式会社二度押し建設", "0767-52-0101")
    page.steps("filled")
    page.get_by_role("button", name="保存する").dblclick()
    page.wait_for_url(SAVED)
    page.wait_for_load_state()
    page.steps("saved")
    assert Client.objects.filter(name="株式会社二度押し建設").count() == 1
    assert page.url.endswith(f"/clients/{Client.objects.get().pk}/")


def test_the_button_is_disabled_by_the_first_submit_and_a_second_is_ignored(page, staff_user):
    login(page, "yamada", "pw-staff-1")
    _new_client_form(page, "株式会社一度だけ建設", "0767-52-0102")
    # Two submits in one go, as a double click makes them; looked at before the page leaves.
    state = page.evaluate(
        """() => {
            const button = [...document.querySelectorAll("form button, form input[type=submit]")]
                .find((b) => (b.value || b.textContent).trim() === "保存する");
            const form = button.form;
            let second = null;
            form.addEventListener("submit", () => {}, {once: true});
            form.requestSubmit(button);
            document.addEventListener("submit", (e) => { second = e.defaultPrevented; });
            form.requestSubmit();
            return {disabled: button.disabled, busy: form.getAttribute("aria-busy"),
                    secondPrevented: second};
        }"""
    )
    assert state == {"disabled": True, "busy": "true", "secondPrevented": True}
    page.wait_for_url(SAVED)
    assert Client.objects.filter(name="株式会社一度だけ建設").count() == 1


def test_the_same_form_posted_twice_by_the_browser_leads_twice_to_the_one_client(page, staff_user):
    # What a double click does where the script cannot help (a slow network, a resent form):
    # the same form, with its one-time token, reaches the server twice.
    login(page, "yamada", "pw-staff-1")
    _new_client_form(page, "株式会社再送信建設", "0767-52-0103")
    urls = page.evaluate(
        """async () => {
            const form = document.querySelector("input[name=once_token]").form;
            const send = () => fetch(form.action || location.href,
                                     {method: "POST", body: new FormData(form)});
            const first = await send();
            const second = await send();
            return [first.url, second.url];
        }"""
    )
    client = Client.objects.get(name="株式会社再送信建設")
    assert urls == [f"{page.base_url}/clients/{client.pk}/"] * 2


def test_a_possible_duplicate_is_shown_with_a_link_and_saved_only_when_confirmed(page, staff_user):
    existing = client_create(
        data={"name": "株式会社能登建設", "phone": "0767-52-1234", "address": "石川県七尾市"}
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "yamada", "pw-staff-1")
    _new_client_form(page, "株式会社能登建設", "０７６７－５２－１２３４")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_load_state()
    page.steps("warned")
    warning = page.locator("#possible-duplicates")
    assert warning.is_visible()
    link = warning.get_by_role("link", name="株式会社能登建設")
    assert link.get_attribute("href") == f"/clients/{existing.pk}/"
    assert Client.objects.count() == 1
    # Readable on a phone: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("同じ事業者ではないことを確かめたので、このまま保存する").check()
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url(SAVED)
    page.steps("saved anyway")
    assert Client.objects.filter(name="株式会社能登建設").count() == 2


def test_a_second_case_for_the_same_client_shows_the_open_one_first_at_390px(
    page, staff_user, office_profile
):
    from recovery import services
    from recovery.models import RecoveryCase

    noto = client_create(data={"name": "株式会社能登二件目建設", "phone": "0767-52-2222"})
    open_case = services.case_create(
        client=noto, situation="c", actor=staff_user, assignee=staff_user
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "yamada", "pw-staff-1")
    page.goto(f"{page.base_url}/cases/new/?client={noto.pk}")
    page.get_by_label("c. ログイン不可で、登録メールアドレスを変更したい").check()
    page.get_by_role("button", name="案件を作成").click()
    page.wait_for_load_state()
    page.steps("notice")
    notice = page.locator("#open-cases")
    assert notice.get_by_role("link").first.get_attribute("href") == f"/cases/{open_case.pk}/"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert RecoveryCase.objects.count() == 1
