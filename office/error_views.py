"""The office's own pages where Django would answer in English, blank or with its admin look."""

from __future__ import annotations

import re

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .secrets import mask_secrets

# Fields never echoed back: the CSRF token itself, passwords and other tokens or secrets.
_HIDDEN_FIELD = re.compile(r"csrf|pass|token|secret|security", re.IGNORECASE)


def typed_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """The non-empty text fields of the refused POST, minus passwords and tokens, masked.

    Shown once to the person who typed them so that they can copy the text back; never stored,
    never logged.
    """
    fields = []
    for name, values in request.POST.lists():
        if _HIDDEN_FIELD.search(name):
            continue
        for value in values:
            if value.strip():
                fields.append((name, mask_secrets(value)))
    return fields


@never_cache
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a Japanese page that gives back what the user typed.

    Only to a logged-in user: a cross-site page can make a browser POST any text here (without
    the session cookie, SameSite), and the office's page must not repeat a stranger's words.
    """
    user = getattr(request, "user", None)
    fields = typed_fields(request) if user is not None and user.is_authenticated else []
    context = {"fields": fields, "back": _same_site_referer(request)}
    return render(request, "403_csrf.html", context, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: the office's page for a request the app cannot read."""
    return render(request, "400.html", status=400)


def _same_site_referer(request: HttpRequest) -> str:
    """The page the form was on, when it is one of ours (a path only), else ""."""
    from urllib.parse import urlsplit

    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if not referer.path.startswith("/") or referer.path.startswith("//"):
        return ""
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    if referer.netloc and referer.netloc != host:
        return ""
    return referer.path + (f"?{referer.query}" if referer.query else "")
