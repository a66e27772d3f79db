"""Reads of the desk: the dashboard's overview around the reminders (counts, cases waiting on
CCUS with their expected window, login work due this week, recently changed cases) and the header
search over clients and cases.

Constant cost whatever the size of the finished history: the counts are one aggregate over the
open cases and this month's finished ones (found by index); each list is a LIMITed query on an
index, then its rows with client and assignee.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from clients.models import Client
from clients.selectors import client_search

from ..business_days import TOKYO, BusinessCalendar, tokyo_date
from ..models import OPEN_STATUSES, CaseKind, RecoveryCase, Status
from ..schedule import AWAITING_LOGIN, AWAITING_REPLY
from ..selectors import CaseSchedule, case_schedule, case_search_q, overdue_q

LIST_LIMIT = 10


@dataclass
class DeskOverview:
    counts: dict[str, int]
    waiting: list[tuple[RecoveryCase, CaseSchedule]] = field(default_factory=list)
    login_this_week: list[tuple[RecoveryCase, CaseSchedule]] = field(default_factory=list)
    recent: list[RecoveryCase] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.counts["open"] or self.recent)


def _cases():
    return RecoveryCase.objects.select_related("client", "assignee").only(
        "pk",
        "status",
        "held_status",
        "sent_at",
        "receipt_at",
        "reply_at",
        "updated_at",
        "receipt_number",
        "client__name",
        "assignee__first_name",
        "assignee__last_name",
        "assignee__username",
    )


def _first(statuses, date_field: str) -> list[RecoveryCase]:
    """The LIST_LIMIT oldest cases in ``statuses``: ids from the (status, date) index first,
    then the rows with their client, instead of joining every matching case before sorting."""
    ids = list(
        RecoveryCase.objects.filter(status__in=statuses)
        .order_by(date_field, "pk")
        .values_list("pk", flat=True)[:LIST_LIMIT]
    )
    rows = {case.pk: case for case in _cases().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


def desk_overview(
    *, now: datetime | None = None, calendar: BusinessCalendar | None = None
) -> DeskOverview:
    now = now or timezone.now()
    calendar = calendar or BusinessCalendar.from_database()
    today = tokyo_date(now)
    month_start = datetime(today.year, today.month, 1, tzinfo=TOKYO)
    # closed_at <= updated_at always holds (closing a case saves it), so the extra updated_at
    # bound changes no count; it lets the (status, updated_at) index find this month's 完了.
    done_this_month = Q(status=Status.DONE, updated_at__gte=month_start, closed_at__gte=month_start)
    # One pass over the open cases (and this month's finished ones) instead of two over all.
    counts = RecoveryCase.objects.filter(
        Q(status__in=(*OPEN_STATUSES, Status.ON_HOLD)) | done_this_month
    ).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        preparing=Count("pk", filter=Q(status=Status.PREPARING)),
        waiting=Count("pk", filter=Q(status__in=AWAITING_REPLY)),
        login=Count("pk", filter=Q(status__in=AWAITING_LOGIN)),
        on_hold=Count("pk", filter=Q(status=Status.ON_HOLD)),
        overdue=Count("pk", filter=overdue_q(calendar=calendar, now=now)),
        done_this_month=Count("pk", filter=done_this_month),
    )
    # The longest-waiting first: they are the ones to chase.
    waiting = [
        (case, case_schedule(case, calendar=calendar, now=now))
        for case in _first(AWAITING_REPLY, "sent_at")
    ]
    week_end = today + timedelta(days=6 - today.weekday())
    login = []
    for case in _first(AWAITING_LOGIN, "reply_at"):
        schedule = case_schedule(case, calendar=calendar, now=now)
        if schedule.login is not None and schedule.login.earliest <= week_end:
            login.append((case, schedule))
    # The recovery's overview: renewal cases have the 更新期限 list.
    recent = list(
        _cases().filter(kind=CaseKind.RECOVERY).order_by("-updated_at", "-pk")[:LIST_LIMIT]
    )
    return DeskOverview(counts=counts, waiting=waiting, login_this_week=login, recent=recent)


# --- The header search ------------------------------------------------------------------------

GROUP_LIMIT = 10
GROUPS = ("clients", "cases")


@dataclass
class Group:
    name: str
    items: list = field(default_factory=list)
    more: bool = False


def case_search(query: str) -> QuerySet[RecoveryCase]:
    """Cases found by the one case search (``case_search_q``), most recently changed first."""
    condition = case_search_q(query)
    if condition is None:
        return RecoveryCase.objects.none()
    return (
        RecoveryCase.objects.filter(condition)
        .select_related("client", "assignee")
        .only(
            "pk",
            "status",
            "receipt_number",
            "updated_at",
            "client__name",
            "client__business_id",
            "assignee__first_name",
            "assignee__last_name",
            "assignee__username",
        )
        .order_by("-updated_at", "-pk")
    )


def client_results(query: str) -> QuerySet[Client]:
    """Clients found by ``client_search``; none for an empty query (not every client)."""
    if case_search_q(query) is None:
        return Client.objects.none()
    return client_search(query)


SOURCES = {"clients": client_results, "cases": case_search}


def search_groups(query: str) -> dict[str, Group]:
    """The first GROUP_LIMIT clients and cases, each group one query (limit + 1 rows tell
    whether there are more), whatever the size of the data."""
    groups = {}
    for name in GROUPS:
        rows = list(SOURCES[name](query)[: GROUP_LIMIT + 1])
        groups[name] = Group(name=name, items=rows[:GROUP_LIMIT], more=len(rows) > GROUP_LIMIT)
    return groups
