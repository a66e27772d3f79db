"""The digits searched for (事業者ID, 電話番号, FAX番号) are computed by the database, so a
client is found by phone and by ID whichever path wrote it."""

import pytest
from django.db import connection
from django.urls import reverse

from clients import demo as clients_demo
from clients.csv_io import apply_import, plan_import
from clients.models import Client
from clients.selectors import client_search
from recovery import demo as recovery_demo

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return [c.name for c in client_search(query)]


def _form_values(name: str, business_id: str, phone: str) -> dict:
    return {
        "name": name,
        "name_kana": "",
        "business_id": business_id,
        "postal_code": "",
        "address": "",
        "phone": phone,
        "fax": "",
        "email": "",
        "contact_name": "",
        "memo": "",
    }


def test_a_client_saved_through_the_form_is_found_by_phone_and_id(staff_client):
    staff_client.post(
        reverse("client_create"),
        _form_values("フォーム建設", "１２３４５６７８９０１２３４", "０３－１１１１－２２２２"),
    )
    assert found("03 1111 2222") == ["フォーム建設"]
    assert found("1234-5678-9012-34") == ["フォーム建設"]


def test_a_client_saved_through_the_form_with_the_duplicate_confirmed_is_found(staff_client):
    staff_client.post(reverse("client_create"), _form_values("同名建設", "", "03-3333-1111"))
    staff_client.post(
        reverse("client_create"),
        {**_form_values("同名建設", "", "03-3333-1111"), "confirm_duplicate": "1"},
    )
    assert found("0333331111") == ["同名建設", "同名建設"]


def test_clients_from_a_csv_import_are_found_new_and_updated(make_client):
    make_client(name="更新前建設", business_id="22222222222222", phone="0767-52-0000")
    text = (
        "事業者名,フリガナ,事業者ID,郵便番号,所在地,電話番号,FAX番号,メールアドレス,ご担当者様名,メモ\n"
        "CSV新規建設,,11111111111111,,,0767-52-1111,0767-52-1112,,,\n"
        "更新前建設,,22222222222222,,,0767-52-2222,,,,\n"
    )
    plan = plan_import(text)
    assert plan.ok, plan.errors
    apply_import(plan)
    assert found("0767521111") == ["CSV新規建設"]
    assert found("0767-52-1112") == ["CSV新規建設"]  # the FAX number too
    assert found("11111111111111") == ["CSV新規建設"]
    assert found("0767522222") == ["更新前建設"]
    assert found("0767520000") == []  # the old number went with the update


def test_the_demo_clients_of_both_seeds_are_found_by_phone_and_id():
    clients_demo.seed()
    recovery_demo.seed()
    for client in Client.objects.exclude(phone=""):
        assert client.pk in [c.pk for c in client_search(client.phone)], client.name
    noto = Client.objects.get(business_id="90000000000101")  # created by recovery/demo.py
    assert found("9000 0000 0001 01") == [noto.name]
    assert noto.name in found("0767521101")


def test_bulk_create_and_bulk_update_keep_the_digits_right():
    Client.objects.bulk_create(
        [
            Client(name="一括A", business_id="33333333333333", phone="03-4444-0001"),
            Client(name="一括B", phone="03-4444-0002", fax="03-4444-0003"),
        ]
    )
    assert found("33333333333333") == ["一括A"]
    assert found("0344440003") == ["一括B"]
    b = Client.objects.get(name="一括B")
    b.phone = "03-4444-9999"
    Client.objects.bulk_update([b], ["phone"])
    assert found("0344449999") == ["一括B"]
    assert found("0344440002") == []
    Client.objects.filter(name="一括A").update(phone="")
    assert found("0344440001") == []
    assert Client.objects.get(name="一括A").search_digits == "33333333333333"


def test_a_client_added_and_changed_in_the_django_admin_is_found(client, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.jp", "pw-root-1")
    client.force_login(superuser)
    admin_client = client
    response = admin_client.post(
        reverse("admin:clients_client_add"),
        {**_form_values("管理画面建設", "44444444444444", "03-5555-0004")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found("0355550004") == ["管理画面建設"]
    client = Client.objects.get(name="管理画面建設")
    admin_client.post(
        reverse("admin:clients_client_change", args=[client.pk]),
        {**_form_values("管理画面建設", "44444444444444", "03-5555-0005")},
    )
    assert found("0355550005") == ["管理画面建設"]
    assert found("44444444444444") == ["管理画面建設"]


def test_a_row_written_by_raw_sql_is_found_too():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO clients_client (name, name_kana, business_id, postal_code, address,"
            " phone, fax, email, contact_name, memo, created_at, updated_at)"
            " VALUES ('SQL建設', '', '55555555555555', '', '', '(03) 6666-0006', '', '', '',"
            " '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
    assert Client.objects.get(name="SQL建設").search_digits == "55555555555555 0366660006"
    assert found("03-6666-0006") == ["SQL建設"]


def test_empty_numbers_leave_no_stray_spaces():
    Client.objects.create(name="番号なし")
    Client.objects.create(name="FAXのみ", fax="03-7777-0007")
    assert Client.objects.get(name="番号なし").search_digits == ""
    assert Client.objects.get(name="FAXのみ").search_digits == "0377770007"
