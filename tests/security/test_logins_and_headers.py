"""Login lockout, session expiry, cookies and the security headers of every page."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from office.security import client_ip

from .site_map import get_pages

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_five_wrong_passwords_lock_the_user_for_15_minutes_with_a_japanese_page(staff_user):
    started = timezone.now()
    with time_machine.travel(started, tick=False) as traveller:
        browser = Client()
        for _ in range(4):
            assert _login(browser, "yamada", "wrong").status_code == 200
        locked = _login(browser, "yamada", "wrong")
        assert locked.status_code == 429
        page = locked.content.decode()
        assert "ログインが一時的に制限されています" in page
        assert "15分間" in page and "5回" in page
        # Even the right password is refused while the lock lasts, from another address too.
        assert _login(Client(REMOTE_ADDR="192.0.2.9"), "yamada", "pw-staff-1").status_code == 429
        traveller.shift(timedelta(minutes=14))
        assert _login(browser, "yamada", "pw-staff-1").status_code == 429
        traveller.shift(timedelta(minutes=1, seconds=1))
        assert _login(browser, "yamada", "pw-staff-1").status_code == 302


def test_one_address_trying_five_user_names_is_locked_out(staff_user):
    browser = Client(REMOTE_ADDR="198.51.100.4")
    for name in ("tanaka", "suzuki", "takahashi", "ito", "watanabe"):
        _login(browser, name, "guess")
    assert _login(browser, "yamada", "pw-staff-1").status_code == 429
    # Another address is not affected: the office behind its own router keeps working.
    assert _login(Client(REMOTE_ADDR="198.51.100.5"), "yamada", "pw-staff-1").status_code == 302


def test_a_successful_login_clears_earlier_typos(staff_user):
    browser = Client()
    for _ in range(4):
        _login(browser, "yamada", "wrong")
    assert _login(browser, "yamada", "pw-staff-1").status_code == 302
    browser.post("/accounts/logout/")
    for _ in range(4):
        _login(browser, "yamada", "wrong")
    assert _login(browser, "yamada", "pw-staff-1").status_code == 302


def test_behind_a_proxy_the_lock_uses_the_browsers_address(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"


def test_a_session_ends_after_8_hours_without_activity(staff_user):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        browser = Client()
        assert _login(browser, "yamada", "pw-staff-1").status_code == 302
        traveller.shift(timedelta(hours=7, minutes=59))
        assert browser.get("/").status_code == 200  # activity renews the 8 hours
        traveller.shift(timedelta(hours=7, minutes=59))
        assert browser.get("/").status_code == 200
        traveller.shift(timedelta(hours=8, minutes=1))
        response = browser.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_activity_renews_the_session_at_most_once_a_minute(staff_user):
    from django.contrib.sessions.models import Session

    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        browser = Client()
        _login(browser, "yamada", "pw-staff-1")
        browser.get("/")

        def expiry():
            return Session.objects.get().expire_date

        first = expiry()
        traveller.shift(timedelta(seconds=30))
        browser.get("/")
        assert expiry() == first  # no write within the minute
        traveller.shift(timedelta(seconds=31))
        browser.get("/")
        assert expiry() == first + timedelta(seconds=61)


def test_every_page_sends_the_security_headers(world, admin_client_):
    for path in ["/accounts/login/", "/", "/office/users/"]:
        response = admin_client_.get(path)
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ):
            assert directive in csp, (path, directive, csp)
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on…= event attribute"),
    (re.compile(r"(src|href)\s*=\s*[\"']?(https?:)?//", re.I), "a remote URL"),
    (re.compile(r"href\s*=\s*[\"']?javascript:", re.I), "a javascript: link"),
]


def test_no_page_needs_inline_script_or_style_that_the_policy_blocks(world, admin_client_):
    pages = get_pages(admin_client_)
    pages.update(get_pages(Client(), include_public=True))
    assert len(pages) > 5
    problems = []
    for path, html in pages.items():
        for pattern, what in INLINE:
            match = pattern.search(html)
            if match:
                context = html[max(0, match.start() - 40) : match.end() + 40]
                problems.append(f"{path}: {what}: …{context}…")
    assert not problems, "\n".join(problems)


def test_over_https_cookies_are_secure_and_httponly_and_hsts_is_sent(settings, staff_user):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    browser = Client()  # a new client builds the middleware with these settings
    page = browser.get(LOGIN, secure=True)
    assert page["Strict-Transport-Security"].startswith("max-age=31536000")
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    response = browser.post(LOGIN, {"username": "yamada", "password": "pw-staff-1"}, secure=True)
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert int(session["max-age"]) == 8 * 60 * 60


def test_production_settings_turn_on_secure_cookies_and_hsts():
    import subprocess
    import sys

    from tests.test_settings_and_services import PRODUCTION_ENV, ROOT

    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS,"
        " s.SESSION_COOKIE_AGE, s.SESSION_RENEW_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=PRODUCTION_ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "True", "31536000", "True", "DENY", "28800", "60"]


def test_production_collectstatic_works_so_pages_render_with_debug_off(tmp_path):
    """The Dockerfile runs collectstatic with the manifest storage; a broken reference fails it."""
    import subprocess
    import sys

    from tests.test_settings_and_services import PRODUCTION_ENV, ROOT

    env = {**PRODUCTION_ENV, "VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles" / "staticfiles.json").exists()
