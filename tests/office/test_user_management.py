"""Office admins manage the office's logins: list, add staff, grant or remove admin, deactivate."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from office.roles import is_office_admin

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_the_user_list_shows_roles_and_states(admin_client_, staff_user):
    html = admin_client_.get("/office/users/").content.decode()
    assert "yamada" in html and "sato" in html
    assert "事務所管理者" in html and "スタッフ" in html
    assert "スタッフを追加" in html


def test_an_admin_adds_a_staff_member_who_can_then_log_in(admin_client_):
    response = admin_client_.post(
        "/office/users/new/",
        {
            "username": "kobayashi",
            "last_name": "小林",
            "first_name": "舞",
            "email": "kobayashi@office.example.jp",
            "password1": "Noto-kensetsu-2026",
            "password2": "Noto-kensetsu-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="kobayashi")
    assert not is_office_admin(user)
    assert user.check_password("Noto-kensetsu-2026")
    assert (
        Client()
        .post("/accounts/login/", {"username": "kobayashi", "password": "Noto-kensetsu-2026"})
        .status_code
        == 302
    )


def test_adding_a_user_names_each_wrong_field_in_japanese(admin_client_, staff_user):
    response = admin_client_.post(
        "/office/users/new/",
        {
            "username": "yamada",
            "email": "not-an-email",
            "password1": "Noto-kensetsu-2026",
            "password2": "Noto-kensetsu-2025",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "このユーザー名は既に使われています" in html
    assert "有効なメールアドレスを入力してください" in html
    assert "確認用のパスワードが一致しません" in html
    response = admin_client_.post(
        "/office/users/new/", {"username": "ユーザー", "password1": "123", "password2": "123"}
    )
    html = response.content.decode()
    assert "半角英数字" in html
    assert "このパスワードは短すぎます" in html
    assert User.objects.count() == 2


def test_an_admin_can_be_created_and_the_role_toggled(admin_client_, staff_user):
    admin_client_.post(
        "/office/users/new/",
        {
            "username": "kato",
            "password1": "Noto-kensetsu-2026",
            "password2": "Noto-kensetsu-2026",
            "office_admin": "on",
        },
    )
    assert is_office_admin(User.objects.get(username="kato"))
    admin_client_.post(f"/office/users/{staff_user.pk}/admin/")
    assert is_office_admin(staff_user)
    admin_client_.post(f"/office/users/{staff_user.pk}/admin/")
    assert not is_office_admin(staff_user)


def test_an_admin_cannot_remove_their_own_role_or_deactivate_themselves(admin_client_, admin_user):
    response = admin_client_.post(f"/office/users/{admin_user.pk}/admin/", follow=True)
    assert "自分自身の管理者権限は外せません" in response.content.decode()
    assert is_office_admin(admin_user)
    admin_client_.post(f"/office/users/{admin_user.pk}/deactivate/", {"active": "0"})
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_deactivating_asks_first_then_ends_the_users_sessions(admin_client_, staff_user):
    staff = Client()
    staff.force_login(staff_user)
    assert staff.get("/").status_code == 200
    confirm = admin_client_.get(f"/office/users/{staff_user.pk}/deactivate/")
    assert "ユーザーを無効にしますか" in confirm.content.decode()
    staff_user.refresh_from_db()
    assert staff_user.is_active
    admin_client_.post(f"/office/users/{staff_user.pk}/deactivate/", {"active": "0"})
    staff_user.refresh_from_db()
    assert not staff_user.is_active
    assert staff.get("/").status_code == 302
    assert (
        Client()
        .post("/accounts/login/", {"username": "yamada", "password": "pw-staff-1"})
        .status_code
        == 200
    )
    admin_client_.post(f"/office/users/{staff_user.pk}/deactivate/", {"active": "1"})
    staff_user.refresh_from_db()
    assert staff_user.is_active


def test_the_role_toggle_needs_post(admin_client_, staff_user):
    assert admin_client_.get(f"/office/users/{staff_user.pk}/admin/").status_code == 405
