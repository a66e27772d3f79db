"""A snoozed or moved reminder shows at its new time everywhere: the delivery pass, the calendar
feed, ``manage.py reminders``; and the case's plan being recomputed neither undoes the move nor
delivers the reminder twice."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from recovery import services
from recovery.models import CaseEvent, Reminder
from recovery.reminders.calendar_feed import render_calendar
from recovery.reminders.delivery import reminders_deliver_due
from recovery.reminders.rules import sync_case_reminders
from recovery.reminders.services import reminder_snooze
from tests.recovery.reminder_factories import jst

pytestmark = pytest.mark.django_db
State = Reminder.State
Kind = Reminder.Kind


def feed_events(user) -> dict[str, object]:
    """{summary: dtstart} of the user's calendar feed."""
    calendar = Calendar.from_ical(render_calendar(user))
    return {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}


def command_line(capsys, reminder, *args) -> str:
    call_command("reminders", *args)
    lines = capsys.readouterr().out.splitlines()
    return next((line for line in lines if line.startswith(f"{reminder.pk}\t")), "")


@pytest.fixture
def sent_case(full_case, staff_user):
    """Sent on Fri 2026-12-25 16:30: reply due Wed 2027-01-06 09:00 (after 年末年始)."""
    with time_machine.travel(jst(2026, 12, 25, 16, 30), tick=False):
        services.case_mark_sent(case=full_case, actor=staff_user)
    return full_case


def reply_due(case) -> Reminder:
    return case.reminders.get(kind=Kind.REPLY_DUE, state__in=(State.PENDING, State.DELIVERED))


def test_a_delivered_reminder_snoozed_to_the_next_business_day_moves_in_feed_and_command(
    sent_case, staff_user, capsys
):
    with time_machine.travel(jst(2027, 1, 6, 9, 0), tick=False):
        reminders_deliver_due()
    reminder = reply_due(sent_case)
    assert reminder.state == State.DELIVERED
    with time_machine.travel(jst(2027, 1, 6, 10, 0), tick=False):
        moment = reminder_snooze(reminder=reminder, actor=staff_user)
        assert moment == jst(2027, 1, 7, 9, 0)
        assert feed_events(staff_user)[f"CCUS回答予定日(案件#{sent_case.pk})"] == moment
        line = command_line(capsys, reminder)
    assert "\t2027-01-07 09:00\tdelivered\treply_due\t" in line
    assert "延期(元の予定 2027-01-06 09:00)" in line


def test_a_pending_reminder_moved_to_a_chosen_date_is_delivered_then_and_only_then(
    sent_case, staff_user, capsys
):
    reminder = reply_due(sent_case)
    with time_machine.travel(jst(2027, 1, 5, 15, 0), tick=False):
        assert reminder_snooze(reminder=reminder, actor=staff_user, until=date(2027, 1, 8)) == jst(
            2027, 1, 8, 9, 0
        )
        assert "\t2027-01-08 09:00\tpending\treply_due\t" in command_line(capsys, reminder)
        assert feed_events(staff_user)[f"CCUS回答予定日(案件#{sent_case.pk})"] == jst(
            2027, 1, 8, 9, 0
        )
    event = CaseEvent.objects.filter(case=sent_case, kind=CaseEvent.Kind.REMINDER).last()
    assert "2027年1月8日(金) 09:00に移動しました" in event.message
    with time_machine.travel(jst(2027, 1, 6, 9, 0), tick=False):  # the planned moment
        assert command_line(capsys, reminder, "--due") == ""
        reminders_deliver_due()
    assert [m for m in mail.outbox if "CCUS回答予定日" in m.subject] == []
    with time_machine.travel(jst(2027, 1, 8, 9, 0), tick=False):
        assert command_line(capsys, reminder, "--due") != ""
        reminders_deliver_due()
    reminder.refresh_from_db()
    assert reminder.state == State.DELIVERED
    mails = [m for m in mail.outbox if "CCUS回答予定日" in m.subject]
    assert len(mails) == 1
    # The moved time, in the one date form of the office (office/dates.py), weekday included.
    assert "通知予定日時: 2027年1月8日(金) 09:00\n" in mails[0].body
    assert "1月6日" not in mails[0].body


def test_recomputing_the_plan_keeps_the_move_and_never_delivers_twice(sent_case, staff_user):
    reminder = reply_due(sent_case)
    with time_machine.travel(jst(2027, 1, 5, 15, 0), tick=False):
        reminder_snooze(reminder=reminder, actor=staff_user, until=date(2027, 1, 8))
        sync_case_reminders(sent_case)
    reminder.refresh_from_db()
    assert reminder.snoozed_until == jst(2027, 1, 8, 9, 0)
    with time_machine.travel(jst(2027, 1, 8, 9, 0), tick=False):
        reminders_deliver_due()
        sync_case_reminders(sent_case)
        reminders_deliver_due()
    rows = sent_case.reminders.filter(kind=Kind.REPLY_DUE)
    assert rows.count() == 1 and rows.get().state == State.DELIVERED
    assert len([m for m in mail.outbox if "CCUS回答予定日" in m.subject]) == 1


def test_next_business_day_moves_a_future_reminder_one_business_day_on(sent_case, staff_user):
    reminder = reply_due(sent_case)  # planned for Wed 2027-01-06
    with time_machine.travel(jst(2026, 12, 28, 10, 0), tick=False):
        assert reminder_snooze(reminder=reminder, actor=staff_user) == jst(2027, 1, 7, 9, 0)


def test_a_reminder_being_delivered_or_done_is_not_moved(sent_case, staff_user):
    reminder = reply_due(sent_case)
    Reminder.objects.filter(pk=reminder.pk).update(state=State.CLAIMED)
    assert reminder_snooze(reminder=reminder, actor=staff_user, until=date(2027, 1, 8)) is None
    Reminder.objects.filter(pk=reminder.pk).update(state=State.DONE)
    assert reminder_snooze(reminder=reminder, actor=staff_user, until=date(2027, 1, 8)) is None
    reminder.refresh_from_db()
    assert reminder.snoozed_until is None
