import pytest

from office.models import OfficeProfile

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/")


def test_the_login_page_is_in_japanese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "ログイン" in html
    assert "ユーザー名" in html


def test_it_logs_in_and_shows_the_office_name_and_logout(client, staff_user, office_profile):
    response = client.post(
        "/accounts/login/", {"username": "yamada", "password": "pw-staff-1"}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "行政書士テスト事務所" in html
    assert "ログアウト" in html
    assert "山田" in html


def test_a_wrong_password_is_refused_in_japanese(client, staff_user):
    response = client.post("/accounts/login/", {"username": "yamada", "password": "wrong"})
    assert response.status_code == 200
    assert "正しいユーザー名とパスワードを入力してください" in response.content.decode()


def test_logout_needs_post_and_ends_the_session(staff_client):
    assert staff_client.post("/accounts/logout/").status_code in (200, 302)
    assert staff_client.get("/").status_code == 302


def test_staff_cannot_open_office_settings(staff_client):
    assert staff_client.get("/office/settings/").status_code == 403


def test_an_office_admin_edits_the_office_profile(admin_client_):
    response = admin_client_.get("/office/settings/")
    assert response.status_code == 200
    response = admin_client_.post(
        "/office/settings/",
        {
            "name": "行政書士みなと事務所",
            "postal_code": "105-0011",
            "address": "東京都港区芝公園4-2-8",
            "tel": "03-1234-5678",
            "fax": "03-1234-5679",
            "email": "info@minato.example.jp",
            "opening_time": "08:30",
        },
    )
    assert response.status_code == 302
    office = OfficeProfile.objects.get(pk=1)
    assert office.name == "行政書士みなと事務所"
    assert office.opening_time.strftime("%H:%M") == "08:30"
    page = admin_client_.get("/").content.decode()
    assert "行政書士みなと事務所" in page


def test_the_office_profile_rejects_a_missing_name_and_bad_email(admin_client_):
    response = admin_client_.post(
        "/office/settings/", {"name": "", "email": "not-an-email", "opening_time": "09:00"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "このフィールドは必須です" in html
    assert "有効なメールアドレスを入力してください" in html
    assert not OfficeProfile.objects.exists()


def test_english_can_be_selected(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page
    client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    assert '<html lang="ja">' in client.get("/accounts/login/").content.decode()
