from datetime import date

import pytest
from django.urls import reverse

from clients.models import Consultation
from clients.services import ConsultationStatusError, consultation_advance, consultation_update

pytestmark = pytest.mark.django_db


def test_staff_record_a_consultation_on_the_client_page(staff_client, make_client):
    client = make_client()
    response = staff_client.post(
        reverse("consultation_create", args=[client.pk]),
        {
            "received_on": "2026-11-02",
            "channel": "phone",
            "topics": ["registration", "subcontractors"],
            "content": "下請の登録を手伝ってほしい",
            "paid_work": ["worker_registration", "affiliation"],
        },
        follow=True,
    )
    consultation = Consultation.objects.get()
    assert consultation.status == Consultation.Status.RECEIVED
    assert consultation.paid_work == ["worker_registration", "affiliation"]
    assert consultation.created_by.username == "yamada"
    assert "技能者登録、所属事業者関連付け" in response.text
    assert "事業者登録や技能者登録" in response.text


def test_a_consultation_needs_a_channel_and_a_topic_or_content(staff_client, make_client):
    client = make_client()
    response = staff_client.post(
        reverse("consultation_create", args=[client.pk]), {"received_on": "2026-11-02"}
    )
    assert "受付方法（FAX・メール・電話・来所）を選んでください" in response.text
    assert "ご相談の内容（分類）を選ぶか" in response.text
    assert not Consultation.objects.exists()


def test_a_consultation_about_lost_access_links_to_a_new_recovery_case(staff_client, make_client):
    client = make_client()
    Consultation.objects.create(
        client=client, received_on=date(2026, 11, 2), channel="fax", topics=["lost_access"]
    )
    page = staff_client.get(reverse("client_detail", args=[client.pk]))
    assert f'href="/cases/new/?client={client.pk}"' in page.text


def test_other_consultations_do_not_offer_a_recovery_case(staff_client, make_client):
    client = make_client()
    Consultation.objects.create(
        client=client, received_on=date(2026, 11, 2), channel="fax", topics=["greensite"]
    )
    page = staff_client.get(reverse("client_detail", args=[client.pk]))
    # The consultation card offers no case; the page's own case section always does.
    assert "ID復旧案件を作成" not in page.text
    assert page.text.count(f"/cases/new/?client={client.pk}") == 1


def test_the_status_moves_received_in_progress_done_and_no_further(make_client):
    c = Consultation.objects.create(
        client=make_client(), received_on=date(2026, 11, 2), channel="email", topics=["other"]
    )
    assert consultation_advance(consultation=c).status == "in_progress"
    assert consultation_advance(consultation=c).status == "done"
    with pytest.raises(ConsultationStatusError, match="既に完了"):
        consultation_advance(consultation=c)


def test_the_status_cannot_skip_a_step(make_client):
    c = Consultation.objects.create(
        client=make_client(), received_on=date(2026, 11, 2), channel="email", topics=["other"]
    )
    with pytest.raises(ConsultationStatusError, match="受付 → 対応中 → 完了"):
        consultation_update(consultation=c, data={"status": "done"})
    c.refresh_from_db()
    assert c.status == "received"


def test_the_advance_button_moves_the_status_on_the_page(staff_client, make_client):
    client = make_client()
    c = Consultation.objects.create(
        client=client, received_on=date(2026, 11, 2), channel="visit", topics=["other"]
    )
    response = staff_client.post(reverse("consultation_advance", args=[c.pk]), follow=True)
    assert "状況を「対応中」にしました" in response.text


def test_a_consultation_can_be_edited(staff_client, make_client):
    client = make_client()
    c = Consultation.objects.create(
        client=client, received_on=date(2026, 11, 2), channel="visit", topics=["other"]
    )
    staff_client.post(
        reverse("consultation_update", args=[c.pk]),
        {
            "received_on": "2026-11-03",
            "channel": "email",
            "topics": ["operation"],
            "content": "",
        },
    )
    c.refresh_from_db()
    assert (c.received_on, c.channel, c.topics) == (date(2026, 11, 3), "email", ["operation"])
