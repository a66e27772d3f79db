"""With many clients the new-case page asks for the client by search, not by a huge dropdown."""

import pytest

from clients.models import Client
from recovery import views
from recovery.models import RecoveryCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_clients(monkeypatch):
    monkeypatch.setattr(views, "CLIENT_PICKER_THRESHOLD", 3)
    Client.objects.bulk_create(
        [Client(name=f"七尾建設{n}", name_kana=f"ナナオケンセツ{n}") for n in range(5)]
    )
    return Client.objects.order_by("pk")


def test_it_asks_for_a_search_first_when_there_are_many_clients(staff_client, many_clients):
    html = staff_client.get("/cases/new/").content.decode()
    assert 'name="q"' in html
    assert 'name="client"' not in html  # no dropdown of every client


def test_the_search_offers_a_link_that_opens_the_form_with_one_client(staff_client, many_clients):
    target = many_clients[2]
    html = staff_client.get("/cases/new/", {"q": "七尾建設2"}).content.decode()
    assert f"/cases/new/?client={target.pk}" in html
    form_html = staff_client.get(f"/cases/new/?client={target.pk}").content.decode()
    assert form_html.count('<option value="') - form_html.count('<option value=""') >= 1
    assert "七尾建設2" in form_html
    assert "七尾建設3" not in form_html  # only the chosen client is rendered


def test_a_search_without_hits_says_so(staff_client, many_clients):
    html = staff_client.get("/cases/new/", {"q": "存在しない会社"}).content.decode()
    assert "該当する事業者が見つかりません" in html


def test_posting_the_form_still_validates_and_creates_the_case(
    staff_client, many_clients, staff_user
):
    target = many_clients[1]
    response = staff_client.post(
        "/cases/new/",
        {
            "client": target.pk,
            "situation": "d",
            "assignee": staff_user.pk,
            "new_email": "new@example.jp",
        },
    )
    assert response.status_code == 302
    assert RecoveryCase.objects.get().client == target


def test_posting_an_unknown_client_is_refused(staff_client, many_clients):
    response = staff_client.post("/cases/new/", {"client": 999999, "situation": "d"})
    assert response.status_code == 200
    assert "選んだ事業者が見つかりません" in response.content.decode()
    assert not RecoveryCase.objects.exists()
