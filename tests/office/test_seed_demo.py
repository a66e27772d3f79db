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


def test_the_summary_counts_what_the_lists_show(capsys, client, django_user_model):
    import re

    from clients.models import Client
    from recovery.models import RecoveryCase

    call_command("seed_demo")
    out = capsys.readouterr().out
    total = re.search(r"事業者 全([\d,]+)件・ID復旧案件 全([\d,]+)件", out)
    assert total, out
    clients, cases = (int(n.replace(",", "")) for n in total.groups())
    assert clients == Client.objects.count() > 12  # both demo modules' clients, not one list
    assert cases == RecoveryCase.objects.count() > 0
    assert not re.search(r"全12件", out)
    client.force_login(django_user_model.objects.get(username="staff"))
    page = client.get("/clients/").context["page"]
    assert page.paginator.count == clients
    call_command("seed_demo")
    assert f"事業者 全{clients:,}件" in capsys.readouterr().out
