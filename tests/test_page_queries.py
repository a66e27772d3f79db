"""The staff pages cost the same number of queries at any size of data: an N+1 shows here with
a handful of rows, long before the office has thousands of cases."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import clients.demo
import recovery.demo_large as large
from clients.models import Client
from recovery.models import OPEN_STATUSES, CaseEvent, RecoveryCase, Reminder

pytestmark = pytest.mark.django_db


def _seed(monkeypatch, *, companies: int) -> RecoveryCase:
    """Demo data with ``companies`` clients, 3 cases each, and work due on the dashboard."""
    RecoveryCase.objects.filter(notes=large.NOTE).delete()
    Client.objects.filter(name__startswith=clients_prefix()).delete()
    monkeypatch.setattr(clients.demo, "LARGE_COUNT", companies)
    monkeypatch.setattr(large, "CASE_COUNT", companies * 3)
    monkeypatch.setattr(large, "REMINDER_COUNT", companies * 10)
    call_command("seed_demo", "--scale", "large", stdout=io.StringIO())
    now = timezone.now()
    # Every open case has something due: the dashboard shows as many rows as it can.
    Reminder.objects.filter(case__status__in=OPEN_STATUSES, state="pending").update(
        state="delivered", due_at=now - timedelta(hours=1), delivered_at=now - timedelta(hours=1)
    )
    case = RecoveryCase.objects.filter(notes=large.NOTE, status="waiting").order_by("pk").first()
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=case, at=now - timedelta(minutes=n), kind="note", message=f"メモ{n}")
            for n in range(companies)
        ]
    )
    return case


def clients_prefix() -> str:
    return clients.demo.LARGE_PREFIX


def _queries(client, url: str) -> int:
    client.get(url)  # warm: session, caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _urls(case: RecoveryCase) -> dict[str, str]:
    return {
        "dashboard": reverse("home"),
        "client list": reverse("client_list"),
        "case list": reverse("case_list"),
        "case page": reverse("case_detail", args=[case.pk]),
        "search": reverse("search") + "?q=" + clients_prefix(),
        "search, one group": reverse("search") + "?only=cases&q=" + clients_prefix(),
    }


def test_no_staff_page_needs_more_queries_when_the_data_grows(staff_client, monkeypatch):
    small_case = _seed(monkeypatch, companies=4)
    small = {name: _queries(staff_client, url) for name, url in _urls(small_case).items()}
    big_case = _seed(monkeypatch, companies=40)
    big = {name: _queries(staff_client, url) for name, url in _urls(big_case).items()}
    assert RecoveryCase.objects.count() >= 120
    assert big == small
