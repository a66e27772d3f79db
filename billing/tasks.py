"""Celery tasks of the billing app: thin wrappers over services."""

from celery import shared_task
from django.utils import timezone

from office.selectors import get_office

from .overdue import notices_deliver_due

NOTIFY_OVERDUE_INVOICES = "billing.tasks.notify_overdue_invoices"


@shared_task(name=NOTIFY_OVERDUE_INVOICES, ignore_result=True)
def notify_overdue_invoices() -> int:
    """Tell staff once about each invoice past its due date (from the office's opening time,
    like the case reminders). Safe to run concurrently."""
    if timezone.localtime().time() < get_office().opening_time:
        return 0
    return notices_deliver_due()
