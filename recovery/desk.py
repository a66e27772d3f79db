"""The rest of the staff's morning view, around the reminders of the dashboard: counts, cases
waiting on CCUS with their expected window, login work due this week, recently changed cases.

Constant cost whatever the size of the office: counts come from one GROUP BY status and one
aggregate; each list is a LIMITed query on an index, then its rows with client and assignee.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from .business_days import TOKYO, BusinessCalendar, tokyo_date
from .models import OPEN_STATUSES, RecoveryCase, Status
from .selectors import AWAITING_LOGIN, AWAITING_REPLY, CaseSchedule, case_schedule, overdue_q

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
        "pk", "status", "held_status", "sent_at", "receipt_at", "reply_at", "updated_at",
        "receipt_number", "client__name", "assignee__first_name", "assignee__last_name",
        "assignee__username",
    )


def _first(statuses, date_field: str) -> list[RecoveryCase]:
    """The LIST_LIMIT oldest cases in ``statuses``: ids from the (status, date) index first,
    then the rows with their client, instead of joining every matching case before sorting."""
    ids = list(
        RecoveryCase.objects.filter(status__in=statuses).order_by(date_field, "pk")
        .values_list("pk", flat=True)[:LIST_LIMIT]
    )
    rows = {case.pk: case for case in _cases().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


def desk_overview(*, now: datetime | None = None,
                  calendar: BusinessCalendar | None = None) -> DeskOverview:
    now = now or timezone.now()
    calendar = calendar or BusinessCalendar.from_database()
    today = tokyo_date(now)
    month_start = datetime(today.year, today.month, 1, tzinfo=TOKYO)
    by_status = dict(
        RecoveryCase.objects.order_by().values_list("status").annotate(n=Count("pk"))
    )
    counts = {
        "open": sum(by_status.get(s, 0) for s in OPEN_STATUSES),
        "preparing": by_status.get(Status.PREPARING, 0),
        "waiting": sum(by_status.get(s, 0) for s in AWAITING_REPLY),
        "login": sum(by_status.get(s, 0) for s in AWAITING_LOGIN),
        "on_hold": by_status.get(Status.ON_HOLD, 0),
        **RecoveryCase.objects.aggregate(
            overdue=Count("pk", filter=overdue_q(calendar=calendar, now=now)),
            done_this_month=Count(
                "pk", filter=Q(status=Status.DONE, closed_at__gte=month_start)
            ),
        ),
    }
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
    recent = list(_cases().order_by("-updated_at", "-pk")[:LIST_LIMIT])
    return DeskOverview(counts=counts, waiting=waiting, login_this_week=login, recent=recent)
