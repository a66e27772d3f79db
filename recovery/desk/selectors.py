"""Reads of the desk: the dashboard's overview around the reminders (counts, 「今日やること」,
cases waiting on CCUS with their expected window, login work due this week, recently changed
cases) and the header search over clients and cases.

Constant cost whatever the size of the finished history: the counts are one aggregate over the
open cases and this month's finished ones (found by index); each list is a LIMITed query of ids
on an index, then one query for the rows of every list with client and assignee.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from clients.models import Client
from clients.selectors import client_search

from ..business_days import TOKYO, BusinessCalendar, tokyo_date
from ..models import OPEN_STATUSES, CaseEvent, ClosedDay, RecoveryCase, Status
from ..schedule import CASE_GROUPS
from ..selectors import (
    CaseSchedule,
    case_schedule,
    case_search_q,
    done_this_month_q,
    login_due_q,
    overdue_q,
)

LIST_LIMIT = 10
# Each group of 「今日やること」 shows its oldest few; its count links to the full list.
TODAY_LIMIT = 5


@dataclass
class TodayGroup:
    """One kind of work for today: its key (the case list's ``group`` filter), its count and its
    oldest cases."""

    key: str
    count: int
    cases: list[tuple[RecoveryCase, CaseSchedule]] = field(default_factory=list)


@dataclass
class DeskOverview:
    counts: dict[str, int]
    today: list[TodayGroup] = field(default_factory=list)
    waiting: list[tuple[RecoveryCase, CaseSchedule]] = field(default_factory=list)
    login_this_week: list[tuple[RecoveryCase, CaseSchedule]] = field(default_factory=list)
    recent: list[RecoveryCase] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.counts["open"] or self.recent)

    @property
    def today_count(self) -> int:
        return sum(group.count for group in self.today)


def _cases():
    return RecoveryCase.objects.select_related("client", "assignee").only(
        "pk",
        "status",
        "held_status",
        "sent_at",
        "receipt_at",
        "reply_at",
        "login_started_at",
        "updated_at",
        "receipt_number",
        "client__name",
        "assignee__first_name",
        "assignee__last_name",
        "assignee__username",
    )


def _first_ids(statuses, order: str, limit: int = LIST_LIMIT) -> list[int]:
    """The ids of the first ``limit`` cases in ``statuses`` by ``order``, read from the
    (status, date) index alone: the rows are fetched once for every list together."""
    return list(
        RecoveryCase.objects.filter(status__in=statuses)
        .order_by(order, "pk")
        .values_list("pk", flat=True)[:limit]
    )


def _counts(*, now: datetime, calendar: BusinessCalendar) -> dict[str, int]:
    """Every count of the dashboard, each read from an index alone: the open cases by status
    (the status index), the late and due ones (the (status, date) indexes) and this month's
    完了. Four small queries cost a third of one aggregate that reads every open row."""
    by_status = dict(
        RecoveryCase.objects.filter(status__in=(*OPEN_STATUSES, Status.ON_HOLD))
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )

    def total(statuses) -> int:
        return sum(by_status.get(status, 0) for status in statuses)

    return {
        "open": total(OPEN_STATUSES),
        "preparing": total((Status.PREPARING,)),
        "sent": total(CASE_GROUPS["awaiting_receipt"]),
        "waiting": total(CASE_GROUPS["awaiting_reply"]),
        "login": total(CASE_GROUPS["awaiting_login"]),
        "on_hold": total((Status.ON_HOLD,)),
        "login_due": RecoveryCase.objects.filter(login_due_q(calendar=calendar, now=now)).count(),
        "overdue": RecoveryCase.objects.filter(overdue_q(calendar=calendar, now=now)).count(),
        "done_this_month": RecoveryCase.objects.filter(done_this_month_q(now)).count(),
    }


def desk_overview(
    *, now: datetime | None = None, calendar: BusinessCalendar | None = None
) -> DeskOverview:
    """The dashboard around the reminders, in a fixed number of queries whatever the data."""
    now = now or timezone.now()
    calendar = calendar or BusinessCalendar.from_database()
    today = tokyo_date(now)
    counts = _counts(now=now, calendar=calendar)
    # The oldest first in each list: they are the ones to chase.
    ids = {
        "preparing": _first_ids((Status.PREPARING,), "updated_at", TODAY_LIMIT),
        "awaiting_receipt": _first_ids(CASE_GROUPS["awaiting_receipt"], "sent_at", TODAY_LIMIT),
        "waiting": _first_ids(CASE_GROUPS["awaiting_reply"], "sent_at"),
        "login": _first_ids(CASE_GROUPS["awaiting_login"], "reply_at"),
        "recent": list(
            RecoveryCase.objects.order_by("-updated_at", "-pk").values_list("pk", flat=True)[
                :LIST_LIMIT
            ]
        ),
    }
    rows = {case.pk: case for case in _cases().filter(pk__in=set().union(*ids.values()))}
    schedules: dict[int, CaseSchedule] = {}

    def listed(name: str) -> list[tuple[RecoveryCase, CaseSchedule]]:
        found = [rows[pk] for pk in ids[name] if pk in rows]
        for case in found:
            if case.pk not in schedules:
                schedules[case.pk] = case_schedule(case, calendar=calendar, now=now)
        return [(case, schedules[case.pk]) for case in found]

    week_end = today + timedelta(days=6 - today.weekday())
    login = [(c, s) for c, s in listed("login") if s.login and s.login.earliest <= week_end]
    login_due = [(c, s) for c, s in login if s.login.earliest <= today][:TODAY_LIMIT]
    return DeskOverview(
        counts=counts,
        today=[
            TodayGroup("preparing", counts["preparing"], listed("preparing")),
            TodayGroup("awaiting_receipt", counts["sent"], listed("awaiting_receipt")),
            TodayGroup("login_due", counts["login_due"], login_due),
        ],
        waiting=listed("waiting"),
        login_this_week=login,
        recent=[case for case, _ in listed("recent")],
    )


def desk_version(now: datetime | None = None) -> str:
    """What the overview depends on, read from indexes alone: the minute, the number of cases,
    the latest change of a case and the latest timeline entry (every step writes one, even within
    the same instant), and the office's closed days. The dashboard caches the rendered overview
    under this key, so any change of a case, a deleted case, a new closed day or the next minute
    shows at once, and an unchanged desk is not counted again. A client renamed without touching
    its cases shows within the minute."""
    now = now or timezone.now()
    latest = (
        RecoveryCase.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    )
    event = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    closed = ClosedDay.objects.aggregate(n=Count("pk"), last=Max("pk"))
    minute = timezone.localtime(now, TOKYO).strftime("%Y%m%d%H%M")
    count = RecoveryCase.objects.count()
    stamp = latest.timestamp() if latest else 0
    return f"{minute}-{count}-{stamp}-{event}-{closed['n']}-{closed['last']}"


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
