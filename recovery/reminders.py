"""Reminder rules (domain.md's table): which duties a case has, and when they fall due.

``sync_case_reminders`` is the one entry point the case services call, in the same transaction
as the step that changed the case. It is idempotent: it computes the reminders the case should
have from its dates and status, and creates, moves or cancels rows to match.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from office.dates import format_date_ja
from office.selectors import get_office, user_label

from .business_days import TOKYO, BusinessCalendar, at_opening, tokyo_date
from .models import CaseEvent, RecoveryCase, Reminder, Status

Kind = Reminder.Kind
State = Reminder.State
RECEIPT_CHECK_AFTER = timedelta(hours=1)
LIVE_STATES = (State.PENDING, State.CLAIMED)

# Statuses in which the receipt mail / CCUS's reply / the login work is awaited. A case on hold
# or closed awaits nothing: its live reminders are cancelled (and come back when it resumes).
_AWAITING_RECEIPT = (Status.SENT,)
_AWAITING_REPLY = (Status.SENT, Status.RECEIPT_CONFIRMED, Status.WAITING)
# "cancelled by: login work recorded" (domain.md): recording the start of the login work
# (status ログイン作業 / login_started_at) ends both login reminders.
_AWAITING_LOGIN = (Status.REPLIED,)

# What each reminder tells the staff member (domain.md's table), for the dashboard and email.
MESSAGES = {
    Kind.RECEIPT_CHECK: _(
        "問い合わせ送信から1時間が経ちましたが、CCUSの受付メールが記録されていません。"
        "迷惑メールフォルダと、入力したメールアドレスを確認してください。"
        "アドレスが誤っていた場合は、問い合わせを送り直してください。"
    ),
    Kind.REPLY_DUE: _("今日からCCUSの回答が届く予定です。受信箱を確認してください。"),
    Kind.REPLY_OVERDUE: _(
        "CCUSの回答が遅れています。問い合わせ内容に不備がなかったか、CCUSに確認してください。"
    ),
    Kind.LOGIN_DUE: _("ログイン作業の予定日です。事業者様と日程を調整してください。"),
    Kind.LOGIN_OVERDUE: _("ログイン作業が遅れています。至急、事業者様と日程を調整してください。"),
}


def _kind_ja(reminder) -> str:
    """The reminder's kind in Japanese: the timeline is a record, whatever the staff's UI."""
    with translation.override("ja"):
        return str(reminder.get_kind_display())


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
    if case.reply_at and case.status in _AWAITING_LOGIN and not case.login_started_at:
        replied = tokyo_date(case.reply_at)
        plan[Kind.LOGIN_DUE] = at_opening(calendar.add_business_days(replied, 2), opening)
        plan[Kind.LOGIN_OVERDUE] = at_opening(calendar.add_business_days(replied, 4), opening)
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
            Reminder.objects.filter(pk=reminder.pk, state=State.PENDING).update(
                due_at=plan[kind]
            )
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


# --- Staff actions on a delivered reminder (dashboard) ------------------------------------------


def _timeline(*, reminder: Reminder, actor, message: str, at: datetime) -> None:
    CaseEvent.objects.create(
        case_id=reminder.case_id, at=at, actor=actor, kind=CaseEvent.Kind.REMINDER, message=message
    )


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


# --- Reads -----------------------------------------------------------------------------------


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
