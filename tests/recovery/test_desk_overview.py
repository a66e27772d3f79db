"""The morning overview around the reminders: counts, waiting on CCUS, login work this week."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.template.loader import render_to_string

from clients.models import Client
from recovery import services
from recovery.business_days import TOKYO
from recovery.desk.selectors import LIST_LIMIT, desk_overview
from recovery.models import Situation, Status

pytestmark = pytest.mark.django_db

# Wednesday 2027-02-10, 11:00 in Tokyo.
NOW = datetime(2027, 2, 10, 11, 0, tzinfo=TOKYO)


@pytest.fixture(autouse=True)
def _frozen(office_profile):
    with time_machine.travel(NOW, tick=False):
        yield


def _case(staff_user, n: int = 0):
    client = Client.objects.create(
        name=f"株式会社朝礼建設{n:02d}",
        business_id=f"7{n:013d}",
        address="石川県七尾市府中町1番地",
        phone="0767-52-1111",
    )
    # Opened before the dates the test records on it (no event precedes a case's creation).
    with time_machine.travel(NOW - timedelta(days=60), tick=False):
        return services.case_create(
            client=client,
            situation=Situation.CANNOT_LOGIN,
            actor=staff_user,
            assignee=staff_user,
            new_email=f"ccus{n}@example.jp",
        )


def _sent(case, staff_user, days_ago: int):
    at = NOW - timedelta(days=days_ago)
    services.case_mark_sent(case=case, actor=staff_user, sent_at=at)
    services.case_record_receipt(
        case=case,
        actor=staff_user,
        mail_text=f"C-27{case.pk:08d}",
        received_at=at + timedelta(minutes=30),
    )
    return case


def test_an_office_without_cases_gets_the_friendly_empty_state(db):
    overview = desk_overview()
    assert overview.empty
    html = render_to_string("recovery/desk/_overview.html", {"desk": overview})
    assert 'id="desk-empty"' in html and "新しい案件" in html


def test_counts_cost_a_fixed_few_queries_and_add_up(staff_user, django_assert_max_num_queries):
    _case(staff_user, 1)
    _sent(_case(staff_user, 2), staff_user, days_ago=1)
    _sent(_case(staff_user, 3), staff_user, days_ago=14)  # long overdue
    # The calendar, four counts on indexes, five id lists on indexes, one query for every row.
    with django_assert_max_num_queries(11):
        overview = desk_overview()
    assert overview.counts["open"] == 3
    assert overview.counts["preparing"] == 1
    assert overview.counts["waiting"] == 2
    assert overview.counts["overdue"] == 1
    assert not overview.empty


def test_cases_waiting_on_ccus_show_their_expected_window_oldest_first(staff_user):
    recent = _sent(_case(staff_user, 1), staff_user, days_ago=1)
    old = _sent(_case(staff_user, 2), staff_user, days_ago=14)
    overview = desk_overview()
    assert [c.pk for c, _ in overview.waiting] == [old.pk, recent.pk]
    schedule = dict((c.pk, s) for c, s in overview.waiting)[recent.pk]
    # Sent Tue 2/9: 4 and 5 business days later (2/11 建国記念の日 is a holiday).
    assert (schedule.reply.earliest.isoformat(), schedule.reply.latest.isoformat()) == (
        "2027-02-16",
        "2027-02-17",
    )
    html = render_to_string("recovery/desk/_overview.html", {"desk": overview})
    assert "2027年2月16日(火)〜2027年2月17日(水)" in html
    assert "⚠" in html  # the overdue one says so in words and a sign, not colour alone


def test_login_work_due_this_week_is_listed(staff_user):
    case = _sent(_case(staff_user, 1), staff_user, days_ago=9)
    services.case_record_reply(
        case=case,
        actor=staff_user,
        mail_text="変更が完了しました。",
        received_at=NOW - timedelta(days=2),
    )
    later = _sent(_case(staff_user, 2), staff_user, days_ago=3)
    overview = desk_overview()
    assert [c.pk for c, _ in overview.login_this_week] == [case.pk]
    assert later.pk not in [c.pk for c, _ in overview.login_this_week]
    assert case.pk in [c.pk for c in overview.recent]


def test_lists_are_capped(staff_user):
    for n in range(LIST_LIMIT + 3):
        _sent(_case(staff_user, n), staff_user, days_ago=1)
    overview = desk_overview()
    assert len(overview.waiting) == LIST_LIMIT
    assert overview.counts["waiting"] == LIST_LIMIT + 3
    html = render_to_string("recovery/desk/_overview.html", {"desk": overview})
    assert f"すべて見る（{LIST_LIMIT + 3}件）" in html
    assert {c.status for c, _ in overview.waiting} == {Status.WAITING}


def test_the_counts_agree_with_a_plain_count_of_every_status(staff_user):
    from recovery.models import RecoveryCase

    _case(staff_user, 1)
    _sent(_case(staff_user, 2), staff_user, days_ago=1)
    _sent(_case(staff_user, 3), staff_user, days_ago=14)
    held = _case(staff_user, 4)
    services.case_hold(case=held, actor=staff_user)
    cancelled = _case(staff_user, 5)
    services.case_cancel(case=cancelled, actor=staff_user)
    done_now = _case(staff_user, 6)
    RecoveryCase.objects.filter(pk=done_now.pk).update(
        status=Status.DONE, closed_at=NOW - timedelta(days=2), updated_at=NOW - timedelta(days=2)
    )
    done_before = _case(staff_user, 7)
    # Finished last month, edited this month: it is not "完了 this month".
    RecoveryCase.objects.filter(pk=done_before.pk).update(
        status=Status.DONE,
        closed_at=datetime(2027, 1, 30, 15, 0, tzinfo=TOKYO),
        updated_at=NOW - timedelta(days=1),
    )
    counts = desk_overview().counts
    assert (
        counts["open"]
        == RecoveryCase.objects.filter(
            status__in=[
                s
                for s in Status
                if s not in (Status.DONE, Status.SELF_SERVICE, Status.CANCELLED, Status.ON_HOLD)
            ]
        ).count()
        == 3
    )
    assert counts["preparing"] == 1
    assert counts["waiting"] == 2
    assert counts["on_hold"] == 1
    assert counts["overdue"] == 1
    assert counts["done_this_month"] == 1
