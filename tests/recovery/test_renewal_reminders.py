"""Renewal reminders go through the same exactly-once delivery as the recovery's."""

from collections import Counter
from datetime import date, datetime

import pytest
import time_machine
from django.core import mail

from clients.models import Client
from recovery.business_days import TOKYO
from recovery.models import CaseEvent, Reminder
from recovery.reminders.delivery import reminder_email, reminders_deliver_due
from recovery.renewal_cases import renewal_case_open
from tests.recovery.test_reminder_delivery import _run_two_passes_at_once

Kind = Reminder.Kind
OPENED = datetime(2026, 5, 20, 10, 0, tzinfo=TOKYO)
# Expiry 2026-11-30: window 2026-06-01, 2 months 2026-09-30, recommended 2026-10-30,
# expiry 2026-11-30: all four are due once the clock is past 2026-11-30.
EXPIRY = date(2026, 11, 30)


def _renewals(n: int, user) -> list[int]:
    ids = []
    with time_machine.travel(OPENED, tick=False):
        for i in range(n):
            client = Client.objects.create(
                name=f"更新建設{i}", registration_expires_on=EXPIRY, ccus_access="yes"
            )
            case = renewal_case_open(client=client, actor=user)
            ids += list(case.reminders.values_list("pk", flat=True))
    return ids


@pytest.mark.django_db(transaction=True)
def test_two_passes_at_once_deliver_each_renewal_reminder_exactly_once(staff_user):
    ids = _renewals(25, staff_user)
    assert len(ids) == 100
    with time_machine.travel(datetime(2026, 12, 1, 9, 30, tzinfo=TOKYO)):
        _run_two_passes_at_once(batch_size=10)
    counts = Counter(int(m.extra_headers["X-CCUS-Reminder"]) for m in mail.outbox)
    assert set(counts) == set(ids)
    assert max(counts.values()) == 1
    assert Reminder.objects.filter(state="delivered").count() == 100
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.REMINDER).count() == 100


@pytest.mark.django_db
def test_a_renewal_reminder_is_not_delivered_before_its_day(staff_user):
    _renewals(1, staff_user)
    with time_machine.travel(datetime(2026, 6, 1, 8, 59, tzinfo=TOKYO), tick=False):
        assert reminders_deliver_due() == 0
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=TOKYO), tick=False):
        assert reminders_deliver_due() == 1
        assert reminders_deliver_due() == 0
    delivered = Reminder.objects.get(state="delivered")
    assert delivered.kind == Kind.RENEWAL_WINDOW


@pytest.mark.django_db
def test_the_renewal_reminder_email_names_the_duty_in_japanese(staff_user):
    _renewals(1, staff_user)
    reminder = Reminder.objects.get(kind=Kind.RENEWAL_RECOMMENDED)
    message = reminder_email(reminder, ["staff@example.jp"])
    assert "更新申請の推奨期限" in message.subject
    assert "今日中に更新申請をしてください" in message.body
