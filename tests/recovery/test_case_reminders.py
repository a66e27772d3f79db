"""The case page lists the case's upcoming reminders (kind, when, for whom) and snoozes or moves
them; a day the office is closed on is not taken without a warning offering the next business
day."""

import pytest
import time_machine
from django.urls import reverse

from recovery import services
from recovery.models import ClosedDay, Reminder
from tests.recovery.reminder_factories import jst

pytestmark = pytest.mark.django_db
State = Reminder.State
Kind = Reminder.Kind


@pytest.fixture
def sent_case(full_case, staff_user):
    """Sent Tue 2026-12-22 10:00: receipt check 11:00, reply due Mon 12-28, overdue 2027-01-05."""
    with time_machine.travel(jst(2026, 12, 22, 10, 0), tick=False):
        services.case_mark_sent(case=full_case, actor=staff_user)
    return full_case


def page(client, user, case) -> str:
    client.force_login(user)
    return client.get(reverse("case_detail", args=[case.pk])).content.decode()


def snooze(client, user, reminder, **data):
    client.force_login(user)
    return client.post(
        reverse("reminder_snooze", args=[reminder.pk]),
        {"next": reverse("case_detail", args=[reminder.case_id]), **data},
    )


def test_it_lists_each_upcoming_reminder_with_kind_time_and_recipient(
    client, staff_user, sent_case
):
    with time_machine.travel(jst(2026, 12, 22, 10, 30), tick=False):
        html = page(client, staff_user, sent_case)
    section = html[html.index('id="case-reminders"') :]
    for kind, when in [
        ("受付メール確認", "2026年12月22日(火) 11:00"),
        ("CCUS回答予定日", "2026年12月28日(月) 09:00"),
        ("CCUS回答遅延", "2027年1月5日(火) 09:00"),
    ]:
        assert kind in section and when in section
    assert section.index("受付メール確認") < section.index("CCUS回答予定日")
    assert "山田 花子" in section
    # The next business day after Mon 12-28 is after 年末年始.
    assert "翌営業日（2027年1月4日(月)）に延期" in section


def test_a_case_without_reminders_says_so(client, staff_user, full_case):
    html = page(client, staff_user, full_case)
    assert 'id="no-case-reminders"' in html


def test_an_unassigned_case_says_everyone_is_told(client, staff_user, sent_case):
    type(sent_case).objects.filter(pk=sent_case.pk).update(assignee=None)
    html = page(client, staff_user, sent_case)
    assert "未割当(全員に表示)" in html[html.index('id="case-reminders"') :]


def test_moving_from_the_case_page_returns_there_and_shows_the_new_time(
    client, staff_user, sent_case
):
    reminder = sent_case.reminders.get(kind=Kind.REPLY_DUE)
    with time_machine.travel(jst(2026, 12, 22, 10, 30), tick=False):
        response = snooze(client, staff_user, reminder, until="2027-01-06")
        assert response.status_code == 302
        assert response["Location"] == reverse("case_detail", args=[sent_case.pk])
        html = page(client, staff_user, sent_case)
    reminder.refresh_from_db()
    assert reminder.snoozed_until == jst(2027, 1, 6, 9, 0)
    row = html[html.index(f'id="case-reminder-{reminder.pk}"') :]
    assert "2027年1月6日(水) 09:00" in row and "元の予定 2026年12月28日(月) 09:00" in row


@pytest.mark.parametrize(
    "day, reason",
    [
        ("2026-12-30", "年末年始"),
        ("2027-01-11", "成人の日"),
        ("2027-01-09", "土曜日"),
        ("2027-01-07", "事務所の研修"),
    ],
)
def test_a_closed_day_is_not_taken_but_warned_about_with_the_next_business_day(
    client, staff_user, sent_case, day, reason
):
    ClosedDay.objects.create(date="2027-01-07", reason="事務所の研修")
    reminder = sent_case.reminders.get(kind=Kind.REPLY_DUE)
    with time_machine.travel(jst(2026, 12, 22, 10, 30), tick=False):
        response = snooze(client, staff_user, reminder, until=day)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="closed-day-warning"' in html and reason in html
    assert 'id="use-next-business-day"' in html
    reminder.refresh_from_db()
    assert reminder.snoozed_until is None


def test_the_offered_next_business_day_and_the_closed_day_on_purpose_both_work(
    client, staff_user, sent_case
):
    reminder = sent_case.reminders.get(kind=Kind.REPLY_DUE)
    with time_machine.travel(jst(2026, 12, 22, 10, 30), tick=False):
        html = snooze(client, staff_user, reminder, until="2027-01-02").content.decode()
        assert 'name="until" value="2027-01-04"' in html
        snooze(client, staff_user, reminder, until="2027-01-04")
        reminder.refresh_from_db()
        assert reminder.snoozed_until == jst(2027, 1, 4, 9, 0)
        response = snooze(client, staff_user, reminder, until="2027-01-02", closed_day_ok="1")
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.snoozed_until == jst(2027, 1, 2, 9, 0)


def test_next_only_returns_to_a_page_of_this_site(client, staff_user, sent_case):
    reminder = sent_case.reminders.get(kind=Kind.REPLY_DUE)
    with time_machine.travel(jst(2026, 12, 22, 10, 30), tick=False):
        for target in ("https://evil.example.com/", "//evil.example.com/x", "javascript:x"):
            response = snooze(client, staff_user, reminder, next=target)
            assert response["Location"] == reverse("home")


def test_a_reminder_being_delivered_offers_no_move(client, staff_user, sent_case):
    reminder = sent_case.reminders.get(kind=Kind.REPLY_DUE)
    Reminder.objects.filter(pk=reminder.pk).update(state=State.CLAIMED)
    html = page(client, staff_user, sent_case)
    row = html[html.index(f'id="case-reminder-{reminder.pk}"') :]
    row = row[: row.index("</li>")]
    assert "配信処理中" in row and "reminder_snooze" not in row and "<form" not in row


def test_the_dashboards_snooze_to_a_closed_day_warns_too_and_returns_to_the_dashboard(
    client, staff_user, sent_case
):
    reminder = sent_case.reminders.get(kind=Kind.RECEIPT_CHECK)
    Reminder.objects.filter(pk=reminder.pk).update(state=State.DELIVERED)
    with time_machine.travel(jst(2026, 12, 22, 12, 0), tick=False):
        client.force_login(staff_user)
        response = client.post(
            reverse("reminder_snooze", args=[reminder.pk]), {"until": "2026-12-31"}
        )
    html = response.content.decode()
    assert 'id="closed-day-warning"' in html and "年末年始" in html
    assert 'name="next" value="/"' in html
