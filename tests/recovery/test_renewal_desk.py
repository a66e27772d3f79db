"""The 「更新期限」 list at each boundary (frozen time), its counts, the dashboard line, the
one click from a row, and a constant number of queries."""

from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import CcusAccess, Client
from recovery.business_days import TOKYO
from recovery.desk.renewals import renewal_desk_clients, renewal_desk_counts
from recovery.models import CaseKind, RecoveryCase

pytestmark = pytest.mark.django_db


def _group(expiry, today, access=CcusAccess.YES) -> str:
    client = Client.objects.create(
        name="境界建設", registration_expires_on=expiry, ccus_access=access
    )
    found = [
        g
        for g in ("recovery_first", "window_open", "past_recommended", "expired", "no_expiry")
        if renewal_desk_clients(today, g).filter(pk=client.pk).exists()
    ]
    client.delete()
    return found[0] if found else ""


@pytest.mark.parametrize(
    ("expiry", "today", "group"),
    [
        # Expiry 2027-03-31: window opens 2026-10-01, recommended last day 2027-02-28.
        (date(2027, 3, 31), date(2026, 9, 30), ""),
        (date(2027, 3, 31), date(2026, 10, 1), "window_open"),
        (date(2027, 3, 31), date(2027, 2, 28), "window_open"),
        (date(2027, 3, 31), date(2027, 3, 1), "past_recommended"),
        (date(2027, 3, 31), date(2027, 3, 31), "past_recommended"),
        (date(2027, 3, 31), date(2027, 4, 1), "expired"),
        # 29 Feb: expiry 2028-02-29 opens 2027-09-01, recommended 2028-01-31.
        (date(2028, 2, 29), date(2027, 8, 31), ""),
        (date(2028, 2, 29), date(2027, 9, 1), "window_open"),
        (date(2028, 2, 29), date(2028, 1, 31), "window_open"),
        (date(2028, 2, 29), date(2028, 2, 1), "past_recommended"),
    ],
)
def test_a_client_who_can_log_in_moves_through_the_groups_on_the_exact_days(expiry, today, group):
    assert _group(expiry, today) == group


@pytest.mark.parametrize(
    ("today", "group"),
    [
        # Recovery first from 3 months before the window opens (2026-10-01): 2026-07-01.
        (date(2026, 6, 30), ""),
        (date(2026, 7, 1), "recovery_first"),
        (date(2027, 2, 28), "recovery_first"),
        (date(2027, 3, 1), "past_recommended"),
        (date(2027, 4, 1), "expired"),
    ],
)
@pytest.mark.parametrize("access", [CcusAccess.UNKNOWN, CcusAccess.NO])
def test_a_client_whose_login_is_not_known_needs_recovery_first_early(today, group, access):
    assert _group(date(2027, 3, 31), today, access) == group


def test_a_client_without_expiry_is_listed_as_not_registered():
    assert _group(None, date(2026, 12, 7)) == "no_expiry"


def test_the_counts_add_up_and_each_client_is_in_one_group():
    today = date(2026, 12, 7)
    Client.objects.create(name="A", registration_expires_on=date(2027, 3, 31), ccus_access="yes")
    Client.objects.create(name="B", registration_expires_on=date(2027, 3, 31))
    Client.objects.create(name="C", registration_expires_on=date(2026, 12, 31))
    Client.objects.create(name="D", registration_expires_on=date(2026, 1, 31))
    Client.objects.create(name="E")
    Client.objects.create(name="F", registration_expires_on=date(2030, 1, 31))
    counts = renewal_desk_counts(today)
    assert counts == {
        "recovery_first": 1,
        "window_open": 1,
        "past_recommended": 1,
        "expired": 1,
        "no_expiry": 1,
        "all": 5,
    }
    assert renewal_desk_clients(today).count() == 5


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 12, 7, 10, 0, tzinfo=TOKYO), tick=False):
        yield


def test_the_list_shows_recovery_first_and_its_latest_start_and_the_dashboard_counts_it(
    staff_client, frozen
):
    Client.objects.create(name="能登建設", registration_expires_on=date(2027, 3, 7))
    page = staff_client.get(reverse("renewal_list")).content.decode()
    assert "先に復旧が必要" in page
    assert "復旧案件から始める" in page
    assert "2027年1月26日" in page  # the latest start: recommended 2027-02-07 (Sun)
    dashboard = staff_client.get(reverse("home")).content.decode()
    assert 'id="renewal-counts"' in dashboard
    assert "?group=recovery_first" in dashboard


def test_a_filter_shows_only_its_group_and_an_empty_one_says_so(staff_client, frozen):
    Client.objects.create(name="能登建設", registration_expires_on=date(2027, 3, 7))
    page = staff_client.get(reverse("renewal_list") + "?group=expired").content.decode()
    assert "能登建設" not in page
    assert "この区分の事業者はいません。" in page
    page = staff_client.get(reverse("renewal_list") + "?group=nonsense").content.decode()
    assert "能登建設" in page


def test_one_click_from_a_row_opens_a_recovery_then_the_row_links_both_cases(staff_client, frozen):
    client = Client.objects.create(name="能登建設", registration_expires_on=date(2027, 3, 7))
    response = staff_client.post(reverse("renewal_open", args=[client.pk]))
    recovery = RecoveryCase.objects.get(kind=CaseKind.RECOVERY)
    assert response.url == reverse("case_detail", args=[recovery.pk])
    page = staff_client.get(response.url).content.decode()
    assert 'id="for-renewal"' in page
    listing = staff_client.get(reverse("renewal_list")).content.decode()
    assert f"更新案件 #{recovery.for_renewal_id}" in listing
    assert f"復旧案件 #{recovery.pk}" in listing
    again = staff_client.post(reverse("renewal_open", args=[client.pk]), follow=True)
    assert "進行中の更新案件" in again.content.decode()


def test_one_click_for_a_client_who_can_log_in_opens_the_renewal_page(staff_client, frozen):
    client = Client.objects.create(
        name="能登建設", registration_expires_on=date(2027, 3, 7), ccus_access="yes"
    )
    response = staff_client.post(reverse("renewal_open", args=[client.pk]))
    renewal = RecoveryCase.objects.get(kind=CaseKind.RENEWAL)
    assert response.url == reverse("renewal_detail", args=[renewal.pk])


def test_the_one_click_refuses_get(staff_client, frozen):
    client = Client.objects.create(name="能登建設", registration_expires_on=date(2027, 3, 7))
    assert staff_client.get(reverse("renewal_open", args=[client.pk])).status_code == 405


def _queries(staff_client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert staff_client.get(url).status_code == 200
    return len(captured)


def test_the_list_needs_the_same_queries_for_5_or_120_clients(staff_client, frozen):
    def seed(n, start):
        Client.objects.bulk_create(
            Client(
                name=f"建設{start + i}",
                registration_expires_on=date(2027, 3, 1 + i % 28),
                ccus_access="yes" if i % 2 else "unknown",
            )
            for i in range(n)
        )

    seed(5, 0)
    _queries(staff_client, reverse("renewal_list"))  # the session's first write
    few = _queries(staff_client, reverse("renewal_list"))
    seed(115, 5)
    many = _queries(staff_client, reverse("renewal_list"))
    assert few == many


def test_the_list_pages_through_every_client_of_its_group(staff_client, frozen):
    Client.objects.bulk_create(
        Client(name=f"建設{i:03d}", registration_expires_on=date(2027, 3, 1 + i % 28))
        for i in range(120)
    )
    Client.objects.create(
        name="受付中建設", registration_expires_on=date(2027, 3, 7), ccus_access="yes"
    )
    url = reverse("renewal_list") + "?group=recovery_first&page=3"
    page = staff_client.get(url).content.decode()
    assert page.count('class="renewal-row"') == 20
    assert "3 / 3 ページ(全120件)" in page
    assert "受付中建設" not in page


def _recovery_first_badge(page: str) -> str:
    start = page.index("?group=recovery_first")
    return page[page.index('badge text-bg-warning">', start) :].split(">", 1)[1].split("<", 1)[0]


def test_the_dashboards_renewal_line_is_counted_once_and_again_after_a_client_changes(
    staff_client, frozen
):
    Client.objects.create(name="能登建設", registration_expires_on=date(2027, 3, 7))
    assert _recovery_first_badge(staff_client.get(reverse("home")).content.decode()) == "1"
    with CaptureQueriesContext(connection) as queries:
        staff_client.get(reverse("home"))
    assert not [q for q in queries.captured_queries if "registration_expires_on" in q["sql"]]
    # Another client in the same minute: its history row makes the line count again.
    second = Client.objects.create(name="七尾建設", registration_expires_on=date(2027, 3, 9))
    assert _recovery_first_badge(staff_client.get(reverse("home")).content.decode()) == "2"
    second.ccus_access = CcusAccess.YES
    second.save()
    page = staff_client.get(reverse("home")).content.decode()
    assert _recovery_first_badge(page) == "1"
