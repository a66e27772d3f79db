"""Django's password reset by email, throttled: it is a public form that sends mail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordResetView
from django.shortcuts import render
from django.utils.decorators import method_decorator

from .security import client_ip
from .throttle import throttle_hit


@method_decorator(login_not_required, name="dispatch")
class ThrottledPasswordResetView(PasswordResetView):
    """At most PASSWORD_RESET_PER_ADDRESS requests per hour from one address and
    PASSWORD_RESET_PER_EMAIL per hour for one email address; beyond that a Japanese page
    (429) and no mail. The answer does not depend on whether the address is registered."""

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
        return super().form_valid(form)
