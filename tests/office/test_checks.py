"""`manage.py check --deploy` refuses a production setup that would mail links to nowhere."""

import pytest
from django.core.checks import Error

from office.checks import check_email_backend, check_site_url

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://desk.example.jp"
    settings.EMAIL_BACKEND = SMTP
    return settings


def test_a_production_setup_with_an_address_and_a_mail_server_passes(production):
    assert check_site_url() == []
    assert check_email_backend() == []


@pytest.mark.parametrize("url", ["", "desk.example.jp", "ftp://desk.example.jp", "https://"])
def test_it_refuses_a_missing_or_unusable_site_url(production, url):
    production.SITE_URL = url
    [error] = check_site_url()
    assert isinstance(error, Error) and error.id == "office.E001"
    assert "SITE_URL" in error.msg and "https://desk.example.jp" in error.hint


@pytest.mark.parametrize("backend", ["console", "locmem", "dummy", "filebased"])
def test_it_refuses_a_mail_backend_that_reaches_no_one(production, backend):
    production.EMAIL_BACKEND = f"django.core.mail.backends.{backend}.EmailBackend"
    [error] = check_email_backend()
    assert error.id == "office.E002"
    assert "EMAIL_URL" in error.msg and "smtp+tls://" in error.hint


def test_development_is_left_alone(settings):
    settings.DEBUG = True
    settings.SITE_URL = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert check_site_url() == [] and check_email_backend() == []
