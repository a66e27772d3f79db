"""Reads of recovery cases: the filtered list, the one case search, each case's schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from clients.normalize import parse_search_query
from clients.selectors import client_search_q
from office import receipt_number
from office.selectors import access_log_targets

from . import schedule as ccus
from .business_days import TOKYO, BusinessCalendar, tokyo_date
from .models import RecoveryCase, Status


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

    @property
    def receipt_wait(self) -> str:
        """「1時間」: how long the receipt mail may take (``recovery.schedule``)."""
        return ccus.hours_words(ccus.RECEIPT_CHECK_AFTER)

    @property
    def late(self) -> list[str]:
        """What is late, in words: a missing receipt mail is not a late CCUS reply."""
        labels = []
        if self.receipt_overdue:
            labels.append(LATE_LABELS["receipt"])
        if self.reply is not None and self.reply.overdue:
            labels.append(LATE_LABELS["reply"])
        if self.login is not None and self.login.overdue:
            labels.append(LATE_LABELS["login"])
        return labels


LATE_LABELS = {
    "receipt": ccus.with_durations_lazy(_("受付メール未着(送信から%(receipt_wait)s超過)")),
    "reply": _("CCUSの回答が期限超過"),
    "login": _("ログイン作業が期限超過"),
}


def case_schedule(
    case: RecoveryCase, *, calendar: BusinessCalendar, now: datetime | None = None
) -> CaseSchedule:
    """The expected dates of CCUS's reply and of the login work, and what is overdue."""
    now = now or timezone.now()
    today = tokyo_date(now)
    status = case.held_status if case.status == Status.ON_HOLD else case.status
    active = case.status != Status.ON_HOLD
    schedule = CaseSchedule()
    waiting = ccus.waiting_for(case, status=status)
    if ccus.RECEIPT in waiting:
        schedule.receipt_overdue = active and now >= ccus.receipt_check_at(case.sent_at)
    if case.sent_at and (ccus.REPLY in waiting or case.reply_at):
        window = ccus.reply_window(case.sent_at, calendar)
        schedule.reply = Expected(
            "CCUSからの回答",
            window.earliest,
            window.latest,
            overdue=active and ccus.REPLY in waiting and today >= window.late_from,
        )
    if case.reply_at:
        window = ccus.login_window(case.reply_at, calendar)
        schedule.login = Expected(
            "ログイン作業",
            window.earliest,
            window.latest,
            overdue=active and ccus.LOGIN in waiting and today >= window.late_from,
        )
    return schedule


def _start_of_next_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=TOKYO)


def overdue_q(*, calendar: BusinessCalendar, now: datetime | None = None) -> Q:
    """Cases with an overdue step, as one database condition (matches ``case_schedule``)."""
    now = now or timezone.now()
    today = tokyo_date(now)
    reply_cut = _start_of_next_day(ccus.latest_start_late_by(today, ccus.REPLY_DAYS, calendar))
    login_cut = _start_of_next_day(ccus.latest_start_late_by(today, ccus.LOGIN_DAYS, calendar))
    return (
        (ccus.waiting_q(ccus.RECEIPT) & Q(sent_at__lte=now - ccus.RECEIPT_CHECK_AFTER))
        | (ccus.waiting_q(ccus.REPLY) & Q(sent_at__lt=reply_cut))
        | (ccus.waiting_q(ccus.LOGIN) & Q(reply_at__lt=login_cut))
    )


def login_due_q(*, calendar: BusinessCalendar, now: datetime | None = None) -> Q:
    """Cases whose login work is due today or earlier (its window has opened) and not complete:
    the dashboard's 「今日やること」 (matches ``case_schedule``'s ``login.earliest <= today``)."""
    today = tokyo_date(now or timezone.now())
    cut = _start_of_next_day(ccus.latest_start_due_by(today, ccus.LOGIN_DAYS, calendar))
    return ccus.waiting_q(ccus.LOGIN) & Q(reply_at__lt=cut)


def done_this_month_q(now: datetime | None = None) -> Q:
    """Cases completed this month (Tokyo). closed_at <= updated_at always holds (closing a case
    saves it), so the updated_at bound changes nothing but lets the (status, updated_at) index
    find them."""
    today = tokyo_date(now or timezone.now())
    month_start = datetime(today.year, today.month, 1, tzinfo=TOKYO)
    return Q(status=Status.DONE, updated_at__gte=month_start, closed_at__gte=month_start)


def receipt_digits(query: str) -> str:
    """The digits of a 受付番号 typed as "C-26…", "ｃ－２６…" or just digits; "" otherwise."""
    return receipt_number.search_digits(parse_search_query(query).text)


def case_search_q(query: str) -> Q | None:
    """The one case search (case list and header search): the client's name, フリガナ (kana in
    any form), 事業者ID or phone/FAX as ``client_search`` finds them, or the 受付番号's digits.
    None when the query is empty.

    The client part is a subquery (clients first, then their cases by the client index) rather
    than a join: OR-ing conditions on two joined tables makes the database scan every case."""
    clients = client_search_q(query)
    if clients is None:
        return None
    condition = Q(client_id__in=Client.objects.filter(clients).values("pk"))
    digits = receipt_digits(query)
    if digits:
        condition |= Q(receipt_number__contains=digits)
    return condition


def case_access_log_targets(query: str) -> QuerySet:
    """The access-log targets of the cases of the clients that ``query`` finds, for the access
    log's 対象 filter (cases are logged when printed in a batch)."""
    condition = client_search_q(query, prefix="client__")
    cases = (
        RecoveryCase.objects.none()
        if condition is None
        else (RecoveryCase.objects.filter(condition))
    )
    return access_log_targets(cases)


def case_list(
    *,
    status: str = "",
    assignee_id: int | None = None,
    overdue: bool = False,
    waiting: bool = False,
    group: str = "",
    query: str = "",
    calendar: BusinessCalendar | None = None,
) -> QuerySet[RecoveryCase]:
    cases = RecoveryCase.objects.select_related("client", "assignee")
    if status:
        cases = cases.filter(status=status)
    if assignee_id:
        cases = cases.filter(assignee_id=assignee_id)
    if waiting:
        # The dashboard's 「CCUS回答待ち」: the receipt has come (問い合わせ送信済 is apart).
        cases = cases.filter(status__in=ccus.CASE_GROUPS["awaiting_reply"])
    if group in ccus.CASE_GROUPS:
        cases = cases.filter(status__in=ccus.CASE_GROUPS[group])
    elif group == "login_due":
        cases = cases.filter(login_due_q(calendar=calendar or BusinessCalendar.from_database()))
    elif group == "done_this_month":
        cases = cases.filter(done_this_month_q())
    if overdue:
        cases = cases.filter(overdue_q(calendar=calendar or BusinessCalendar.from_database()))
    condition = case_search_q(query)
    if condition is not None:
        cases = cases.filter(condition)
    return cases.order_by("-updated_at", "-pk")


def login_step_closes_case(case: RecoveryCase, step: str) -> bool:
    """Whether ticking ``step`` now would finish the login work, and so close the case."""
    from .services import LOGIN_STEPS

    if case.status != Status.LOGIN_WORK or step not in LOGIN_STEPS:
        return False
    missing = [name for name in LOGIN_STEPS if getattr(case, name) is None]
    return missing == [step]
