"""Reads of reminders: the dashboard's cards and the calendar feed's events."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from ..models import Reminder

State = Reminder.State


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
    """The user's open reminders (future and delivered-not-done) for the calendar feed."""
    return (
        Reminder.objects.filter(
            reminders_for_user_q(user),
            state__in=(State.PENDING, State.CLAIMED, State.DELIVERED),
        )
        .select_related("case__client")
        .order_by("due_at", "pk")
    )
