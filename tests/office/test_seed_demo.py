import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from office.models import OfficeProfile
from office.roles import is_office_admin

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    from django.apps import apps

    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"office", "clients", "recovery", "auth"}
    }


def test_seed_demo_is_idempotent_and_prints_the_logins(capsys):
    call_command("seed_demo")
    first = _counts()
    out = capsys.readouterr().out
    assert "staff / demo-staff-2026" in out
    call_command("seed_demo")
    assert _counts() == first
    assert OfficeProfile.objects.get(pk=1).email.endswith("example.jp")
    users = get_user_model().objects
    assert users.get(username="staff").check_password("demo-staff-2026")
    assert is_office_admin(users.get(username="admin"))
    assert not is_office_admin(users.get(username="staff"))
