"""Download, cover and email views; every PDF download and email is in the access log."""

import pytest
from django.core import mail

from documents.models import DocumentBatch
from office.models import AccessLog
from recovery.models import CaseEvent
from tests.documents import pdfcheck

pytestmark = pytest.mark.django_db


def test_it_downloads_the_guide_and_records_a_print_in_the_access_log(staff_client, case):
    response = staff_client.get(f"/cases/{case.pk}/guide.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"guide-case{case.pk}.pdf" in response["Content-Disposition"]
    assert "株式会社能登ミライ建設" in pdfcheck.text(response.content)
    log = AccessLog.objects.get()
    assert (log.action, log.target, log.username) == (
        "print",
        f"clients.Client#{case.client.pk}",
        "yamada",
    )


def test_the_fax_page_offers_the_documents_and_an_editable_message(staff_client, case):
    page = staff_client.get(f"/cases/{case.pk}/documents/fax/").content.decode()
    for label in ("ログイン手順書", "ID管理シート", "FAX相談シート", "通信欄"):
        assert label in page, label
    assert "いつもお世話になっております。" in page  # the default 通信欄, to be edited
    assert not AccessLog.objects.exists()


def test_faxing_several_documents_makes_one_cover_with_the_typed_message(staff_client, case):
    response = staff_client.post(
        f"/cases/{case.pk}/documents/fax/",
        {
            "documents": ["guide", "id_sheet"],
            "message": "お電話の件、書類をお送りします。\r\n能登",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"].replace(" ", "").split(",")
    pages = pdfcheck.page_texts(response.content)
    assert sum("FAX送付状" in "".join(page.split()) for page in pages) == 1
    cover = "".join(pages[0].split())
    assert f"{len(pages)}枚（本紙を含む）" in cover
    assert "ログイン手順書・ID管理シート" in cover
    assert "お電話の件、書類をお送りします。" in cover
    assert "ID管理シート" in pages[-1]
    assert pdfcheck.honorific_problems(pages[0]) == []
    log = AccessLog.objects.get()
    assert (log.action, log.target) == ("print", f"clients.Client#{case.client.pk}")


@pytest.mark.parametrize(
    "data, error",
    [
        ({"message": "よろしく"}, "送る書類を1つ以上選んでください"),
        ({"documents": ["guide"], "message": "あ" * 401}, "通信欄は400文字以内にしてください"),
        (
            {"documents": ["guide"], "message": "\n".join("行" * 13)},
            "通信欄は12行以内にしてください",
        ),
        (
            {"documents": ["guide"], "message": "パスワード：Zq7#secret-pw"},
            "パスワードやセキュリティコード",
        ),
        ({"documents": ["nonsense"], "message": ""}, "一覧から選び直してください"),
    ],
)
def test_a_bad_fax_form_is_shown_again_with_a_japanese_message(staff_client, case, data, error):
    response = staff_client.post(f"/cases/{case.pk}/documents/fax/", data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert error in response.content.decode()
    assert not AccessLog.objects.exists()


def test_the_client_fax_page_sends_the_consultation_form_behind_a_cover(staff_client, company):
    response = staff_client.post(
        f"/clients/{company.pk}/documents/fax/",
        {
            "documents": ["consultation"],
            "message": "",
        },
    )
    pages = pdfcheck.page_texts(response.content)
    assert len(pages) == 2 and "2枚（本紙を含む）" in pages[0]
    assert "FAX相談シート" in "".join(pages[1].split())


def test_the_blank_and_the_client_consultation_forms_download(staff_client, company):
    blank = staff_client.get("/forms/consultation.pdf")
    assert blank.status_code == 200
    assert "株式会社能登ミライ建設" not in pdfcheck.text(blank.content)
    filled = staff_client.get(f"/clients/{company.pk}/consultation.pdf")
    assert "株式会社能登ミライ建設" in pdfcheck.text(filled.content)
    assert (
        AccessLog.objects.filter(action="print", target=f"clients.Client#{company.pk}").count() == 1
    )


def test_documents_need_a_login(client, case, company):
    for url in (
        f"/cases/{case.pk}/guide.pdf",
        f"/cases/{case.pk}/id-sheet.pdf",
        "/forms/consultation.pdf",
        f"/clients/{company.pk}/consultation.pdf",
        f"/cases/{case.pk}/documents/fax/",
        f"/clients/{company.pk}/documents/fax/",
        f"/cases/{case.pk}/documents/email/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not AccessLog.objects.exists()


def test_a_missing_case_or_client_is_a_404_and_nothing_is_logged(staff_client):
    assert staff_client.get("/cases/999/guide.pdf").status_code == 404
    assert staff_client.get("/clients/999/consultation.pdf").status_code == 404
    assert not AccessLog.objects.exists()


def test_the_case_and_client_pages_show_the_document_panels(staff_client, case):
    page = staff_client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/documents/fax/" in page
    assert f"/cases/{case.pk}/documents/email/" in page
    assert "office@noto-mirai.example.jp" in page
    page = staff_client.get(f"/clients/{case.client.pk}/").content.decode()
    assert f"/clients/{case.client.pk}/consultation.pdf" in page
    assert f"/clients/{case.client.pk}/documents/fax/" in page


def test_sending_first_shows_the_recipient_the_attachments_and_the_text_and_sends_nothing(
    staff_client, case, office_profile
):
    response = staff_client.get(f"/cases/{case.pk}/documents/email/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "office@noto-mirai.example.jp" in page
    assert f"guide-case{case.pk}.pdf" in page and f"id-sheet-case{case.pk}.pdf" in page
    assert (
        "株式会社能登ミライ建設\n能登 太郎 様\n" in page
    )  # the body as it will be sent, lines kept
    # Bootstrap's text-wrap would fold the lines; .copy-block keeps them (white-space: pre-wrap).
    assert 'class="border rounded p-2 bg-light copy-block" id="email-body"' in page
    assert 'method="post"' in page and "送信する" in page
    assert mail.outbox == [] and not DocumentBatch.objects.exists()
    assert not AccessLog.objects.filter(action="email").exists()


def test_sending_emails_the_guide_and_id_sheet_in_japanese_and_writes_the_timeline(
    staff_client, case, office_profile, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/cases/{case.pk}/documents/email/")
    batch = DocumentBatch.objects.get()
    assert response["Location"] == f"/documents/batches/{batch.pk}/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["office@noto-mirai.example.jp"]
    assert "ログイン手順書" in message.subject and "行政書士テスト事務所" in message.subject
    assert message.body.startswith("株式会社能登ミライ建設\n能登 太郎 様\n")
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


def test_running_the_email_job_twice_sends_once(
    case, staff_user, eager_celery, django_capture_on_commit_callbacks
):
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


def test_the_confirmation_page_of_a_client_without_email_explains_the_fix(staff_client, case):
    case.client.email = ""
    case.client.save()
    response = staff_client.get(f"/cases/{case.pk}/documents/email/", follow=True)
    assert "メールアドレスが登録されていません" in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/"


def test_a_self_service_case_is_emailed_its_own_guide(
    staff_client, case, office_profile, eager_celery, django_capture_on_commit_callbacks
):
    case.situation = "a"
    case.save()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/cases/{case.pk}/documents/email/")
    message = mail.outbox[0]
    assert "ご自身でお手続きいただけます" in message.body
    assert "CCUSからメールが届きましたら" not in message.body
    guide = pdfcheck.text(message.attachments[0][1])
    assert "パスワード再設定のご案内" in guide


@pytest.mark.parametrize(
    "ids, expected",
    [
        ([], "対象を1件以上選んでください"),
        (["abc"], "選択の内容が正しくありません"),
        ([str(i) for i in range(1, 202)], "200件まで"),
    ],
)
def test_a_batch_with_bad_selection_is_refused_with_a_message(staff_client, ids, expected):
    response = staff_client.post(
        "/documents/batches/new/", {"kind": "consultation_forms", "ids": ids}, follow=True
    )
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
