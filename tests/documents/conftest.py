import pytest

from clients.models import Client
from recovery.models import RecoveryCase

NASTY_NAME = "株式会社<script>&\"'建設"


@pytest.fixture
def company(db):
    return Client.objects.create(
        name="株式会社能登ミライ建設",
        name_kana="ノトミライケンセツ",
        business_id="12345678901234",
        postal_code="926-0045",
        address="石川県七尾市袖ケ江町イ部25番地",
        phone="0767-53-1234",
        fax="0767-53-5678",
        email="office@noto-mirai.example.jp",
        contact_name="能登 太郎",
    )


@pytest.fixture
def case(company):
    return RecoveryCase.objects.create(
        client=company,
        situation="c",
        new_email="ccus@noto-mirai.example.jp",
    )


@pytest.fixture
def eager_celery():
    """Run enqueued tasks in this process (with ``django_capture_on_commit_callbacks``)."""
    from config.celery_app import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
