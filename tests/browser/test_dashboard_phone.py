"""The dashboard on a phone (390 px): the recently changed cases, 「今日やること」 and the counts
read as blocks, no name wrapped one character per line, and nothing scrolls sideways."""

import pytest

from clients.services import client_create
from recovery import services
from recovery.models import Situation
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

# Each visible client-name link and count box: its width and the size of one character.
WIDTHS = """(selector) => [...document.querySelectorAll(selector)]
  .filter(e => e.offsetParent !== null)
  .map(e => ({text: e.innerText.trim(), width: e.getBoundingClientRect().width,
              em: parseFloat(getComputedStyle(e).fontSize)}))"""


def test_the_dashboard_reads_on_a_phone(page, staff_user, office_profile):
    for n in range(4):
        client = client_create(
            data={
                "name": f"株式会社能登半島総合建設工業{n}",
                "address": "石川県七尾市御祓町1番地",
                "phone": f"0767-53-123{n}",
            }
        )
        services.case_create(
            client=client,
            situation=Situation.CANNOT_LOGIN,
            actor=staff_user,
            assignee=staff_user,
            new_email=f"ccus{n}@example.jp",
        )
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "yamada", "pw-staff-1")
    page.goto(page.base_url + "/")
    page.steps("dashboard at 390 px")
    names = page.evaluate(WIDTHS, "#recent-cases a, #desk-today-section li a")
    assert len(names) == 8  # four recent cases, four to prepare today
    narrow = [n for n in names if n["width"] < 4 * n["em"]]
    assert narrow == []
    boxes = page.evaluate(WIDTHS, ".desk-counts dt")
    assert len(boxes) == 6 and all(b["width"] >= 4 * b["em"] for b in boxes)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The ログイン作業待ち box is a link to the same list.
    page.locator("#count-login").click()
    page.wait_for_load_state()
    assert "group=awaiting_login" in page.url
