from django.apps import AppConfig


class InboxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inbox"
    verbose_name = "メールボックス"

    def ready(self) -> None:
        from clients.signals import client_erased

        from .receivers import ccus_mails_erased

        # Erasing or deleting a client deletes the CCUS mails that name it (architecture.md:
        # the clients app announces it without importing inbox).
        client_erased.connect(ccus_mails_erased, dispatch_uid="inbox.ccus_mails")
