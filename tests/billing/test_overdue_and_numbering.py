"""Exactly-once overdue notices, and gap-free numbering with two staff issuing at once."""

from __future__ import annotations

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from billing import overdue, services
from billing.models import IssuedDocument, OverdueNotice
from tests.billing.conftest import make_case, make_client

TOKYO = ZoneInfo("Asia/Tokyo")


def _overdue_invoice(engagement) -> IssuedDocument:
    return services.invoice_issue(engagements=[engagement], issued_on=date(2026, 4, 1))


@pytest.mark.django_db
def test_an_overdue_invoice_is_notified_once(engagement, staff_user):
    invoice = _overdue_invoice(engagement)  # due 2026-05-01
    assert overdue.notices_deliver_due(today=date(2026, 5, 1)) == 0  # due today: not yet
    assert overdue.notices_deliver_due(today=date(2026, 5, 2)) == 1
    assert overdue.notices_deliver_due(today=date(2026, 5, 3)) == 0
    assert len(mail.outbox) == 1
    assert invoice.number in mail.outbox[0].subject
    assert "33,000円" in mail.outbox[0].body
    assert mail.outbox[0].to == [staff_user.email]


@pytest.mark.django_db
def test_a_paid_invoice_is_not_notified(engagement):
    invoice = _overdue_invoice(engagement)
    services.payment_record(invoice=invoice, paid_on=date(2026, 4, 20), amount=invoice.total)
    assert overdue.notices_deliver_due(today=date(2026, 6, 1)) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_dead_passs_claim_is_taken_over_after_the_timeout(engagement):
    invoice = _overdue_invoice(engagement)
    now = datetime(2026, 5, 2, 9, 0, tzinfo=TOKYO)
    assert overdue.notice_claim(invoice_id=invoice.pk, token="dead", now=now)
    assert overdue.notices_deliver_due(today=date(2026, 5, 2), now=now) == 0  # still claimed
    later = now + overdue.CLAIM_TIMEOUT + overdue.CLAIM_TIMEOUT
    assert overdue.notices_deliver_due(today=date(2026, 5, 2), now=later) == 1
    assert len(mail.outbox) == 1
    assert OverdueNotice.objects.get().sent_at is not None


def _at_once(n: int, work) -> list:
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(work(i))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return results


def _racing_notices(staff_user) -> None:
    engagements = []
    for i in range(5):
        client = make_client(name=f"テスト建設{i}", business_id=f"1000000000000{i}")
        engagements.append(
            services.engagement_create(
                case=make_case(client, staff_user), accepted_on=date(2026, 4, 1), amount=10000
            )
        )
    for e in engagements:
        _overdue_invoice(e)
    delivered = _at_once(3, lambda i: overdue.notices_deliver_due(today=date(2026, 6, 1)))
    assert sum(delivered) == 5
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 5 and len(set(subjects)) == 5


@pytest.mark.django_db(transaction=True)
def test_racing_passes_notify_each_overdue_invoice_exactly_once(staff_user, billing_setup):
    _racing_notices(staff_user)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_passes_notify_each_overdue_invoice_exactly_once_on_postgres(
    staff_user, billing_setup
):
    _racing_notices(staff_user)


def _racing_issues(staff_user, recovery_fee, n: int) -> None:
    engagements = []
    for i in range(n):
        client = make_client(name=f"テスト建設{i}", business_id=f"200000000000{i:02d}")
        engagements.append(
            services.engagement_create(
                case=make_case(client, staff_user),
                accepted_on=date(2026, 4, 1),
                fee_item=recovery_fee,
            )
        )
    numbers = _at_once(
        n,
        lambda i: (
            services.invoice_issue(engagements=[engagements[i]], issued_on=date(2026, 5, 1)).number
        ),
    )
    assert sorted(numbers) == [f"2026-{k:04d}" for k in range(1, n + 1)]  # no gap, no duplicate


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_staff_issuing_at_once_get_gap_free_unique_numbers_on_postgres(
    staff_user, billing_setup, recovery_fee
):
    _racing_issues(staff_user, recovery_fee, 8)


@pytest.mark.django_db(transaction=True)
def test_two_staff_issuing_at_once_get_consecutive_numbers_on_this_database(
    staff_user, billing_setup, recovery_fee
):
    _racing_issues(staff_user, recovery_fee, 2)


@pytest.mark.django_db
def test_the_periodic_task_waits_for_the_opening_time(engagement):
    import time_machine

    from billing.tasks import notify_overdue_invoices

    _overdue_invoice(engagement)  # due 2026-05-01
    with time_machine.travel(datetime(2026, 5, 2, 8, 59, tzinfo=TOKYO), tick=False):
        assert notify_overdue_invoices() == 0
    with time_machine.travel(datetime(2026, 5, 2, 9, 0, tzinfo=TOKYO), tick=False):
        assert notify_overdue_invoices() == 1
    assert len(mail.outbox) == 1


def _same_case_twice(engagement) -> None:
    def issue(_i):
        try:
            return services.invoice_issue(engagements=[engagement]).number
        except services.BillingError:
            return "refused"

    assert sorted(_at_once(2, issue)) == [f"{timezone.localdate().year}-0001", "refused"]
    assert IssuedDocument.objects.filter(kind="invoice").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_invoicing_the_same_case_at_once_make_one_invoice_on_postgres(engagement):
    _same_case_twice(engagement)


@pytest.mark.django_db(transaction=True)
def test_two_staff_invoicing_the_same_case_at_once_make_one_invoice(engagement):
    _same_case_twice(engagement)
