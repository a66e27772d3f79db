"""Celery tasks of the inbox app: thin wrappers over services."""

import logging

from celery import shared_task
from django.conf import settings

from .imap import MailboxError
from .services import mailbox_fetch

FETCH_MAIL = "inbox.tasks.fetch_mail"
logger = logging.getLogger(__name__)


@shared_task(name=FETCH_MAIL, ignore_result=True)
def fetch_mail() -> int:
    """One pass over the office mailbox (beat, every MAILBOX_POLL_INTERVAL s). Safe to run
    concurrently. Returns the number of mails recorded on cases."""
    if not settings.IMAP_URL:
        return 0
    try:
        report = mailbox_fetch()
    except MailboxError:
        return 0  # kept for the dashboard and /healthz; logged by the service
    return report.recorded
