"""The one writer of a case's timeline (``CaseEvent``): who did what, and when.

Every module that records something on a case (the case services, the reminder actions and
deliveries, the document jobs) calls ``timeline_record``, so that every row is written the same way
and the timeline stays the single record of a case's history.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from .models import CaseEvent

Kind = CaseEvent.Kind


def timeline_record(
    *,
    case_id: int,
    kind: str,
    message: str = "",
    actor=None,
    from_status: str = "",
    to_status: str = "",
    at: datetime | None = None,
) -> CaseEvent:
    """Add one line to the case's timeline (a secret in ``message`` is masked by the save net,
    ``office.secret_net``)."""
    return CaseEvent.objects.create(
        case_id=case_id,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        message=message,
        at=at or timezone.now(),
    )
