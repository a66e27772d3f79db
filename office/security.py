"""Login protection glue for django-axes: the client's address and the lockout backend."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """Return the address of the browser, not of the TLS proxy in front of us.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies appends the address it saw to X-Forwarded-For,
    so the client is the entry that many places from the right; anything further left was
    written by the client itself and cannot be trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [ip for ip in forwarded if ip]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


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
    return render(request, "registration/locked_out.html", context,
                  status=settings.AXES_HTTP_RESPONSE_CODE)


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
    if credential_shaped(name.strip()) and not model.objects.filter(
        **{model.USERNAME_FIELD: name}
    ).exists():
        return MASK
    return mask_secrets(name)
