"""An erasure request (個人情報保護法) cannot take the §9 事件簿 lines the law keeps 2 years after
closing: erasure removes everything else and keeps those lines as retained copies."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from billing import case_book
from clients.models import Client, ErasureRecord, RetainedCaseRecord
from clients.services import client_erase
from office.models import AuditEvent
from recovery.models import RecoveryCase

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


def _close(engagement, day: datetime) -> None:
    RecoveryCase.objects.filter(pk=engagement.case_id).update(status="done", closed_at=day)


@time_machine.travel(datetime(2027, 1, 10, 10, 0, tzinfo=JST), tick=False)
def test_erasure_keeps_the_book_line_of_a_case_closed_less_than_two_years_ago(
    engagement, admin_user
):
    _close(engagement, datetime(2026, 6, 30, 10, 0, tzinfo=JST))
    client = engagement.case.client
    client_erase(client=client, user=admin_user)
    assert not Client.objects.filter(pk=client.pk).exists()
    record = RetainedCaseRecord.objects.get()
    assert (record.client_name, record.client_address) == (
        "株式会社能登テスト建設",
        "石川県七尾市御祓町1番地",
    )
    assert (record.closed_on, record.keep_until, record.fee) == (
        date(2026, 6, 30),
        date(2028, 6, 30),
        33000,
    )
    assert case_book.case_book_count() == 1
    # The erasure record itself still holds no personal data; the audit says what was kept.
    assert "能登" not in str(ErasureRecord.objects.get().removed)
    event = AuditEvent.objects.get(action="client_erase")
    assert event.details["事件簿の控え（行政書士法第9条により保存）"] == 1


@time_machine.travel(datetime(2028, 7, 1, 10, 0, tzinfo=JST), tick=False)
def test_erasure_takes_a_book_line_whose_two_years_are_over(engagement, admin_user):
    _close(engagement, datetime(2026, 6, 30, 10, 0, tzinfo=JST))
    client_erase(client=engagement.case.client, user=admin_user)
    assert not RetainedCaseRecord.objects.exists()
    assert case_book.case_book_count() == 0


@time_machine.travel(datetime(2028, 6, 30, 10, 0, tzinfo=JST), tick=False)
def test_on_the_last_day_of_the_two_years_the_line_is_still_kept(engagement, admin_user):
    _close(engagement, datetime(2026, 6, 30, 10, 0, tzinfo=JST))
    client_erase(client=engagement.case.client, user=admin_user)
    assert RetainedCaseRecord.objects.get().keep_until == date(2028, 6, 30)


def test_the_erase_page_says_which_book_lines_stay_and_the_result_counts_them(
    admin_client_, engagement
):
    # Real time here (the login session would not survive a jump): closed a month ago.
    _close(engagement, timezone.now() - timedelta(days=30))
    client = engagement.case.client
    url = reverse("client_erase", args=[client.pk])
    page = admin_client_.get(url).content.decode()
    assert "行政書士法第9条" in page and "事件簿の控え 1件" in page
    response = admin_client_.post(url, {"confirm_name": client.name}, follow=True)
    assert "事件簿の控え 1件を残しました" in response.content.decode()
