"""Staff actions on a delivered reminder (dashboard, case page): done, snooze, reassign.

Each action is conditional on the row still being delivered, and leaves a line on the timeline.
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

Kind = CaseEvent.Kind
State = Reminder.State


def _kind_ja(reminder) -> str:
    """The reminder's kind in Japanese: the timeline is a record, whatever the staff's UI."""
    with translation.override("ja"):
        return str(reminder.get_kind_display())



def _timeline(*, reminder: Reminder, actor, message: str, at: datetime) -> None:
    timeline_record(case_id=reminder.case_id, at=at, actor=actor, kind=Kind.REMINDER,
                    message=message)


@transaction.atomic
def reminder_mark_done(*, reminder: Reminder, actor) -> bool:
    """Mark a delivered reminder done; False when it was not open (already done, cancelled)."""
    now = timezone.now()
    changed = Reminder.objects.filter(pk=reminder.pk, state=State.DELIVERED).update(
        state=State.DONE, done_at=now, done_by=actor
    )
    if changed:
        _timeline(reminder=reminder, actor=actor, at=now,
                  message=f"リマインダー「{_kind_ja(reminder)}」を対応済にしました。")
    return bool(changed)


def next_business_morning(*, now: datetime | None = None) -> datetime:
    """The office's opening time on the next business day after today (Asia/Tokyo)."""
    today = tokyo_date(now or timezone.now())
    day = BusinessCalendar.from_database().next_business_day(today)
    return at_opening(day, get_office().opening_time)


@transaction.atomic
def reminder_snooze(*, reminder: Reminder, actor, until: date | None = None) -> datetime | None:
    """Hide a delivered reminder from the dashboard until the opening time of ``until`` (default:
    the next business day). Return the moment it shows again; None when it was not open."""
    now = timezone.now()
    if until is None:
        moment = next_business_morning(now=now)
    else:
        moment = at_opening(until, get_office().opening_time)
    changed = Reminder.objects.filter(pk=reminder.pk, state=State.DELIVERED).update(
        snoozed_until=moment
    )
    if changed:
        _timeline(reminder=reminder, actor=actor, at=now,
                  message=f"リマインダー「{_kind_ja(reminder)}」を"
                          f"{format_date_ja(tokyo_date(moment))} {moment.astimezone(TOKYO):%H:%M}"
                          "まで延期しました。")
    return moment if changed else None


@transaction.atomic
def reminder_reassign(*, reminder: Reminder, assignee, actor) -> None:
    """Give the reminder's case (and so its reminders) to ``assignee``."""
    case = RecoveryCase.objects.select_for_update().get(pk=reminder.case_id)
    before = case.assignee
    RecoveryCase.objects.filter(pk=case.pk).update(assignee=assignee, updated_at=timezone.now())
    name = user_label(assignee)
    old = user_label(before) if before else "未割当"
    _timeline(reminder=reminder, actor=actor, at=timezone.now(),
              message=f"リマインダー「{_kind_ja(reminder)}」から担当者を変更しました:"
                      f"{old} → {name}")
