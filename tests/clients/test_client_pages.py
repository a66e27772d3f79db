import pytest
from django.urls import reverse

from clients.models import Client
from office.models import AccessLog

pytestmark = pytest.mark.django_db


def test_the_list_finds_a_client_by_its_business_id_typed_fullwidth_with_hyphens(
    staff_client, make_client
):
    make_client(name="株式会社能登建設", business_id="12345678901234")
    make_client(name="七尾工務店", business_id="99999999999999")
    response = staff_client.get(reverse("client_list"), {"q": "１２３４－５６７８－９０１２－３４"})
    assert response.status_code == 200
    names = [c.name for c in response.context["page"].object_list]
    assert names == ["株式会社能登建設"]


@pytest.mark.parametrize(
    "query",
    [
        "０７６７ー５８ー３２８６",
        "0767583286",
        "58-3286",
        "のとけんせつ",
        "ﾉﾄ",
        "能登",
        "0767-58-0000",
    ],
)
def test_the_list_finds_a_client_by_phone_fax_reading_or_name_in_any_width(
    staff_client, make_client, query
):
    make_client(
        name="株式会社能登建設", name_kana="ノトケンセツ", phone="0767-58-3286", fax="0767-58-0000"
    )
    make_client(name="東都電設", name_kana="トウトデンセツ", phone="03-1234-5678")
    response = staff_client.get(reverse("client_list"), {"q": query})
    assert [c.name for c in response.context["page"].object_list] == ["株式会社能登建設"]


def test_the_list_is_in_gojuon_order_of_the_reading(staff_client, make_client):
    make_client(name="和倉設備", name_kana="わくらせつび")
    make_client(name="青空塗装", name_kana="アオゾラトソウ")
    make_client(name="七尾工務店", name_kana="ﾅﾅｵｺｳﾑﾃﾝ")
    response = staff_client.get(reverse("client_list"))
    assert [c.name for c in response.context["page"].object_list] == [
        "青空塗装",
        "七尾工務店",
        "和倉設備",
    ]


def test_the_list_says_so_when_nothing_is_registered_or_found(staff_client, make_client):
    assert "まだ登録されていません" in staff_client.get(reverse("client_list")).text
    make_client()
    assert (
        "当てはまる事業者はありません"
        in staff_client.get(reverse("client_list"), {"q": "存在しない"}).text
    )


def _bulk(n: int, start: int = 0) -> None:
    Client.objects.bulk_create(
        Client(name=f"建設{i}", name_kana="ケンセツ", business_id=f"{i:014d}", phone="03-1234-5678")
        for i in range(start, start + n)
    )


def test_the_list_page_query_count_does_not_grow_with_the_number_of_clients(
    staff_client, django_assert_max_num_queries
):
    _bulk(3)
    staff_client.get(reverse("client_list"))  # session and office profile warm-up
    with django_assert_max_num_queries(10) as few:
        staff_client.get(reverse("client_list"), {"q": "ケンセツ"})
    _bulk(120, start=10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse("client_list"), {"q": "ケンセツ"})
    assert len(response.context["page"].object_list) == 50
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(reverse("client_list"), {"page": 3})


def test_staff_register_a_client_and_the_values_are_stored_clean(staff_client):
    response = staff_client.post(
        reverse("client_create"),
        {
            "name": "株式会社　能登建設",
            "name_kana": "のとけんせつ",
            "business_id": "１２３４ ５６７８ ９０１２ ３４",
            "postal_code": "１０００００１",
            "address": "",
            "phone": "０３（１２３４）５６７８",
            "fax": "",
            "email": "ＩＮＦＯ＠ｅｘａｍｐｌｅ．ｊｐ",
            "contact_name": "能登　太郎",
            "memo": "",
        },
    )
    client = Client.objects.get()
    assert response.status_code == 302
    assert (
        client.name,
        client.name_kana,
        client.business_id,
        client.postal_code,
        client.address,
        client.phone,
        client.email,
        client.contact_name,
    ) == (
        "株式会社 能登建設",
        "ノトケンセツ",
        "12345678901234",
        "100-0001",
        "東京都千代田区千代田",
        "03-1234-5678",
        "INFO@example.jp",
        "能登 太郎",
    )
    assert client.search_digits == "12345678901234 0312345678"
    assert client.created_by.username == "yamada"


def test_every_bad_field_is_named_in_japanese_and_nothing_is_saved(staff_client):
    response = staff_client.post(
        reverse("client_create"),
        {
            "name": "",
            "business_id": "1234567890123",
            "phone": "03-1234",
            "email": "info@",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "事業者名を入力してください" in errors["name"][0]
    assert "13桁" in errors["business_id"][0]
    assert "電話番号" in errors["phone"][0]
    assert "メールアドレス" in errors["email"][0]
    assert not Client.objects.exists()


def test_an_unknown_postal_code_saves_with_a_warning(staff_client):
    response = staff_client.post(
        reverse("client_create"), {"name": "能登建設", "postal_code": "999-9999"}, follow=True
    )
    assert Client.objects.get().postal_code == "999-9999"
    assert "見つかりませんでした" in response.text


def test_a_second_client_with_the_same_business_id_is_refused_with_a_link_to_the_first(
    staff_client, make_client
):
    first = make_client(name="株式会社能登建設", business_id="12345678901234")
    response = staff_client.post(
        reverse("client_create"), {"name": "能登建設（重複）", "business_id": "1234-5678-9012-34"}
    )
    assert response.status_code == 200
    assert "既に「株式会社能登建設」として登録" in response.text
    assert reverse("client_detail", args=[first.pk]) in response.text
    assert Client.objects.count() == 1


def test_editing_keeps_the_history_with_who_when_and_old_to_new(staff_client, make_client):
    client = make_client(name="能登建設", phone="0767-58-3286")
    staff_client.post(
        reverse("client_update", args=[client.pk]),
        {"name": "能登建設", "phone": "０７６７－５８－９９９９"},
    )
    client.refresh_from_db()
    assert client.phone == "0767-58-9999"
    response = staff_client.get(reverse("client_detail", args=[client.pk]))
    latest = response.context["history"][0]
    assert latest.kind == "変更"
    assert latest.user == "山田 花子"
    assert [(c.field, c.old, c.new) for c in latest.changes] == [
        ("電話番号", "0767-58-3286", "0767-58-9999")
    ]
    assert "0767-58-3286 → 0767-58-9999" in response.text


def test_viewing_a_client_is_recorded_in_the_access_log(staff_client, make_client):
    client = make_client()
    staff_client.get(reverse("client_detail", args=[client.pk]))
    log = AccessLog.objects.get()
    assert (log.action, log.target, log.username) == (
        AccessLog.Action.VIEW,
        f"clients.Client#{client.pk}",
        "yamada",
    )


def test_deleting_asks_for_confirmation_first(admin_client_, make_client):
    client = make_client()
    page = admin_client_.get(reverse("client_delete", args=[client.pk]))
    assert "削除しますか" in page.text
    assert Client.objects.exists()
    admin_client_.post(reverse("client_delete", args=[client.pk]))
    assert not Client.objects.exists()


def test_the_postal_endpoint_returns_the_address_or_404(staff_client):
    found = staff_client.get("/clients/postal/1000001").json()
    assert found == {
        "found": True,
        "prefecture": "東京都",
        "city": "千代田区",
        "town": "千代田",
        "address": "東京都千代田区千代田",
    }
    assert staff_client.get("/clients/postal/9999999").status_code == 404


def test_the_client_form_has_no_inline_script_or_style(staff_client):
    html = staff_client.get(reverse("client_create")).text
    assert "js/clients_postal.js" in html
    assert "<script>" not in html
    assert 'style="' not in html
    assert "onclick" not in html


def test_client_pages_need_a_login(client):
    response = client.get(reverse("client_list"))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_clients_without_a_reading_come_after_those_with_one(staff_client, make_client):
    make_client(name="読み不明建設")
    make_client(name="和倉設備", name_kana="ワクラセツビ")
    response = staff_client.get(reverse("client_list"))
    assert [c.name for c in response.context["page"].object_list] == ["和倉設備", "読み不明建設"]
