"""Reads of the office's own data."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import Heartbeat, OfficeProfile, RenewalFeeBand

DEFAULT_OFFICE_NAME = "行政書士事務所"


def get_office() -> OfficeProfile:
    """Return the office profile; an unsaved default when the office has not filled it in."""
    office = OfficeProfile.objects.filter(pk=1).first()
    return office or OfficeProfile(pk=1, name=DEFAULT_OFFICE_NAME)


def heartbeat_at(name: str) -> datetime | None:
    return Heartbeat.objects.filter(name=name).values_list("at", flat=True).first()


def heartbeat_age_seconds(name: str) -> float | None:
    at = heartbeat_at(name)
    if at is None:
        return None
    return max(0.0, (timezone.now() - at).total_seconds())


def _within_days(rows, date_from: date | None, date_to: date | None):
    """``rows`` whose ``at`` falls on the office's calendar days from ``date_from`` to
    ``date_to`` (both included; either may be missing)."""
    zone = timezone.get_default_timezone()
    if date_from:
        rows = rows.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone)
        rows = rows.filter(at__lt=end)
    return rows


def access_log_search(
    *, user: str = "", action: str = "", target: str = "", date_from=None, date_to=None
):
    """Access-log rows matching the filters, newest first. Dates are Asia/Tokyo calendar days."""
    from .models import AccessLog

    rows = AccessLog.objects.all()
    if user:
        rows = rows.filter(username__iexact=user)
    if action:
        rows = rows.filter(action=action)
    if target:
        rows = rows.filter(access_log_target_q(target))
    return _within_days(rows, date_from, date_to).order_by("-at", "-pk")


def access_log_target_q(text: str):
    """Rows whose target starts with ``text`` as stored (``clients.Client#12``), or is one of
    the targets the apps above office find for it when asked (``office.signals``: a client's
    name or 事業者ID finds the client and its cases)."""
    from django.db.models import Q

    from .signals import access_log_target_search

    condition = Q(target__startswith=text)
    for _receiver, targets in access_log_target_search.send(sender=None, text=text):
        condition |= Q(target__in=targets)
    return condition


def access_log_targets(rows):
    """The access-log targets of ``rows`` as ``access_log_record`` stores them
    (``app.Model#pk``): a query of strings, to be used as a subquery."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    label = Value(f"{rows.model._meta.label}#")
    return (
        rows.order_by()
        .annotate(access_log_target=Concat(label, Cast("pk", CharField())))
        .values_list("access_log_target", flat=True)
    )


def users_for_management():
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    from .roles import OFFICE_ADMIN_GROUP

    User = get_user_model()
    admin_membership = User.groups.through.objects.filter(
        user_id=OuterRef("pk"), group__name=OFFICE_ADMIN_GROUP
    )
    return User.objects.annotate(in_admin_group=Exists(admin_membership)).order_by(
        "-is_active", "username"
    )


def user_full_name(user) -> str:
    """山田 花子: family name first, as staff write it; "" when no name is set."""
    if user is None:
        return ""
    return f"{user.last_name} {user.first_name}".strip()


def user_label(user) -> str:
    """The staff member's full name, or the login name when no name is set."""
    return user_full_name(user) or user.get_username()


def audit_search(*, actor: str = "", action: str = "", date_from=None, date_to=None):
    """Audit events matching the filters, newest first. Dates are Asia/Tokyo calendar days."""
    from .models import AuditEvent

    rows = AuditEvent.objects.all()
    if actor:
        rows = rows.filter(actor_username__iexact=actor)
    if action:
        rows = rows.filter(action=action)
    return _within_days(rows, date_from, date_to).order_by("-at", "-pk")


def access_log_target_labels(targets) -> dict[str, str]:
    """「事業者: 株式会社…」 for each stored ``app.Model#pk`` target, in one query per model.

    The log stores a label, not a link, so that erasing a client does not erase the trail; a
    target that no longer exists reads 「事業者 #12(削除済み)」, and any other label is
    shown as stored.
    """
    from django.apps import apps
    from django.utils.translation import gettext as _

    wanted: dict[str, set[int]] = {}
    for target in set(targets):
        model_label, _sep, pk = target.partition("#")
        if pk.isdigit() and model_label.count(".") == 1:
            wanted.setdefault(model_label, set()).add(int(pk))
    labels: dict[str, str] = {}
    for model_label, pks in wanted.items():
        try:
            model = apps.get_model(model_label)
        except LookupError:
            continue
        rows = model._default_manager.filter(pk__in=pks)
        if any(f.name == "client" and f.is_relation for f in model._meta.fields):
            rows = rows.select_related("client")
        found = {row.pk: str(row) for row in rows}
        name = model._meta.verbose_name
        for pk in pks:
            if pk in found:
                labels[f"{model_label}#{pk}"] = f"{name}: {found[pk]}"
            else:
                labels[f"{model_label}#{pk}"] = _("%(model)s #%(pk)s(削除済み)") % {
                    "model": name,
                    "pk": pk,
                }
    return labels


def staff_members():
    """Every active staff member by 姓 名: the one query behind each assignee picker and the
    dashboard's reassign menu."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class RenewalFee:
    """A client's renewal fee: its band in words and the amount (tax included, yen)."""

    band: str
    fee: int
    published_on: date | None
    source: str


def _yen_words(amount: int) -> str:
    """5,000,000 → 500万円; 100,000,000 → 1億円 (how CCUS's table writes capitals)."""
    if amount >= 100_000_000 and amount % 100_000_000 == 0:
        return f"{amount // 100_000_000:,}億円"
    if amount % 10_000 == 0:
        return f"{amount // 10_000:,}万円"
    return f"{amount:,}円"


def renewal_fee_table() -> list[RenewalFee]:
    """CCUS's renewal fee table as the office keeps it, 一人親方 first, by capital."""
    return [row for _, row in _fee_rows(list(RenewalFeeBand.objects.all()))]


def _fee_rows(bands: list[RenewalFeeBand]) -> list[tuple[RenewalFeeBand, RenewalFee]]:
    companies = [b for b in bands if not b.sole_proprietor]
    rows = []
    for band in bands:
        if band.sole_proprietor:
            label = "一人親方"
        else:
            nxt = next((b for b in companies if b.capital_from > band.capital_from), None)
            low = f"{_yen_words(band.capital_from)}以上" if band.capital_from else ""
            high = f"{_yen_words(nxt.capital_from)}未満" if nxt else ""
            label = f"資本金{low}{high}" if band.capital_from or nxt else "資本金の区分なし"
        rows.append((band, RenewalFee(label, band.fee, band.published_on, band.source)))
    return rows


def renewal_fee_for(*, sole_proprietor: bool, capital_yen: int | None) -> RenewalFee | None:
    """The fee of a client's band; None when its capital is not known (nor 一人親方)."""
    rows = _fee_rows(list(RenewalFeeBand.objects.all()))
    if sole_proprietor:
        return next((row for band, row in rows if band.sole_proprietor), None)
    if capital_yen is None:
        return None
    found = None
    for band, row in rows:
        if not band.sole_proprietor and band.capital_from <= capital_yen:
            found = row
    return found
