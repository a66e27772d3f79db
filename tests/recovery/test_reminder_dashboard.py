"""The dashboard (home page): delivered reminders with done / snooze / reassign, each on the
case timeline; the delivery-pass warning; the private calendar feed."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from office.models import Heartbeat
from office.services import heartbeat_touch
from recovery.models import CalendarFeed, CaseEvent, Reminder
from recovery.reminders.calendar_feed import calendar_feed_regenerate
from tests.recovery.reminder_factories import jst, make_case

pytestmark = pytest.mark.django_db
State = Reminder.State
Kind = Reminder.Kind


def delivered(case, *, kind=Kind.REPLY_DUE, hours_ago=1, **fields) -> Reminder:
    now = timezone.now()
    return Reminder.objects.create(
        case=case,
        kind=kind,
        due_at=now - timedelta(hours=hours_ago),
        state=State.DELIVERED,
        delivered_at=now,
        **fields,
    )


def test_home_is_the_dashboard_and_needs_a_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_shows_my_and_unassigned_delivered_reminders_oldest_first(
    staff_client, staff_user, admin_user
):
    newer = delivered(make_case(assignee=staff_user), hours_ago=1)
    older = delivered(make_case(), hours_ago=30, kind=Kind.REPLY_OVERDUE)
    others = delivered(make_case(assignee=admin_user))
    pending = Reminder.objects.create(
        case=make_case(assignee=staff_user),
        kind=Kind.LOGIN_DUE,
        due_at=timezone.now() + timedelta(days=1),
    )
    done = delivered(make_case(assignee=staff_user))
    Reminder.objects.filter(pk=done.pk).update(state=State.DONE)
    html = staff_client.get("/").content.decode()
    assert f'id="reminder-{older.pk}"' in html and f'id="reminder-{newer.pk}"' in html
    assert html.index(f'id="reminder-{older.pk}"') < html.index(f'id="reminder-{newer.pk}"')
    assert f'id="reminder-{others.pk}"' not in html
    assert f'id="reminder-{pending.pk}"' not in html
    assert f'id="reminder-{done.pk}"' not in html
    assert "CCUSの回答が遅れています" in html
    assert "未割当(全員に表示)" in html


def test_it_says_so_when_there_is_nothing_to_do(staff_client):
    heartbeat_touch(name="reminders")
    html = staff_client.get("/").content.decode()
    assert 'id="no-reminders"' in html
    assert 'id="delivery-warning"' not in html


def test_it_warns_when_the_last_delivery_pass_is_older_than_three_minutes(staff_client):
    assert "まだ一度も動いていません" in staff_client.get("/").content.decode()
    Heartbeat.objects.create(name="reminders", at=timezone.now() - timedelta(minutes=4))
    html = staff_client.get("/").content.decode()
    assert 'id="delivery-warning"' in html and "4分以上動いていません" in html


def test_mark_done_removes_it_and_writes_the_timeline(staff_client, staff_user):
    reminder = delivered(make_case(assignee=staff_user))
    response = staff_client.post(reverse("reminder_done", args=[reminder.pk]))
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.state == State.DONE and reminder.done_by == staff_user
    event = CaseEvent.objects.get(case=reminder.case, kind=CaseEvent.Kind.REMINDER)
    assert event.actor == staff_user and "対応済" in event.message
    assert f'id="reminder-{reminder.pk}"' not in staff_client.get("/").content.decode()
    # Twice is harmless and says so.
    response = staff_client.post(reverse("reminder_done", args=[reminder.pk]), follow=True)
    assert "すでに対応済か取消済" in response.content.decode()
    assert CaseEvent.objects.filter(case=reminder.case).count() == 1


def test_actions_refuse_get(staff_client, staff_user):
    reminder = delivered(make_case(assignee=staff_user))
    assert staff_client.get(reverse("reminder_done", args=[reminder.pk])).status_code == 405


def test_snooze_hides_it_until_the_next_business_morning(client, staff_user):
    staff_client = client
    reminder = delivered(make_case(assignee=staff_user))
    with time_machine.travel(jst(2026, 12, 28, 14, 0)):  # Mon before the year-end closure
        staff_client.force_login(staff_user)  # sessions last 8 hours of (travelled) time
        staff_client.post(reverse("reminder_snooze", args=[reminder.pk]))
        reminder.refresh_from_db()
        assert reminder.snoozed_until == jst(2027, 1, 4, 9, 0)
        assert f'id="reminder-{reminder.pk}"' not in staff_client.get("/").content.decode()
        event = CaseEvent.objects.get(case=reminder.case)
        assert "2027年1月4日(月) 09:00まで延期" in event.message
    with time_machine.travel(jst(2027, 1, 4, 9, 0)):
        staff_client.force_login(staff_user)
        assert f'id="reminder-{reminder.pk}"' in staff_client.get("/").content.decode()


def test_a_card_back_from_a_snooze_shows_the_snoozed_time_and_ranks_by_it(client, staff_user):
    snoozed = delivered(
        make_case(assignee=staff_user), hours_ago=24 * 30, snoozed_until=jst(2027, 1, 4, 9, 0)
    )
    Reminder.objects.filter(pk=snoozed.pk).update(due_at=jst(2026, 12, 3, 9, 0))
    waiting = delivered(make_case(assignee=staff_user))
    Reminder.objects.filter(pk=waiting.pk).update(due_at=jst(2026, 12, 28, 9, 0))
    with time_machine.travel(jst(2027, 1, 4, 10, 0)):
        client.force_login(staff_user)
        html = client.get("/").content.decode()
    card = html[html.index(f'id="reminder-{snoozed.pk}"') :]
    card = card[: card.index("</li>")]
    assert "2027年1月4日(月) 09:00" in card
    assert "2026年12月3日" not in card
    # The one shown since 28 Dec comes before the one back from its snooze this morning.
    assert html.index(f'id="reminder-{waiting.pk}"') < html.index(f'id="reminder-{snoozed.pk}"')


def test_snooze_to_a_chosen_date(client, staff_user):
    staff_client = client
    reminder = delivered(make_case(assignee=staff_user))
    with time_machine.travel(jst(2027, 4, 28, 10, 0)):
        staff_client.force_login(staff_user)
        staff_client.post(reverse("reminder_snooze", args=[reminder.pk]), {"until": "2027-05-06"})
    reminder.refresh_from_db()
    assert reminder.snoozed_until == jst(2027, 5, 6, 9, 0)


@pytest.mark.parametrize(
    "value, error",
    [
        ("2020-01-01", "明日以降の日付"),
        ("あした", "2027-01-06 のような日付"),
        ((date.today() + timedelta(days=400)).isoformat(), "1年以内"),
    ],
)
def test_snooze_rejects_a_bad_date_and_names_the_fix(staff_client, staff_user, value, error):
    reminder = delivered(make_case(assignee=staff_user))
    response = staff_client.post(
        reverse("reminder_snooze", args=[reminder.pk]), {"until": value}, follow=True
    )
    assert error in response.content.decode()
    reminder.refresh_from_db()
    assert reminder.snoozed_until is None


def test_reassign_gives_the_case_to_another_staff_member(staff_client, staff_user, admin_user):
    reminder = delivered(make_case(assignee=staff_user))
    staff_client.post(reverse("reminder_reassign", args=[reminder.pk]), {"assignee": admin_user.pk})
    reminder.case.refresh_from_db()
    assert reminder.case.assignee == admin_user
    event = CaseEvent.objects.get(case=reminder.case)
    assert "山田 花子 → 佐藤 一郎" in event.message
    assert event.actor == staff_user
    assert f'id="reminder-{reminder.pk}"' not in staff_client.get("/").content.decode()


def test_reassign_rejects_an_unknown_staff_member(staff_client, staff_user):
    reminder = delivered(make_case(assignee=staff_user))
    response = staff_client.post(
        reverse("reminder_reassign", args=[reminder.pk]), {"assignee": 99999}, follow=True
    )
    assert "新しい担当者は一覧から選んでください" in response.content.decode()
    reminder.case.refresh_from_db()
    assert reminder.case.assignee == staff_user


def _shown_token(browser) -> str:
    import re

    page = browser.get(reverse("reminder_calendar")).content.decode()
    return re.search(r"/calendar/([A-Za-z0-9_-]+)\.ics", page).group(1)


def test_the_calendar_page_issues_regenerates_and_revokes_the_private_url(staff_client, staff_user):
    assert (
        "まだカレンダーURLはありません"
        in staff_client.get(reverse("reminder_calendar")).content.decode()
    )
    staff_client.post(reverse("reminder_calendar"), {"action": "regenerate"})
    first = _shown_token(staff_client)
    assert CalendarFeed.objects.get(user=staff_user).token_hash == CalendarFeed.hash_token(first)
    staff_client.post(reverse("reminder_calendar"), {"action": "regenerate"})
    second = _shown_token(staff_client)
    assert second != first
    staff_client.post(reverse("reminder_calendar"), {"action": "revoke"})
    assert not CalendarFeed.objects.filter(user=staff_user).exists()


def test_the_feed_lists_my_open_reminders_without_a_login_and_without_client_names(
    client, staff_user, admin_user
):
    mine = Reminder.objects.create(
        case=make_case(assignee=staff_user), kind=Kind.LOGIN_DUE, due_at=jst(2027, 5, 6, 9, 0)
    )
    unassigned = delivered(make_case())
    Reminder.objects.create(
        case=make_case(assignee=admin_user), kind=Kind.LOGIN_DUE, due_at=jst(2027, 5, 6, 9, 0)
    )
    Reminder.objects.create(
        case=make_case(assignee=staff_user),
        kind=Kind.REPLY_DUE,
        due_at=jst(2027, 5, 6, 9, 0),
        state=State.CANCELLED,
    )
    token = calendar_feed_regenerate(user=staff_user).token
    response = client.get(reverse("reminder_calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert len(events) == 2
    assert {uid.split("@")[0] for uid in events} == {
        f"reminder-{mine.pk}",
        f"reminder-{unassigned.pk}",
    }
    summaries = " ".join(str(e["summary"]) for e in events.values())
    assert f"案件#{mine.case_id}" in summaries
    assert mine.case.client.name not in response.content.decode()
    start = next(e for e in events.values() if f"#{mine.case_id}" in str(e["summary"]))
    assert start.decoded("dtstart") == jst(2027, 5, 6, 9, 0)


def test_a_revoked_or_unknown_token_gets_404(client, staff_user):
    token = calendar_feed_regenerate(user=staff_user).token
    calendar_feed_regenerate(user=staff_user)
    assert client.get(reverse("reminder_calendar_feed", args=[token])).status_code == 404
    assert client.get("/calendar/nope.ics").status_code == 404


def test_an_inactive_users_feed_is_closed(client, staff_user):
    token = calendar_feed_regenerate(user=staff_user).token
    staff_user.is_active = False
    staff_user.save()
    assert client.get(reverse("reminder_calendar_feed", args=[token])).status_code == 404
