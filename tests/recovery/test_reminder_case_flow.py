"""Reminders through the real case services, with frozen time across 年末年始: each step of the
case creates, delivers or ends the reminders that domain.md's table names."""

import pytest
import time_machine
from django.core import mail

from recovery import services
from recovery.models import Reminder
from recovery.reminders.delivery import reminders_deliver_due
from tests.recovery.reminder_factories import jst

pytestmark = pytest.mark.django_db
Kind = Reminder.Kind
State = Reminder.State


def states(case) -> dict[str, str]:
    return {r.kind: r.state for r in case.reminders.order_by("pk")}


def dashboard(client, user) -> str:
    client.force_login(user)
    return client.get("/").content.decode()


def test_a_case_from_sending_to_login_work_gets_each_reminder_once(full_case, staff_user, client):
    case = full_case
    with time_machine.travel(jst(2026, 12, 25, 16, 30), tick=False):
        services.case_mark_sent(case=case, actor=staff_user)
    with time_machine.travel(jst(2026, 12, 25, 17, 30), tick=False):
        assert reminders_deliver_due() == 1
        assert f'id="reminder-{case.reminders.get(kind=Kind.RECEIPT_CHECK).pk}"' in dashboard(
            client, staff_user
        )
    with time_machine.travel(jst(2026, 12, 25, 17, 40), tick=False):
        services.case_record_receipt(case=case, actor=staff_user, receipt_number="C-2612250001")
        assert states(case)[Kind.RECEIPT_CHECK] == State.DONE  # left the dashboard
        assert 'id="no-reminders"' in dashboard(client, staff_user)
    with time_machine.travel(jst(2027, 1, 6, 8, 59), tick=False):
        assert reminders_deliver_due() == 0
    with time_machine.travel(jst(2027, 1, 6, 9, 0), tick=False):
        assert reminders_deliver_due() == 1
    with time_machine.travel(jst(2027, 1, 6, 10, 0), tick=False):
        services.case_record_reply(case=case, actor=staff_user)
    assert states(case) == {
        Kind.RECEIPT_CHECK: State.DONE,
        Kind.REPLY_DUE: State.DONE,
        Kind.REPLY_OVERDUE: State.CANCELLED,
        Kind.LOGIN_DUE: State.PENDING,
        Kind.LOGIN_OVERDUE: State.PENDING,
    }
    # After Wed 1/6: 1/7 (1), 1/8 (2), 1/11 成人の日, 1/12 (3), 1/13 (4: the day after the 3rd).
    assert case.reminders.get(kind=Kind.LOGIN_DUE).due_at == jst(2027, 1, 8, 9, 0)
    assert case.reminders.get(kind=Kind.LOGIN_OVERDUE).due_at == jst(2027, 1, 13, 9, 0)
    with time_machine.travel(jst(2027, 1, 8, 9, 0), tick=False):
        assert reminders_deliver_due() == 1
    with time_machine.travel(jst(2027, 1, 8, 11, 0), tick=False):
        services.case_start_login_work(case=case, actor=staff_user)
    assert states(case)[Kind.LOGIN_DUE] == State.DONE
    assert states(case)[Kind.LOGIN_OVERDUE] == State.CANCELLED
    # Started but unfinished when the window is over: chased once (login_stalled).
    with time_machine.travel(jst(2027, 1, 13, 9, 0), tick=False):
        assert reminders_deliver_due() == 1
    assert states(case)[Kind.LOGIN_STALLED] == State.DELIVERED
    assert len(mail.outbox) == 4
    assert all(m.to == [staff_user.email] for m in mail.outbox)
