from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("事業者")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from .imports import discard_on_logout

        # A CSV preview (masked, 0600) does not outlive the session that made it.
        user_logged_out.connect(discard_on_logout, dispatch_uid="clients.import_logout")
