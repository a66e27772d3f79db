"""Fixtures of the recovery tests: a client with every field the inquiry needs, and its case."""

from datetime import datetime

import pytest
import time_machine

from clients.services import client_create
from recovery import services
from recovery.business_days import TOKYO
from recovery.models import Situation


@pytest.fixture
def full_client(db):
    # Through the service, as the pages create clients (it fills the search column too).
    return client_create(
        data={
            "name": "株式会社能登テスト建設",
            "name_kana": "ノトテストケンセツ",
            "business_id": "12345678901234",
            "postal_code": "926-0811",
            "address": "石川県七尾市御祓町1番地",
            "phone": "0767-53-1234",
            "email": "info@noto-test.example.jp",
        }
    )


# Cases are opened before the dates the tests record on them: an event can never precede
# the case's creation (recovery.services._check_dates).
OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=TOKYO)


@pytest.fixture
def full_case(full_client, staff_user, office_profile):
    with time_machine.travel(OPENED, tick=False):
        return services.case_create(
            client=full_client,
            situation=Situation.CANNOT_LOGIN,
            actor=staff_user,
            assignee=staff_user,
            new_email="ccus@noto-test.example.jp",
        )
