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
        ip=request.META.get("REMOTE_ADDR") or None,
    )
