"""Erasing a client finds its CCUS mails by every key and the admin log rows of its objects."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from clients.models import Client, ErasureRecord
from clients.services import client_create, client_erase
from inbox.models import CcusMail
from recovery import services as case_services
from recovery.models import RecoveryCase

pytestmark = pytest.mark.django_db

STRANGER = (
    "株式会社よその建設 事業者ID：99999999999999 other@else.example.jp 受付番号：C-2612259999"
)


def _mail(**fields) -> CcusMail:
    number = CcusMail.objects.count() + 1
    values = {
        "mail_key": f"sha256:{number:064x}",
        "folder": "INBOX",
        "uidvalidity": 1,
        "uid": number,
        "sender": "建設キャリアアップシステムお問い合わせセンター <support@ccus-help.example.jp>",
        "subject": "【お問い合わせ受付：C-2612259999】",
        "received_at": timezone.now(),
        "kind": "receipt",
        "masked_body": STRANGER,
        "state": CcusMail.State.UNASSIGNED,
    }
    values.update(fields)
    return CcusMail.objects.create(**values)


@pytest.fixture
def numbered_case(sent_case, staff_user):
    case_services.case_record_receipt(
        case=sent_case,
        actor=staff_user,
        receipt_number="C-2612250001",
        received_at=timezone.now(),
    )
    return RecoveryCase.objects.get(pk=sent_case.pk)


@pytest.mark.parametrize(
    "fields",
    [
        {"business_id": "12345678901234"},
        {"masked_body": "②事業者ID: 12345678901234"},
        {"new_email": "ccus@noto-test.example.jp"},  # the case's 変更希望メールアドレス
        {"masked_body": "連絡先 CCUS@noto-test.example.jp"},
        {"masked_body": "ご登録のアドレス info@noto-test.example.jp"},  # the client's own
        {"sender": "山田 <info@noto-test.example.jp>"},
        {"receipt_number": "C-2612250001"},
        {"subject": "Re: 【お問い合わせ受付：C-2612250001】"},
        {"masked_body": "お問い合わせ(受付番号：C-2612250001)の件"},
        {"masked_body": "④事業者の電話番号 0767-53-1234"},
        {"masked_body": "TEL 0767531234"},
        # Japanese mail writes numbers in full width as often as not.
        {"masked_body": "お客様(１２３４５６７８９０１２３４)の件"},
        {"masked_body": "電話 ０７６７－５３－１２３４"},
        {"masked_body": "電話 ０７６７５３１２３４"},
        {"subject": "１２３４５６７８９０１２３４ の件"},
        {"masked_body": "受付番号：Ｃ－２６１２２５０００１"},
        {"masked_body": "①事業者名: 株式会社能登テスト建設"},
        {"subject": "株式会社能登テスト建設 様のお問い合わせ"},
    ],
    ids=lambda fields: next(iter(fields)) + ":" + next(iter(fields.values()))[:16],
)
def test_a_mail_naming_the_client_by_any_key_is_erased_with_it(numbered_case, staff_user, fields):
    naming = _mail(**fields)
    stranger = _mail()
    result = client_erase(client=numbered_case.client, user=staff_user)
    assert not CcusMail.objects.filter(pk=naming.pk).exists()
    assert CcusMail.objects.filter(pk=stranger.pk).exists()
    assert result.removed["CCUSメール"] == 1


def test_a_mail_listing_its_case_among_the_candidates_is_erased(numbered_case, staff_user):
    other_client = client_create(
        data={"name": "有限会社べつ工務店", "business_id": "55555555555555"}
    )
    other_case = case_services.case_create(
        client=other_client, situation="c", actor=staff_user, assignee=staff_user
    )
    listing = _mail(candidates=[other_case.pk, numbered_case.pk])
    only_other = _mail(candidates=[other_case.pk])
    client_erase(client=numbered_case.client, user=staff_user)
    assert not CcusMail.objects.filter(pk=listing.pk).exists()
    assert CcusMail.objects.filter(pk=only_other.pk).exists()


def test_a_short_name_or_partial_phone_never_takes_other_mails(sent_case, staff_user):
    client = sent_case.client
    Client.objects.filter(pk=client.pk).update(name="能登", phone="53-1234")
    client.refresh_from_db()
    kept = _mail(masked_body="能登半島の現場について 53-1234")
    client_erase(client=client, user=staff_user)
    assert CcusMail.objects.filter(pk=kept.pk).exists()


def test_the_admin_log_rows_of_the_client_its_cases_and_mails_go_and_are_counted(
    numbered_case, staff_user
):
    client = numbered_case.client
    mail = _mail(case=numbered_case, state=CcusMail.State.RECORDED)
    stranger = _mail()

    def log(obj, flag=CHANGE):
        return LogEntry.objects.create(
            user=staff_user,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            action_flag=flag,
        )

    log(client, ADDITION)
    log(client)
    log(numbered_case)
    log(mail)
    kept = log(stranger)

    result = client_erase(client=client, user=staff_user)

    assert list(LogEntry.objects.values_list("pk", flat=True)) == [kept.pk]
    assert "株式会社能登テスト建設" not in str(list(LogEntry.objects.values()))
    assert result.removed["ログエントリー"] == 4
    assert ErasureRecord.objects.get().removed["ログエントリー"] == 4


def test_a_client_without_mails_or_log_rows_adds_no_empty_counts(sent_case, staff_user):
    result = client_erase(client=sent_case.client, user=staff_user)
    assert "CCUSメール" not in result.removed and "ログエントリー" not in result.removed
