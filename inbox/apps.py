from django.apps import AppConfig


class InboxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inbox"
    verbose_name = "メールボックス"

    def ready(self) -> None:
        from clients.erasure import register_erasure_hook

        from .services import client_ccus_mails_erase

        # Erasing or deleting a client deletes the CCUS mails that name it (architecture.md:
        # the clients app runs the hook without importing inbox).
        register_erasure_hook(client_ccus_mails_erase)
