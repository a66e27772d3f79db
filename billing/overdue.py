"""Telling staff, once, that an invoice is past its due date and unpaid.

The recovery reminders belong to one case and are re-planned from its status, so they do not
fit an invoice of several cases. An ``OverdueNotice`` row is the claim: it is created by
exactly one delivery pass (its one-to-one key refuses a second), the email is sent and recorded
(``sent_at``), then the notice is marked delivered and shows on the billing desk. A pass that dies
after claiming leaves ``sent_at`` empty; after ``CLAIM_TIMEOUT`` another pass takes the claim
over with one conditional UPDATE on the old token, so exactly one pass sends.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from .models import IssuedDocument, OverdueNotice
from .selectors import unpaid_invoices

logger = logging.getLogger(__name__)
CLAIM_TIMEOUT = timedelta(minutes=5)


def _overdue_without_notice(today: date):
    notified = OverdueNotice.objects.filter(invoice=OuterRef("pk"))
    return unpaid_invoices(today=today).filter(due_on__lt=today).exclude(Exists(notified))


def notice_claim(*, invoice_id: int, token: str, now: datetime) -> bool:
    """Claim the notice of ``invoice_id`` for ``token``; False when another pass has it."""
    try:
        with transaction.atomic():
            OverdueNotice.objects.create(invoice_id=invoice_id, claim_token=token, claimed_at=now)
        return True
    except IntegrityError:
        # Taken: ours only if the other pass died before sending.
        return bool(
            OverdueNotice.objects.filter(
                invoice_id=invoice_id, sent_at=None, claimed_at__lt=now - CLAIM_TIMEOUT
            ).update(claim_token=token, claimed_at=now)
        )


def _recipients() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def notice_email(invoice: IssuedDocument, recipients: list[str]) -> EmailMessage:
    outstanding = getattr(invoice, "outstanding", invoice.total)
    url = settings.SITE_URL + reverse("billing_invoice", args=[invoice.pk])
    body = "\n".join(
        [
            f"請求書 {invoice.number}({invoice.recipient_name} 様)の支払期限"
            f"({invoice.due_on:%Y年%m月%d日})が過ぎましたが、入金が記録されていません。",
            f"未入金額: {outstanding:,}円",
            "",
            "入金を確認し、入っていれば記録してください。未入金ならお客様にご連絡ください。",
            f"請求書のページ: {url}",
            "",
            "-- CCUS Desk(自動送信)",
        ]
    )
    return EmailMessage(
        subject=f"【CCUS Desk】支払期限超過:請求書 {invoice.number}",
        body=body,
        to=recipients,
        headers={"X-CCUS-Overdue-Invoice": str(invoice.pk)},
    )


def notices_deliver_due(*, today: date | None = None, now: datetime | None = None) -> int:
    """Claim, email and mark every overdue invoice's notice not sent yet; return how many."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    token = uuid.uuid4().hex
    stale = OverdueNotice.objects.filter(sent_at=None, claimed_at__lt=now - CLAIM_TIMEOUT)
    candidates = list(_overdue_without_notice(today).values_list("pk", flat=True))
    candidates += list(stale.values_list("invoice_id", flat=True))
    delivered = 0
    for invoice_id in candidates:
        if not notice_claim(invoice_id=invoice_id, token=token, now=now):
            continue
        try:
            delivered += notice_deliver(invoice_id=invoice_id, token=token, today=today)
        except Exception:
            logger.exception("overdue notice of invoice %s failed", invoice_id)
    return delivered


def notice_deliver(*, invoice_id: int, token: str, today: date) -> bool:
    mine = OverdueNotice.objects.filter(invoice_id=invoice_id, claim_token=token, sent_at=None)
    invoice = unpaid_invoices(today=today).filter(pk=invoice_id).first()
    if invoice is None:  # paid or corrected meanwhile: nothing to tell
        mine.update(sent_at=timezone.now(), delivered_at=timezone.now())
        return False
    recipients = _recipients()
    if not mine.update(claimed_at=timezone.now()):
        return False
    if recipients:
        notice_email(invoice, recipients).send()
    now = timezone.now()
    return bool(mine.update(sent_at=now, delivered_at=now))
