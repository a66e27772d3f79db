"""Assigning a CCUS mail by hand (/inbox/<id>/assign/): the kind must fit the case's step, and a
mail naming another 事業者ID or address is confirmed before anything is saved (issue 18)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from inbox.models import CcusMail
from recovery import services as case_services
from recovery.models import RecoveryCase, Status

from .test_unassigned import _mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_case(sent_case, staff_user):
    case_services.case_record_receipt(
        case=sent_case,
        actor=staff_user,
        receipt_number="C-2612250001",
        received_at=timezone.now() - timedelta(minutes=10),
    )
    return RecoveryCase.objects.get(pk=sent_case.pk)


def _reply(**fields) -> CcusMail:
    values = {
        "subject": "Re: 【お問い合わせ受付：C-2612250001】",
        "kind": "reply",
        "masked_body": "登録メールアドレスを変更しました。新しいパスワード：********",
        "business_id": "12345678901234",
        "new_email": "ccus@noto-test.example.jp",
    }
    values.update(fields)
    return _mail(**values)


def _post(staff_client, mail, **data):
    return staff_client.post(f"/inbox/{mail.pk}/assign/", data, follow=True)


def test_a_receipt_is_refused_on_a_case_waiting_for_the_reply(staff_client, waiting_case):
    mail = _mail(receipt_number="C-2612250009")
    page = _post(staff_client, mail, case=waiting_case.pk).content.decode()
    assert "受付メールを記録できません" in page
    assert "受付メールは問い合わせ送信済の案件にだけ記録できます" in page
    assert RecoveryCase.objects.get(pk=waiting_case.pk).receipt_number == "C-2612250001"
    mail.refresh_from_db()
    assert mail.state == CcusMail.State.UNASSIGNED


def test_a_reply_is_refused_on_a_case_still_waiting_for_its_receipt(staff_client, sent_case):
    mail = _reply()
    page = _post(staff_client, mail, case=sent_case.pk).content.decode()
    assert "回答メールを記録できません" in page and "先に受付メールを記録してください" in page
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.SENT


def test_a_reply_fitting_the_step_is_recorded(staff_client, waiting_case):
    mail = _reply()
    _post(staff_client, mail, case=waiting_case.pk)
    case = RecoveryCase.objects.get(pk=waiting_case.pk)
    assert case.status == Status.REPLIED and "********" in case.reply_mail
    mail.refresh_from_db()
    assert (mail.state, mail.case_id) == (CcusMail.State.ASSIGNED, case.pk)


def test_another_business_id_is_shown_before_saving_and_recorded_only_once_confirmed(
    staff_client, waiting_case
):
    mail = _reply(business_id="99999999999999", new_email="other@other.example.jp")
    response = _post(staff_client, mail, case=waiting_case.pk)
    page = response.content.decode()
    assert "CCUSメールの割当の確認" in page
    assert "メールの事業者ID(99999999999999)がこの案件の事業者ID(12345678901234)と違います" in page
    assert "other@other.example.jp" in page
    assert 'name="confirmed" value="1"' in page
    assert RecoveryCase.objects.get(pk=waiting_case.pk).status == Status.WAITING
    mail.refresh_from_db()
    assert mail.state == CcusMail.State.UNASSIGNED

    _post(staff_client, mail, case=waiting_case.pk, confirmed="1")

    case = RecoveryCase.objects.get(pk=waiting_case.pk)
    assert case.status == Status.REPLIED
    assert case.events.filter(message__contains="次の違いを確認のうえ記録しました").exists()


def test_a_mail_of_unsure_kind_needs_staff_to_choose_the_kind(staff_client, waiting_case):
    mail = _reply(kind="receipt", kind_unsure=True, reason="種類を確認: …")
    page = _post(staff_client, mail, case=waiting_case.pk).content.decode()
    assert "種類を確認してください" in page
    assert RecoveryCase.objects.get(pk=waiting_case.pk).status == Status.WAITING

    _post(staff_client, mail, case=waiting_case.pk, kind="reply")

    assert RecoveryCase.objects.get(pk=waiting_case.pk).status == Status.REPLIED


def test_the_chosen_kind_must_fit_the_step_too(staff_client, waiting_case):
    mail = _reply(kind="unknown")
    page = _post(staff_client, mail, case=waiting_case.pk, kind="receipt").content.decode()
    assert "受付メールを記録できません" in page


def test_a_mail_of_a_sure_kind_cannot_be_recorded_as_another(staff_client, sent_case):
    mail = _reply()
    page = _post(staff_client, mail, case=sent_case.pk, kind="receipt").content.decode()
    assert "このメールは回答メールです。種類は変えられません。" in page
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.SENT


def test_a_bad_kind_is_refused_in_japanese(staff_client, waiting_case):
    mail = _reply(kind="unknown")
    page = _post(staff_client, mail, case=waiting_case.pk, kind="completion").content.decode()
    assert "種類は受付メールか回答メールを選んでください" in page


def test_the_list_shows_the_sender_warning_and_the_kind_to_check(staff_client, sent_case):
    _mail(
        trust_warning="送信元がCCUSとして登録されたアドレスではありません(差出人: a@example.com)。"
    )
    _mail(kind="unknown", subject="種類が分からない件名")
    page = staff_client.get("/inbox/").content.decode()
    assert "送信元を確認してください" in page
    assert "差出人: a@example.com" in page
    assert "種類を確認" in page and 'name="kind"' in page
    # CCUS's sender is registered (tests/inbox/conftest.py): no warning about the settings.
    assert "事務所設定に登録されていません" not in page


def test_the_office_enters_trusted_senders_as_exact_addresses_and_domains(
    admin_client_, office_profile
):
    data = {
        "name": office_profile.name,
        "opening_time": "09:00",
        "ccus_mail_senders": "建設キャリアアップシステム",
        "ccus_mail_subjects": "",
        "ccus_trusted_senders": " @CCUS.jp \n\nInfo@Ccus-Help.Example.JP\nccus.jp",
    }
    assert admin_client_.post("/office/settings/", data).status_code == 302
    office_profile.refresh_from_db()
    assert office_profile.ccus_trusted_senders == "ccus.jp\ninfo@ccus-help.example.jp"

    data["ccus_trusted_senders"] = "ccus.jp\nhttps://www.ccus.jp/"
    page = admin_client_.post("/office/settings/", data).content.decode()
    assert "「https://www.ccus.jp/」はメールアドレスでもドメインでもありません" in page
    office_profile.refresh_from_db()
    assert office_profile.ccus_trusted_senders == "ccus.jp\ninfo@ccus-help.example.jp"


def test_a_reply_naming_another_case_s_number_is_shown_before_saving(staff_client, waiting_case):
    mail = _reply(subject="Re: 【お問い合わせ受付：C-2612259999】", receipt_number="C-2612259999")
    page = _post(staff_client, mail, case=waiting_case.pk).content.decode()
    assert "CCUSメールの割当の確認" in page
    assert "メールの受付番号(C-2612259999)がこの案件の受付番号(C-2612250001)と違います" in page
    assert RecoveryCase.objects.get(pk=waiting_case.pk).status == Status.WAITING
    mail.refresh_from_db()
    assert mail.state == CcusMail.State.UNASSIGNED

    _post(staff_client, mail, case=waiting_case.pk, confirmed="1")

    assert RecoveryCase.objects.get(pk=waiting_case.pk).status == Status.REPLIED


def test_a_reply_naming_its_case_s_own_number_needs_no_confirmation(staff_client, waiting_case):
    mail = _reply(receipt_number="C-2612250001")
    page = _post(staff_client, mail, case=waiting_case.pk).content.decode()
    assert "CCUSメールの割当の確認" not in page
    assert RecoveryCase.objects.get(pk=waiting_case.pk).status == Status.REPLIED


@pytest.mark.parametrize("kind", ["reply", "receipt"])
def test_no_mail_is_recorded_on_a_case_still_being_prepared(staff_client, full_case, kind):
    mail = _reply() if kind == "reply" else _mail(receipt_number="C-2612250009")
    page = _post(staff_client, mail, case=full_case.pk, confirmed="1").content.decode()
    assert "「準備中」のため" in page
    case = RecoveryCase.objects.get(pk=full_case.pk)
    assert (case.status, case.receipt_number) == (Status.PREPARING, "")
    mail.refresh_from_db()
    assert mail.state == CcusMail.State.UNASSIGNED
