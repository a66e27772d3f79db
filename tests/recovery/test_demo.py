"""The demo data: clients and cases in every status, one ready for the inquiry text. Idempotent."""

import pytest

import office.demo
from office.selectors import get_office
from recovery import demo
from recovery.inquiry import build_inquiry
from recovery.models import CaseEvent, RecoveryCase, Status

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_case_in_every_status_and_runs_twice(staff_client):
    office.demo.seed()
    assert demo.seed()
    count = RecoveryCase.objects.count()
    assert demo.seed() == []
    assert RecoveryCase.objects.count() == count
    statuses = set(RecoveryCase.objects.values_list("status", flat=True))
    # 受付確認済 is passed through automatically on the way to CCUS回答待ち (see services).
    assert statuses == set(Status.values) - {Status.RECEIPT_CONFIRMED}
    assert CaseEvent.objects.filter(to_status=Status.RECEIPT_CONFIRMED).exists()
    preparing = RecoveryCase.objects.get(status=Status.PREPARING)
    assert build_inquiry(preparing, get_office()).ready
    for case in RecoveryCase.objects.all():
        assert staff_client.get(f"/cases/{case.pk}/").status_code == 200
        assert staff_client.get(f"/cases/{case.pk}/edit/").status_code == 200
        assert staff_client.get(f"/cases/{case.pk}/dates/").status_code == 200
    assert staff_client.get("/cases/").status_code == 200
    assert staff_client.get("/cases/new/").status_code == 200


def test_the_demo_uses_existing_clients_by_business_id():
    from clients.models import Client

    Client.objects.create(name="既存の会社", business_id=demo.DEMO_CLIENTS[0][0])
    demo.seed()
    assert Client.objects.filter(business_id=demo.DEMO_CLIENTS[0][0]).count() == 1
    assert Client.objects.get(business_id=demo.DEMO_CLIENTS[0][0]).name == "既存の会社"
