"""Reads of reminders: the dashboard's cards, the calendar feed's events, a case's reminders.

A reminder *shows at* ``snoozed_until`` when staff snoozed or moved it, else at ``due_at``
(``Reminder.shows_at``); every list here orders and filters by that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..business_days import BusinessCalendar, tokyo_date
from ..models import Reminder

State = Reminder.State
OPEN_STATES = (State.PENDING, State.CLAIMED, State.DELIVERED)


def shows_at_expression() -> Coalesce:
    return Coalesce(F("snoozed_until"), F("due_at"))


def pending_due_q(now: datetime) -> Q:
    """Pending reminders whose moment has come: their due time, or the moment staff moved
    them to. Written as two branches so that the unmoved ones use the (state, due_at) index."""
    return Q(state=State.PENDING) & (
        Q(snoozed_until__isnull=True, due_at__lte=now) | Q(snoozed_until__lte=now)
    )


def reminders_for_user_q(user) -> Q:
    """Reminders of the user's cases and of unassigned cases (which every staff member sees)."""
    return Q(case__assignee=user) | Q(case__assignee__isnull=True)


def dashboard_reminders(user, *, now: datetime | None = None):
    """The user's delivered, not-done reminders whose moment has come, oldest moment first (a
    snoozed one ranks by the end of its snooze, the time its card shows)."""
    now = now or timezone.now()
    return (
        Reminder.objects.filter(reminders_for_user_q(user), state=State.DELIVERED)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now))
        .select_related("case__client", "case__assignee")
        .order_by(shows_at_expression(), "pk")
    )


def open_reminders_for_calendar(user):
    """The user's open reminders (future and delivered-not-done) for the calendar feed, in the
    order they show."""
    return (
        Reminder.objects.filter(reminders_for_user_q(user), state__in=OPEN_STATES)
        .select_related("case__client")
        .order_by(shows_at_expression(), "pk")
    )


def case_open_reminders(case_id: int):
    """A case's reminders still to be dealt with (planned, being delivered, delivered and not
    done), in the order they show."""
    return Reminder.objects.filter(case_id=case_id, state__in=OPEN_STATES).order_by(
        shows_at_expression(), "pk"
    )


def snooze_target_day(reminder: Reminder, *, calendar: BusinessCalendar, today: date) -> date:
    """The day 「翌営業日に延期」 moves ``reminder`` to: the business day after today, or after
    the day it shows when that is later (a future reminder moves one business day on)."""
    return calendar.next_business_day(max(today, tokyo_date(reminder.shows_at)))


@dataclass
class CaseReminderRow:
    reminder: Reminder
    next_business_day: date

    @property
    def moved(self) -> bool:
        return self.reminder.snoozed_until is not None

    @property
    def movable(self) -> bool:
        # A claimed row is being delivered right now; it is delivered in a moment.
        return self.reminder.state in (State.PENDING, State.DELIVERED)


def case_reminder_rows(
    case_id: int, *, calendar: BusinessCalendar | None = None, now: datetime | None = None
) -> list[CaseReminderRow]:
    """The case page's list: each open reminder with the day 「翌営業日に延期」 would move it to."""
    calendar = calendar or BusinessCalendar.from_database()
    today = tokyo_date(now or timezone.now())
    return [
        CaseReminderRow(r, snooze_target_day(r, calendar=calendar, today=today))
        for r in case_open_reminders(case_id)
    ]
