from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.backends.signals import connection_created
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("事務所")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
        from .middleware import mark_session_fresh
        from .secret_net import mask_model_text_fields

        # The last safety net for "no secret is ever stored" (see office/secret_net.py).
        pre_save.connect(mask_model_text_fields, dispatch_uid="office.mask_secrets")
        user_logged_in.connect(mark_session_fresh, dispatch_uid="office.session_fresh")
        connection_created.connect(_sqlite_file_private, dispatch_uid="office.sqlite_private")


def _sqlite_file_private(sender, connection, **kwargs) -> None:
    """The SQLite file holds every client's personal data: readable by the app's user only."""
    if connection.vendor != "sqlite":
        return
    from pathlib import Path

    from .backup import make_private

    name = str(connection.settings_dict.get("NAME") or "")
    if name and not name.startswith("file:") and name != ":memory:":
        make_private(Path(name))
