"""The everyday path in a real browser: a case from the client page, phone-width lists, a header
that fits on one line with the admin menu."""

import pytest

from clients.services import client_create
from recovery import services, views
from recovery.models import RecoveryCase, Situation
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def _client(n: int = 0):
    return client_create(
        data={
            "name": f"株式会社能登ブラウザ建設工業所{n}",
            "name_kana": "ノトブラウザケンセツ",
            "business_id": f"1234567890{n:04d}",
            "postal_code": "926-0811",
            "address": "石川県七尾市御祓町1番地 能登ビルディング3階",
            "phone": "0767-53-1234",
            "email": f"info{n}@noto-test.example.jp",
        }
    )


@pytest.mark.parametrize("picker", [False, True], ids=["dropdown", "search-first"])
def test_the_client_page_opens_a_new_case_with_that_client_chosen(
    page, staff_user, office_profile, monkeypatch, picker
):
    if picker:  # the office has more clients than one dropdown can hold
        monkeypatch.setattr(views, "CLIENT_PICKER_THRESHOLD", 1)
    _client(1)
    target = _client(2)
    login(page, "yamada", "pw-staff-1")
    page.goto(f"{page.base_url}/clients/{target.pk}/")
    page.steps("client page")
    page.get_by_role("link", name="この事業者で案件を作成").click()
    page.wait_for_load_state()
    page.steps("new case")
    chosen = page.locator("#id_client option:checked")
    # The name, with the 事業者ID that tells two clients of one name apart.
    assert chosen.inner_text() == target.picker_label
    page.get_by_label("c. ログイン不可で、登録メールアドレスを変更したい").check()
    page.get_by_role("button", name="案件を作成").click()
    page.wait_for_load_state()
    page.steps("created")
    assert RecoveryCase.objects.get().client == target


CELL_WIDTHS = """(selector) => [...document.querySelectorAll(selector + ' tbody td')]
  .filter(td => td.offsetParent !== null)
  .map(td => ({width: td.getBoundingClientRect().width,
               em: parseFloat(getComputedStyle(td).fontSize), text: td.innerText}))"""


@pytest.mark.parametrize("url", ["/clients/", "/cases/"])
def test_at_phone_width_no_list_column_is_narrower_than_four_characters(
    page, staff_user, office_profile, url
):
    table = "main table"
    clients = [_client(n) for n in range(4)]
    for client in clients:
        services.case_create(
            client=client,
            situation=Situation.CANNOT_LOGIN,
            actor=staff_user,
            assignee=staff_user,
            new_email="ccus@example.jp",
        )
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "yamada", "pw-staff-1")
    page.goto(page.base_url + url)
    page.steps("phone width")
    cells = page.evaluate(CELL_WIDTHS, table)
    assert len(cells) >= 4
    narrow = [c for c in cells if c["width"] < 4 * c["em"]]
    assert narrow == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if url == "/clients/":
        assert page.locator(f"{table} a[href='tel:0767531234']").count() == len(clients)


HEADER_ITEMS = """() => [...document.querySelectorAll(
    '#nav .nav-link, #nav .navbar-text, #nav .btn, .navbar-brand')]
  .filter(e => e.offsetParent !== null)
  .map(e => ({text: e.innerText.trim(), height: e.getBoundingClientRect().height,
              top: e.getBoundingClientRect().top,
              line: parseFloat(getComputedStyle(e).lineHeight)
                    || 1.5 * parseFloat(getComputedStyle(e).fontSize)}))"""


@pytest.mark.parametrize("width", [1280, 1366])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_admin_header_keeps_every_menu_item_on_one_line(
    page, admin_user, office_profile, width, language
):
    office_profile.name = "行政書士ブラウザテスト事務所"
    office_profile.save()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "sato", "pw-admin-1")
    if language == "en":
        page.locator("#language-select").select_option("en")
        page.get_by_role("button", name="切替 / Switch").click()
        page.wait_for_load_state()
    page.goto(page.base_url + "/")
    page.steps(f"header {width} {language}")
    items = page.evaluate(HEADER_ITEMS)
    assert len(items) >= 7
    # One line each: no item is taller than one line of its text, and all share one row.
    wrapped = [i for i in items if i["height"] > i["line"] * 1.5 + 16]
    assert wrapped == []
    links = [i for i in items if i["text"] and i["height"] < 60]
    assert max(i["top"] for i in links) - min(i["top"] for i in links) < 20
    # The admin pages are one menu, opened by Bootstrap's script (no inline script).
    menu = page.locator("#admin-menu")
    menu.click()
    dropdown = page.locator(".dropdown-menu.show")
    dropdown.wait_for()
    assert dropdown.locator(".dropdown-item").count() >= 4
    page.steps("admin menu open")
