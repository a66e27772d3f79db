"""seed_demo --scale large: the load-trial data, at a small size so that the test stays fast."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

import clients.demo
import recovery.demo_large as large
from recovery.models import OPEN_STATUSES, CaseEvent, RecoveryCase, Reminder


@pytest.fixture
def small_large(monkeypatch):
    monkeypatch.setattr(clients.demo, "LARGE_COUNT", 20)
    monkeypatch.setattr(large, "CASE_COUNT", 60)
    monkeypatch.setattr(large, "REMINDER_COUNT", 200)


def test_it_makes_three_cases_per_client_and_the_asked_number_of_reminders(small_large, db):
    call_command("seed_demo", "--scale", "large", stdout=io.StringIO())
    cases = RecoveryCase.objects.filter(notes=large.NOTE)
    assert cases.count() == 60
    assert Reminder.objects.filter(case__in=cases).count() == 200
    assert CaseEvent.objects.filter(case__in=cases).count() >= 60
    assert cases.filter(status__in=OPEN_STATUSES).exists()
    assert cases.exclude(status__in=OPEN_STATUSES).exists()


def test_running_it_twice_adds_nothing(small_large, db):
    call_command("seed_demo", "--scale", "large", stdout=io.StringIO())
    call_command("seed_demo", "--scale", "large", stdout=io.StringIO())
    assert RecoveryCase.objects.filter(notes=large.NOTE).count() == 60


def test_dates_written_directly_read_back_as_the_same_moments(small_large, db):
    before = timezone.now()
    call_command("seed_demo", "--scale", "large", stdout=io.StringIO())
    case = RecoveryCase.objects.filter(notes=large.NOTE).exclude(sent_at=None).first()
    assert case.created_at == case.sent_at - timedelta(days=1)
    assert case.sent_at <= before + timedelta(minutes=1)
    # Finished cases look finished: a closing date after their sending.
    closed = RecoveryCase.objects.filter(notes=large.NOTE).exclude(closed_at=None).first()
    assert closed.closed_at > closed.sent_at


def test_at_most_one_live_reminder_per_case_and_kind(small_large, db):
    call_command("seed_demo", "--scale", "large", stdout=io.StringIO())
    live = Reminder.objects.filter(state__in=["pending", "claimed"])
    pairs = list(live.values_list("case_id", "kind"))
    assert len(pairs) == len(set(pairs)) > 0
