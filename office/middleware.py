"""Sliding session expiry that does not write the session on every request."""

import time

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class SessionRenewalMiddleware:
    """Renew the logged-in session's expiry (SESSION_COOKIE_AGE, 8 hours) on activity.

    Django's SESSION_SAVE_EVERY_REQUEST writes the session row on every request; on SQLite those
    writes queue behind one lock and made p95 under 20 users about four times worse
    (bench_load). Renewing at most every SESSION_RENEW_SECONDS keeps "8 hours without a
    request" exact to within that interval. Must come after SessionMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - int(session.get("_renewed_at", 0)) >= settings.SESSION_RENEW_SECONDS:
                session["_renewed_at"] = now  # marks it modified: saved with a fresh expiry
        return response


def mark_session_fresh(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: a new login is already a fresh session (no extra write)."""
    session = getattr(request, "session", None)
    if session is not None:
        session["_renewed_at"] = int(time.time())


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response that may carry personal data.

    Every page for a logged-in user (HTML, inquiry.txt, CSV, JSON, PDF) is personal or office
    data: neither the browser's disk cache nor a proxy may keep it. Responses for anonymous
    visitors get it too unless the view chose its own caching (the calendar feed, opened with a
    token and no session, is private as well). Static files never reach this middleware
    (WhiteNoise answers them first). Must come after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class MethodNotAllowedPageMiddleware:
    """Django answers a wrong method (``@require_POST`` opened by a link) with an empty 405:
    give the office's page instead, with the same status and Allow header. Must come after
    AuthenticationMiddleware and MessageMiddleware and before CSPMiddleware's inner end (so
    the page gets the same headers as every other)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not getattr(response, "streaming", False)
            and not response.content
        ):
            from django.shortcuts import render

            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
