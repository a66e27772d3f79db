"""In a real browser the Content-Security-Policy blocks nothing the pages need, and a locked-out
login shows the Japanese lockout page."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import login
from tests.security.site_map import create_world, routes

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_page_triggers_a_csp_violation_and_the_navbar_toggle_works(
    page, admin_user, office_profile, django_user_model
):
    create_world(django_user_model)
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    login(page, "sato", "pw-admin-1")
    visited = 0
    for route in routes():
        if route.public or route.django_admin:
            continue
        try:
            response = page.goto(page.base_url + route.url)
        except PlaywrightError:  # an empty 405 body (POST-only URL) is not a page
            continue
        if response and response.ok and "text/html" in response.headers.get("content-type", ""):
            visited += 1
    assert visited > 5
    assert not violations, violations
    # Bootstrap's collapse (inline styles set from JS are allowed) still opens the menu.
    page.set_viewport_size({"width": 500, "height": 900})
    page.goto(page.base_url + "/")
    page.get_by_role("button", name="メニュー").click()
    page.get_by_role("button", name="管理").click()  # the admin pages' dropdown
    page.get_by_role("link", name="アクセス記録").wait_for(state="visible")
    page.steps("menu open on a narrow screen")


def test_the_sixth_attempt_shows_the_lockout_page(page, staff_user):
    for _ in range(5):
        login(page, "yamada", "wrong-password")
    login(page, "yamada", "pw-staff-1")
    page.steps("locked out")
    assert "ログインが一時的に制限されています" in page.content()
    assert "15分間" in page.content()
