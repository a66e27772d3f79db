"""The client's guide, the staff dashboard and the reminders tell the same dates for one case.

All three read ``recovery.schedule``; this test holds them to it from the outside, over the
year-end closure, a Monday holiday and a day the office closes: the guide's window is the
dashboard's window, the "due" reminder falls on its first day, and the dashboard calls a step
late on exactly the day the "overdue" reminder falls (the reminder at the office's opening time).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
import time_machine

from clients.models import Client
from documents.pdfs import guide_dates
from office.dates import format_date_ja
from recovery import services
from recovery.business_days import TOKYO, BusinessCalendar
from recovery.desk.selectors import desk_overview
from recovery.models import RecoveryCase, Reminder, Situation
from recovery.selectors import case_schedule, overdue_q

pytestmark = pytest.mark.django_db

Kind = Reminder.Kind
SENT = datetime(2026, 12, 25, 10, 0, tzinfo=TOKYO)  # Fri, the last business day of 2026
RECEIPT = SENT + timedelta(minutes=20)
REPLY = datetime(2027, 1, 7, 14, 0, tzinfo=TOKYO)  # Thu; Mon 1/11 is 成人の日


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TOKYO)


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _pending(case: RecoveryCase) -> dict[str, datetime]:
    return dict(case.reminders.filter(state=Reminder.State.PENDING).values_list("kind", "due_at"))


def _dashboard(case: RecoveryCase, now: datetime):
    """What the dashboard says at ``now``: the case's schedule, whether the overdue filter of the
    case list holds it, and the overview's overdue count."""
    calendar = BusinessCalendar.from_database()
    case = RecoveryCase.objects.select_related("client").get(pk=case.pk)
    schedule = case_schedule(case, calendar=calendar, now=now)
    in_filter = RecoveryCase.objects.filter(overdue_q(calendar=calendar, now=now), pk=case.pk)
    return schedule, in_filter.exists(), desk_overview(now=now, calendar=calendar).counts["overdue"]


@pytest.fixture
def sent_case(staff_user, office_profile):
    client = Client.objects.create(
        name="株式会社年末建設",
        business_id="12345678901234",
        address="石川県七尾市府中町1番地",
        phone="0767-52-1111",
    )
    with time_machine.travel(SENT - timedelta(hours=1), tick=False):
        case = services.case_create(
            client=client,
            situation=Situation.CANNOT_LOGIN,
            actor=staff_user,
            assignee=staff_user,
            new_email="ccus@nenmatsu.example.jp",
        )
    with time_machine.travel(SENT, tick=False):
        services.case_mark_sent(case=case, actor=staff_user, sent_at=SENT)
    return case


def test_the_receipt_check_falls_when_the_dashboard_starts_calling_the_receipt_late(sent_case):
    due = _pending(sent_case)[Kind.RECEIPT_CHECK]
    assert due == SENT + timedelta(hours=1)
    before, in_filter_before, count_before = _dashboard(sent_case, due - timedelta(minutes=1))
    after, in_filter_after, count_after = _dashboard(sent_case, due)
    assert (before.receipt_overdue, in_filter_before, count_before) == (False, False, 0)
    assert (after.receipt_overdue, in_filter_after, count_after) == (True, True, 1)


@pytest.mark.parametrize(
    ("closed_day", "reply_window"),
    [
        # domain.md's example: 4 and 5 business days after Fri 2026-12-25.
        (None, (date(2027, 1, 6), date(2027, 1, 7))),
        # The office closes Wed 1/6 (CCUS suspended work): every date moves by one business day.
        (date(2027, 1, 6), (date(2027, 1, 7), date(2027, 1, 8))),
    ],
)
def test_the_reply_window_is_one_window_everywhere(sent_case, admin_user, closed_day, reply_window):
    if closed_day:
        services.closed_day_add(day=closed_day, reason="CCUS休業", actor=admin_user)
    with time_machine.travel(RECEIPT, tick=False):
        services.case_record_receipt(
            case=sent_case, actor=admin_user, mail_text="C-2612250001", received_at=RECEIPT
        )
    sent_case.refresh_from_db()
    earliest, latest = reply_window

    guide = guide_dates(sent_case)
    assert (guide["mail_from"], guide["mail_to"]) == (
        format_date_ja(earliest),
        format_date_ja(latest),
    )
    schedule, _, _ = _dashboard(sent_case, RECEIPT)
    assert (schedule.reply.earliest, schedule.reply.latest) == reply_window
    reminders = _pending(sent_case)
    assert reminders[Kind.REPLY_DUE] == _at(earliest, 9)
    late_from = reminders[Kind.REPLY_OVERDUE].astimezone(TOKYO).date()
    assert late_from > latest and reminders[Kind.REPLY_OVERDUE] == _at(late_from, 9)

    # Each day at noon, from the sending to well after: late on the dashboard, in the case
    # list's filter and in the overview's count exactly from the day the overdue reminder falls.
    for day in _days(SENT.date(), date(2027, 1, 20)):
        schedule, in_filter, count = _dashboard(sent_case, _at(day))
        late = day >= late_from
        assert (schedule.reply.overdue, in_filter, count) == (late, late, int(late)), day


def test_the_login_window_is_one_window_everywhere(sent_case, staff_user):
    with time_machine.travel(REPLY, tick=False):
        services.case_record_receipt(
            case=sent_case, actor=staff_user, mail_text="C-2612250001", received_at=RECEIPT
        )
        services.case_record_reply(
            case=sent_case, actor=staff_user, mail_text="変更が完了しました。", received_at=REPLY
        )
    sent_case.refresh_from_db()
    # 2 and 3 business days after Thu 1/7: Fri 1/8 is the first, Mon 1/11 a holiday.
    window = (date(2027, 1, 12), date(2027, 1, 13))

    guide = guide_dates(sent_case)
    assert "mail_from" not in guide  # the reply has come: the guide speaks of the login work
    assert (guide["work_from"], guide["work_to"]) == tuple(format_date_ja(d) for d in window)
    reminders = _pending(sent_case)
    assert set(reminders) == {Kind.LOGIN_DUE, Kind.LOGIN_OVERDUE}
    assert reminders[Kind.LOGIN_DUE] == _at(window[0], 9)
    late_from = reminders[Kind.LOGIN_OVERDUE].astimezone(TOKYO).date()
    assert late_from == date(2027, 1, 14)

    for day in _days(REPLY.date(), date(2027, 1, 25)):
        now = _at(day)
        schedule, in_filter, count = _dashboard(sent_case, now)
        assert (schedule.login.earliest, schedule.login.latest) == window
        late = day >= late_from
        assert (schedule.login.overdue, in_filter, count) == (late, late, int(late)), day
        # The overview lists the login work in the week its window opens.
        overview = desk_overview(now=now, calendar=BusinessCalendar.from_database())
        week_end = day + timedelta(days=6 - day.weekday())
        listed = sent_case.pk in [c.pk for c, _ in overview.login_this_week]
        assert listed == (window[0] <= week_end), day


# --- The renewal: "the latest start of a recovery" agrees with the recovery schedule ----------


def _recovery_ends(start: date, calendar: BusinessCalendar) -> date:
    """Walk a recovery through ``recovery.schedule`` as the case page would show it: the inquiry
    sent at 10:00 on ``start``, CCUS's reply on the last day of its window, the login work on
    the last day of its window."""
    from recovery.schedule import login_window, reply_window

    reply = reply_window(_at(start, 10), calendar).latest
    return login_window(_at(reply, 15), calendar).latest


@pytest.mark.parametrize(
    "closed", [{}, {date(2026, 12, 21): "臨時休業"}, {date(2027, 5, 6): "CCUS休止"}]
)
def test_the_latest_recovery_start_agrees_with_the_recovery_schedule_day_by_day(closed):
    from recovery.renewal import latest_recovery_start, recommended_last_day

    calendar = BusinessCalendar(dict(closed))
    for expiry in _days(date(2027, 1, 1), date(2027, 7, 31)):
        latest = latest_recovery_start(expiry, calendar)
        deadline = recommended_last_day(expiry)
        assert calendar.is_business_day(latest)
        assert _recovery_ends(latest, calendar) < deadline, expiry
        later = calendar.next_business_day(latest)
        assert _recovery_ends(later, calendar) >= deadline, expiry
