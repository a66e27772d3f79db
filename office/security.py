"""Login protection glue for django-axes: the client's address, the lockout backend and handler."""

from __future__ import annotations

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest


def parse_ip(value: str) -> str | None:
    """A single IP address in its canonical form, or None for anything else.

    Proxies write ``203.0.113.5``, ``2001:db8::1``, sometimes ``203.0.113.5:4711`` or
    ``[2001:db8::1]:4711``; a browser can write whatever it likes. Only what ``ipaddress`` accepts
    reaches the database (a junk value in a PostgreSQL ``inet`` column is a server error).
    """
    text = (value or "").strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """Return the address of the browser, not of the TLS proxy in front of us ("" if unknown).

    Each of the ``TRUSTED_PROXY_COUNT`` proxies appends the address it saw to X-Forwarded-For,
    so the client is the entry that many places from the right; anything further left was
    written by the client itself and cannot be trusted. When that entry is missing or is not an
    IP address, the socket's address (REMOTE_ADDR, i.e. the proxy) is used instead.
    """
    remote = parse_ip(request.META.get("REMOTE_ADDR", "")) or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [ip for ip in forwarded if ip]
    if len(forwarded) < count:
        return remote
    return parse_ip(forwarded[-count]) or remote


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler, except that a successful login clears only the failures
    recorded for that user name.

    Axes' own reset deletes every attempt matching any lockout parameter, the address included:
    a staff member could guess a colleague's password four times, log in as themself (which
    wiped those four failures, since they came from the same address) and repeat for ever.
    """

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


class LockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out user/address before the password is checked.

    Logins through a page always carry the request. Code that authenticates without one
    (Django's test client, a management command) is not a login attempt from outside, so it is
    passed on to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The Japanese page shown instead of the login form while a lock lasts."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(
        request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How axes names a login attempt in the log; a secret typed as user name is masked."""
    from .secrets import mask_secrets

    return f"{{username: {mask_secrets(str(username))!r}, ip_address: {ip_address!r}}}"


def attempt_username(request: HttpRequest, credentials=None) -> str:
    """The user name axes records for a login attempt.

    A password typed into the user name box by mistake is the one place where a secret stands
    with no secret word next to it: a name that is no user's and is shaped like a password is
    recorded (and logged) as a mask, so the lockout still counts it but nobody can read it.
    """
    from django.contrib.auth import get_user_model

    from .secrets import MASK, credential_shaped, mask_secrets

    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    name = (credentials or {}).get(field) if credentials else None
    if name is None:
        name = request.POST.get(field, "") if request is not None else ""
    name = str(name or "")
    model = get_user_model()
    if (
        credential_shaped(name.strip())
        and not model.objects.filter(**{model.USERNAME_FIELD: name}).exists()
    ):
        return MASK
    return mask_secrets(name)
