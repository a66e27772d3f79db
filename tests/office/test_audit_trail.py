"""Security changes are recorded (who, when, what) and shown to office admins only."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from office.models import AuditEvent

pytestmark = pytest.mark.django_db
User = get_user_model()


def _actions():
    return list(AuditEvent.objects.order_by("pk").values_list("action", "actor_username", "target"))


def test_granting_and_removing_the_admin_role_is_recorded(admin_client_, staff_user):
    admin_client_.post(f"/office/users/{staff_user.pk}/admin/")
    admin_client_.post(f"/office/users/{staff_user.pk}/admin/")
    target = f"auth.User#{staff_user.pk} yamada"
    assert _actions() == [("role_grant", "sato", target), ("role_revoke", "sato", target)]


def test_adding_deactivating_and_reactivating_a_user_is_recorded(admin_client_, staff_user):
    admin_client_.post(
        "/office/users/new/",
        {
            "username": "kobayashi",
            "last_name": "小林",
            "first_name": "舞",
            "email": "kobayashi@office.example.jp",
            "office_admin": "on",
            "password1": "Noto-kensetsu-2026",
            "password2": "Noto-kensetsu-2026",
        },
    )
    admin_client_.post(f"/office/users/{staff_user.pk}/deactivate/")
    admin_client_.post(f"/office/users/{staff_user.pk}/deactivate/", {"active": "1"})
    actions = [a for a, _, _ in _actions()]
    assert actions == ["user_create", "role_grant", "user_deactivate", "user_reactivate"]
    created = AuditEvent.objects.get(action="user_create")
    assert created.details == {"事務所管理者": "はい"}
    assert "Noto-kensetsu-2026" not in str(list(AuditEvent.objects.values()))


def test_office_settings_changes_are_recorded_old_to_new(admin_client_, office_profile):
    admin_client_.post(
        "/office/settings/",
        {
            "name": "行政書士テスト事務所",
            "postal_code": "926-0021",
            "address": "石川県七尾市本府中町ヲ1番地",
            "tel": "0767-52-0001",
            "fax": "0767-52-0009",
            "email": "info@test-gyosei.example.jp",
            "opening_time": "09:30",
        },
    )
    event = AuditEvent.objects.get(action="office_settings")
    assert event.actor_username == "sato"
    assert event.details["changes"] == {
        "FAX": ["0767-52-0002", "0767-52-0009"],
        "営業開始時刻": ["09:00:00", "09:30:00"],
    }


def test_closed_days_added_and_removed_are_recorded(admin_client_):
    from recovery.models import ClosedDay

    admin_client_.post("/closed-days/", {"date": "2027-05-06", "reason": "CCUSシステム停止"})
    day = ClosedDay.objects.get(date=date(2027, 5, 6))
    admin_client_.post(f"/closed-days/{day.pk}/delete/")
    assert _actions() == [
        ("closed_day_add", "sato", "2027-05-06"),
        ("closed_day_delete", "sato", "2027-05-06"),
    ]
    assert AuditEvent.objects.first().details == {"理由": "CCUSシステム停止"}


def test_the_audit_page_is_for_admins_and_lists_the_events(admin_client_, staff_user, client):
    admin_client_.post(f"/office/users/{staff_user.pk}/admin/")
    page = admin_client_.get("/office/audit-log/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "事務所管理者に任命" in html and "yamada" in html
    assert 'href="/office/audit-log/"' in html  # in the admin menu
    filtered = admin_client_.get("/office/audit-log/", {"action": "role_revoke"})
    assert "条件に合う記録はありません" in filtered.content.decode()
    admin_client_.post(f"/office/users/{staff_user.pk}/admin/")  # yamada is staff again
    client.force_login(staff_user)
    assert client.get("/office/audit-log/").status_code == 403


def test_an_office_admin_cannot_deactivate_a_superuser(admin_client_, django_user_model):
    root = django_user_model.objects.create_superuser(
        "root", "root@office.example.jp", "Root-password-2026"
    )
    response = admin_client_.post(f"/office/users/{root.pk}/deactivate/", follow=True)
    root.refresh_from_db()
    assert root.is_active
    assert "スーパーユーザー" in response.content.decode()
    assert not AuditEvent.objects.filter(action="user_deactivate").exists()


def test_the_service_refuses_too_and_a_superuser_may(django_user_model, admin_user):
    from office.services import SuperuserProtectedError, user_set_active

    root = django_user_model.objects.create_superuser("root", "root@office.example.jp", "x" * 12)
    other = django_user_model.objects.create_superuser("root2", "r2@office.example.jp", "x" * 12)
    with pytest.raises(SuperuserProtectedError):
        user_set_active(user=root, active=False, actor=admin_user)
    user_set_active(user=root, active=False, actor=other)
    root.refresh_from_db()
    assert not root.is_active


def test_a_secret_typed_into_a_setting_is_not_kept_in_the_audit_record(admin_user):
    from office.services import audit_record

    event = audit_record(
        actor=admin_user,
        action=AuditEvent.Action.OFFICE_SETTINGS,
        target="office.OfficeProfile#1",
        details={"changes": {"住所": ["旧", "新しいパスワード：Pw!Zq81xTm"]}},
    )
    event.refresh_from_db()
    assert "Pw!Zq81xTm" not in str(event.details)
    assert event.details["changes"]["住所"][0] == "旧"
