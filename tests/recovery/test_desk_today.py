"""The dashboard of issue 23: 「今日やること」, 送信済 apart from 回答待ち, every count a link to
the same filter of the case list, a readable recent list, its overview cached by what changes."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.models import Client
from recovery import services
from recovery.business_days import TOKYO
from recovery.desk.selectors import desk_overview
from recovery.models import ClosedDay, RecoveryCase, Situation, Status

pytestmark = pytest.mark.django_db

# Wednesday 2027-02-10, 11:00 in Tokyo.
NOW = datetime(2027, 2, 10, 11, 0, tzinfo=TOKYO)


@pytest.fixture(autouse=True)
def _frozen(office_profile):
    with time_machine.travel(NOW, tick=False):
        yield


def _case(staff_user, n: int):
    client = Client.objects.create(
        name=f"株式会社今日建設{n:02d}",
        business_id=f"8{n:013d}",
        address="石川県七尾市府中町1番地",
        phone="0767-52-2222",
    )
    case = services.case_create(
        client=client,
        situation=Situation.CANNOT_LOGIN,
        actor=staff_user,
        assignee=staff_user,
        new_email=f"today{n}@example.jp",
    )
    # Opened well before the step times below (a step may not precede the case's creation).
    RecoveryCase.objects.filter(pk=case.pk).update(created_at=NOW - timedelta(days=60))
    case.refresh_from_db()
    return case


def _sent(case, actor, *, days_ago: float, receipt: bool = True):
    at = NOW - timedelta(days=days_ago)
    services.case_mark_sent(case=case, actor=actor, sent_at=at)
    if receipt:
        services.case_record_receipt(
            case=case, actor=actor, mail_text=f"C-27{case.pk:08d}", received_at=at
        )
    return case


def _replied(case, actor, *, days_ago: int):
    _sent(case, actor, days_ago=days_ago + 7)
    services.case_record_reply(
        case=case, actor=actor, mail_text="完了", received_at=NOW - timedelta(days=days_ago)
    )
    return case


@pytest.fixture
def desk(staff_user):
    """One case of each kind of today's work, and one that waits for CCUS's reply."""
    return {
        "preparing": _case(staff_user, 1),
        "sent": _sent(_case(staff_user, 2), staff_user, days_ago=0.1, receipt=False),
        "waiting": _sent(_case(staff_user, 3), staff_user, days_ago=1),
        # Reply on Fri 2/5: login work from 2/9 (Tue; 2/8 Mon is the 1st business day).
        "login_due": _replied(_case(staff_user, 4), staff_user, days_ago=5),
        # Reply today: its login work is not due yet.
        "login_later": _replied(_case(staff_user, 5), staff_user, days_ago=0),
    }


def _section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


def test_today_lists_preparing_the_missing_receipt_and_the_login_work_due(desk):
    overview = desk_overview()
    today = {group.key: [case.pk for case, _ in group.cases] for group in overview.today}
    assert today == {
        "preparing": [desk["preparing"].pk],
        "awaiting_receipt": [desk["sent"].pk],
        "login_due": [desk["login_due"].pk],
    }
    assert overview.today_count == 3
    # Its reply came today: login work from Mon 2/15 (2/11 is a holiday), not this week.
    assert desk["login_later"].pk not in [case.pk for case, _ in overview.login_this_week]


def test_a_sent_case_is_counted_apart_from_the_cases_waiting_for_the_reply(desk):
    overview = desk_overview()
    assert overview.counts["sent"] == 1
    assert overview.counts["waiting"] == 1
    assert [case.pk for case, _ in overview.waiting] == [desk["waiting"].pk]


def test_nothing_to_do_today_says_so(staff_client, staff_user):
    _sent(_case(staff_user, 1), staff_user, days_ago=1)
    html = staff_client.get("/").content.decode()
    assert 'id="today-nothing"' in html
    assert "今日やることはありません。" in html


def test_every_count_is_a_link_to_a_case_list_of_the_same_number(staff_client, desk, staff_user):
    held = _case(staff_user, 6)
    services.case_hold(case=held, actor=staff_user)
    html = staff_client.get("/").content.decode()
    links = re.findall(r'<a href="(/cases/\?[^"]+)" id="count-[\w-]+">([^<]+)</a>', html)
    names = re.findall(r'id="(count-[\w-]+)"', html)
    assert len(links) == len(names) == 8, names
    assert "count-login" in names  # ログイン作業待ち is a link too
    for url, shown in links:
        number = int(re.search(r"\d+", shown).group())
        listed = staff_client.get(url.replace("&amp;", "&")).context["page"].paginator.count
        assert listed == number, url
    counted = {name: re.search(rf'id="{name}">[^<\d]*(\d+)', html).group(1) for name in names}
    assert counted["count-sent"] == "1" and counted["count-waiting"] == "1"
    assert counted["count-login"] == "2" and counted["count-on-hold"] == "1"


def test_an_unknown_group_in_the_case_list_filters_nothing_and_says_so(staff_client, desk):
    response = staff_client.get("/cases/?group=everything")
    assert response.context["page"].paginator.count == len(desk)
    assert response.context["form"].errors["group"]


def test_the_recent_cases_are_a_list_not_a_table(staff_client, desk):
    html = staff_client.get("/").content.decode()
    recent = _section(html, "desk-recent")
    assert "<table" not in recent
    assert recent.count('<li class="list-group-item') == len(desk)
    assert "株式会社今日建設01" in recent


def test_the_overview_is_rendered_again_only_when_something_changed(staff_client, desk, staff_user):
    staff_client.get("/")
    with CaptureQueriesContext(connection) as cached:
        html = staff_client.get("/").content.decode()
    assert 'id="count-preparing">1<' in html
    services.case_mark_sent(case=desk["preparing"], actor=staff_user, sent_at=NOW)
    with CaptureQueriesContext(connection) as fresh:
        html = staff_client.get("/").content.decode()
    assert 'id="count-preparing">0<' in html
    assert 'id="count-sent">2<' in html
    assert len(cached) < len(fresh) - 5  # the counts and lists were not read again


def test_a_new_closed_day_or_the_next_minute_renders_the_overview_again(staff_client, desk):
    staff_client.get("/")
    ClosedDay.objects.create(date=NOW.date() + timedelta(days=1), reason="CCUSシステム停止")
    with CaptureQueriesContext(connection) as after_closed_day:
        staff_client.get("/")
    with CaptureQueriesContext(connection) as cached:
        staff_client.get("/")
    later = time_machine.travel(NOW + timedelta(minutes=1), tick=False)
    with later, CaptureQueriesContext(connection) as next_minute:
        staff_client.get("/")
    assert len(after_closed_day) > len(cached) + 5
    assert len(next_minute) > len(cached) + 5


def test_a_deleted_case_leaves_the_counts_at_once(staff_client, desk):
    staff_client.get("/")
    RecoveryCase.objects.filter(pk=desk["preparing"].pk).delete()
    html = staff_client.get("/").content.decode()
    assert 'id="count-preparing">0<' in html
    assert RecoveryCase.objects.filter(status=Status.PREPARING).count() == 0


def test_the_case_lists_waiting_box_matches_the_dashboards_ccus_reply_count(staff_client, desk):
    def listed(params):
        return {case.pk for case, _ in staff_client.get("/cases/", params).context["rows"]}

    assert listed({"waiting": "on"}) == {desk["waiting"].pk}
    assert listed({"group": "awaiting_receipt"}) == {desk["sent"].pk}
    assert listed({"group": "login_due"}) == {desk["login_due"].pk}
