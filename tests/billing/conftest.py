"""Fixtures of the billing tests: the office's invoicing details, a fee table, clients, cases."""

from __future__ import annotations

from datetime import date

import pytest

from billing import services
from billing.models import BillingSettings, FeeItem
from clients.services import client_create
from recovery import services as case_services
from recovery.models import Situation

REGISTRATION_NUMBER = "T7010705000725"


@pytest.fixture
def billing_setup(db, office_profile):
    BillingSettings.objects.create(
        pk=1,
        registration_number=REGISTRATION_NUMBER,
        registrant="corporation",
        bank_account="能登信用金庫 七尾支店 普通 1234567 ギョウセイショシテスト",
        payment_days=30,
    )
    return office_profile


@pytest.fixture
def recovery_fee(db):
    return FeeItem.objects.create(name="事業者IDログイン情報の復旧", amount=30000, position=1)


@pytest.fixture
def renewal_fee(db):
    return FeeItem.objects.create(name="事業者登録の更新代行", amount=20000, position=2)


def make_client(
    name="株式会社能登テスト建設", business_id="12345678901234", address="石川県七尾市御祓町1番地"
):
    return client_create(
        data={
            "name": name,
            "name_kana": "テスト",
            "business_id": business_id,
            "address": address,
            "phone": "0767-53-1234",
        }
    )


def make_case(client, user):
    return case_services.case_create(
        client=client, situation=Situation.CANNOT_LOGIN, actor=user, assignee=user
    )


@pytest.fixture
def client_a(db):
    return make_client()


@pytest.fixture
def engagement(client_a, staff_user, billing_setup, recovery_fee):
    case = make_case(client_a, staff_user)
    return services.engagement_create(
        case=case, accepted_on=date(2026, 4, 1), fee_item=recovery_fee, user=staff_user
    )
