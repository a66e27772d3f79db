"""A login work started but unfinished after its window is chased: once, at the office's
opening time, and never once the work is complete."""

import pytest
import time_machine
from django.core import mail

from recovery import services
from recovery.models import Reminder
from recovery.reminders.delivery import reminders_deliver_due
from recovery.reminders.rules import MESSAGES
from tests.recovery.reminder_factories import jst

pytestmark = pytest.mark.django_db
Kind = Reminder.Kind
State = Reminder.State

# Reply on Mon 2026-12-21: window Wed 12-23 – Thu 12-24; late from Fri 12-25.
REPLY = jst(2026, 12, 21, 15, 0)


@pytest.fixture
def replied(full_case, staff_user):
    with time_machine.travel(REPLY, tick=False):
        services.case_mark_sent(case=full_case, actor=staff_user, sent_at=jst(2026, 12, 14, 10))
        services.case_record_receipt(
            case=full_case,
            actor=staff_user,
            receipt_number="C-2612140001",
            received_at=jst(2026, 12, 14, 10, 30),
        )
        services.case_record_reply(case=full_case, actor=staff_user, received_at=REPLY)
    return full_case


def start(case, user, at):
    with time_machine.travel(at, tick=False):
        services.case_start_login_work(case=case, actor=user)


def stalled(case) -> Reminder:
    return case.reminders.get(kind=Kind.LOGIN_STALLED)


def test_a_work_started_in_its_window_is_chased_when_the_window_is_over(replied, staff_user):
    start(replied, staff_user, jst(2026, 12, 23, 10, 0))
    assert stalled(replied).due_at == jst(2026, 12, 25, 9, 0)
    assert stalled(replied).state == State.PENDING


def test_a_work_started_after_its_window_is_chased_the_next_business_day(replied, staff_user):
    # Started Mon 12-28; 12-29 to 1-3 is the year-end closure: chased Mon 2027-01-04.
    start(replied, staff_user, jst(2026, 12, 28, 10, 0))
    assert stalled(replied).due_at == jst(2027, 1, 4, 9, 0)


def test_a_work_not_started_has_no_stalled_reminder(replied):
    assert not replied.reminders.filter(kind=Kind.LOGIN_STALLED).exists()


def test_the_reminder_is_delivered_exactly_once_at_opening_time(replied, staff_user):
    start(replied, staff_user, jst(2026, 12, 23, 10, 0))
    mail.outbox.clear()
    with time_machine.travel(jst(2026, 12, 25, 8, 59), tick=False):
        assert reminders_deliver_due() == 0
    with time_machine.travel(jst(2026, 12, 25, 9, 0), tick=False):
        assert reminders_deliver_due() == 1
    with time_machine.travel(jst(2026, 12, 25, 9, 5), tick=False):
        assert reminders_deliver_due() == 0
    with time_machine.travel(jst(2027, 1, 4, 9, 0), tick=False):
        assert reminders_deliver_due() == 0
    assert stalled(replied).state == State.DELIVERED
    assert len(mail.outbox) == 1
    assert "まだ完了していません" in mail.outbox[0].body
    assert replied.events.filter(message__contains="まだ完了していません").count() <= 1


def test_completing_the_work_before_it_is_due_cancels_it(replied, staff_user):
    start(replied, staff_user, jst(2026, 12, 23, 10, 0))
    with time_machine.travel(jst(2026, 12, 24, 10, 0), tick=False):
        for step in services.LOGIN_STEPS:
            services.case_check_login_step(case=replied, actor=staff_user, step=step)
    assert stalled(replied).state == State.CANCELLED
    with time_machine.travel(jst(2026, 12, 25, 9, 0), tick=False):
        assert reminders_deliver_due() == 0


def test_completing_the_work_after_it_was_delivered_takes_it_off_the_dashboard(replied, staff_user):
    start(replied, staff_user, jst(2026, 12, 23, 10, 0))
    with time_machine.travel(jst(2026, 12, 25, 9, 0), tick=False):
        reminders_deliver_due()
    with time_machine.travel(jst(2026, 12, 25, 11, 0), tick=False):
        for step in services.LOGIN_STEPS:
            services.case_check_login_step(case=replied, actor=staff_user, step=step)
    assert stalled(replied).state == State.DONE
    assert replied.reminders.filter(kind=Kind.LOGIN_STALLED).count() == 1


def test_hold_cancels_it_and_resume_plans_it_again_without_a_second_delivery(replied, staff_user):
    start(replied, staff_user, jst(2026, 12, 23, 10, 0))
    with time_machine.travel(jst(2026, 12, 25, 9, 0), tick=False):
        assert reminders_deliver_due() == 1
    with time_machine.travel(jst(2026, 12, 25, 10, 0), tick=False):
        services.case_hold(case=replied, actor=staff_user, reason="お客様の都合")
        services.case_resume(case=replied, actor=staff_user)
        assert reminders_deliver_due() == 0
    assert replied.reminders.filter(kind=Kind.LOGIN_STALLED).count() == 1


def test_the_rule_has_a_message_for_staff():
    assert "ログイン作業を開始しましたが" in str(MESSAGES[Kind.LOGIN_STALLED])
