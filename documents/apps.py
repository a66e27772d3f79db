from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "書類"

    def ready(self) -> None:
        # Register the tasks in every process, not only in workers (autodiscovery runs there):
        # the services enqueue them by name, and an eager run needs them registered.
        from . import tasks  # noqa: F401
