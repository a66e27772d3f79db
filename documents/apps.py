from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "書類"

    def ready(self) -> None:
        from clients.signals import client_erased

        # Register the tasks in every process, not only in workers (autodiscovery runs there):
        # the services enqueue them by name, and an eager run needs them registered.
        from . import tasks  # noqa: F401
        from .receivers import document_batches_erased

        # Erasing a client deletes the document jobs (ZIPs, emails) that hold its data; the
        # clients app announces it without importing documents (architecture.md).
        client_erased.connect(document_batches_erased, dispatch_uid="documents.batches")
