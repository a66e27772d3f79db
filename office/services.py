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
