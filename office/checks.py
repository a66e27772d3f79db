"""Deployment checks of our own (``manage.py check --deploy``): with DEBUG off, refuse a setup
that would run but silently mail links to nowhere, or mail nobody at all."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

# Backends that accept a message and deliver it to no one.
UNDELIVERED_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "prints mail to the console",
    "django.core.mail.backends.locmem.EmailBackend": "keeps mail in memory",
    "django.core.mail.backends.dummy.EmailBackend": "throws mail away",
    "django.core.mail.backends.filebased.EmailBackend": "writes mail to files",
}


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs) -> list[Error]:
    """Reminder emails link to SITE_URL + the case's path: it must be the address staff open."""
    if settings.DEBUG:
        return []
    url = settings.SITE_URL
    parts = urlsplit(url)
    if not url:
        problem = "SITE_URL is not set: reminder emails would link to no address."
    elif parts.scheme not in ("http", "https") or not parts.netloc:
        problem = f"SITE_URL {url!r} is not an http(s) address: reminder emails would link to it."
    else:
        return []
    return [
        Error(
            problem,
            hint="Set SITE_URL to the address staff open in their browser, "
            "e.g. SITE_URL=https://desk.example.jp.",
            id="office.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_email_backend(app_configs=None, **kwargs) -> list[Error]:
    """Reminders and documents are emailed: production needs a real mail server."""
    if settings.DEBUG:
        return []
    what = UNDELIVERED_BACKENDS.get(settings.EMAIL_BACKEND)
    if what is None:
        return []
    return [
        Error(
            f"EMAIL_URL {what} ({settings.EMAIL_BACKEND}): reminders and documents "
            "would reach no one.",
            hint="Set EMAIL_URL to the office's mail server, "
            "e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.jp:587.",
            id="office.E002",
        )
    ]
