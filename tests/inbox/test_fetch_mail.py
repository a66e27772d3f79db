"""The office mailbox read by the desk, against a real Dovecot (no mock of IMAP).

After every test the mailbox has as many messages as before and the same \\Seen flags.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from imapclient import IMAPClient

from inbox.imap import MailboxError
from inbox.models import CcusMail, MailboxFolder
from inbox.selectors import mailbox_health
from inbox.services import mailbox_fetch
from recovery import services as case_services
from recovery.models import RecoveryCase, Reminder, Status
from tests.security.site_map import database_text

from .conftest import make_mail, other_mail, receipt_mail, reply_mail, require_dovecot

pytestmark = pytest.mark.django_db

CCUS_PASSWORD = "Xk7#pQ2mZr9w"


class CountingClient(IMAPClient):
    """The real client, noting every FETCH: which messages, which items."""

    calls: list[tuple[list[int], list[bytes]]] = []

    def fetch(self, messages, data, modifiers=None):
        CountingClient.calls.append((list(messages), [bytes(item) for item in data]))
        return super().fetch(messages, data, modifiers)


@pytest.fixture
def counting():
    CountingClient.calls = []
    return CountingClient


def full_fetches(calls) -> int:
    return sum(len(uids) for uids, items in calls if b"BODY.PEEK[]" in items)


def assert_read_only(calls) -> None:
    for _uids, items in calls:
        for item in items:
            allowed = (b"BODY.PEEK[", b"INTERNALDATE", b"FLAGS", b"RFC822.SIZE")
            assert item.startswith(allowed), item


def test_a_receipt_mail_moves_the_case_on_and_cancels_the_receipt_check(
    dovecot,
    imap_settings,
    sent_case,
    counting,
    unchanged,
):
    assert sent_case.reminders.filter(
        kind=Reminder.Kind.RECEIPT_CHECK, state=Reminder.State.PENDING
    ).exists()
    arrived = (timezone.now() - timedelta(minutes=5)).replace(microsecond=0)
    dovecot.append(receipt_mail(date=arrived))
    dovecot.append(other_mail(1), seen=True)
    unchanged()

    report = mailbox_fetch(client_class=counting)

    case = RecoveryCase.objects.get(pk=sent_case.pk)
    assert case.status == Status.WAITING
    assert case.receipt_number == "C-2612250001"
    assert case.receipt_at == arrived
    assert not case.reminders.filter(
        kind=Reminder.Kind.RECEIPT_CHECK, state__in=[Reminder.State.PENDING, Reminder.State.CLAIMED]
    )
    assert case.events.filter(message__contains="事務所のメールボックスから").exists()
    mail = CcusMail.objects.get()
    assert (mail.state, mail.case_id, mail.kind) == (CcusMail.State.RECORDED, case.pk, "receipt")
    assert report.recorded == 1 and report.bodies_fetched == 1
    assert full_fetches(counting.calls) == 1
    assert_read_only(counting.calls)


def test_a_reply_with_a_password_records_the_facts_and_stores_the_password_nowhere(
    dovecot,
    imap_settings,
    sent_case,
    staff_user,
    caplog,
    unchanged,
):
    case_services.case_record_receipt(
        case=sent_case,
        actor=staff_user,
        receipt_number="C-2612250001",
        received_at=timezone.now() - timedelta(minutes=10),
    )
    arrived = (timezone.now() - timedelta(minutes=1)).replace(microsecond=0)
    dovecot.append(reply_mail(password=CCUS_PASSWORD, date=arrived, charset="iso-2022-jp"))
    unchanged()
    caplog.set_level(logging.DEBUG)

    mailbox_fetch()

    case = RecoveryCase.objects.get(pk=sent_case.pk)
    assert case.status == Status.REPLIED
    assert case.reply_at == arrived  # the login-work reminders count from the real arrival
    assert case.reminders.filter(
        kind=Reminder.Kind.LOGIN_DUE, state=Reminder.State.PENDING
    ).exists()
    assert "ccus@noto-test.example.jp" in case.reply_mail
    mail = CcusMail.objects.get()
    assert mail.business_id == "12345678901234"
    assert mail.receipt_number == "C-2612250001"
    assert CCUS_PASSWORD not in database_text()
    assert CCUS_PASSWORD not in caplog.text


def test_a_mail_in_html_only_is_read_as_text(dovecot, imap_settings, sent_case, unchanged):
    dovecot.append(receipt_mail(html=True))
    unchanged()
    mailbox_fetch()
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.WAITING


class BarrierClient(IMAPClient):
    """Two passes meet after both fetched the mail's body: both then try to record it."""

    barrier: threading.Barrier

    def fetch(self, messages, data, modifiers=None):
        response = super().fetch(messages, data, modifiers)
        if b"BODY.PEEK[]" in [bytes(item) for item in data]:
            BarrierClient.barrier.wait(timeout=20)
        return response


@pytest.mark.django_db(transaction=True)
def test_the_same_mail_seen_by_two_passes_at_once_is_recorded_once(
    dovecot,
    imap_settings,
    sent_case,
    unchanged,
):
    from django.db import connection

    dovecot.append(receipt_mail())
    unchanged()
    BarrierClient.barrier = threading.Barrier(2)
    reports, errors = [], []

    def one_pass():
        try:
            reports.append(mailbox_fetch(client_class=BarrierClient))
        except Exception as error:  # the assertion below shows it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_pass) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors
    assert sorted((r.recorded, r.duplicates) for r in reports) == [(0, 1), (1, 0)]
    assert CcusMail.objects.count() == 1
    case = RecoveryCase.objects.get(pk=sent_case.pk)
    assert case.status == Status.WAITING
    assert case.events.filter(to_status=Status.RECEIPT_CONFIRMED).count() == 1


def test_a_new_uidvalidity_reads_the_folder_again_without_duplicates(
    dovecot,
    imap_settings,
    sent_case,
    counting,
    unchanged,
):
    dovecot.append(receipt_mail())
    dovecot.append(other_mail(1))
    mailbox_fetch()
    before = dovecot.uidvalidity()

    dovecot.forget_uids()
    assert dovecot.uidvalidity() != before
    dovecot.append(reply_mail(password=CCUS_PASSWORD))
    unchanged()
    report = mailbox_fetch(client_class=counting)

    assert report.rescanned
    # The receipt's new UID is unknown, so it is fetched again (CCUS mails only, and only after
    # a UIDVALIDITY change) and recognised by the digest of its bytes: not recorded twice.
    assert report.already_known == 1
    assert full_fetches(counting.calls) == 2
    assert report.recorded == 1 and report.duplicates == 0
    assert CcusMail.objects.count() == 2
    case = RecoveryCase.objects.get(pk=sent_case.pk)
    assert case.status == Status.REPLIED
    assert case.events.filter(to_status=Status.RECEIPT_CONFIRMED).count() == 1
    folder = MailboxFolder.objects.get()
    assert folder.uidvalidity == dovecot.uidvalidity()


def test_a_mail_without_message_id_is_still_recorded_once(
    dovecot,
    imap_settings,
    sent_case,
    unchanged,
):
    dovecot.append(receipt_mail(message_id=None))
    unchanged()
    mailbox_fetch()
    MailboxFolder.objects.update(last_uid=0)  # as if the progress were lost
    report = mailbox_fetch()
    assert report.already_known == 1
    assert CcusMail.objects.count() == 1


def test_a_server_that_is_down_shows_in_health_and_nothing_is_lost_when_it_returns(
    dovecot,
    imap_settings,
    sent_case,
    client,
    unchanged,
):
    dovecot.append(receipt_mail())
    unchanged()
    dovecot.stop()

    with pytest.raises(MailboxError, match="接続できません"):
        mailbox_fetch()
    health = mailbox_health()
    assert not health.ok and "接続できません" in health.error
    assert health.last_success_at is None
    body = client.get("/healthz").json()
    assert body["mailbox"]["ok"] is False and "接続できません" in body["mailbox"]["error"]
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.SENT

    dovecot.start()
    mailbox_fetch()
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.WAITING
    health = mailbox_health()
    assert health.ok and health.error == "" and health.last_success_at is not None


def test_a_wrong_password_is_named_in_japanese(dovecot, settings, sent_case):
    settings.IMAP_URL = dovecot.url(password="wrong-password")
    with pytest.raises(MailboxError, match="ユーザー名とパスワード"):
        mailbox_fetch()
    assert "ユーザー名とパスワード" in mailbox_health().error


def test_a_missing_folder_is_named_in_japanese(dovecot, settings, sent_case):
    settings.IMAP_URL = dovecot.url(folder="CCUS")
    with pytest.raises(MailboxError, match="フォルダ「CCUS」がメールサーバーにありません"):
        mailbox_fetch()
    assert "フォルダ「CCUS」" in mailbox_health().error


def test_an_unmatched_mail_goes_to_the_unassigned_list(
    dovecot,
    imap_settings,
    sent_case,
    staff_client,
    unchanged,
):
    dovecot.append(
        receipt_mail(
            number="C-2612259999", business_id="99999999999999", new_email="someone@else.example.jp"
        )
    )
    unchanged()
    report = mailbox_fetch()

    assert report.unassigned == 1
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.SENT
    mail = CcusMail.objects.get()
    assert mail.state == CcusMail.State.UNASSIGNED
    page = staff_client.get("/inbox/").content.decode()
    assert "C-2612259999" in page and "該当するものがありません" in page


def test_a_mail_matching_two_cases_is_not_guessed(
    dovecot,
    imap_settings,
    sent_case,
    full_client,
    staff_user,
    unchanged,
):
    # Opened before its inquiry was sent (no event precedes a case's creation).
    with time_machine.travel(timezone.now() - timedelta(hours=1)):
        other = case_services.case_create(
            client=full_client,
            situation="c",
            actor=staff_user,
            assignee=staff_user,
            new_email="ccus@noto-test.example.jp",
        )
    case_services.case_mark_sent(
        case=other, actor=staff_user, sent_at=timezone.now() - timedelta(minutes=10)
    )
    dovecot.append(receipt_mail())
    unchanged()
    mailbox_fetch()
    mail = CcusMail.objects.get()
    assert mail.state == CcusMail.State.UNASSIGNED
    assert sorted(mail.candidates) == sorted([sent_case.pk, other.pk])
    assert RecoveryCase.objects.filter(status=Status.SENT).count() == 2


def test_mail_that_is_not_ccus_is_ignored(dovecot, imap_settings, sent_case, counting, unchanged):
    dovecot.append(other_mail(1))
    dovecot.append(
        make_mail(
            subject="お問い合わせありがとうございます",
            body="C-2612250001",
            sender=("通販ショップ", "shop@shop.example.jp"),
        )
    )
    unchanged()
    report = mailbox_fetch(client_class=counting)
    assert report.headers_fetched == 2 and report.ccus == 0
    assert full_fetches(counting.calls) == 0
    assert not CcusMail.objects.exists()
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.SENT


def test_the_office_rules_decide_which_mails_are_ccus(
    dovecot, imap_settings, sent_case, office_profile, unchanged
):
    office_profile.ccus_mail_senders = "ccus-help.example.jp"
    office_profile.ccus_mail_subjects = ""
    office_profile.ccus_trusted_senders = "ccus-help.example.jp"
    office_profile.save()
    dovecot.append(receipt_mail(sender=("CCUS", "noreply@ccus-help.example.jp")))
    dovecot.append(receipt_mail(number="C-2612250002", sender=("転送", "staff@office.example.jp")))
    unchanged()
    report = mailbox_fetch()
    assert report.ccus == 1
    assert RecoveryCase.objects.get(pk=sent_case.pk).receipt_number == "C-2612250001"


@pytest.mark.slow
def test_of_5000_mails_only_the_20_from_ccus_are_fetched_in_full(
    dovecot,
    imap_settings,
    staff_user,
    office_profile,
    counting,
    unchanged,
):
    messages = []
    for n in range(5000):
        if n % 250 == 7:
            messages.append(
                (receipt_mail(number=f"C-26122{n:05d}", business_id="99999999999999"), n % 2 == 0)
            )
        else:
            messages.append((other_mail(n), n % 3 == 0))
    dovecot.append_many(messages)
    unchanged()

    report = mailbox_fetch(client_class=counting)

    assert report.headers_fetched == 5000
    assert report.ccus == 20 and report.bodies_fetched == 20
    assert full_fetches(counting.calls) == 20
    assert_read_only(counting.calls)
    assert CcusMail.objects.count() == 20  # none matches a case: all wait for staff

    counting.calls.clear()
    again = mailbox_fetch(client_class=counting)
    assert again.headers_fetched == 0 and counting.calls == []


def test_dry_run_records_nothing_and_says_what_it_would_do(
    dovecot,
    imap_settings,
    sent_case,
    unchanged,
):
    from io import StringIO

    from django.core.management import call_command

    dovecot.append(receipt_mail())
    unchanged()
    out = StringIO()
    call_command("fetch_mail", "--dry-run", stdout=out)
    assert f"案件 #{sent_case.pk} に記録" in out.getvalue()
    assert "何も記録していません" in out.getvalue()
    assert not CcusMail.objects.exists() and not MailboxFolder.objects.exists()
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.SENT

    call_command("fetch_mail", stdout=out)
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.WAITING


def test_the_command_fails_with_the_japanese_reason(dovecot, settings):
    from django.core.management import CommandError, call_command

    settings.IMAP_URL = dovecot.url(password="wrong-password")
    with pytest.raises(CommandError, match="ユーザー名とパスワード"):
        call_command("fetch_mail")


def test_the_beat_task_does_nothing_without_imap_url(settings):
    from inbox.tasks import fetch_mail

    settings.IMAP_URL = ""
    assert fetch_mail() == 0
    assert not MailboxFolder.objects.exists()


def test_the_beat_task_records_and_keeps_errors_for_health(
    dovecot,
    imap_settings,
    sent_case,
    unchanged,
):
    from inbox.tasks import fetch_mail

    dovecot.append(receipt_mail())
    unchanged()
    assert fetch_mail() == 1
    imap_settings.IMAP_URL = dovecot.url(password="wrong-password")
    assert fetch_mail() == 0  # no exception: the worker goes on; health says why
    health = mailbox_health()
    assert not health.ok and "ユーザー名とパスワード" in health.error
    assert health.last_success_at is not None


def test_beat_polls_the_mailbox_only_when_imap_url_is_set(settings):
    from celery import Celery

    from config.celery_app import _declare_periodic_tasks

    def schedule(url: str) -> set[str]:
        settings.IMAP_URL = url
        # Not the current app: the project's app must stay the one tasks are sent through.
        app = Celery("probe", set_as_current=False)
        _declare_periodic_tasks(app)
        return {entry["task"] for entry in app.conf.beat_schedule.values()}

    assert "inbox.tasks.fetch_mail" in schedule("imaps://u:p@mail.example.jp/INBOX")
    assert "inbox.tasks.fetch_mail" not in schedule("")


def test_a_certificate_the_desk_cannot_trust_is_named_in_japanese(settings, sent_case):
    from tests.dovecot import DovecotServer

    require_dovecot()
    server = DovecotServer(tls=True)
    try:
        server.start()
        settings.IMAP_URL = server.url(port=server.tls_port).replace("imap://", "imaps://")
        with pytest.raises(MailboxError, match="証明書を確認できません"):
            mailbox_fetch()
        assert "証明書" in mailbox_health().error
    finally:
        server.cleanup()


def test_a_mail_from_a_trusted_address_is_read_whatever_its_name_and_subject(
    dovecot, imap_settings, sent_case, office_profile, unchanged
):
    """The address the office entered as CCUS's is CCUS's: its mails are read even when the
    name and subject rules (which CCUS may outgrow) do not match them."""
    office_profile.ccus_mail_senders = "別の名前"
    office_profile.ccus_mail_subjects = "別の件名"
    office_profile.ccus_trusted_senders = "ccus-help.example.jp"
    office_profile.save()
    dovecot.append(receipt_mail(sender=("CCUS窓口", "noreply@ccus-help.example.jp")))
    look_alike = ("x", "noreply@xccus-help.example.jp")
    dovecot.append(receipt_mail(number="C-2612250002", sender=look_alike))
    unchanged()
    report = mailbox_fetch()
    assert (report.ccus, report.recorded) == (1, 1)
    assert RecoveryCase.objects.get(pk=sent_case.pk).receipt_number == "C-2612250001"
