"""The office runs its own logins: forgotten passwords, the reset mail, edits and lockouts."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from office.models import AuditEvent

pytestmark = pytest.mark.django_db
User = get_user_model()


def _lock(username: str, failures: int = 5) -> None:
    AccessAttempt.objects.create(
        username=username,
        ip_address="203.0.113.9",
        user_agent="test",
        failures_since_start=failures,
        attempt_time=timezone.now(),
    )


def test_the_login_page_links_to_the_forgotten_password_page():
    html = Client().get("/accounts/login/").content.decode()
    assert "パスワードをお忘れの方" in html
    assert 'href="/accounts/password_reset/"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/MQ/bad-token/",
        "/accounts/reset/done/",
    ],
)
def test_every_reset_page_is_the_office_s_own_in_japanese(url, office_profile):
    response = Client().get(url, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Django" not in html
    assert "行政書士テスト事務所" in html  # the office's header, not the admin's
    assert 'lang="ja"' in html


@override_settings(SITE_URL="https://desk.example.jp")
def test_the_public_reset_mail_is_japanese_signed_by_the_office_and_links_to_site_url(
    staff_user, office_profile
):
    response = Client().post("/accounts/password_reset/", {"email": "yamada@office.example.jp"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "【行政書士テスト事務所】CCUS Desk のパスワード再設定"
    assert message.body.startswith("山田 花子 様")
    assert re.search(r"^https://desk\.example\.jp/accounts/reset/\w+/[\w-]+/$", message.body, re.M)
    assert message.body.rstrip().splitlines()[-3] == "行政書士テスト事務所"
    for django_text in ("チーム", "testserver", "Django", "Thanks"):
        assert django_text not in message.body


def test_the_mail_stays_japanese_when_the_visitor_reads_english(staff_user, office_profile):
    browser = Client()
    browser.cookies["django_language"] = "en"
    browser.post("/accounts/password_reset/", {"email": "yamada@office.example.jp"})
    assert "パスワード再設定" in mail.outbox[0].subject


def test_an_admin_edits_a_staff_member_s_name_and_email(admin_client_, staff_user):
    response = admin_client_.post(
        f"/office/users/{staff_user.pk}/edit/",
        {"last_name": "山本", "first_name": "花子", "email": "yamamoto@office.example.jp"},
    )
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert (staff_user.last_name, staff_user.email) == ("山本", "yamamoto@office.example.jp")
    event = AuditEvent.objects.get(action=AuditEvent.Action.USER_UPDATE)
    assert event.actor_username == "sato"
    assert event.details["changes"] == {
        "姓": ["山田", "山本"],
        "メールアドレス": ["yamada@office.example.jp", "yamamoto@office.example.jp"],
    }


def test_an_unchanged_edit_records_nothing(admin_client_, staff_user):
    admin_client_.post(
        f"/office/users/{staff_user.pk}/edit/",
        {"last_name": "山田", "first_name": "花子", "email": "yamada@office.example.jp"},
    )
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.USER_UPDATE).exists()


def test_a_bad_email_is_refused_in_japanese(admin_client_, staff_user):
    response = admin_client_.post(
        f"/office/users/{staff_user.pk}/edit/",
        {"last_name": "山田", "first_name": "花子", "email": "not-an-address"},
    )
    assert response.status_code == 200
    assert "有効なメールアドレスを入力してください" in response.content.decode()
    staff_user.refresh_from_db()
    assert staff_user.email == "yamada@office.example.jp"


def test_an_admin_sends_a_reset_link_and_the_audit_log_records_it(
    admin_client_, staff_user, office_profile, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(f"/office/users/{staff_user.pk}/reset/")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["yamada@office.example.jp"]]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    assert Client().get(link, follow=True).context["validlink"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.PASSWORD_RESET_SEND)
    assert event.actor_username == "sato" and "yamada" in event.target


def test_no_reset_mail_without_an_email_address(admin_client_, staff_user):
    staff_user.email = ""
    staff_user.save()
    response = admin_client_.post(f"/office/users/{staff_user.pk}/reset/", follow=True)
    assert "メールアドレスが登録されていません" in response.content.decode()
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_RESET_SEND).exists()


def test_a_staff_member_cannot_send_reset_links_or_unlock(staff_client, admin_user):
    assert staff_client.post(f"/office/users/{admin_user.pk}/reset/").status_code == 403
    assert staff_client.post(f"/office/users/{admin_user.pk}/unlock/").status_code == 403
    assert staff_client.get(f"/office/users/{admin_user.pk}/edit/").status_code == 403


def test_the_user_list_marks_a_locked_out_login_and_the_admin_lifts_the_lock(
    admin_client_, staff_user
):
    _lock("yamada")
    _lock("someone-else")
    html = admin_client_.get("/office/users/").content.decode()
    assert html.count("ログイン制限中") == 1
    response = admin_client_.post(f"/office/users/{staff_user.pk}/unlock/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="yamada").exists()
    assert AccessAttempt.objects.filter(username="someone-else").exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKOUT_LIFT).count() == 1
    assert "ログイン制限中" not in admin_client_.get("/office/users/").content.decode()


def test_a_lifted_lock_lets_the_staff_member_log_in_again(admin_client_, staff_user):
    _lock("yamada")
    locked = Client().post("/accounts/login/", {"username": "yamada", "password": "pw-staff-1"})
    assert locked.status_code == 429
    admin_client_.post(f"/office/users/{staff_user.pk}/unlock/")
    login = Client().post("/accounts/login/", {"username": "yamada", "password": "pw-staff-1"})
    assert login.status_code == 302


def test_four_failures_or_an_old_lock_are_not_marked(admin_client_, staff_user):
    _lock("yamada", failures=4)
    assert "ログイン制限中" not in admin_client_.get("/office/users/").content.decode()


def test_the_lockout_page_names_the_forgotten_password_link_and_the_admin(staff_user):
    _lock("yamada")
    html = (
        Client().post("/accounts/login/", {"username": "yamada", "password": "x"}).content.decode()
    )
    assert "パスワードをお忘れの方" in html
    assert "ログイン制限の解除" in html


def test_an_office_admin_cannot_redirect_a_superuser_s_reset_link(admin_client_, django_user_model):
    root = django_user_model.objects.create_superuser(
        username="root", password="pw-root-123456", email="root@office.example.jp"
    )
    response = admin_client_.post(
        f"/office/users/{root.pk}/edit/",
        {"last_name": "", "first_name": "", "email": "attacker@example.jp"},
        follow=True,
    )
    assert "システム管理者だけが扱えます" in response.content.decode()
    root.refresh_from_db()
    assert root.email == "root@office.example.jp"
    admin_client_.post(f"/office/users/{root.pk}/reset/")
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(
        action__in=[AuditEvent.Action.USER_UPDATE, AuditEvent.Action.PASSWORD_RESET_SEND]
    ).exists()
