"""Celery tasks of the document work: a batch id in, the service call that does the work."""

from celery import shared_task

from . import services


@shared_task(name=services.EMAIL_TASK)
def email_case_documents(batch_id: int) -> None:
    services.case_documents_email_run(batch_id=batch_id)


@shared_task(name=services.BATCH_TASK)
def build_document_batch(batch_id: int) -> None:
    services.document_batch_run(batch_id=batch_id)


@shared_task(name=services.SWEEP_TASK, ignore_result=True)
def sweep_stale_batches() -> None:
    """Mark document jobs of dead workers failed (declared in config/celery_app.py)."""
    services.document_batches_sweep()
