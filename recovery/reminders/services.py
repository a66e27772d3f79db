"""Staff actions on a reminder (dashboard, case page): done, snooze or move, reassign.

Each action is conditional on the row's state at that moment (a delivery pass may claim it
concurrently), and leaves a line on the timeline.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone, translation

from office.dates import format_date_ja
from office.selectors import get_office, user_label

from ..business_days import TOKYO, BusinessCalendar, at_opening, tokyo_date
from ..models import CaseEvent, RecoveryCase, Reminder
from ..timeline import timeline_record
from .selectors import snooze_target_day

Kind = CaseEvent.Kind
State = Reminder.State


def _kind_ja(reminder) -> str:
    """The reminder's kind in Japanese: the timeline is a record, whatever the staff's UI."""
    with translation.override("ja"):
        return str(reminder.get_kind_display())


def _timeline(*, reminder: Reminder, actor, message: str, at: datetime) -> None:
    timeline_record(
        case_id=reminder.case_id, at=at, actor=actor, kind=Kind.REMINDER, message=message
    )


@transaction.atomic
def reminder_mark_done(*, reminder: Reminder, actor) -> bool:
    """Mark a delivered reminder done; False when it was not open (already done, cancelled)."""
    now = timezone.now()
    changed = Reminder.objects.filter(pk=reminder.pk, state=State.DELIVERED).update(
        state=State.DONE, done_at=now, done_by=actor
    )
    if changed:
        _timeline(
            reminder=reminder,
            actor=actor,
            at=now,
            message=f"リマインダー「{_kind_ja(reminder)}」を対応済にしました。",
        )
    return bool(changed)


def snooze_default_moment(reminder: Reminder, *, now: datetime | None = None) -> datetime:
    """Where 「翌営業日に延期」 puts ``reminder`` (``snooze_target_day``), at opening time."""
    day = snooze_target_day(
        reminder, calendar=BusinessCalendar.from_database(), today=tokyo_date(now or timezone.now())
    )
    return at_opening(day, get_office().opening_time)


@transaction.atomic
def reminder_snooze(*, reminder: Reminder, actor, until: date | None = None) -> datetime | None:
    """Move an open reminder to the opening time of ``until`` (default: the next business day,
    see ``snooze_default_moment``). Return its new time; None when it is not open any more.

    A delivered reminder leaves the dashboard until then (no second email). A reminder not yet
    delivered is delivered then instead of at its planned time. Either way ``snoozed_until``
    holds the staff's moment and ``due_at`` the plan's, which ``sync_case_reminders`` keeps
    following (and the check that a planned reminder was already delivered keeps working).
    A reminder being delivered at this very moment (claimed) is not moved.
    """
    now = timezone.now()
    if until is None:
        moment = snooze_default_moment(reminder, now=now)
    else:
        moment = at_opening(until, get_office().opening_time)
    rows = Reminder.objects.filter(pk=reminder.pk)
    verb = "まで延期しました。"
    changed = rows.filter(state=State.DELIVERED).update(snoozed_until=moment)
    if not changed:
        verb = "に移動しました。"
        changed = rows.filter(state=State.PENDING).update(snoozed_until=moment)
    if changed:
        _timeline(
            reminder=reminder,
            actor=actor,
            at=now,
            message=f"リマインダー「{_kind_ja(reminder)}」を"
            f"{format_date_ja(tokyo_date(moment))} {moment.astimezone(TOKYO):%H:%M}"
            f"{verb}",
        )
    return moment if changed else None


@transaction.atomic
def reminder_reassign(*, reminder: Reminder, assignee, actor) -> None:
    """Give the reminder's case (and so its reminders) to ``assignee``."""
    case = RecoveryCase.objects.select_for_update().get(pk=reminder.case_id)
    before = case.assignee
    RecoveryCase.objects.filter(pk=case.pk).update(assignee=assignee, updated_at=timezone.now())
    name = user_label(assignee)
    old = user_label(before) if before else "未割当"
    _timeline(
        reminder=reminder,
        actor=actor,
        at=timezone.now(),
        message=f"リマインダー「{_kind_ja(reminder)}」から担当者を変更しました:{old} → {name}",
    )
