from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("事務所")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
        from .middleware import mark_session_fresh
        from .secrets import mask_model_text_fields

        # The last safety net for "no secret is ever stored" (see office/secrets.py).
        pre_save.connect(mask_model_text_fields, dispatch_uid="office.mask_secrets")
        user_logged_in.connect(mark_session_fresh, dispatch_uid="office.session_fresh")
