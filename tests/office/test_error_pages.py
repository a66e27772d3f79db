"""The office's own pages for a refused form (CSRF), a wrong method (405), a bad request (400)."""

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client(staff_user, office_profile):
    """A logged-in browser whose forms are checked for their CSRF token, like a real one."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user)
    return browser


def test_it_gives_back_the_typed_note_in_japanese_when_the_token_is_stale(strict_client):
    response = strict_client.post(
        "/cases/7/note/",
        {"csrfmiddlewaretoken": "stale-token", "text": "お客様に電話。\n明日また連絡"},
        HTTP_REFERER="http://testserver/cases/7/",
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "送信できませんでした" in html
    assert "お客様に電話。\n明日また連絡" in html
    assert 'href="/cases/7/"' in html
    assert "CSRF verification failed" not in html
    assert "no-store" in response["Cache-Control"]


def test_it_never_echoes_passwords_or_tokens(strict_client):
    response = strict_client.post(
        "/clients/new/",
        {
            "csrfmiddlewaretoken": "stale-token-value",
            "username": "yamada",
            "password": "pw-never-shown-9",
            "new_password1": "another-secret-9",
            "once_token": "one-time-token-value",
        },
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "yamada" in html
    for hidden in ("pw-never-shown-9", "another-secret-9", "one-time-token-value", "stale-token"):
        assert hidden not in html


def test_a_ccus_password_typed_into_a_note_is_masked_on_the_page(strict_client):
    response = strict_client.post(
        "/cases/7/note/", {"text": "お客様のCCUSパスワードは Xk29!pqL です"}
    )
    html = response.content.decode()
    assert "Xk29!pqL" not in html
    assert "********" in html


def test_the_typed_text_is_not_logged(strict_client, caplog):
    caplog.set_level(logging.DEBUG)
    strict_client.post("/cases/7/note/", {"text": "ログに出してはいけないメモ"})
    assert "ログに出してはいけないメモ" not in caplog.text


def test_an_anonymous_visitor_gets_the_page_without_any_echo(office_profile):
    # A cross-site form reaches us without the session cookie: its text is not repeated.
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/accounts/login/", {"username": "yamada", "note": "03-1234-5678へ"})
    html = response.content.decode()
    assert response.status_code == 403 and "送信できませんでした" in html
    assert "yamada" not in html and "03-1234-5678" not in html


def test_a_foreign_referer_gives_no_back_link(strict_client):
    response = strict_client.post(
        "/cases/7/note/", {"text": "x"}, HTTP_REFERER="https://evil.example/phish"
    )
    assert "evil.example" not in response.content.decode()


def test_nothing_typed_gives_the_page_without_a_copy_box(strict_client):
    response = strict_client.post("/cases/7/note/", {"text": "   "})
    assert response.status_code == 403
    assert "typed-fields" not in response.content.decode()


def test_a_direct_get_of_a_post_only_url_gives_a_friendly_405(staff_client, office_profile):
    response = staff_client.get("/cases/7/sent/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    html = response.content.decode()
    assert "このページは直接開けません" in html
    assert "ダッシュボードへ戻る" in html


def test_the_405_page_follows_the_language(staff_client, office_profile):
    staff_client.cookies["django_language"] = "en"
    response = staff_client.get("/cases/7/sent/")
    assert "This page cannot be opened directly" in response.content.decode()


def test_a_405_for_an_anonymous_visitor_still_asks_for_login_first():
    response = Client().get("/cases/7/sent/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_bad_host_gets_the_office_400_page(staff_client, office_profile):
    response = staff_client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "リクエストを処理できませんでした" in response.content.decode()


def test_favicon_ico_leads_to_the_svg_icon_without_a_login():
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
    assert Client().get(response["Location"]).status_code == 200


def test_every_post_only_address_opened_by_a_link_explains_itself(staff_client, office_profile):
    from tests.security.site_map import routes

    answered = {}
    for route in routes():
        if route.django_admin:
            continue
        response = staff_client.get(route.url)
        if response.status_code == 405:
            answered[route.url] = "このページは直接開けません" in response.content.decode()
    assert len(answered) >= 5  # the case steps, reminders, inbox, user roles…
    assert all(answered.values()), [url for url, ok in answered.items() if not ok]
