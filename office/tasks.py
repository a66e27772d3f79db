"""Celery tasks of the office app: thin wrappers over services."""

from celery import shared_task

from .services import heartbeat_touch

BEAT_HEARTBEAT = "beat"


@shared_task(name="office.tasks.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    """Prove that beat scheduled, the broker carried and a worker ran a task."""
    heartbeat_touch(name=BEAT_HEARTBEAT)


@shared_task(name="office.tasks.prune_access_log", ignore_result=True)
def prune_access_log() -> None:
    """Delete access-log rows older than ACCESS_LOG_RETENTION_DAYS (runs daily)."""
    from .services import access_log_prune

    access_log_prune()


@shared_task(name="office.tasks.log_message", ignore_result=True)
def log_message(message: str) -> None:
    """Write one line to the worker's log (proves end to end that the worker masks secrets)."""
    import logging

    logging.getLogger(__name__).warning("%s", message)
