"""Reads of the office's own data."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_noop

from .models import Heartbeat, OfficeProfile

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
    return User.objects.annotate(
        in_admin_group=Exists(admin_membership), locked_out=Exists(_lockouts(OuterRef("username")))
    ).order_by("-is_active", "username")


def _lockouts(username):
    """django-axes' attempt rows that lock ``username`` out now (failure limit reached within
    the cool-off time)."""
    from axes.models import AccessAttempt
    from django.conf import settings

    return AccessAttempt.objects.filter(
        username=username,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    )


def user_is_locked_out(user) -> bool:
    return _lockouts(user.get_username()).exists()


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


# The labels audit details are stored under (in Japanese, the source language: a record does not
# change with the reader's language); shown through gettext. makemessages finds them here.
AUDIT_DETAIL_LABELS = (
    gettext_noop("理由"),
    gettext_noop("消去した件数"),
    gettext_noop("削除した件数"),
    gettext_noop("事件簿の控え"),
    gettext_noop("事務所管理者"),
    gettext_noop("送信したアドレス"),
    gettext_noop("消した失敗記録"),
    gettext_noop("姓"),
    gettext_noop("名"),
    gettext_noop("メールアドレス"),
    gettext_noop("はい"),
    gettext_noop("いいえ"),
)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    target: str
    details: list[str]


def audit_rows(events) -> list[AuditRow]:
    """Audit events as the page shows them: 姓 名 for people, days as every page writes them,
    stored labels in the reader's language; targets resolved in one query per model."""
    events = list(events)
    users = _audit_users(events)
    labels = access_log_target_labels(
        e.target for e in events if not e.target.startswith("auth.User#")
    )
    rows = []
    for event in events:
        actor = user_label(event.actor) if event.actor else event.actor_username or "—"
        rows.append(
            AuditRow(
                at=event.at,
                actor=actor,
                action=event.get_action_display(),
                target=_audit_target(event.target, users, labels),
                details=_audit_details(event.details),
            )
        )
    return rows


def _audit_users(events) -> dict[int, object]:
    from django.contrib.auth import get_user_model

    pks = set()
    for event in events:
        head, _sep, pk = event.target.partition("#")
        pk = pk.split(" ", 1)[0]
        if head == "auth.User" and pk.isdigit():
            pks.add(int(pk))
    return {u.pk: u for u in get_user_model().objects.filter(pk__in=pks)}


def _audit_target(target: str, users: dict, labels: dict[str, str]) -> str:
    from django.utils.translation import gettext as _

    if not target:
        return "—"
    if target.startswith("auth.User#"):
        pk, _sep, username = target.removeprefix("auth.User#").partition(" ")
        user = users.get(int(pk)) if pk.isdigit() else None
        name = user_label(user) if user else username
        return _("ユーザー: %(name)s") % {"name": name}
    if _ISO_DAY.match(target):
        return _audit_value(target)
    return labels.get(target, target)


def _audit_value(value) -> str:
    from django.utils.translation import gettext as _

    from .dates import format_day

    if value in (None, ""):
        return "—"
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            return format_day(date.fromisoformat(value))
        except ValueError:
            return value
    if value in ("はい", "いいえ"):
        return _(value)
    return str(value)


def _audit_details(details: dict) -> list[str]:
    from django.utils.translation import gettext as _

    lines = []
    for key, value in (details or {}).items():
        if key == "changes" and isinstance(value, dict):
            for field, pair in value.items():
                old, new = [*pair, None, None][:2]
                lines.append(f"{_(field)}: {_audit_value(old)} → {_audit_value(new)}")
        else:
            lines.append(f"{_(key)}: {_audit_value(value)}")
    return lines


def staff_members():
    """Every active staff member by 姓 名: the one query behind each assignee picker and the
    dashboard's reassign menu."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "pk")
