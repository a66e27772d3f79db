"""Reads of reminders: the dashboard's cards, the calendar feed's events, a case's reminders.

A reminder *shows at* ``snoozed_until`` when staff snoozed or moved it, else at ``due_at``
(``Reminder.shows_at``); every list here orders and filters by that moment.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

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
    """The user's delivered, not-done, not-snoozed reminders, oldest first."""
    now = now or timezone.now()
    return (
        Reminder.objects.filter(reminders_for_user_q(user), state=State.DELIVERED)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now))
        .select_related("case__client", "case__assignee")
        .order_by("due_at", "pk")
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
    return (
        Reminder.objects.filter(case_id=case_id, state__in=OPEN_STATES)
        .order_by(shows_at_expression(), "pk")
    )
