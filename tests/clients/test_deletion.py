"""Deleting a client is an office admin's, logged action that keeps only the §9 事件簿 copy."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, Consultation, RetainedCaseRecord
from clients.services import client_delete, retained_records_prune
from office.models import AuditEvent
from recovery.models import RecoveryCase

from ..security.site_map import database_text

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def noto(make_client, staff_user):
    client = make_client(
        name="株式会社能登建設",
        business_id="12345678901234",
        email="info@noto.example.jp",
        phone="0767-58-3286",
        address="石川県七尾市本府中町ヲ1番地",
        memo="社長の携帯は夜のみ",
        contact_name="能登 太郎",
    )
    client.memo = "社長の携帯は夜のみ（変更）"
    client.save()  # a second history row
    case = RecoveryCase.objects.create(
        client=client, situation="c", new_email="new@noto.example.jp"
    )
    RecoveryCase.objects.filter(pk=case.pk).update(
        created_at=datetime(2026, 3, 2, 10, tzinfo=JST),
        closed_at=datetime(2026, 3, 20, 15, tzinfo=JST),
        status="done",
    )
    Consultation.objects.create(
        client=client,
        received_on=date(2026, 2, 1),
        channel="fax",
        content="技能者登録の依頼",
        paid_work=["worker_registration"],
        status="done",
    )
    Consultation.objects.create(
        client=client, received_on=date(2026, 2, 3), channel="phone", content="無料の相談"
    )
    return client


def test_staff_cannot_delete_a_client(staff_client, noto):
    assert staff_client.get(reverse("client_delete", args=[noto.pk])).status_code == 403
    assert staff_client.post(reverse("client_delete", args=[noto.pk])).status_code == 403
    assert Client.objects.filter(pk=noto.pk).exists()
    assert (
        f"/clients/{noto.pk}/delete/"
        not in staff_client.get(reverse("client_detail", args=[noto.pk])).content.decode()
    )


def test_deleting_keeps_only_the_case_book_and_erases_history(admin_client_, noto):
    pk = noto.pk
    page = admin_client_.get(reverse("client_delete", args=[pk])).content.decode()
    assert "事件簿" in page and "2年間" in page
    response = admin_client_.post(reverse("client_delete", args=[pk]), follow=True)
    assert "事件簿の控え 2件" in response.content.decode()
    assert not Client.objects.filter(pk=pk).exists()
    assert not Client.history.filter(id=pk).exists()  # no history row keeps the memo, phone…
    records = {r.case_name: r for r in RetainedCaseRecord.objects.all()}
    case = next(r for name, r in records.items() if "CCUS" in name)
    assert (case.client_name, case.client_address) == (
        "株式会社能登建設",
        "石川県七尾市本府中町ヲ1番地",
    )
    assert (case.opened_on, case.closed_on, case.keep_until) == (
        date(2026, 3, 2),
        date(2026, 3, 20),
        date(2028, 3, 20),
    )
    assert any("技能者登録" in name for name in records)  # the paid consultation
    text = database_text()
    for erased in (
        "社長の携帯",
        "0767-58-3286",
        "info@noto.example.jp",
        "能登 太郎",
        "new@noto.example.jp",
        "無料の相談",
        "12345678901234",
    ):
        assert erased not in text, erased
    event = AuditEvent.objects.get(action="client_delete")
    assert (event.actor_username, event.target) == ("sato", f"clients.Client#{pk}")


def test_erasing_is_logged_in_the_audit_trail_too(admin_client_, noto):
    admin_client_.post(
        reverse("client_erase", args=[noto.pk]), {"confirm_name": "株式会社能登建設"}
    )
    assert AuditEvent.objects.get(action="client_erase").target == f"clients.Client#{noto.pk}"
    assert not Client.history.filter(id=noto.pk).exists()


def test_an_open_case_is_kept_two_years_from_the_deletion(admin_user, make_client):
    client = make_client(name="株式会社加賀工務店")
    RecoveryCase.objects.create(client=client, situation="d")
    result = client_delete(client=client, user=admin_user)
    (record,) = result.retained
    assert record.closed_on is None
    today = timezone.localdate()
    assert record.keep_until == today.replace(year=today.year + 2)


def test_records_are_pruned_after_their_two_years(admin_user, noto):
    client_delete(client=noto, user=admin_user)
    assert retained_records_prune(today=date(2028, 3, 20)) == 0
    assert retained_records_prune(today=date(2028, 3, 21)) == 1  # the CCUS case
    assert RetainedCaseRecord.objects.count() == 1


def test_a_client_without_cases_leaves_nothing(admin_user, make_client):
    client = make_client(name="株式会社白山建設", memo="無料相談だけ")
    assert client_delete(client=client, user=admin_user).retained == []
    assert "株式会社白山建設" not in database_text()
