"""The header's search box: clients and cases, grouped, found however the number is typed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.normalize import clean_client_fields
from clients.services import client_create
from recovery.desk.selectors import GROUP_LIMIT
from recovery.models import RecoveryCase, Situation
from recovery.selectors import receipt_digits


def make_client(**typed):
    typed.setdefault("name", "株式会社能登建設")
    result = clean_client_fields(typed)
    assert result.errors == {}, result.errors
    return client_create(data=result.values, user=None)


def make_case(client, receipt_number=""):
    return RecoveryCase.objects.create(
        client=client, situation=Situation.CANNOT_LOGIN, receipt_number=receipt_number
    )


@pytest.fixture
def noto(db):
    return make_client(
        name="株式会社能登建設",
        name_kana="ノトケンセツ",
        business_id="12345678901234",
        phone="0767-52-1234",
    )


@pytest.fixture
def kaga(db):
    return make_client(
        name="加賀工務店",
        name_kana="カガコウムテン",
        business_id="98765432109876",
        phone="03-1234-5678",
    )


def search(client, q, **params):
    response = client.get(reverse("search"), {"q": q, **params})
    assert response.status_code == 200
    return response


def found_clients(response):
    return [c.name for c in response.context["clients"].items]


def found_cases(response):
    return [c.pk for c in response.context["cases"].items]


def test_the_header_of_every_page_has_the_search_box(staff_client):
    page = staff_client.get(reverse("client_list")).content.decode()
    assert 'type="search"' in page and 'name="q"' in page and reverse("search") in page


@pytest.mark.parametrize(
    "query",
    [
        "能登",
        "のとけんせつ",
        "ﾉﾄｹﾝｾﾂ",
        "１２３４-５６７８-９０１２-３４",
        "1234 5678 9012 34",
        "12345678901234",
        "0767-52-1234",
        "０７６７５２１２３４",
    ],
)
def test_it_finds_a_client_by_name_reading_business_id_or_phone_in_any_width(
    staff_client, noto, kaga, query
):
    assert found_clients(search(staff_client, query)) == ["株式会社能登建設"]


def test_it_finds_the_cases_of_a_matching_client(staff_client, noto, kaga):
    mine = make_case(noto)
    make_case(kaga)
    response = search(staff_client, "能登建設")
    assert found_cases(response) == [mine.pk]


@pytest.mark.parametrize(
    "query", ["C-2612345678", "ｃ－２６１２３４５６７８", "2612345678", "c 26123"]
)
def test_it_finds_a_case_by_its_receipt_number_in_any_width(staff_client, noto, kaga, query):
    wanted = make_case(kaga, receipt_number="C-2612345678")
    make_case(noto, receipt_number="C-2699999999")
    response = search(staff_client, query)
    assert found_cases(response) == [wanted.pk]
    assert found_clients(response) == []


def test_a_receipt_number_is_read_only_from_digits_with_an_optional_c():
    assert receipt_digits("C-2612345678") == "2612345678"
    assert receipt_digits("ｃ－２６１２") == "2612"
    assert receipt_digits("C-26") == ""  # too short to mean anything
    assert receipt_digits("能登2612") == ""


def test_an_empty_query_explains_what_can_be_searched_and_runs_no_search(staff_client, noto):
    response = search(staff_client, "  ")
    assert "受付番号" in response.content.decode()
    assert "clients" not in response.context


def test_nothing_found_says_so_per_group(staff_client, noto):
    page = search(staff_client, "存在しない会社").content.decode()
    assert "「存在しない会社」に当てはまる事業者はありません。" in page
    assert "「存在しない会社」に当てはまるID復旧案件はありません。" in page


def test_each_group_is_capped_with_a_link_to_see_more(staff_client, db):
    for n in range(GROUP_LIMIT + 2):
        make_case(make_client(name=f"能登建設{n:02d}", name_kana="ノトケンセツ"))
    response = search(staff_client, "能登建設")
    assert len(found_clients(response)) == GROUP_LIMIT
    assert response.context["clients"].more and response.context["cases"].more
    page = response.content.decode()
    assert "only=clients" in page and "only=cases" in page
    more = search(staff_client, "能登建設", only="clients")
    assert len(more.context["page"].object_list) == GROUP_LIMIT + 2


def test_a_query_with_markup_is_shown_as_text(staff_client, db):
    page = search(staff_client, "<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)" not in page


def _queries(client, query, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        search(client, query, **params)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_results(staff_client, db):
    make_case(make_client(name="能登建設00"))
    staff_client.get(reverse("client_list"))  # session and user warm
    few = _queries(staff_client, "能登建設")
    few_paged = _queries(staff_client, "能登建設", only="cases")
    for n in range(1, 40):
        make_case(make_client(name=f"能登建設{n:02d}"), receipt_number=f"C-26{n:08d}")
    assert _queries(staff_client, "能登建設") == few
    assert _queries(staff_client, "能登建設", only="cases") == few_paged


def test_control_characters_in_the_query_are_ignored(staff_client, noto):
    response = search(staff_client, "能登\x00建設\x07")
    assert response.context["query"] == "能登 建設"
    assert found_clients(response) == ["株式会社能登建設"]
