from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("事業者")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from office.signals import access_log_target_search

        from .imports import discard_on_logout
        from .receivers import client_access_log_targets_found

        # A CSV preview (masked, 0600) does not outlive the session that made it.
        user_logged_out.connect(discard_on_logout, dispatch_uid="clients.import_logout")
        # The access log's 対象 filter finds a client by its name or 事業者ID.
        access_log_target_search.connect(
            client_access_log_targets_found, dispatch_uid="clients.access_log_targets"
        )
