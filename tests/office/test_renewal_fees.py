"""CCUS's renewal fee table: seeded by the migration, looked up by capital, edited by admins."""

import pytest
from django.urls import reverse

from office.models import AuditEvent, RenewalFeeBand
from office.selectors import renewal_fee_for, renewal_fee_table

pytestmark = pytest.mark.django_db

OKU = 100_000_000


@pytest.mark.parametrize(
    ("sole", "capital", "fee", "band"),
    [
        (True, None, 0, "一人親方"),
        (True, 10 * OKU, 0, "一人親方"),
        (False, 0, 6_000, "資本金500万円未満"),
        (False, 4_999_999, 6_000, "資本金500万円未満"),
        (False, 5_000_000, 12_000, "資本金500万円以上1,000万円未満"),
        (False, 99_999_999, 60_000, "資本金5,000万円以上1億円未満"),
        (False, OKU, 120_000, "資本金1億円以上3億円未満"),
        (False, 500 * OKU, 2_400_000, "資本金500億円以上"),
        (False, 5_000 * OKU, 2_400_000, "資本金500億円以上"),
    ],
)
def test_the_seeded_table_gives_each_capital_its_band_and_fee(sole, capital, fee, band):
    found = renewal_fee_for(sole_proprietor=sole, capital_yen=capital)
    assert (found.band, found.fee) == (band, fee)


def test_the_seed_says_what_it_reflects():
    rows = renewal_fee_table()
    assert len(rows) == 12
    assert all(r.published_on and "2023年10月" in r.source for r in rows)


def test_a_company_without_a_known_capital_has_no_fee():
    assert renewal_fee_for(sole_proprietor=False, capital_yen=None) is None


def _post(client, rows):
    data = {
        "fees-TOTAL_FORMS": str(len(rows)),
        "fees-INITIAL_FORMS": "0",
        "fees-MIN_NUM_FORMS": "0",
        "fees-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"fees-{i}-{key}"] = value
    return client.post(reverse("renewal_fees"), data)


def test_an_office_admin_replaces_the_table_and_the_change_is_audited(admin_client_):
    response = _post(
        admin_client_,
        [
            {"sole_proprietor": "on", "fee": "0"},
            {"capital_from": "0", "fee": "7000", "published_on": "2027-04-01"},
            {"capital_from": "10000000", "fee": "30000"},
            {"capital_from": "", "fee": "", "DELETE": "on"},
        ],
    )
    assert response.status_code == 302
    assert renewal_fee_for(sole_proprietor=False, capital_yen=9_999_999).fee == 7_000
    assert renewal_fee_for(sole_proprietor=False, capital_yen=10**12).fee == 30_000
    assert RenewalFeeBand.objects.count() == 3
    assert AuditEvent.objects.filter(target="office.RenewalFeeBand").exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"capital_from": "100", "fee": "6000"}], "資本金0円から始まる区分が必要です。"),
        (
            [{"capital_from": "0", "fee": "6000"}, {"capital_from": "0", "fee": "7000"}],
            "同じ資本金の下限が2つあります。",
        ),
        (
            [{"sole_proprietor": "on", "fee": "0"}, {"sole_proprietor": "on", "fee": "1"}],
            "一人親方の行は1つだけにしてください。",
        ),
        ([{"fee": "6000"}], "資本金の下限（円）を入力してください"),
        ([{"capital_from": "0", "fee": "-1"}], "0"),
    ],
)
def test_a_broken_table_is_refused_in_japanese_and_nothing_changes(admin_client_, rows, message):
    response = _post(admin_client_, rows)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert RenewalFeeBand.objects.count() == 12


def test_staff_may_not_edit_the_fee_table(staff_client):
    assert staff_client.get(reverse("renewal_fees")).status_code == 403
