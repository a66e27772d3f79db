"""Staff register a client in a real browser: the postal code fills the address."""

import pytest
from playwright.sync_api import expect

from clients.models import Client
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_typing_a_postal_code_fills_the_empty_address_and_the_client_is_saved(page, staff_user):
    login(page, "yamada", "pw-staff-1")
    page.goto(page.base_url + "/clients/new/")
    page.steps("empty form")
    page.get_by_label("事業者名").fill("株式会社能登建設")
    page.get_by_label("フリガナ").fill("のとけんせつ")
    page.get_by_label("郵便番号").fill("１００－０００１")
    page.get_by_label("郵便番号").press("Tab")
    address = page.locator("[data-postal-target]")
    address.wait_for()
    # A web-first assertion: a string predicate (wait_for_function) is eval'd in the page,
    # which the Content-Security-Policy (no 'unsafe-eval') refuses.
    expect(address).to_have_value("東京都千代田区千代田")
    assert "郵便番号から所在地を入力しました" in page.locator("#postal-hint").inner_text()
    page.steps("address filled")
    address.fill("東京都千代田区千代田1-1")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_load_state()
    page.steps("saved")
    client = Client.objects.get()
    assert (client.name_kana, client.postal_code, client.address) == (
        "ノトケンセツ",
        "100-0001",
        "東京都千代田区千代田1-1",
    )
