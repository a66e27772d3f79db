"""Reads of the office's own data."""

from datetime import datetime

from django.utils import timezone

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
