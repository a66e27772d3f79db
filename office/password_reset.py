"""Password reset by email, run by the office: throttled public form, the office's mail.

The public form (「パスワードをお忘れの方」) and the office admin's button send the same Japanese
mail, signed with the office's name, linking to SITE_URL (the address staff open).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordResetView
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import override

from .reset_mail import EMAIL_TEMPLATE, SUBJECT_TEMPLATE, reset_mail_context
from .security import client_ip
from .throttle import throttle_hit


@method_decorator(login_not_required, name="dispatch")
class ThrottledPasswordResetView(PasswordResetView):
    """At most PASSWORD_RESET_PER_ADDRESS requests per hour from one address and
    PASSWORD_RESET_PER_EMAIL per hour for one email address; beyond that a Japanese page
    (429) and no mail. The answer does not depend on whether the address is registered."""

    subject_template_name = SUBJECT_TEMPLATE
    email_template_name = EMAIL_TEMPLATE

    @property
    def extra_email_context(self) -> dict:
        return reset_mail_context()

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW_SECONDS
        email = form.cleaned_data.get("email", "")
        by_address = throttle_hit(
            "reset-ip",
            client_ip(self.request) or "unknown",
            limit=settings.PASSWORD_RESET_PER_ADDRESS,
            window_seconds=window,
        )
        by_email = throttle_hit(
            "reset-email", email, limit=settings.PASSWORD_RESET_PER_EMAIL, window_seconds=window
        )
        if by_address or by_email:
            return render(
                self.request,
                "registration/password_reset_throttled.html",
                {"minutes": window // 60},
                status=429,
            )
        with override("ja"):
            return super().form_valid(form)
