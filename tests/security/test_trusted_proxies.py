"""X-Forwarded-For is believed only from trusted proxies, and only when it is an IP address."""

import runpy
import warnings

import pytest
import yaml
from django.test import Client

from office.models import AccessLog
from office.security import client_ip, parse_ip
from tests.test_deployment_files import ROOT

LOGIN = "/accounts/login/"
JUNK = ["not-an-ip", "<script>", "999.1.1.1", "203.0.113.7 OR 1=1", "unknown", "\x00", "a" * 300]


@pytest.mark.parametrize("value", JUNK)
def test_parse_ip_refuses_anything_that_is_not_one_address(value):
    assert parse_ip(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("203.0.113.7:4711", "203.0.113.7"),
        ("2001:DB8::1", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_parse_ip_keeps_real_addresses_in_canonical_form(value, expected):
    assert parse_ip(value) == expected


def test_without_trusted_proxies_a_forged_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "192.0.2.50"


@pytest.mark.parametrize("junk", JUNK)
def test_with_a_trusted_proxy_a_junk_entry_falls_back_to_the_socket_address(rf, settings, junk):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"198.51.100.1, {junk}")
    assert client_ip(request) == "10.0.0.2"


def test_with_a_trusted_proxy_only_the_entry_it_wrote_is_believed(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The browser wrote "127.0.0.1" itself; the proxy appended the address it saw.
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="127.0.0.1, 198.51.100.9")
    assert client_ip(request) == "198.51.100.9"


def test_a_junk_socket_address_is_no_address(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(rf.get("/", REMOTE_ADDR="unix:/run/gunicorn.sock")) == ""


def _forged_login_and_page(settings, world_client_pk, staff_user, forwarded):
    browser = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    failed = browser.post(LOGIN, {"username": "yamada", "password": "wrong"})
    assert failed.status_code == 200
    assert browser.post(LOGIN, {"username": "yamada", "password": "pw-staff-1"}).status_code == 302
    assert browser.get(f"/clients/{world_client_pk}/").status_code == 200
    return AccessLog.objects.get(target=f"clients.Client#{world_client_pk}")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 1])
def test_a_forged_header_never_reaches_the_access_log_or_the_lockout(settings, staff_user, count):
    from axes.models import AccessLog as LoginLog

    from clients.models import Client as Company

    settings.TRUSTED_PROXY_COUNT = count
    company = Company.objects.create(name="株式会社能登建設")
    row = _forged_login_and_page(settings, company.pk, staff_user, "203.0.113.5, not-an-ip")
    assert row.ip == "10.0.0.2"
    assert LoginLog.objects.get().ip_address == "10.0.0.2"


@pytest.mark.django_db
def test_with_a_trusted_proxy_its_entry_is_logged(settings, staff_user):
    from clients.models import Client as Company

    settings.TRUSTED_PROXY_COUNT = 1
    company = Company.objects.create(name="株式会社能登建設")
    row = _forged_login_and_page(settings, company.pk, staff_user, "6.6.6.6, 198.51.100.9")
    assert row.ip == "198.51.100.9"


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 1, 2])
def test_on_postgresql_a_junk_forwarded_value_is_no_server_error(settings, staff_user, count):
    # A GenericIPAddressField is an inet column there: a junk value was a 500 on login.
    from clients.models import Client as Company

    settings.TRUSTED_PROXY_COUNT = count
    company = Company.objects.create(name="株式会社能登建設")
    row = _forged_login_and_page(settings, company.pk, staff_user, "junk, <b>, 999.9.9.9")
    assert row.ip == "10.0.0.2"


def _settings_with(monkeypatch, **env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # config.settings is already imported
        return runpy.run_module("config.settings")


def test_x_forwarded_proto_is_believed_only_behind_a_trusted_proxy(monkeypatch):
    assert "SECURE_PROXY_SSL_HEADER" not in _settings_with(monkeypatch, TRUSTED_PROXY_COUNT="0")
    behind = _settings_with(monkeypatch, TRUSTED_PROXY_COUNT="1")
    assert behind["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_compose_publishes_the_web_port_on_the_loopback_address_only():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)
    assert compose["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]
