"""Pickers tell two clients of one name apart: 事業者ID, else phone, else address."""

import pytest

from clients.models import Client
from recovery import views

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins():
    return (
        Client.objects.create(name="能登建設", business_id="12345678901234"),
        Client.objects.create(name="能登建設", phone="0767-52-1111"),
        Client.objects.create(name="能登建設", address="石川県七尾市府中町1番地"),
        Client.objects.create(name="能登建設"),
    )


def test_the_label_names_the_id_else_the_phone_else_the_address(twins):
    assert [c.picker_label for c in twins] == [
        "能登建設（1234 5678 9012 34）",
        "能登建設（0767-52-1111）",
        "能登建設（石川県七尾市府中町1番地）",
        "能登建設",
    ]


def test_the_new_case_dropdown_shows_the_id_or_phone_beside_the_name(staff_client, twins):
    html = staff_client.get("/cases/new/").content.decode()
    assert f'<option value="{twins[0].pk}">能登建設（1234 5678 9012 34）</option>' in html
    assert f'<option value="{twins[1].pk}">能登建設（0767-52-1111）</option>' in html


def test_the_search_picker_shows_the_phone_of_a_client_without_id(staff_client, twins, monkeypatch):
    monkeypatch.setattr(views, "CLIENT_PICKER_THRESHOLD", 1)
    html = staff_client.get("/cases/new/", {"q": "能登建設"}).content.decode()
    assert "1234 5678 9012 34" in html
    assert "0767-52-1111" in html


def test_the_zip_batch_list_shows_the_id_or_phone(staff_client, twins):
    html = staff_client.get("/documents/batches/new/?kind=consultation_forms").content.decode()
    assert "能登建設（0767-52-1111）" in html
