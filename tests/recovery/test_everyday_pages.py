"""The everyday path reads the same on every page: names 姓 名, one date form, tap-to-call phone
numbers, numbered steps numbered once, the admin pages in one menu, a favicon."""

import re
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.template import Context, Template

from recovery import services
from recovery.business_days import TOKYO
from recovery.guide import STEP_TEXTS, login_work_steps, self_numbered
from recovery.models import Status

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 1, 20, 11, 0, tzinfo=TOKYO)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _render(source: str, **context) -> str:
    return Template("{% load formatting %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "phone, href",
    [
        ("0767-53-1234", "tel:0767531234"),
        ("03-5321-6001", "tel:0353216001"),
        ("+81 767 53 1234", "tel:+81767531234"),
        ("", ""),
        ("不明", ""),
        (None, ""),
    ],
)
def test_a_phone_number_becomes_a_tap_to_call_link(phone, href):
    assert _render("{{ p|tel_href }}", p=phone) == href


def test_the_client_page_and_list_call_the_client(staff_client, full_client):
    for url in (f"/clients/{full_client.pk}/", "/clients/"):
        html = staff_client.get(url).content.decode()
        assert '<a href="tel:0767531234">0767-53-1234</a>' in html


def test_the_guides_own_numbers_are_not_numbered_again(staff_client, full_case, staff_user):
    assert self_numbered(login_work_steps())
    assert not self_numbered(STEP_TEXTS[Status.PREPARING])
    assert not self_numbered([])
    html = staff_client.get(f"/cases/{full_case.pk}/").content.decode()
    assert '<ol class="mb-3">' in html  # 準備中: plain steps, numbered by the list
    services.case_mark_sent(
        case=full_case, actor=staff_user, sent_at=datetime(2027, 1, 6, 10, 0, tzinfo=TOKYO)
    )
    services.case_record_receipt(case=full_case, actor=staff_user, mail_text="C-2701060001")
    services.case_record_reply(case=full_case, actor=staff_user, mail_text="完了")
    services.case_start_login_work(case=full_case, actor=staff_user)
    html = staff_client.get(f"/cases/{full_case.pk}/").content.decode()
    steps = re.search(r'<ol class="mb-3([^"]*)">(.*?)</ol>', html, re.S)
    assert "list-unstyled" in steps.group(1)
    assert "<li>①" in steps.group(2)


def test_the_timeline_names_staff_family_name_first_and_dates_as_everywhere(
    staff_client, full_case, staff_user
):
    services.case_mark_sent(
        case=full_case, actor=staff_user, sent_at=datetime(2027, 1, 6, 10, 0, tzinfo=TOKYO)
    )
    html = staff_client.get(f"/cases/{full_case.pk}/").content.decode()
    timeline = html[html.index('class="timeline"') :]
    assert "山田 花子" in timeline and "花子 山田" not in timeline
    assert "送信日時 2027年1月6日(水) 10:00" in timeline
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", timeline)
    assert "山田 花子" in html[: html.index("</header>")]  # the header's user name too


def test_the_case_list_writes_due_windows_in_the_one_date_form(staff_client, full_case, staff_user):
    services.case_mark_sent(
        case=full_case, actor=staff_user, sent_at=datetime(2027, 1, 18, 10, 0, tzinfo=TOKYO)
    )
    services.case_record_receipt(case=full_case, actor=staff_user, mail_text="C-2701180001")
    html = staff_client.get("/cases/").content.decode()
    assert "回答予定 2027年1月22日(金)〜2027年1月25日(月)" in html


def test_office_admins_find_their_pages_in_one_menu_and_staff_do_not_see_it(
    client, staff_user, admin_user, office_profile
):
    client.force_login(admin_user)
    header = client.get("/").content.decode().split("</header>")[0]
    menu = header[header.index('id="admin-menu"') :]
    for url in (
        "/office/settings/",
        "/closed-days/",
        "/office/users/",
        "/office/access-log/",
        "/billing/settings/",
    ):
        assert f'class="dropdown-item" href="{url}"' in menu
    # ダッシュボード, 事業者, 案件, 更新期限, 書類, 報酬・請求
    assert header.count('class="nav-link"') == 6
    client.force_login(staff_user)
    header = client.get("/").content.decode().split("</header>")[0]
    assert "admin-menu" not in header and "/closed-days/" not in header


def test_every_page_names_a_local_favicon(staff_client):
    html = staff_client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    assert icon.startswith("/static/") and icon.endswith(".svg")
    path = finders.find(icon.removeprefix("/static/"))
    assert path and Path(path).read_text(encoding="utf-8").lstrip().startswith("<svg")
