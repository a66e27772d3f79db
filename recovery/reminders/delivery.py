"""Deliver due reminders exactly once: claim atomically, email, record, mark delivered.

A delivery pass claims due rows in small batches with one conditional UPDATE
(``… SET state='claimed' WHERE pk IN (…) AND (state='pending' OR claim is stale)``): whichever
pass's UPDATE changes a row owns it, on SQLite (writes are serialised) and on PostgreSQL (an
UPDATE re-checks its WHERE on the row version it waited for). On PostgreSQL candidates are first
picked with ``FOR UPDATE SKIP LOCKED`` so that concurrent passes take different rows instead of
queueing behind each other.

Each claimed row is then delivered: the email is sent unless ``email_sent_at`` is already set,
the send is recorded, and only then is the row marked delivered (which puts it on the
dashboard) and written to the case timeline. Right before each send the claim is checked and
renewed by one conditional UPDATE on the pass's token, so a live pass never leaves a claim
unrenewed longer than one send (EMAIL_TIMEOUT, 20 s) and never emails a row that staff
cancelled meanwhile. A pass that dies
leaves its rows claimed; after ``REMINDER_CLAIM_TIMEOUT`` another pass takes them over and,
finding ``email_sent_at`` set, does not email again. The one window left: a crash after the
mail server accepted the message and before ``email_sent_at`` was written (see README,
"Reminders: exactly once").
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from office.dates import format_datetime_ja
from office.selectors import get_office
from office.services import heartbeat_touch

from ..models import CaseEvent, Reminder
from ..timeline import timeline_record
from .rules import MESSAGES
from .selectors import pending_due_q

logger = logging.getLogger(__name__)

State = Reminder.State
HEARTBEAT_NAME = "reminders"
BATCH_SIZE = 100
PASS_SECONDS = 150.0


def claim_timeout() -> timedelta:
    """REMINDER_CLAIM_TIMEOUT (5 minutes): far longer than a live pass ever leaves a claim
    unrenewed (one send)."""
    return settings.REMINDER_CLAIM_TIMEOUT


def _claimable(now: datetime) -> Q:
    # Pending and due (at the moment staff moved it to, if they did), or a dead pass's claim.
    return pending_due_q(now) | Q(state=State.CLAIMED, claimed_at__lt=now - claim_timeout())


def reminders_claim(
    *, token: str, limit: int = BATCH_SIZE, now: datetime | None = None
) -> list[int]:
    """Claim up to ``limit`` due reminders (oldest first) for ``token``; return their ids."""
    now = now or timezone.now()
    with transaction.atomic():
        candidates = Reminder.objects.filter(_claimable(now)).order_by("due_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        Reminder.objects.filter(_claimable(now), pk__in=ids).update(
            state=State.CLAIMED, claim_token=token, claimed_at=now
        )
    return list(
        Reminder.objects.filter(pk__in=ids, state=State.CLAIMED, claim_token=token)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )


def reminder_recipients(reminder: Reminder) -> list[str]:
    """The assignee's address; every active staff member's when the case has no assignee."""
    assignee = reminder.case.assignee
    if assignee is not None:
        return [assignee.email] if assignee.is_active and assignee.email else []
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def case_url(case_id: int) -> str:
    return settings.SITE_URL + reverse("case_detail", args=[case_id])


def _office_name() -> str:
    # One query per second at most: a pass sends many emails.
    now = time.monotonic()
    if now - _office_cache[1] > 1.0:
        _office_cache[:] = [get_office().name, now]
    return _office_cache[0]


_office_cache: list = ["", -1e9]


def reminder_email(reminder: Reminder, recipients: list[str]) -> EmailMessage:
    """The Japanese email telling staff about ``reminder``."""
    case = reminder.case
    # Staff mail is Japanese whatever language the worker process or a user's UI has.
    with translation.override("ja"):
        kind = str(reminder.get_kind_display())
        message = str(MESSAGES[reminder.kind])
    subject = f"【CCUS Desk】{kind}:{case.client.name}(案件#{case.pk})"
    body = "\n".join(
        [
            f"{case.client.name} 様の案件(#{case.pk})のリマインダーです。",
            "",
            f"■ {kind}",
            message,
            "",
            f"通知予定日時: {format_datetime_ja(reminder.shows_at)}",
            f"案件のページ: {case_url(case.pk)}",
            "",
            "対応が終わったら、ダッシュボードで「対応済」にしてください。",
            "",
            f"-- {_office_name()} CCUS Desk(自動送信)",
        ]
    )
    return EmailMessage(
        subject=subject,
        body=body,
        to=recipients,
        headers={"X-CCUS-Reminder": str(reminder.pk)},
    )


def reminder_deliver(*, reminder_id: int, token: str, reminder: Reminder | None = None) -> bool:
    """Deliver one reminder claimed by ``token``; False when it is no longer ours.

    ``reminder``: the row as the pass loaded it right after claiming (saves a query per row).
    """
    mine = Reminder.objects.filter(pk=reminder_id, state=State.CLAIMED, claim_token=token)
    if reminder is None:
        reminder = mine.select_related("case__client", "case__assignee").first()
        if reminder is None:
            return False
    recipients = reminder_recipients(reminder)
    if reminder.email_sent_at is None and recipients:
        # Right before sending: is the row still ours (not cancelled by staff, not taken over)?
        # The conditional UPDATE checks that and renews the claim in one statement.
        if not mine.update(claimed_at=timezone.now()):
            return False
        reminder_email(reminder, recipients).send()
        # Record the send at once: a pass that takes this claim over must not email again.
        mine.update(email_sent_at=timezone.now())
    with transaction.atomic():
        now = timezone.now()
        if not mine.update(state=State.DELIVERED, delivered_at=now):
            return False
        if recipients:
            sent = f"メール送信先: {', '.join(recipients)}"
        else:
            sent = "メール送信先なし(担当者のメールアドレスが未登録です)"
        timeline_record(
            case_id=reminder.case_id,
            at=now,
            kind=CaseEvent.Kind.REMINDER,
            message=f"リマインダー「{reminder.get_kind_display()}」を通知しました。{sent}",
        )
    return True


def reminders_deliver_due(
    *,
    batch_size: int = BATCH_SIZE,
    max_batches: int | None = None,
    max_seconds: float = PASS_SECONDS,
) -> int:
    """Run one delivery pass: deliver everything due, oldest first. Return how many.

    A pass stops claiming after ``max_seconds`` (well inside Celery's 4-minute soft time limit);
    the next pass goes on where it stopped.
    """
    heartbeat_touch(name=HEARTBEAT_NAME)
    token = uuid.uuid4().hex
    delivered = 0
    batches = 0
    started = time.monotonic()
    while max_batches is None or batches < max_batches:
        ids = reminders_claim(token=token, limit=batch_size)
        if not ids:
            break
        batches += 1
        rows = Reminder.objects.select_related("case__client", "case__assignee").in_bulk(ids)
        for reminder_id in ids:
            try:
                delivered += reminder_deliver(
                    reminder_id=reminder_id, token=token, reminder=rows.get(reminder_id)
                )
            except SoftTimeLimitExceeded:
                raise
            except Exception:
                # The row stays claimed; a later pass takes it over after the claim timeout.
                logger.exception("reminder %s: delivery failed", reminder_id)
        heartbeat_touch(name=HEARTBEAT_NAME)
        if time.monotonic() - started >= max_seconds:
            break
    return delivered
