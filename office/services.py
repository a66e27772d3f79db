"""Writes of the office's own data."""

from django.db import transaction
from django.utils import timezone

from .models import Heartbeat, OfficeProfile


def heartbeat_touch(*, name: str) -> None:
    """Record that the periodic job ``name`` ran now."""
    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})


@transaction.atomic
def office_profile_update(*, data: dict) -> OfficeProfile:
    office, _ = OfficeProfile.objects.get_or_create(pk=1, defaults={"name": data["name"]})
    for field, value in data.items():
        setattr(office, field, value)
    office.full_clean()
    office.save()
    return office


def access_log_record(*, request, action: str, target: object) -> None:
    """Record that the requesting user touched ``target``'s personal data (APPI traceability).

    ``target`` is a model instance (stored as ``app.Model#pk``) or a short label string.
    """
    from .models import AccessLog
    from .security import client_ip

    if hasattr(target, "_meta") and hasattr(target, "pk"):
        label = f"{target._meta.label}#{target.pk}"
    else:
        label = str(target)[:100]
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    AccessLog.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "",
        action=action,
        target=label,
        path=request.get_full_path()[:300],
        ip=client_ip(request) or None,
    )


def access_log_prune(*, older_than_days: int | None = None) -> int:
    """Delete access-log rows older than the retention period; return how many went."""
    from datetime import timedelta

    from django.conf import settings

    from .models import AccessLog

    days = settings.ACCESS_LOG_RETENTION_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = AccessLog.objects.filter(at__lt=cutoff).delete()
    return deleted


@transaction.atomic
def user_create(
    *, username: str, password: str, last_name: str = "", first_name: str = "",
    email: str = "", office_admin: bool = False,
):
    """Create a staff login; ``office_admin`` also lets it manage the office."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username, password=password, last_name=last_name, first_name=first_name,
        email=email,
    )
    if office_admin:
        user_set_office_admin(user=user, office_admin=True)
    return user


@transaction.atomic
def user_set_office_admin(*, user, office_admin: bool) -> None:
    from django.contrib.auth.models import Group

    from .roles import OFFICE_ADMIN_GROUP

    group, _ = Group.objects.get_or_create(name=OFFICE_ADMIN_GROUP)
    if office_admin:
        user.groups.add(group)
    else:
        user.groups.remove(group)


@transaction.atomic
def user_set_active(*, user, active: bool) -> None:
    """Deactivate (or reactivate) a login; a deactivated user's sessions end at once."""
    from django.contrib.sessions.models import Session

    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        # Sessions are signed blobs; decode each to find this user's (a small office has few).
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
