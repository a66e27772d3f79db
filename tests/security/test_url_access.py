"""Every URL pattern, walked: anonymous visitors go to login, staff get 403 on admin pages.

New pages are covered without editing this file: the walk reads Django's URL resolver, and the
admin-only set is what ``@office_admin_required`` marks on the view.
"""

import pytest
from django.test import Client

from .site_map import (
    MAX_PUBLIC_URLS,
    is_login_redirect,
    is_public_by_name,
    routes,
)

pytestmark = pytest.mark.django_db


def test_only_the_few_allowlisted_pages_are_open_without_login():
    public = [r for r in routes() if r.public]
    unexpected = [f"{r.route} ({r.name})" for r in public if not is_public_by_name(r.name)]
    assert not unexpected, f"pages open without login that are not on the allowlist: {unexpected}"
    assert len(public) <= MAX_PUBLIC_URLS
    assert {"login", "healthz", "set_language"} <= {r.name for r in public}


def test_anonymous_visitors_are_sent_to_login_from_every_other_page(world):
    anonymous = Client()
    checked, wrong = 0, []
    for route in routes():
        if route.public:
            continue
        for method in ("get", "post"):
            response = getattr(anonymous, method)(route.url)
            checked += 1
            if not is_login_redirect(response):
                wrong.append(f"{method.upper()} {route.url} -> {response.status_code}")
    assert checked > 20
    assert not wrong, wrong


def test_the_walk_finds_the_office_admin_pages():
    admin_only = {r.name for r in routes() if r.office_admin_only}
    assert {
        "office_settings",
        "user_list",
        "user_create",
        "user_toggle_admin",
        "user_deactivate",
        "access_log",
    } <= admin_only


def test_staff_get_403_on_every_office_admin_page(world, staff_client):
    wrong = []
    for route in routes():
        if not route.office_admin_only:
            continue
        for method in ("get", "post"):
            response = getattr(staff_client, method)(route.url)
            if response.status_code != 403:
                wrong.append(f"{method.upper()} {route.url} -> {response.status_code}")
    assert not wrong, wrong
    page = staff_client.get(next(r.url for r in routes() if r.office_admin_only))
    assert "事務所管理者のみ" in page.content.decode()


def test_staff_never_reach_the_django_admin_site(world, staff_client):
    for route in routes():
        if route.django_admin and not route.public:
            response = staff_client.get(route.url, follow=True)
            assert response.status_code in (200, 403, 404), (route.url, response.status_code)
            if response.status_code == 200:
                # Django's admin shows its own login form to users who are not is_staff.
                assert response.request["PATH_INFO"] == "/admin/login/", route.url


def test_staff_open_every_other_page_without_a_server_error(world, staff_client):
    errors = []
    for route in routes():
        if route.office_admin_only or route.django_admin or route.public:
            continue
        response = staff_client.get(route.url)
        if response.status_code >= 500:
            errors.append(f"GET {route.url} -> {response.status_code}")
    assert not errors, errors


def test_office_admins_open_every_admin_page(world, admin_client_):
    errors = []
    for route in routes():
        if not route.office_admin_only:
            continue
        response = admin_client_.get(route.url)
        if response.status_code in (403,) or response.status_code >= 500:
            errors.append(f"GET {route.url} -> {response.status_code}")
    assert not errors, errors


def test_the_generic_world_has_an_object_of_each_core_model(world):
    for label in ("clients.Client", "recovery.RecoveryCase"):
        assert not isinstance(world[label], Exception), world[label]
