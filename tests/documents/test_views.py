"""Download, cover and email views; every PDF download and email is in the access log."""

import pytest
from django.core import mail

from office.models import AccessLog
from recovery.models import CaseEvent, DocumentBatch
from tests.documents import pdfcheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    from config.celery_app import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def test_it_downloads_the_guide_and_records_a_print_in_the_access_log(staff_client, case):
    response = staff_client.get(f"/cases/{case.pk}/guide.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"guide-case{case.pk}.pdf" in response["Content-Disposition"]
    assert "株式会社能登ミライ建設" in pdfcheck.text(response.content)
    log = AccessLog.objects.get()
    assert (log.action, log.target, log.username) == (
        "print", f"clients.Client#{case.client.pk}", "yamada")


def test_it_puts_the_fax_cover_in_front_with_cover_1(staff_client, case):
    plain = staff_client.get(f"/cases/{case.pk}/id-sheet.pdf")
    faxed = staff_client.get(f"/cases/{case.pk}/id-sheet.pdf?cover=1")
    assert len(pdfcheck.reader(plain.content).pages) == 1
    pages = pdfcheck.page_texts(faxed.content)
    assert len(pages) == 2
    assert "2枚（本紙を含む）" in pages[0]
    assert "ID管理シート" in pages[1]
    assert AccessLog.objects.filter(action="print").count() == 2


def test_the_blank_and_the_client_consultation_forms_download(staff_client, company):
    blank = staff_client.get("/forms/consultation.pdf")
    assert blank.status_code == 200
    assert "株式会社能登ミライ建設" not in pdfcheck.text(blank.content)
    filled = staff_client.get(f"/clients/{company.pk}/consultation.pdf")
    assert "株式会社能登ミライ建設" in pdfcheck.text(filled.content)
    assert AccessLog.objects.filter(action="print",
                                    target=f"clients.Client#{company.pk}").count() == 1
    faxed = staff_client.get(f"/clients/{company.pk}/consultation.pdf?cover=1")
    pages = pdfcheck.page_texts(faxed.content)
    assert len(pages) == 2 and "2枚（本紙を含む）" in pages[0]


def test_documents_need_a_login(client, case, company):
    for url in (f"/cases/{case.pk}/guide.pdf", f"/cases/{case.pk}/id-sheet.pdf",
                "/forms/consultation.pdf", f"/clients/{company.pk}/consultation.pdf"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not AccessLog.objects.exists()


def test_a_missing_case_or_client_is_a_404_and_nothing_is_logged(staff_client):
    assert staff_client.get("/cases/999/guide.pdf").status_code == 404
    assert staff_client.get("/clients/999/consultation.pdf").status_code == 404
    assert not AccessLog.objects.exists()


def test_the_case_and_client_pages_show_the_document_panels(staff_client, case):
    page = staff_client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/guide.pdf?cover=1" in page
    assert f"/cases/{case.pk}/documents/email/" in page
    assert "office@noto-mirai.example.jp" in page
    page = staff_client.get(f"/clients/{case.client.pk}/").content.decode()
    assert f"/clients/{case.client.pk}/consultation.pdf" in page


def test_sending_emails_the_guide_and_id_sheet_in_japanese_and_writes_the_timeline(
    staff_client, case, office_profile, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/cases/{case.pk}/documents/email/")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["office@noto-mirai.example.jp"]
    assert "ログイン手順書" in message.subject and "行政書士テスト事務所" in message.subject
    assert "株式会社能登ミライ建設 様" in message.body
    names = [name for name, _, _ in message.attachments]
    assert names == [f"guide-case{case.pk}.pdf", f"id-sheet-case{case.pk}.pdf"]
    for _, data, content_type in message.attachments:
        assert content_type == "application/pdf"
        assert "1234 5678 9012 34" in pdfcheck.text(data)
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.DOCUMENT)
    assert "office@noto-mirai.example.jp" in event.message
    assert event.actor.username == "yamada"
    assert AccessLog.objects.filter(action="email").count() == 1
    batch = DocumentBatch.objects.get()
    assert batch.status == "done"


def test_running_the_email_job_twice_sends_once(case, staff_user, eager_celery,
                                                django_capture_on_commit_callbacks):
    from documents.services import case_documents_email_request, case_documents_email_run

    with django_capture_on_commit_callbacks(execute=True):
        batch = case_documents_email_request(case=case, actor=staff_user)
    case_documents_email_run(batch_id=batch.pk)
    assert len(mail.outbox) == 1
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.DOCUMENT).count() == 1


def test_sending_to_a_client_without_email_explains_the_fix_and_sends_nothing(
    staff_client, case, eager_celery, django_capture_on_commit_callbacks
):
    case.client.email = ""
    case.client.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/cases/{case.pk}/documents/email/", follow=True)
    assert "メールアドレスが登録されていません" in response.content.decode()
    assert mail.outbox == []
    assert not DocumentBatch.objects.exists()
    assert not AccessLog.objects.filter(action="email").exists()


def test_sending_needs_a_post(staff_client, case):
    assert staff_client.get(f"/cases/{case.pk}/documents/email/").status_code == 405


@pytest.mark.parametrize("ids, expected", [
    ([], "対象を1件以上選んでください"),
    (["abc"], "選択の内容が正しくありません"),
    ([str(i) for i in range(1, 202)], "200件まで"),
])
def test_a_batch_with_bad_selection_is_refused_with_a_message(staff_client, ids, expected):
    response = staff_client.post("/documents/batches/new/",
                                 {"kind": "consultation_forms", "ids": ids}, follow=True)
    assert expected in response.content.decode()
    assert not DocumentBatch.objects.exists()


def test_the_batch_page_lists_clients_and_cases_to_choose(staff_client, case):
    page = staff_client.get("/documents/batches/new/").content.decode()
    assert "株式会社能登ミライ建設" in page and 'name="ids"' in page
    page = staff_client.get("/documents/batches/new/?kind=guides").content.decode()
    assert f'value="{case.pk}"' in page


def test_an_unfinished_batch_cannot_be_downloaded(staff_client, staff_user):
    batch = DocumentBatch.objects.create(kind="guides", object_ids=[1], total=1)
    assert staff_client.get(f"/documents/batches/{batch.pk}/download.zip").status_code == 404
    status = staff_client.get(f"/documents/batches/{batch.pk}/status.json").json()
    assert status["download_url"] is None and status["status"] == "pending"
