"""The client page's query count does not grow with its history, consultations or cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients import services
from recovery.models import RecoveryCase

pytestmark = pytest.mark.django_db


def _grow(client, staff_user, n: int) -> None:
    for i in range(n):
        services.client_update(client=client, data={"memo": f"メモ{i}"}, user=staff_user)
        RecoveryCase.objects.create(client=client, situation="d", assignee=staff_user)


def _queries(staff_client, client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert staff_client.get(f"/clients/{client.pk}/").status_code == 200
    return len(captured)


def test_the_client_page_costs_the_same_with_2_or_12_changes_and_cases(staff_client, staff_user):
    small = services.client_create(data={"name": "能登建設株式会社"}, user=staff_user)
    large = services.client_create(data={"name": "七尾工務店"}, user=staff_user)
    _grow(small, staff_user, 2)
    _grow(large, staff_user, 12)
    assert _queries(staff_client, large) == _queries(staff_client, small)
