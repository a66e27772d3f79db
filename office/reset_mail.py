"""The password reset mail: Japanese, signed with the office's name, linking to SITE_URL."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override

from .selectors import get_office

SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
EMAIL_TEMPLATE = "registration/password_reset_email.txt"


def reset_mail_context() -> dict:
    """What the reset mail needs beyond Django's uid and token: the office and the address."""
    return {"office": get_office(), "site_url": settings.SITE_URL}


def send_reset_mail(user, *, fallback_url: str = "") -> None:
    """Send ``user`` the reset link (the office admin's button). The mail is in Japanese, the
    source language, whatever the admin's display language. The link starts with SITE_URL, or
    ``fallback_url`` (the address the admin is using) where SITE_URL is unset."""
    context = {
        **reset_mail_context(),
        "site_url": settings.SITE_URL or fallback_url.rstrip("/"),
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https",
        "domain": "",
    }
    with override("ja"):
        PasswordResetForm().send_mail(
            SUBJECT_TEMPLATE,
            EMAIL_TEMPLATE,
            context,
            settings.DEFAULT_FROM_EMAIL,
            user.email,
        )
