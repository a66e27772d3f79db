"""Reads of the 「更新期限」 list: which clients' 事業者登録 needs the office now, and why.

Each client is in at most one group, decided by its expiry and whether the office knows it can
log in (``Client.ccus_access``), in this order:

- 有効期限未登録: no expiry recorded (the office fills the gaps);
- 期限切れ: expired (a new registration is needed);
- 推奨期限超過: CCUS's recommended last day (1 month before) has passed, not yet expired;
- 先に復旧が必要: login or the registered address is not known to work, and the window opens
  within ``renewal.RECOVERY_LEAD_MONTHS`` months (or has opened);
- 更新受付中: the window is open and the client can log in.

Every group is one condition on the indexed expiry column (``renewal.desk_bounds`` turns the date
rules into expiry bounds for today), so the counts are one aggregate and a page is one LIMITed
query plus one for the page's open cases, whatever the number of clients.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clients.models import CcusAccess, Client

from .. import renewal
from ..business_days import BusinessCalendar
from ..models import (
    OPEN_STATUSES,
    RENEWAL_OPEN_STATUSES,
    CaseKind,
    RecoveryCase,
    RenewalStatus,
    Status,
)

GROUPS = {
    "recovery_first": _("先に復旧が必要"),
    "window_open": _("更新受付中"),
    "past_recommended": _("推奨期限超過"),
    "expired": _("期限切れ"),
    "no_expiry": _("有効期限未登録"),
}


def group_conditions(today: date) -> dict[str, Q]:
    bounds = renewal.desk_bounds(today)
    expiry = "registration_expires_on"
    not_late = Q(**{f"{expiry}__gt": bounds.past_recommended_until})
    can_login = Q(ccus_access=CcusAccess.YES)
    return {
        "recovery_first": not_late & Q(**{f"{expiry}__lte": bounds.recovery_horizon}) & ~can_login,
        "window_open": not_late & Q(**{f"{expiry}__lte": bounds.window_open_until}) & can_login,
        "past_recommended": Q(
            **{f"{expiry}__gte": today, f"{expiry}__lte": bounds.past_recommended_until}
        ),
        "expired": Q(**{f"{expiry}__lt": today}),
        "no_expiry": Q(**{f"{expiry}__isnull": True}),
    }


def clients_version() -> int:
    """The latest client history row (an index read): it changes with every client written through
    the app (form, CSV import, renewal and recovery services, admin), so the dashboard's cached
    renewal counts are counted again after any change of an expiry or a login state."""
    return Client.history.model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def renewal_desk_counts(today: date) -> dict[str, int]:
    """How many clients each group holds, and ``all``: one aggregate."""
    conditions = group_conditions(today)
    counts = Client.objects.aggregate(
        **{name: Count("pk", filter=condition) for name, condition in conditions.items()}
    )
    counts["all"] = sum(counts.values())
    return counts


def renewal_desk_clients(today: date, group: str = "") -> QuerySet[Client]:
    """The clients of ``group`` (all groups when empty), soonest expiry first."""
    conditions = group_conditions(today)
    if group in conditions:
        condition = conditions[group]
    else:
        condition = Q()
        for part in conditions.values():
            condition |= part
    return (
        Client.objects.filter(condition)
        .only("pk", "name", "business_id", "registration_expires_on", "ccus_access")
        .order_by("registration_expires_on", "name_kana", "pk")
    )


@dataclass
class RenewalRow:
    client: Client
    group: str
    dates: renewal.RenewalDates | None
    renewal_case: RecoveryCase | None
    recovery_case: RecoveryCase | None
    recovery_start_passed: bool

    @property
    def group_label(self) -> str:
        return GROUPS[self.group]

    @property
    def needs_recovery(self) -> bool:
        return self.client.ccus_access != CcusAccess.YES


def _group_of(client: Client, today: date, bounds: renewal.DeskBounds) -> str:
    expiry = client.registration_expires_on
    if expiry is None:
        return "no_expiry"
    if expiry < today:
        return "expired"
    if expiry <= bounds.past_recommended_until:
        return "past_recommended"
    if client.ccus_access != CcusAccess.YES:
        return "recovery_first"
    return "window_open"


def renewal_rows(
    clients: list[Client], *, today: date, calendar: BusinessCalendar
) -> list[RenewalRow]:
    """The page's rows with their dates and open cases (one query for all the page's cases)."""
    bounds = renewal.desk_bounds(today)
    open_cases = (
        RecoveryCase.objects.filter(client__in=[c.pk for c in clients])
        .filter(
            Q(kind=CaseKind.RENEWAL, status__in=(*RENEWAL_OPEN_STATUSES, RenewalStatus.ON_HOLD))
            | Q(kind=CaseKind.RECOVERY, status__in=(*OPEN_STATUSES, Status.ON_HOLD))
        )
        .only("pk", "client_id", "kind", "status")
        .order_by("pk")
    )
    renewals: dict[int, RecoveryCase] = {}
    recoveries: dict[int, RecoveryCase] = {}
    for case in open_cases:
        (renewals if case.kind == CaseKind.RENEWAL else recoveries)[case.client_id] = case
    rows = []
    for client in clients:
        expiry = client.registration_expires_on
        dates = renewal.renewal_dates(expiry, calendar) if expiry else None
        rows.append(
            RenewalRow(
                client=client,
                group=_group_of(client, today, bounds),
                dates=dates,
                renewal_case=renewals.get(client.pk),
                recovery_case=recoveries.get(client.pk),
                recovery_start_passed=bool(dates and dates.latest_recovery_start < today),
            )
        )
    return rows
