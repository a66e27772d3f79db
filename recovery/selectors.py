"""Reads of recovery cases: the filtered list, and each case's schedule and next step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from clients.normalize import clean_search_text, digits_only, number_text

from .business_days import TOKYO, BusinessCalendar, tokyo_date
from .models import RecoveryCase, Status

AWAITING_RECEIPT = (Status.SENT,)
AWAITING_REPLY = (Status.SENT, Status.RECEIPT_CONFIRMED, Status.WAITING)
AWAITING_LOGIN = (Status.REPLIED, Status.LOGIN_WORK)
RECEIPT_GRACE = timedelta(hours=1)
# The guide: CCUS replies 4–5 business days after sending; work 2–3 business days after that.
REPLY_DAYS = (4, 5)
LOGIN_DAYS = (2, 3)


@dataclass
class Expected:
    label: str
    earliest: date
    latest: date
    overdue: bool


@dataclass
class CaseSchedule:
    receipt_overdue: bool = False
    reply: Expected | None = None
    login: Expected | None = None

    @property
    def overdue(self) -> bool:
        return self.receipt_overdue or any(
            e is not None and e.overdue for e in (self.reply, self.login)
        )


def case_schedule(
    case: RecoveryCase, *, calendar: BusinessCalendar, now: datetime | None = None
) -> CaseSchedule:
    """The expected dates of CCUS's reply and of the login work, and what is overdue."""
    now = now or timezone.now()
    today = tokyo_date(now)
    status = case.held_status if case.status == Status.ON_HOLD else case.status
    active = case.status != Status.ON_HOLD
    schedule = CaseSchedule()
    if case.sent_at and status in AWAITING_RECEIPT and not case.receipt_at:
        schedule.receipt_overdue = active and now > case.sent_at + RECEIPT_GRACE
    if case.sent_at and (status in AWAITING_REPLY or case.reply_at):
        sent = tokyo_date(case.sent_at)
        latest = calendar.add_business_days(sent, REPLY_DAYS[1])
        schedule.reply = Expected(
            "CCUSからの回答", calendar.add_business_days(sent, REPLY_DAYS[0]), latest,
            overdue=active and status in AWAITING_REPLY and today > latest,
        )
    if case.reply_at:
        replied = tokyo_date(case.reply_at)
        latest = calendar.add_business_days(replied, LOGIN_DAYS[1])
        schedule.login = Expected(
            "ログイン作業", calendar.add_business_days(replied, LOGIN_DAYS[0]), latest,
            overdue=active and status in AWAITING_LOGIN and today > latest,
        )
    return schedule


def _last_start_date_overdue(calendar: BusinessCalendar, today: date, n: int) -> date:
    """The latest day D with "n business days after D" before ``today`` (monotonic in D)."""
    day = today - timedelta(days=1)
    while calendar.add_business_days(day, n) >= today:
        day -= timedelta(days=1)
    return day


def _start_of_next_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=TOKYO)


def overdue_q(*, calendar: BusinessCalendar, now: datetime | None = None) -> Q:
    """Cases with an overdue step, as one database condition (matches ``case_schedule``)."""
    now = now or timezone.now()
    today = tokyo_date(now)
    reply_cut = _start_of_next_day(_last_start_date_overdue(calendar, today, REPLY_DAYS[1]))
    login_cut = _start_of_next_day(_last_start_date_overdue(calendar, today, LOGIN_DAYS[1]))
    return (
        Q(status__in=AWAITING_RECEIPT, receipt_at__isnull=True, sent_at__lt=now - RECEIPT_GRACE)
        | Q(status__in=AWAITING_REPLY, sent_at__lt=reply_cut)
        | Q(status__in=AWAITING_LOGIN, reply_at__lt=login_cut)
    )


def case_search_q(query: str) -> Q:
    """Client name / フリガナ, 事業者ID (any width, spaces or hyphens) or 受付番号."""
    query = clean_search_text(query)
    if not query:
        return Q()
    half = number_text(query)
    condition = (
        Q(client__name__icontains=query) | Q(client__name_kana__icontains=query)
        | Q(client__name__icontains=half) | Q(receipt_number__iexact=half)
    )
    digits = digits_only(query)
    if len(digits) >= 4:
        condition |= Q(client__business_id__contains=digits) | Q(receipt_number__contains=digits)
    return condition


def case_list(
    *, status: str = "", assignee_id: int | None = None, overdue: bool = False,
    waiting: bool = False, query: str = "", calendar: BusinessCalendar | None = None,
) -> QuerySet[RecoveryCase]:
    cases = RecoveryCase.objects.select_related("client", "assignee")
    if status:
        cases = cases.filter(status=status)
    if assignee_id:
        cases = cases.filter(assignee_id=assignee_id)
    if waiting:
        cases = cases.filter(status__in=AWAITING_REPLY)
    if overdue:
        cases = cases.filter(overdue_q(calendar=calendar or BusinessCalendar.from_database()))
    if query:
        cases = cases.filter(case_search_q(query))
    return cases.order_by("-updated_at", "-pk")
