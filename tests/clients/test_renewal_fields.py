"""The renewal fields of a client: 有効期限 (form, CSV round trip, history), login/mail, capital."""

import datetime as dt

import pytest
from django.urls import reverse

from clients.csv_io import HEADER, LEGACY_HEADER, apply_import, export_csv, plan_import
from clients.models import CcusAccess, Client
from clients.normalize import InputError, clean_expiry_date
from clients.selectors import client_history

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    ["2027-03-31", "2027/3/31", "2027年3月31日", "２０２７／０３／３１", " 2027 - 3 - 31 "],
)
def test_it_reads_the_expiry_in_the_ways_staff_type_it(typed):
    assert clean_expiry_date(typed) == "2027-03-31"


@pytest.mark.parametrize(
    "typed", ["2027-02-30", "27/3/31", "令和9年3月31日", "2027-13-01", "1999-01-01", "明日"]
)
def test_it_refuses_an_expiry_that_is_not_a_real_western_date(typed):
    with pytest.raises(InputError, match="実在する日付を西暦で"):
        clean_expiry_date(typed)


def test_an_empty_expiry_is_allowed():
    assert clean_expiry_date("  ") == ""


def _csv(*rows: str, header=HEADER) -> str:
    return "\r\n".join([",".join(header), *rows]) + "\r\n"


def test_the_expiry_column_survives_an_export_and_import_round_trip(make_client):
    make_client(name="能登建設", business_id="12345678901234", registration_expires_on="2028/2/29")
    make_client(name="七尾工務店", business_id="22345678901234")
    data = export_csv(Client.objects.order_by("pk"), encoding="utf-8")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].endswith(",有効期限")
    assert "2028-02-29" in text
    plan = plan_import(text)
    assert plan.ok
    assert [r.action for r in plan.rows] == ["変更なし", "変更なし"]


def test_an_imported_expiry_is_stored_as_a_date_and_a_changed_one_updates(make_client):
    make_client(name="能登建設", business_id="12345678901234", registration_expires_on="2027-03-31")
    plan = plan_import(
        _csv("能登建設,,12345678901234,,,,,,,,2029年4月30日", "和倉設備,,,,,,,,,,2030/1/31")
    )
    assert plan.ok
    assert [r.action for r in plan.rows] == ["更新", "新規"]
    apply_import(plan)
    assert Client.objects.get(name="能登建設").registration_expires_on == dt.date(2029, 4, 30)
    assert Client.objects.get(name="和倉設備").registration_expires_on == dt.date(2030, 1, 31)


def test_a_bad_expiry_cell_names_the_row_and_column():
    plan = plan_import(_csv("能登建設,,,,,,,,,,2029-02-29"))
    assert [str(e) for e in plan.errors] == [
        "2行目「有効期限」: 有効期限は「2027-03-31」「2027/3/31」「2027年3月31日」のように、"
        "実在する日付を西暦で入力してください。"
    ]


def test_a_file_without_the_expiry_column_keeps_the_registered_expiry(make_client):
    make_client(name="能登建設", business_id="12345678901234", registration_expires_on="2027-03-31")
    plan = plan_import(_csv("能登建設,,12345678901234,,,0767-58-3286,,,,", header=LEGACY_HEADER))
    assert plan.ok and [r.action for r in plan.rows] == ["更新"]
    apply_import(plan)
    client = Client.objects.get()
    assert client.phone == "0767-58-3286"
    assert client.registration_expires_on == dt.date(2027, 3, 31)


def test_the_form_saves_the_renewal_fields_and_the_history_names_them(staff_client, make_client):
    client = make_client(name="能登建設")
    response = staff_client.post(
        reverse("client_update", args=[client.pk]),
        {
            "name": "能登建設",
            "registration_expires_on": "2027/3/31",
            "ccus_access": "no",
            "capital_yen": "5000000",
        },
    )
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.registration_expires_on == dt.date(2027, 3, 31)
    assert client.ccus_access == CcusAccess.NO
    assert client.capital_yen == 5_000_000
    fields = {c.field: c.new for c in client_history(client)[0].changes}
    assert fields["有効期限"] == "2027-03-31"
    assert fields["資本金（円）"] == "5,000,000"
    page = staff_client.get(reverse("client_detail", args=[client.pk])).content.decode()
    assert "2027年3月31日" in page
    assert "5,000,000円" in page


def test_the_form_refuses_a_negative_capital_and_a_bad_expiry_in_japanese(staff_client):
    response = staff_client.post(
        reverse("client_create"),
        {"name": "能登建設", "registration_expires_on": "来年", "capital_yen": "-1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "実在する日付を西暦で" in page
    assert "資本金に負の数は入力できません。" in page
    assert not Client.objects.exists()


def test_a_client_without_an_expiry_shows_it_as_not_registered(staff_client, make_client):
    client = make_client(name="能登建設")
    page = staff_client.get(reverse("client_detail", args=[client.pk])).content.decode()
    assert "有効期限未登録" in page
