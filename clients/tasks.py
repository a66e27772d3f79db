"""Celery tasks of the clients app: thin wrappers over services (periodic, declared in
config/celery_app.py)."""

from celery import shared_task


@shared_task(name="clients.tasks.prune_retained_records", ignore_result=True)
def prune_retained_records() -> None:
    """Delete the 事件簿 copies of deleted clients whose 2 years are over (daily)."""
    from .services import retained_records_prune

    retained_records_prune()


@shared_task(name="clients.tasks.purge_import_files", ignore_result=True)
def purge_import_files() -> None:
    """Delete CSV import previews nobody confirmed or cancelled (every few minutes)."""
    from .imports import purge_expired

    purge_expired()
