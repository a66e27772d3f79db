import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, Consultation, ErasureRecord
from office.models import AccessLog
from recovery.models import CaseEvent, RecoveryCase, Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_with_everything(make_client):
    client = make_client(
        name="株式会社能登建設", business_id="12345678901234", email="info@noto.example.jp"
    )
    client.phone = "0767-58-3286"
    client.save()
    Consultation.objects.create(
        client=client,
        received_on=date(2026, 11, 2),
        channel="fax",
        topics=["lost_access"],
        content="ログインできない",
    )
    case = RecoveryCase.objects.create(
        client=client, situation="c", new_email="new@noto.example.jp"
    )
    CaseEvent.objects.create(case=case, at=timezone.now(), kind="created", message="作成")
    Reminder.objects.create(case=case, kind="receipt_check", due_at=timezone.now())
    return client


def test_an_office_admin_exports_everything_held_about_one_client(
    admin_client_, client_with_everything
):
    client = client_with_everything
    response = admin_client_.get(reverse("client_personal_data_export", args=[client.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["client"]["fields"]["name"] == "株式会社能登建設"
    related = data["client"]["related"]
    assert related["consultations"][0]["fields"]["content"] == "ログインできない"
    case = related["recovery_cases"][0]
    assert case["fields"]["new_email"] == "new@noto.example.jp"
    assert case["related"]["events"][0]["fields"]["message"] == "作成"
    assert case["related"]["reminders"][0]["fields"]["kind"] == "receipt_check"
    assert [h["history_type"] for h in data["client_history"]] == ["登録", "変更"]
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert log.target == f"clients.Client#{client.pk}"


def test_staff_who_are_not_office_admins_cannot_export_or_erase(staff_client, make_client):
    client = make_client()
    assert (
        staff_client.get(reverse("client_personal_data_export", args=[client.pk])).status_code
        == 403
    )
    assert staff_client.post(reverse("client_erase", args=[client.pk])).status_code == 403
    assert Client.objects.exists()


def test_erasing_asks_for_confirmation_and_the_typed_name(admin_client_, client_with_everything):
    client = client_with_everything
    page = admin_client_.get(reverse("client_erase", args=[client.pk]))
    assert "個人データを消去しますか" in page.text
    admin_client_.post(reverse("client_erase", args=[client.pk]), {"confirm_name": "違う名前"})
    assert Client.objects.filter(pk=client.pk).exists()


def test_erasing_removes_the_client_its_cases_reminders_and_history_and_keeps_a_record(
    admin_client_, client_with_everything
):
    client = client_with_everything
    pk = client.pk
    admin_client_.post(reverse("client_erase", args=[pk]), {"confirm_name": "株式会社能登建設"})
    assert not Client.objects.filter(pk=pk).exists()
    assert not Client.history.filter(id=pk).exists()
    assert not Consultation.objects.exists()
    assert not RecoveryCase.objects.exists()
    assert not CaseEvent.objects.exists()
    assert not Reminder.objects.exists()
    record = ErasureRecord.objects.get()
    assert record.former_pk == pk
    assert record.erased_by.username == "sato"
    stored = json.dumps(
        [record.erased_by_username, record.removed, str(record)], ensure_ascii=False
    )
    assert "能登" not in stored
    assert "noto" not in stored
    assert AccessLog.objects.filter(
        action=AccessLog.Action.ERASE, target=f"clients.Client#{pk}"
    ).exists()
