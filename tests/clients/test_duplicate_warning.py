"""A possible duplicate client is shown before saving, with a link, and saved only if confirmed."""

import pytest
from django.urls import reverse

from clients.models import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def existing(make_client):
    return make_client(
        name="株式会社能登建設", phone="0767-52-1234", address="石川県七尾市府中町1番地"
    )


def post(staff_client, url=None, **typed):
    return staff_client.post(url or reverse("client_create"), typed)


def test_the_same_name_and_phone_typed_differently_is_shown_and_not_saved(staff_client, existing):
    response = post(staff_client, name="株式会社能登建設", phone="０７６７－５２－１２３４")
    page = response.content.decode()
    assert response.status_code == 200
    assert Client.objects.count() == 1
    assert 'id="possible-duplicates"' in page
    assert reverse("client_detail", args=[existing.pk]) in page
    assert "同じ事業者名で電話番号または所在地も同じ事業者が既に登録されています" in page
    assert 'type="checkbox" name="confirm_duplicate"' in page


def test_the_same_name_and_address_is_shown_too(staff_client, existing):
    response = post(staff_client, name="株式会社能登建設", address="石川県七尾市府中町1番地")
    assert response.status_code == 200
    assert Client.objects.count() == 1


def test_once_confirmed_the_second_client_is_saved(staff_client, existing):
    response = post(
        staff_client, name="株式会社能登建設", phone="0767-52-1234", confirm_duplicate="on"
    )
    assert response.status_code == 302
    assert Client.objects.filter(name="株式会社能登建設").count() == 2


@pytest.mark.parametrize(
    "typed",
    [
        {"name": "株式会社能登建設", "phone": "0767-52-9999"},  # same name, other phone
        {"name": "株式会社能登建設", "address": "石川県七尾市府中町2番地"},  # other address
        {"name": "株式会社七尾建設", "phone": "0767-52-1234"},  # other name, same phone
        {"name": "株式会社能登建設"},  # only the name: nothing to compare
    ],
)
def test_a_company_that_differs_in_phone_and_address_or_name_is_saved_without_asking(
    staff_client, existing, typed
):
    assert post(staff_client, **typed).status_code == 302
    assert Client.objects.count() == 2


def test_a_different_business_id_is_another_company(staff_client, make_client):
    make_client(name="株式会社能登建設", business_id="11111111111111", phone="0767-52-1234")
    response = post(
        staff_client,
        name="株式会社能登建設",
        business_id="22222222222222",
        phone="0767-52-1234",
    )
    assert response.status_code == 302


def test_an_existing_client_without_id_still_counts_when_the_new_one_has_an_id(
    staff_client, existing
):
    response = post(
        staff_client, name="株式会社能登建設", business_id="22222222222222", phone="0767521234"
    )
    assert response.status_code == 200
    assert Client.objects.count() == 1


def test_editing_a_client_does_not_warn_about_itself(staff_client, existing):
    response = post(
        staff_client,
        url=reverse("client_update", args=[existing.pk]),
        name="株式会社能登建設",
        phone="0767-52-1234",
        address="石川県七尾市府中町1番地",
        memo="メモを追加",
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.memo == "メモを追加"


def test_editing_a_client_into_a_copy_of_another_warns(staff_client, existing, make_client):
    other = make_client(name="青空塗装", phone="03-1111-2222")
    url = reverse("client_update", args=[other.pk])
    response = post(staff_client, url=url, name="株式会社能登建設", phone="0767-52-1234")
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.name == "青空塗装"
