"""Celery tasks of the recovery app: thin wrappers over services."""

from celery import shared_task

from .reminders.delivery import reminders_deliver_due

DELIVER_DUE_REMINDERS = "recovery.tasks.deliver_due_reminders"


@shared_task(name=DELIVER_DUE_REMINDERS, ignore_result=True)
def deliver_due_reminders() -> int:
    """One delivery pass (beat runs it about every minute). Safe to run concurrently."""
    return reminders_deliver_due()
