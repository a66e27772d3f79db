"""No page with personal data may be cached, and no POST is accepted without a CSRF token.

Both walk Django's URL resolver (site_map.routes): a new page is covered as soon as it lands.
"""

import pytest
from django.test import Client

from .site_map import routes, snapshot

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_every_authenticated_route_answers_with_no_store(world, staff_user, admin_user, who):
    browser = Client()
    browser.force_login(staff_user if who == "staff" else admin_user)
    checked, missing = 0, []
    for route in routes():
        if route.django_admin:
            continue
        response = browser.get(route.url)
        checked += 1
        if not _no_store(response):
            missing.append(
                f"GET {route.url} -> {response.status_code} {response.get('Cache-Control')!r}"
            )
    assert checked > 40
    assert not missing, missing


def test_the_files_with_personal_data_are_not_stored(world, staff_client, admin_client_):
    from clients.models import Client as Company

    company = Company.objects.get(pk=7)
    export = staff_client.get("/clients/export/", {"encoding": "utf-8"})
    assert export["Content-Type"].startswith("text/csv")
    assert _no_store(export)
    inquiry = staff_client.get("/cases/7/inquiry.txt")
    assert inquiry.status_code in (200, 409)
    assert _no_store(inquiry)
    personal = admin_client_.get(f"/clients/{company.pk}/personal-data/")
    assert personal.status_code == 200 and _no_store(personal)


def test_the_calendar_feed_is_not_stored(staff_user, client):
    from recovery.reminders.calendar_feed import calendar_feed_regenerate

    feed = calendar_feed_regenerate(user=staff_user)
    response = client.get(f"/calendar/{feed.token}.ics")
    assert response.status_code == 200
    assert _no_store(response)


def test_an_anonymous_login_page_is_not_stored_either():
    assert _no_store(Client().get("/accounts/login/"))


def _post_everywhere(browser, *, include_public: bool):
    answers = {}
    for route in routes():
        if route.public and not include_public:
            continue
        answers[route.url] = browser.post(route.url, {"name": "x", "confirm": "1"})
    return answers


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_every_post_without_a_csrf_token_is_refused(world, staff_user, admin_user, who):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user if who == "staff" else admin_user)
    before = snapshot()
    answers = _post_everywhere(browser, include_public=True)
    accepted = {
        url: r.status_code
        for url, r in answers.items()
        if r.status_code != 403 or b"CSRF" not in r.content
    }
    assert len(answers) > 40
    assert not accepted, accepted
    assert snapshot() == before


def test_an_anonymous_post_to_a_public_page_needs_the_token_too(staff_user):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/accounts/login/", {"username": "yamada", "password": "pw-staff-1"})
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session
