"""Fixtures of the recovery tests: a client with every field the inquiry needs, and its case."""

import pytest

from clients.services import client_create
from recovery import services
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


@pytest.fixture
def full_case(full_client, staff_user, office_profile):
    return services.case_create(
        client=full_client,
        situation=Situation.CANNOT_LOGIN,
        actor=staff_user,
        assignee=staff_user,
        new_email="ccus@noto-test.example.jp",
    )
