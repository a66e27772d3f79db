"""Every list reads on a phone: at 390 px no cell of a list is narrower than four characters and
no page scrolls sideways (tables become cards below 768 px)."""

import pytest

from clients.services import client_create, client_update
from office.services import user_create
from recovery import services
from recovery.models import Situation
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}

# The page's cells narrower than four characters and the elements wider than their box.
LAYOUT_PROBLEMS = """() => {
  const em = parseFloat(getComputedStyle(document.body).fontSize);
  const problems = [];
  const cells = [...document.querySelectorAll("main table tbody td, main table tbody th")];
  for (const cell of cells) {
    if (!cell.innerText.trim() || cell.getClientRects().length === 0) continue;
    const width = cell.getBoundingClientRect().width;
    const text = cell.innerText.trim().slice(0, 20);
    if (width < 4 * em) problems.push(`cell ${Math.round(width)}px: ${text}`);
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) problems.push(`page ${root.scrollWidth}px wide`);
  for (const box of document.querySelectorAll("main .table-responsive")) {
    const wide = box.scrollWidth;
    if (wide > box.clientWidth + 1) problems.push(`table scrolls sideways: ${wide}px`);
  }
  return {cells: cells.length, problems};
}"""


@pytest.fixture
def desk_data(staff_user, admin_user, office_profile):
    long_name = "株式会社能登半島総合建設工業七尾支店"
    first = client_create(
        data={
            "name": long_name,
            "name_kana": "ノトハントウソウゴウケンセツコウギョウ",
            "business_id": "12345678901234",
            "phone": "0767-53-1234",
            "address": "石川県七尾市御祓町1番地 能登ビル3階",
            "email": "info@noto-sogo.example.jp",
        },
        user=staff_user,
    )
    client_update(
        client=first,
        data={"name": long_name, "phone": "0767-53-9999", "contact_name": "能登 太郎"},
        user=admin_user,
    )
    second = client_create(data={"name": "能登塗装有限会社", "phone": "0767-62-1105"})
    for company in (first, second):
        services.case_create(
            client=company, situation=Situation.CANNOT_LOGIN, actor=staff_user, assignee=staff_user
        )
    user_create(
        username="kobayashi-mai",
        password="Noto-kensetsu-2026",
        last_name="小林",
        first_name="舞",
        email="kobayashi.mai.long.address@office.example.jp",
        actor=admin_user,
    )
    return first


def test_every_list_reads_on_a_390_px_phone(page, desk_data):
    page.set_viewport_size(PHONE)
    login(page, "sato", "pw-admin-1")
    # Visit a client page first, so that the access log has rows.
    page.goto(page.base_url + f"/clients/{desk_data.pk}/")
    urls = [
        "/clients/",
        "/cases/",
        "/search/?q=能登",
        "/office/users/",
        "/office/access-log/",
        "/office/audit-log/",
        f"/clients/{desk_data.pk}/",
    ]
    failures = {}
    for url in urls:
        page.goto(page.base_url + url)
        page.steps(url)
        found = page.evaluate(LAYOUT_PROBLEMS)
        assert found["cells"] > 0, f"{url} shows no list to check"
        if found["problems"]:
            failures[url] = found["problems"][:5]
    assert failures == {}


def test_the_check_would_catch_a_squeezed_table(page, staff_user, office_profile):
    page.set_viewport_size(PHONE)
    login(page, "yamada", "pw-staff-1")
    page.evaluate(
        """() => {
        const table = document.createElement("table");
        table.className = "table";
        const row = table.createTBody().insertRow();
        for (let i = 0; i < 9; i++) row.insertCell().innerText = "株式会社能登半島総合建設";
        document.querySelector("main").append(table);
    }"""
    )
    found = page.evaluate(LAYOUT_PROBLEMS)
    assert found["problems"]
