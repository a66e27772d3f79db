"""Reminder rules (domain.md's table): which duties a case has, and when they fall due.

``sync_case_reminders`` is the one entry point the case services call, in the same transaction
as the step that changed the case. It is idempotent: it computes the reminders the case should
have from its dates and status, and creates, moves or cancels rows to match.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from office.selectors import get_office

from .business_days import BusinessCalendar, at_opening, tokyo_date
from .models import RecoveryCase, Reminder, Status

Kind = Reminder.Kind
State = Reminder.State
RECEIPT_CHECK_AFTER = timedelta(hours=1)
LIVE_STATES = (State.PENDING, State.CLAIMED)

# Statuses in which CCUS's reply is awaited / the login work is awaited.
_AWAITING_RECEIPT = (Status.SENT,)
_AWAITING_REPLY = (Status.SENT, Status.RECEIPT_CONFIRMED, Status.WAITING)
_AWAITING_LOGIN = (Status.REPLIED, Status.LOGIN_WORK)


def planned_reminders(
    case: RecoveryCase, calendar: BusinessCalendar | None = None
) -> dict[str, datetime]:
    """Return {kind: due_at} for the reminders ``case`` should have now."""
    calendar = calendar or BusinessCalendar.from_database()
    opening = get_office().opening_time
    plan: dict[str, datetime] = {}
    if case.sent_at and case.status in _AWAITING_RECEIPT and not case.receipt_at:
        plan[Kind.RECEIPT_CHECK] = case.sent_at + RECEIPT_CHECK_AFTER
    if case.sent_at and case.status in _AWAITING_REPLY and not case.reply_at:
        sent = tokyo_date(case.sent_at)
        plan[Kind.REPLY_DUE] = at_opening(calendar.add_business_days(sent, 4), opening)
        # "the business day after the 5th" is the 6th business day after sending.
        plan[Kind.REPLY_OVERDUE] = at_opening(calendar.add_business_days(sent, 6), opening)
    if case.reply_at and case.status in _AWAITING_LOGIN and not case.relogin_confirmed_at:
        replied = tokyo_date(case.reply_at)
        plan[Kind.LOGIN_DUE] = at_opening(calendar.add_business_days(replied, 2), opening)
        plan[Kind.LOGIN_OVERDUE] = at_opening(calendar.add_business_days(replied, 4), opening)
    return plan


def sync_case_reminders(case: RecoveryCase, *, now: datetime | None = None) -> None:
    """Make the case's reminder rows match ``planned_reminders``. Call inside the transaction."""
    now = now or timezone.now()
    plan = planned_reminders(case)
    existing = {r.kind: r for r in case.reminders.filter(state__in=LIVE_STATES)}
    for kind, reminder in existing.items():
        if kind not in plan:
            reminder.state = State.CANCELLED
            reminder.save(update_fields=["state"])
        elif reminder.due_at != plan[kind] and reminder.state == State.PENDING:
            reminder.due_at = plan[kind]
            reminder.save(update_fields=["due_at"])
    for kind, due_at in plan.items():
        if kind in existing:
            continue
        # A reminder already delivered for the same moment is not created again.
        if case.reminders.filter(
            kind=kind, due_at=due_at, state__in=(State.DELIVERED, State.DONE)
        ).exists():
            continue
        Reminder.objects.create(case=case, kind=kind, due_at=due_at)
