"""The 「未割当のCCUSメール」 list, the one-click assign, health on /healthz and the dashboard tag,
and the office's rules for CCUS mails. No mail server needed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from inbox.models import CcusMail, MailboxFolder
from recovery import services as case_services
from recovery.models import RecoveryCase, Reminder, Status

pytestmark = pytest.mark.django_db


def _mail(**fields) -> CcusMail:
    values = {
        "mail_key": f"<{CcusMail.objects.count() + 1}@ccus-help.example.jp>",
        "folder": "INBOX",
        "uidvalidity": 1,
        "uid": CcusMail.objects.count() + 1,
        "sender": "建設キャリアアップシステムお問い合わせセンター <support@ccus-help.example.jp>",
        "subject": "【お問い合わせ受付：C-2612250001】",
        "received_at": timezone.now(),
        "kind": "receipt",
        "receipt_number": "C-2612250001",
        "masked_body": "受付番号：C-2612250001",
        "state": CcusMail.State.UNASSIGNED,
        "reason": "該当する案件がありません。",
    }
    values.update(fields)
    return CcusMail.objects.create(**values)


def test_it_lists_unassigned_mails_with_their_masked_body_and_candidates(staff_client, sent_case):
    _mail(candidates=[sent_case.pk], masked_body="新しいパスワード：********")
    _mail(state=CcusMail.State.RECORDED, subject="記録済みの件名")
    page = staff_client.get("/inbox/").content.decode()
    assert "C-2612250001" in page and "********" in page
    assert f"案件 #{sent_case.pk}" in page
    assert "記録済みの件名" not in page


def test_one_click_records_the_receipt_on_the_chosen_case(staff_client, staff_user, sent_case):
    mail = _mail(candidates=[sent_case.pk])
    response = staff_client.post(f"/inbox/{mail.pk}/assign/", {"case": sent_case.pk})
    assert response.status_code == 302
    case = RecoveryCase.objects.get(pk=sent_case.pk)
    assert case.status == Status.WAITING and case.receipt_number == "C-2612250001"
    assert not case.reminders.filter(
        kind=Reminder.Kind.RECEIPT_CHECK, state=Reminder.State.PENDING
    ).exists()
    mail.refresh_from_db()
    assert (mail.state, mail.case_id, mail.handled_by_id) == (
        CcusMail.State.ASSIGNED,
        case.pk,
        staff_user.pk,
    )


def test_a_reply_is_recorded_when_the_case_waits_for_it(staff_client, staff_user, sent_case):
    case_services.case_record_receipt(
        case=sent_case, actor=staff_user, receipt_number="C-2612250001"
    )
    mail = _mail(kind="reply", subject="変更完了のお知らせ", masked_body="変更しました。")
    staff_client.post(f"/inbox/{mail.pk}/assign/", {"case": sent_case.pk})
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.REPLIED


def test_a_number_that_needs_confirmation_is_not_stored_until_staff_type_ten_digits(
    staff_client,
    sent_case,
):
    mail = _mail(receipt_number="C-26122500", receipt_number_needs_confirmation=True)
    response = staff_client.post(f"/inbox/{mail.pk}/assign/", {"case": sent_case.pk}, follow=True)
    assert "受付番号を確認して入力してください" in response.content.decode()
    response = staff_client.post(
        f"/inbox/{mail.pk}/assign/",
        {"case": sent_case.pk, "receipt_number": "C-26122500"},
        follow=True,
    )
    assert "10桁の数字" in response.content.decode()
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.SENT
    staff_client.post(
        f"/inbox/{mail.pk}/assign/",
        {"case": sent_case.pk, "receipt_number": "Ｃ－２６１２２５０００９"},
    )
    assert RecoveryCase.objects.get(pk=sent_case.pk).receipt_number == "C-2612250009"


@pytest.mark.parametrize(
    "case_value, message",
    [
        ("", "案件番号を入力してください"),
        ("abc", "数字で入力"),
        ("0", "1以上"),
        ("99999", "案件番号 99999 の案件はありません"),
    ],
)
def test_bad_case_numbers_are_refused_in_japanese(staff_client, sent_case, case_value, message):
    mail = _mail()
    response = staff_client.post(f"/inbox/{mail.pk}/assign/", {"case": case_value}, follow=True)
    assert message in response.content.decode()
    mail.refresh_from_db()
    assert mail.state == CcusMail.State.UNASSIGNED


def test_a_case_in_the_wrong_status_is_refused(staff_client, full_case):
    mail = _mail()
    response = staff_client.post(f"/inbox/{mail.pk}/assign/", {"case": full_case.pk}, follow=True)
    assert "記録できません" in response.content.decode()
    assert RecoveryCase.objects.get(pk=full_case.pk).status == Status.PREPARING


def test_a_mail_is_handled_once(staff_client, sent_case):
    mail = _mail()
    staff_client.post(f"/inbox/{mail.pk}/dismiss/")
    response = staff_client.post(f"/inbox/{mail.pk}/assign/", {"case": sent_case.pk}, follow=True)
    assert "既に処理されています" in response.content.decode()
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.SENT


def test_assign_needs_post_and_login(client, staff_client, sent_case):
    mail = _mail()
    assert staff_client.get(f"/inbox/{mail.pk}/assign/").status_code == 405
    staff_client.logout()
    response = client.post(f"/inbox/{mail.pk}/assign/", {"case": sent_case.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/inbox/").status_code == 302


def _render_status() -> str:
    return Template("{% load inbox %}{% inbox_status %}").render(Context({}))


def test_without_imap_url_the_desk_shows_and_reports_nothing_new(settings, client):
    settings.IMAP_URL = ""
    assert _render_status().strip() == ""
    assert client.get("/healthz").json()["mailbox"] == {"enabled": False}


def test_a_mailbox_never_checked_is_an_error_not_no_mail_yet(settings, client, monkeypatch):
    from datetime import timedelta

    from office import views

    settings.IMAP_URL = "imaps://desk%40office.example.jp:pw@mail.example.jp/INBOX"
    html = _render_status()
    assert "まだメールボックスを確認していません" in html
    # Long after the start (nothing has checked the mailbox since): an error.
    monkeypatch.setattr(views, "PROCESS_STARTED_AT", timezone.now() - timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["mailbox"]["ok"] is False
    assert "pw@" not in response.content.decode()


def test_right_after_start_a_mailbox_not_checked_yet_is_starting_not_an_error(
    settings,
    client,
    monkeypatch,
):
    from office import views

    settings.IMAP_URL = "imaps://desk%40office.example.jp:pw@mail.example.jp/INBOX"
    monkeypatch.setattr(views, "PROCESS_STARTED_AT", timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "starting"
    assert response.json()["mailbox"]["pending"] is True


def test_erasing_a_client_deletes_the_ccus_mails_that_name_it(sent_case, staff_user):
    from clients.services import client_erase

    client = sent_case.client
    recorded = _mail(state=CcusMail.State.RECORDED, case=sent_case)
    unassigned = _mail(business_id=client.business_id)
    other = _mail(business_id="99999999999999")
    result = client_erase(client=client, user=staff_user)
    assert not CcusMail.objects.filter(pk__in=[recorded.pk, unassigned.pk]).exists()
    assert CcusMail.objects.filter(pk=other.pk).exists()
    assert result.removed.get("CCUSメール") == 2


def test_the_dashboard_tag_shows_the_last_check_and_the_unassigned_count(settings):
    settings.IMAP_URL = "imaps://desk%40office.example.jp:pw@mail.example.jp/INBOX"
    MailboxFolder.objects.create(name="INBOX", last_success_at=timezone.now())
    _mail()
    html = _render_status()
    assert "最終確認" in html and "未割当のCCUSメール" in html and "1件" in html
    MailboxFolder.objects.update(
        last_error="メールサーバーにログインできません。", last_error_at=timezone.now()
    )
    assert "メールサーバーにログインできません。" in _render_status()


def test_a_check_too_long_ago_is_an_error(settings):
    settings.IMAP_URL = "imaps://desk%40office.example.jp:pw@mail.example.jp/INBOX"
    MailboxFolder.objects.create(
        name="INBOX", last_success_at=timezone.now() - timedelta(minutes=30)
    )
    assert "30分経っています" in _render_status()


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://mail.example.jp/INBOX", "imaps://"),
        ("imaps://mail.example.jp/INBOX", "ユーザー名とパスワード"),
        ("imaps://u:p@mail.example.jp:99999/INBOX", "ポート番号"),
    ],
)
def test_a_malformed_imap_url_is_named(settings, url, message):
    settings.IMAP_URL = url
    assert message in _render_status()


def test_the_office_edits_the_ccus_mail_rules(admin_client_, office_profile):
    data = {
        "name": office_profile.name,
        "opening_time": "09:00",
        "ccus_mail_senders": " 建設キャリアアップシステム \n\n@ccus-help.example.jp ",
        "ccus_mail_subjects": "",
    }
    response = admin_client_.post("/office/settings/", data)
    assert response.status_code == 302
    office_profile.refresh_from_db()
    assert office_profile.ccus_mail_senders == "建設キャリアアップシステム\n@ccus-help.example.jp"
    data.update(ccus_mail_senders=" ", ccus_mail_subjects="")
    admin_client_.post("/office/settings/", data)
    office_profile.refresh_from_db()
    assert office_profile.ccus_mail_senders == "建設キャリアアップシステムお問い合わせセンター"
    assert "【お問い合わせ受付：" in office_profile.ccus_mail_subjects


def test_the_default_rules_follow_the_guide(office_profile):
    from email.header import Header

    from inbox.facts import CcusRules
    from inbox.imap import parse_headers

    rules = CcusRules.from_office(office_profile)
    name = Header("建設キャリアアップシステムお問い合わせセンター", "iso-2022-jp").encode()
    ccus = parse_headers(1, f"From: {name} <a@b.example.jp>\r\nSubject: x\r\n\r\n".encode(), None)
    # Two encoded words, decoded with a space between them: the rule still matches.
    assert ccus.sender_name.replace(" ", "") == "建設キャリアアップシステムお問い合わせセンター"
    assert rules.matches(ccus)
    subject = Header("Fwd: 【お問い合わせ受付：C-2612250001】", "utf-8").encode()
    forwarded = parse_headers(
        2, f"From: x@y.example.jp\r\nSubject: {subject}\r\n\r\n".encode(), None
    )
    assert rules.matches(forwarded)
    other = parse_headers(3, b"From: x@y.example.jp\r\nSubject: hello\r\n\r\n", None)
    assert not rules.matches(other)


def test_the_list_costs_the_same_queries_for_one_mail_or_a_page_of_them(staff_client, sent_case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _mail(candidates=[sent_case.pk])
    staff_client.get("/inbox/")  # warm the session and the office profile
    with CaptureQueriesContext(connection) as one:
        staff_client.get("/inbox/")
    for _ in range(5):
        _mail(candidates=[sent_case.pk])
    with CaptureQueriesContext(connection) as six:
        page = staff_client.get("/inbox/").content.decode()
    assert len(six) == len(one)
    assert page.count(f"案件 #{sent_case.pk}") >= 6
