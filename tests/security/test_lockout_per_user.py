"""A successful login clears only that user's own failures: the cross-user brute force."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_logging_in_as_oneself_does_not_clear_guesses_at_a_colleagues_password(
    staff_user, admin_user
):
    # yamada (staff) guesses sato's (office admin) password from one machine, four at a time,
    # logging in as herself in between. The fifth guess overall must lock sato.
    attacker = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(4):
        assert _login(attacker, "sato", "guess").status_code == 200
    assert _login(attacker, "yamada", "pw-staff-1").status_code == 302
    attacker.post("/accounts/logout/")
    assert _login(attacker, "sato", "guess").status_code == 429
    # The lock holds for sato from anywhere, even with the right password ...
    assert _login(Client(REMOTE_ADDR="198.51.100.20"), "sato", "pw-admin-1").status_code == 429


def test_the_repeat_cycle_cannot_go_on_for_ever(staff_user, admin_user):
    attacker = Client(REMOTE_ADDR="192.0.2.11")
    statuses = []
    for _ in range(3):
        for _ in range(4):
            statuses.append(_login(attacker, "sato", "guess").status_code)
        _login(attacker, "yamada", "pw-staff-1")
        attacker.post("/accounts/logout/")
    assert 429 in statuses
    assert statuses.index(429) == 4  # the fifth guess in total


def test_a_users_own_typos_are_still_cleared_by_their_success(staff_user):
    browser = Client(REMOTE_ADDR="192.0.2.12")
    for _ in range(4):
        _login(browser, "yamada", "typo")
    assert _login(browser, "yamada", "pw-staff-1").status_code == 302
    browser.post("/accounts/logout/")
    for _ in range(4):
        assert _login(browser, "yamada", "typo").status_code == 200
    assert _login(browser, "yamada", "pw-staff-1").status_code == 302


def test_a_success_keeps_other_users_failures_from_the_same_address(staff_user, admin_user):
    from axes.models import AccessAttempt

    browser = Client(REMOTE_ADDR="192.0.2.13")
    _login(browser, "sato", "guess")
    _login(browser, "yamada", "typo")
    _login(browser, "yamada", "pw-staff-1")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["sato"]
