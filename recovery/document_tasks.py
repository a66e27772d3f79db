"""Celery tasks of the document work (thin wrappers: id in, service call).

Found by ``app.autodiscover_tasks(related_name="document_tasks")`` in ``config/celery_app.py``.
"""

from celery import shared_task

from . import document_services


@shared_task(name="recovery.email_case_documents")
def email_case_documents(batch_id: int) -> None:
    document_services.case_documents_email_run(batch_id=batch_id)


@shared_task(name="recovery.build_document_batch")
def build_document_batch(batch_id: int) -> None:
    document_services.document_batch_run(batch_id=batch_id)
