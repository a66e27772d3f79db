"""Reminder rules (domain.md's table): which duties a case has, and when they fall due.

The dates come from ``recovery.schedule``, the one owner of the CCUS timing windows.

``sync_case_reminders`` is the one entry point the case services call, in the same transaction
as the step that changed the case. It is idempotent: it computes the reminders the case should
have from its dates and status, and creates, moves or cancels rows to match.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from office.selectors import get_office

from .. import schedule
from ..business_days import BusinessCalendar, at_opening
from ..models import RecoveryCase, Reminder

Kind = Reminder.Kind
State = Reminder.State
LIVE_STATES = (State.PENDING, State.CLAIMED)

# What each reminder tells the staff member (domain.md's table), for the dashboard and email.
MESSAGES = {
    Kind.RECEIPT_CHECK: schedule.with_durations_lazy(
        _(
            "問い合わせ送信から%(receipt_wait)sが経ちましたが、CCUSの受付メールが記録されていません。"
            "迷惑メールフォルダと、入力したメールアドレスを確認してください。"
            "アドレスが誤っていた場合は、問い合わせを送り直してください。"
        )
    ),
    Kind.REPLY_DUE: _("今日からCCUSの回答が届く予定です。受信箱を確認してください。"),
    Kind.REPLY_OVERDUE: _(
        "CCUSの回答が遅れています。問い合わせ内容に不備がなかったか、CCUSに確認してください。"
    ),
    Kind.LOGIN_DUE: _("ログイン作業の予定日です。事業者様と日程を調整してください。"),
    Kind.LOGIN_OVERDUE: _("ログイン作業が遅れています。至急、事業者様と日程を調整してください。"),
    Kind.LOGIN_STALLED: _(
        "ログイン作業を開始しましたが、まだ完了していません。"
        "チェックリストの残りを済ませるか、事業者様に状況を確認してください。"
    ),
}


def planned_reminders(
    case: RecoveryCase, calendar: BusinessCalendar | None = None
) -> dict[str, datetime]:
    """Return {kind: due_at} for the reminders ``case`` should have now."""
    calendar = calendar or BusinessCalendar.from_database()
    opening = get_office().opening_time
    plan: dict[str, datetime] = {}
    waiting = schedule.waiting_for(case)
    if schedule.RECEIPT in waiting:
        plan[Kind.RECEIPT_CHECK] = schedule.receipt_check_at(case.sent_at)
    if schedule.REPLY in waiting:
        reply = schedule.reply_window(case.sent_at, calendar)
        plan[Kind.REPLY_DUE] = at_opening(reply.earliest, opening)
        plan[Kind.REPLY_OVERDUE] = at_opening(reply.late_from, opening)
    if schedule.LOGIN_START in waiting:
        login = schedule.login_window(case.reply_at, calendar)
        plan[Kind.LOGIN_DUE] = at_opening(login.earliest, opening)
        plan[Kind.LOGIN_OVERDUE] = at_opening(login.late_from, opening)
    if case.reply_at and case.login_started_at and case.status in schedule.LOGIN_STARTED:
        stalled = schedule.login_stalled_from(case.reply_at, case.login_started_at, calendar)
        plan[Kind.LOGIN_STALLED] = at_opening(stalled, opening)
    return plan


def sync_case_reminders(case: RecoveryCase, *, now: datetime | None = None) -> None:
    """Make the case's reminder rows match ``planned_reminders``. Call inside the transaction.

    Pending rows not planned any more are cancelled and planned ones moved; a row being delivered
    right now (claimed) is cancelled too, and its delivery then finds it gone. A delivered reminder
    whose duty ended (e.g. the receipt was recorded after the 1-hour alert) leaves the dashboard:
    it is marked done by the step, with no staff member as ``done_by``.
    """
    now = now or timezone.now()
    plan = planned_reminders(case)
    existing = {r.kind: r for r in case.reminders.filter(state__in=LIVE_STATES)}
    for kind, reminder in existing.items():
        if kind not in plan:
            Reminder.objects.filter(pk=reminder.pk, state__in=LIVE_STATES).update(
                state=State.CANCELLED
            )
        elif reminder.due_at != plan[kind] and reminder.state == State.PENDING:
            # Conditional: a delivery pass may claim the row at this very moment.
            Reminder.objects.filter(pk=reminder.pk, state=State.PENDING).update(due_at=plan[kind])
    case.reminders.filter(state=State.DELIVERED).exclude(kind__in=list(plan)).update(
        state=State.DONE, done_at=now
    )
    for kind, due_at in plan.items():
        if kind in existing:
            continue
        # A reminder already delivered for the same moment is not created again.
        if case.reminders.filter(
            kind=kind, due_at=due_at, state__in=(State.DELIVERED, State.DONE)
        ).exists():
            continue
        Reminder.objects.create(case=case, kind=kind, due_at=due_at)
