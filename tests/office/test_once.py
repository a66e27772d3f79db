"""Once: a second POST of the same creating form returns the first result, creates nothing."""

import re
import uuid

import pytest
from django.urls import reverse

from clients.models import Client, Consultation
from office.models import FormSubmission
from recovery.models import CaseEvent, DocumentBatch, RecoveryCase

pytestmark = pytest.mark.django_db


def token_of(response) -> str:
    """The one-time token the page issued with its form."""
    match = re.search(r'name="once_token" value="([0-9a-f]{32})"', response.content.decode())
    assert match, "the form carries no once_token"
    return match.group(1)


CLIENT = {"name": "株式会社二度押し建設", "phone": "0767-52-0101"}


def test_the_new_client_form_carries_a_fresh_token_each_time(staff_client):
    first = token_of(staff_client.get(reverse("client_create")))
    second = token_of(staff_client.get(reverse("client_create")))
    assert first != second


def test_posting_the_client_form_twice_saves_one_client_and_shows_it_both_times(staff_client):
    token = token_of(staff_client.get(reverse("client_create")))
    first = staff_client.post(reverse("client_create"), {**CLIENT, "once_token": token})
    second = staff_client.post(reverse("client_create"), {**CLIENT, "once_token": token})
    client = Client.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("client_detail", args=[client.pk])
    page = staff_client.get(second["Location"]).content.decode()
    assert "既に送信済みです" in page


def test_a_form_shown_again_with_errors_keeps_its_token_and_can_then_be_saved(staff_client):
    token = uuid.uuid4().hex
    refused = staff_client.post(
        reverse("client_create"), {"name": "", "phone": "1", "once_token": token}
    )
    assert refused.status_code == 200
    assert token_of(refused) == token  # the corrected form is the same submission
    assert not FormSubmission.objects.exists()  # released: nothing was created with it
    saved = staff_client.post(reverse("client_create"), {**CLIENT, "once_token": token})
    assert saved.status_code == 302
    assert Client.objects.count() == 1


def test_two_forms_with_two_tokens_are_two_clients(staff_client):
    for _ in range(2):
        token = token_of(staff_client.get(reverse("client_create")))
        staff_client.post(
            reverse("client_create"),
            {**CLIENT, "once_token": token, "confirm_duplicate": "on"},
        )
    assert Client.objects.count() == 2


@pytest.mark.parametrize("token", ["", "not-a-uuid", "../../etc"])
def test_a_missing_or_malformed_token_still_saves_once_per_post(staff_client, token):
    response = staff_client.post(reverse("client_create"), {**CLIENT, "once_token": token})
    assert response.status_code == 302
    assert Client.objects.count() == 1
    assert not FormSubmission.objects.exists()


def test_another_users_token_never_leads_to_their_result(staff_client, admin_user):
    token = uuid.uuid4().hex
    staff_client.post(reverse("client_create"), {**CLIENT, "once_token": token})
    theirs = Client.objects.get()
    staff_client.force_login(admin_user)
    response = staff_client.post(
        reverse("client_create"), {"name": "別の事業者", "once_token": token}
    )
    mine = Client.objects.get(name="別の事業者")
    assert response["Location"] == reverse("client_detail", args=[mine.pk])
    assert theirs.pk != mine.pk


@pytest.fixture
def noto(db):
    return Client.objects.create(
        name="株式会社能登一回建設",
        business_id="12345678901234",
        phone="0767-53-1234",
        email="info@noto-once.example.jp",
        address="石川県七尾市御祓町1番地",
    )


def test_the_new_case_form_twice_opens_one_case(staff_client, staff_user, noto):
    page = staff_client.get(reverse("case_create") + f"?client={noto.pk}")
    data = {
        "client": noto.pk,
        "situation": "c",
        "assignee": staff_user.pk,
        "new_email": "ccus@noto-once.example.jp",
        "once_token": token_of(page),
    }
    first = staff_client.post(reverse("case_create"), data)
    second = staff_client.post(reverse("case_create"), data)
    assert RecoveryCase.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_note_posted_twice_is_one_timeline_entry(staff_client, noto):
    case = RecoveryCase.objects.create(client=noto, situation="c")
    token = token_of(staff_client.get(reverse("case_detail", args=[case.pk])))
    for _ in range(2):
        staff_client.post(
            reverse("case_add_note", args=[case.pk]),
            {"text": "電話で確認済み", "once_token": token},
        )
    assert CaseEvent.objects.filter(case=case, message__contains="電話で確認済み").count() == 1


def test_a_consultation_posted_twice_is_one(staff_client, noto):
    page = staff_client.get(reverse("consultation_create", args=[noto.pk]))
    data = {
        "received_on": "2026-12-01",
        "channel": "phone",
        "content": "操作方法のご相談",
        "once_token": token_of(page),
    }
    staff_client.post(reverse("consultation_create", args=[noto.pk]), data)
    staff_client.post(reverse("consultation_create", args=[noto.pk]), data)
    assert Consultation.objects.count() == 1


def test_a_zip_batch_requested_twice_is_one_batch(
    staff_client, noto, django_capture_on_commit_callbacks
):
    page = staff_client.get(reverse("document_batch_new") + "?kind=consultation_forms")
    data = {"kind": "consultation_forms", "ids": [noto.pk], "once_token": token_of(page)}
    first = staff_client.post(reverse("document_batch_new"), data)
    second = staff_client.post(reverse("document_batch_new"), data)
    assert DocumentBatch.objects.filter(kind="consultation_forms").count() == 1
    assert first["Location"] == second["Location"]


def test_an_email_sent_twice_is_one_email_job(
    staff_client, noto, office_profile, django_capture_on_commit_callbacks
):
    case = RecoveryCase.objects.create(client=noto, situation="c")
    page = staff_client.get(reverse("case_documents_email", args=[case.pk]))
    data = {"once_token": token_of(page)}
    staff_client.post(reverse("case_documents_email", args=[case.pk]), data)
    staff_client.post(reverse("case_documents_email", args=[case.pk]), data)
    assert DocumentBatch.objects.filter(kind=DocumentBatch.Kind.CASE_EMAIL).count() == 1
