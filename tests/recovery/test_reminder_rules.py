"""domain.md's reminder table, with frozen time across 年末年始 and Golden Week: each rule is
created by the step that causes it, fires on the right day and hour, and is cancelled by the step
that cancels it."""

from datetime import time, timedelta

import pytest
import time_machine

from recovery.models import ClosedDay, Reminder, Status
from recovery.reminders.delivery import reminders_deliver_due
from recovery.reminders.rules import planned_reminders, sync_case_reminders
from tests.recovery.reminder_factories import jst, make_case

pytestmark = pytest.mark.django_db
Kind = Reminder.Kind
State = Reminder.State


def live(case) -> dict[str, object]:
    return {
        r.kind: r.due_at for r in case.reminders.filter(state__in=(State.PENDING, State.CLAIMED))
    }


def send(case, at):
    case.status = Status.SENT
    case.sent_at = at
    case.save()
    sync_case_reminders(case)


def delivered_kinds(at) -> list[str]:
    with time_machine.travel(at, tick=False):
        reminders_deliver_due()
    return sorted(
        Reminder.objects.filter(state=State.DELIVERED, delivered_at=at).values_list(
            "kind", flat=True
        )
    )


def test_sending_before_the_year_end_plans_the_receipt_check_and_the_reply_reminders():
    case = make_case()
    send(case, jst(2026, 12, 25, 16, 30))
    assert live(case) == {
        Kind.RECEIPT_CHECK: jst(2026, 12, 25, 17, 30),
        # domain.md's example: 4 business days after Fri 12/25 is Wed 2027-01-06.
        Kind.REPLY_DUE: jst(2027, 1, 6, 9, 0),
        # the business day after the 5th (Thu 1/7) is Fri 1/8.
        Kind.REPLY_OVERDUE: jst(2027, 1, 8, 9, 0),
    }


def test_each_sending_rule_fires_on_its_day_and_hour_and_not_a_minute_before():
    case = make_case()
    send(case, jst(2026, 12, 25, 16, 30))
    assert delivered_kinds(jst(2026, 12, 25, 17, 29)) == []
    assert delivered_kinds(jst(2026, 12, 25, 17, 30)) == [Kind.RECEIPT_CHECK]
    # Nothing during the year-end closure or on the day before.
    assert delivered_kinds(jst(2027, 1, 5, 23, 59)) == []
    assert delivered_kinds(jst(2027, 1, 6, 8, 59)) == []
    assert delivered_kinds(jst(2027, 1, 6, 9, 0)) == [Kind.REPLY_DUE]
    assert delivered_kinds(jst(2027, 1, 8, 8, 59)) == []
    assert delivered_kinds(jst(2027, 1, 8, 9, 0)) == [Kind.REPLY_OVERDUE]
    assert delivered_kinds(jst(2027, 1, 20, 9, 0)) == []


def test_recording_the_receipt_cancels_only_the_one_hour_check():
    case = make_case()
    send(case, jst(2026, 12, 25, 16, 30))
    case.status = Status.RECEIPT_CONFIRMED
    case.receipt_at = jst(2026, 12, 25, 16, 50)
    case.save()
    sync_case_reminders(case)
    assert set(live(case)) == {Kind.REPLY_DUE, Kind.REPLY_OVERDUE}
    assert case.reminders.get(kind=Kind.RECEIPT_CHECK).state == State.CANCELLED
    assert delivered_kinds(jst(2026, 12, 25, 18, 0)) == []


def test_recording_the_reply_cancels_the_due_and_overdue_alerts_and_plans_the_login_work():
    case = make_case()
    send(case, jst(2027, 4, 21, 10, 0))
    case.status = Status.REPLIED
    case.receipt_at = jst(2027, 4, 21, 10, 20)
    # Golden Week 2027: 4/29 昭和の日, 5/3-5/5 holidays, weekends around them.
    case.reply_at = jst(2027, 4, 28, 15, 0)
    case.save()
    sync_case_reminders(case)
    assert live(case) == {
        # 2 business days after Wed 4/28: Fri 4/30 (1), Thu 5/6 (2).
        Kind.LOGIN_DUE: jst(2027, 5, 6, 9, 0),
        # the business day after the 3rd (Fri 5/7) is Mon 5/10.
        Kind.LOGIN_OVERDUE: jst(2027, 5, 10, 9, 0),
    }
    assert set(case.reminders.filter(state=State.CANCELLED).values_list("kind", flat=True)) == {
        Kind.RECEIPT_CHECK,
        Kind.REPLY_DUE,
        Kind.REPLY_OVERDUE,
    }
    assert delivered_kinds(jst(2027, 5, 5, 9, 0)) == []
    assert delivered_kinds(jst(2027, 5, 6, 9, 0)) == [Kind.LOGIN_DUE]
    assert delivered_kinds(jst(2027, 5, 7, 9, 0)) == []
    assert delivered_kinds(jst(2027, 5, 10, 9, 0)) == [Kind.LOGIN_OVERDUE]


def test_the_reply_wait_across_golden_week_skips_every_holiday():
    case = make_case()
    send(case, jst(2027, 4, 28, 11, 0))
    plan = planned_reminders(case)
    # After Wed 4/28: 4/30 (1), 5/6 (2), 5/7 (3), 5/10 (4), 5/11 (5), 5/12 (6).
    assert plan[Kind.REPLY_DUE] == jst(2027, 5, 10, 9, 0)
    assert plan[Kind.REPLY_OVERDUE] == jst(2027, 5, 12, 9, 0)


def test_recording_the_login_work_cancels_both_login_reminders():
    case = make_case(
        status=Status.REPLIED,
        sent_at=jst(2027, 4, 21, 10, 0),
        receipt_at=jst(2027, 4, 21, 10, 20),
        reply_at=jst(2027, 4, 28, 15, 0),
    )
    sync_case_reminders(case)
    assert set(live(case)) == {Kind.LOGIN_DUE, Kind.LOGIN_OVERDUE}
    case.status = Status.LOGIN_WORK
    case.login_started_at = jst(2027, 5, 6, 10, 0)
    case.save()
    sync_case_reminders(case)
    # Only the chase of an unfinished work remains, for when the window is over (5/10).
    assert live(case) == {Kind.LOGIN_STALLED: jst(2027, 5, 10, 9, 0)}
    assert delivered_kinds(jst(2027, 5, 10, 9, 0)) == [Kind.LOGIN_STALLED]


def test_correcting_the_send_date_moves_its_reminders():
    case = make_case()
    send(case, jst(2026, 12, 25, 16, 30))
    ids = set(case.reminders.values_list("pk", flat=True))
    send(case, jst(2026, 12, 28, 9, 15))
    # After Mon 12/28: 1/4 (1), 1/5 (2), 1/6 (3), 1/7 (4), 1/8 (5), 1/12 (6; 1/11 成人の日).
    assert live(case) == {
        Kind.RECEIPT_CHECK: jst(2026, 12, 28, 10, 15),
        Kind.REPLY_DUE: jst(2027, 1, 7, 9, 0),
        Kind.REPLY_OVERDUE: jst(2027, 1, 12, 9, 0),
    }
    assert set(case.reminders.values_list("pk", flat=True)) == ids  # moved, not duplicated


def test_a_delivered_alert_leaves_the_dashboard_when_its_step_is_recorded():
    case = make_case()
    send(case, jst(2026, 12, 25, 16, 30))
    assert delivered_kinds(jst(2026, 12, 25, 17, 30)) == [Kind.RECEIPT_CHECK]
    case.status = Status.RECEIPT_CONFIRMED
    case.receipt_at = jst(2026, 12, 25, 17, 40)
    case.save()
    sync_case_reminders(case)
    assert case.reminders.get(kind=Kind.RECEIPT_CHECK).state == State.DONE


def test_syncing_twice_changes_nothing_and_a_delivered_rule_is_not_created_again():
    case = make_case()
    send(case, jst(2026, 12, 25, 16, 30))
    delivered_kinds(jst(2026, 12, 25, 17, 30))
    sync_case_reminders(case)
    sync_case_reminders(case)
    assert case.reminders.count() == 3
    assert case.reminders.filter(kind=Kind.RECEIPT_CHECK).count() == 1


@pytest.mark.parametrize("status", [Status.ON_HOLD, Status.CANCELLED, Status.DONE])
def test_holding_or_closing_a_case_cancels_its_future_reminders(status):
    case = make_case()
    send(case, jst(2026, 12, 25, 16, 30))
    case.status = status
    case.save()
    sync_case_reminders(case)
    assert live(case) == {}


def test_reminders_fall_at_the_offices_opening_time_and_skip_its_closed_days(office_profile):
    office_profile.opening_time = time(8, 30)
    office_profile.save()
    ClosedDay.objects.create(date=jst(2027, 1, 6).date(), reason="CCUS臨時休業")
    case = make_case()
    send(case, jst(2026, 12, 25, 16, 30))
    assert live(case)[Kind.REPLY_DUE] == jst(2027, 1, 7, 8, 30)


def test_a_sent_case_without_a_send_time_has_no_reminders():
    case = make_case(status=Status.SENT)
    sync_case_reminders(case)
    assert live(case) == {}
    assert planned_reminders(case) == {}


def test_the_receipt_check_is_an_hour_of_wall_clock_even_at_night():
    case = make_case()
    send(case, jst(2027, 1, 1, 23, 30))
    assert live(case)[Kind.RECEIPT_CHECK] == jst(2027, 1, 2, 0, 30)
    assert live(case)[Kind.RECEIPT_CHECK] - case.sent_at == timedelta(hours=1)
