from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "書類"

    def ready(self) -> None:
        from clients.erasure import register_erasure_hook

        # Register the tasks in every process, not only in workers (autodiscovery runs there):
        # the services enqueue them by name, and an eager run needs them registered.
        from . import tasks  # noqa: F401
        from .services import client_document_batches_erase

        # Erasing a client deletes the document jobs (ZIPs, emails) that hold its data; the
        # clients app runs this hook without importing documents (architecture.md).
        register_erasure_hook(client_document_batches_erase)
