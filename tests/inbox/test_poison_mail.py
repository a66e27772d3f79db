"""No mail stops the reader: a poison mail of each kind, then a genuine receipt, in a real Dovecot.

The receipt is recorded in the same pass, the poison mail is listed for staff (unassigned with a
note, or 「読み取れなかったメール」 with its headers and the reason, no body), the progress moves
past both, and the mailbox keeps its messages and flags.
"""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from inbox.models import CcusMail, MailboxFolder
from inbox.services import mailbox_fetch
from recovery.models import RecoveryCase, Status
from tests.security.site_map import database_text

from .conftest import CCUS_ADDRESS, make_mail, receipt_mail

pytestmark = pytest.mark.django_db

SECRET = "Zq8#mW3kLp2x"
POISON_SUBJECT = "【お問い合わせ受付：C-2612259999】"
# Another company's receipt: whatever the matching rules, it never belongs to the test's case.
OTHER = (
    "受付番号：C-2612259999\n②事業者ID: 99999999999999\n"
    "⑥変更希望メールアドレス: x@other.example.jp\n"
)


def _raw(headers: str, body: bytes) -> bytes:
    encoded_from = base64.b64encode("建設キャリアアップシステムお問い合わせセンター".encode())
    return (
        f"From: =?utf-8?b?{encoded_from.decode()}?= <{CCUS_ADDRESS}>\r\n"
        "To: desk@office.example.jp\r\n"
        f"Subject: =?utf-8?b?{base64.b64encode(POISON_SUBJECT.encode()).decode()}?=\r\n"
        "Message-ID: <poison@ccus-help.example.jp>\r\nMIME-Version: 1.0\r\n" + headers
    ).encode() + body


def oversized_date_year() -> bytes:
    return _raw(
        "Date: Mon, 01 Jan 99999999999999999999 10:00:00 +0900\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n",
        (OTHER + "以下の内容でお問い合わせを受け付けました。\n").encode(),
    )


def nested_multiparts(depth: int = 1500) -> bytes:
    opening = "".join(
        f'Content-Type: multipart/mixed; boundary="b{n}"\r\n\r\n--b{n}\r\n' for n in range(depth)
    )
    closing = "".join(f"\r\n--b{n}--" for n in reversed(range(depth)))
    return _raw(
        "Date: Tue, 01 Dec 2026 10:00:00 +0900\r\n" + opening,
        f"Content-Type: text/plain\r\n\r\n新しいパスワード：{SECRET}{closing}\r\n".encode(),
    )


def nul_bytes() -> bytes:
    # NUL inside the base64 body and inside the encoded subject (IMAP carries neither raw).
    body = "受付番号\x00：" + OTHER[6:] + "以下の内容でお問い合わせを受け付けました。\x00\n"
    subject = base64.b64encode(f"{POISON_SUBJECT}\x00".encode()).decode()
    raw = _raw(
        "Date: Tue, 01 Dec 2026 10:00:00 +0900\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
        base64.encodebytes(body.encode()),
    )
    return raw.replace(base64.b64encode(POISON_SUBJECT.encode()), subject.encode(), 1)


def undecodable_charset() -> bytes:
    # Shift_JIS bytes under a UTF-8 label: decoding would turn the Japanese into U+FFFD, the
    # secret word with it, and the password would be stored unmasked.
    body = f"お問い合わせを受け付けました。\n新しいパスワード：{SECRET}\n".encode("cp932")
    return _raw(
        "Date: Tue, 01 Dec 2026 10:00:00 +0900\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
        base64.encodebytes(body),
    )


def five_megabytes() -> bytes:
    line = "お問い合わせいただいた件につきまして、確認のうえご連絡いたします。\n"
    body = OTHER + line * (5_000_000 // len(line.encode()))
    return make_mail(subject=POISON_SUBJECT, body=body)


POISONS = {
    "oversized Date year": (oversized_date_year, CcusMail.State.UNASSIGNED, ""),
    "1,500 nested multiparts": (nested_multiparts, CcusMail.State.UNREADABLE, "入れ子"),
    "NUL bytes": (nul_bytes, CcusMail.State.UNASSIGNED, ""),
    "undecodable charset": (undecodable_charset, CcusMail.State.UNREADABLE, "文字コード"),
    "5 MB body": (five_megabytes, CcusMail.State.UNASSIGNED, ""),
}


def _pass_with_poison_first(dovecot, poison: bytes, unchanged):
    arrived = (timezone.now() - timedelta(minutes=5)).replace(microsecond=0)
    dovecot.append(poison)
    dovecot.append(receipt_mail(date=arrived))
    unchanged()
    report = mailbox_fetch()
    return report, arrived


@pytest.mark.parametrize("kind", list(POISONS))
def test_a_poison_mail_never_keeps_the_receipt_behind_it_from_being_recorded(
    kind,
    dovecot,
    imap_settings,
    sent_case,
    staff_client,
    unchanged,
):
    build, state, reason = POISONS[kind]
    report, arrived = _pass_with_poison_first(dovecot, build(), unchanged)

    case = RecoveryCase.objects.get(pk=sent_case.pk)
    assert case.status == Status.WAITING
    assert case.receipt_number == "C-2612250001" and case.receipt_at == arrived
    assert report.recorded == 1
    poison = CcusMail.objects.exclude(case=case).get()
    assert poison.state == state
    assert reason in poison.reason
    assert MailboxFolder.objects.get().last_uid == 2  # the progress went past both

    listed = "?list=unreadable" if state == CcusMail.State.UNREADABLE else ""
    page = staff_client.get(f"/inbox/{listed}").content.decode()
    assert POISON_SUBJECT in page and f'id="mail-{poison.pk}"' in page
    assert "\x00" not in database_text()
    assert SECRET not in database_text()

    again = mailbox_fetch()  # nothing is read twice, the poison is not retried
    assert again.bodies_fetched == 0 and CcusMail.objects.count() == 2


def test_an_unreadable_mail_keeps_its_headers_and_reason_but_no_body(
    dovecot, imap_settings, sent_case, unchanged
):
    _pass_with_poison_first(dovecot, nested_multiparts(), unchanged)
    poison = CcusMail.objects.get(state=CcusMail.State.UNREADABLE)
    assert poison.subject == POISON_SUBJECT
    assert poison.sender.endswith(f"<{CCUS_ADDRESS}>")
    assert poison.message_id == "<poison@ccus-help.example.jp>"
    assert poison.date_header == "Tue, 01 Dec 2026 10:00:00 +0900"
    assert poison.masked_body == "" and poison.kind == CcusMail.Kind.UNKNOWN
    assert poison.case is None and poison.candidates == []


def test_an_oversized_date_year_falls_back_to_the_servers_arrival_time(
    dovecot, imap_settings, sent_case, unchanged
):
    _pass_with_poison_first(dovecot, oversized_date_year(), unchanged)
    poison = CcusMail.objects.get(state=CcusMail.State.UNASSIGNED)
    assert abs(poison.received_at - timezone.now()) < timedelta(minutes=5)
    assert poison.date_header.startswith("Mon, 01 Jan 99999999999999999999")


def test_a_5_mb_body_is_stored_cut_and_the_page_says_so(
    dovecot, imap_settings, sent_case, staff_client, unchanged
):
    _pass_with_poison_first(dovecot, five_megabytes(), unchanged)
    poison = CcusMail.objects.get(state=CcusMail.State.UNASSIGNED)
    assert poison.body_truncated
    assert 0 < len(poison.masked_body.encode()) <= 100 * 1024
    assert poison.receipt_number == "C-2612259999"  # the facts at the top are still read
    page = staff_client.get("/inbox/").content.decode()
    assert "最初の100KBだけを保存しています" in page


def test_the_dashboard_and_healthz_count_unreadable_mails_without_failing(
    dovecot, imap_settings, sent_case, staff_client, client, unchanged
):
    _pass_with_poison_first(dovecot, undecodable_charset(), unchanged)
    dashboard = staff_client.get("/").content.decode()
    assert 'id="inbox-unreadable"' in dashboard and "読み取れなかったメール" in dashboard
    mailbox = client.get("/healthz").json()["mailbox"]
    assert mailbox["unreadable"] == 1
    assert mailbox["ok"] is True  # the reader works: the mail is work for staff, not an outage


def test_viewing_either_list_is_in_the_access_log_mail_by_mail(
    dovecot, imap_settings, sent_case, staff_client, staff_user, unchanged
):
    from office.models import AccessLog

    dovecot.append(oversized_date_year())
    dovecot.append(undecodable_charset())
    unchanged()
    mailbox_fetch()
    unassigned = CcusMail.objects.get(state=CcusMail.State.UNASSIGNED)
    unreadable = CcusMail.objects.get(state=CcusMail.State.UNREADABLE)
    assert not AccessLog.objects.exists()

    staff_client.get("/inbox/")
    staff_client.get("/inbox/?list=unreadable")

    rows = list(AccessLog.objects.order_by("pk").values_list("username", "action", "target"))
    assert rows == [
        (staff_user.username, "view", f"inbox.CcusMail#{unassigned.pk}"),
        (staff_user.username, "view", f"inbox.CcusMail#{unreadable.pk}"),
    ]


def test_staff_mark_an_unreadable_mail_as_checked(
    dovecot, imap_settings, sent_case, staff_client, unchanged
):
    _pass_with_poison_first(dovecot, undecodable_charset(), unchanged)
    poison = CcusMail.objects.get(state=CcusMail.State.UNREADABLE)
    response = staff_client.post(f"/inbox/{poison.pk}/dismiss/", {"list": "unreadable"})
    assert response.status_code == 302 and response["Location"].endswith("?list=unreadable")
    poison.refresh_from_db()
    assert poison.state == CcusMail.State.DISMISSED
    page = staff_client.get("/inbox/?list=unreadable").content.decode()
    assert "読み取れなかったメールはありません" in page


def test_a_forged_mail_with_the_genuine_message_id_does_not_shadow_the_genuine_one(
    dovecot, imap_settings, sent_case, unchanged
):
    message_id = "<20261201100000.1@ccus-help.example.jp>"
    forged = make_mail(
        subject=POISON_SUBJECT,
        body=OTHER + "お問い合わせを受け付けました。",
        sender=("建設キャリアアップシステムお問い合わせセンター", "attacker@example.com"),
        message_id=message_id,
    )
    dovecot.append(forged)
    dovecot.append(receipt_mail(message_id=message_id))
    unchanged()
    report = mailbox_fetch()
    assert report.duplicates == 0 and report.already_known == 0
    assert CcusMail.objects.count() == 2  # Message-ID stored on both, key on neither
    assert set(CcusMail.objects.values_list("message_id", flat=True)) == {message_id}
    case = RecoveryCase.objects.get(pk=sent_case.pk)
    assert case.status == Status.WAITING and case.receipt_number == "C-2612250001"


def test_the_same_message_read_again_after_a_new_uidvalidity_is_not_recorded_twice(
    dovecot, imap_settings, sent_case, unchanged
):
    dovecot.append(undecodable_charset())
    dovecot.append(receipt_mail())
    mailbox_fetch()
    dovecot.forget_uids()
    unchanged()
    report = mailbox_fetch()
    assert report.rescanned and report.already_known == 2
    assert report.recorded == report.unreadable == report.duplicates == 0
    assert CcusMail.objects.count() == 2


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (RuntimeError("boom"), "予期しないエラー"),
        (RecursionError(), "入れ子"),
        (OverflowError(), "値が大きすぎる"),
        ("soft time limit", "時間がかかりすぎた"),
    ],
    ids=["any exception", "RecursionError", "OverflowError", "Celery soft time limit"],
)
def test_whatever_a_mail_raises_it_is_listed_and_the_next_one_is_recorded(
    dovecot, imap_settings, sent_case, monkeypatch, caplog, unchanged, error, reason
):
    from celery.exceptions import SoftTimeLimitExceeded

    from inbox import services

    if error == "soft time limit":
        error = SoftTimeLimitExceeded()
    real = services.parse_ccus_mail

    def parse(text, *, subject):
        if "C-2612259999" in text:
            raise error
        return real(text, subject=subject)

    monkeypatch.setattr(services, "parse_ccus_mail", parse)
    report, _arrived = _pass_with_poison_first(dovecot, oversized_date_year(), unchanged)
    assert report.recorded == 1 and report.unreadable == 1
    poison = CcusMail.objects.get(state=CcusMail.State.UNREADABLE)
    assert reason in poison.reason
    assert RecoveryCase.objects.get(pk=sent_case.pk).status == Status.WAITING
    assert "C-2612259999" not in caplog.text  # the log names the error's type, not the mail


def test_a_case_service_failing_midway_leaves_nothing_half_recorded(
    dovecot, imap_settings, sent_case, monkeypatch, unchanged
):
    from recovery import services as case_services

    def broken(**kwargs):
        raise RuntimeError("the note could not be written")

    monkeypatch.setattr(case_services, "case_add_note", broken)
    dovecot.append(receipt_mail())
    unchanged()
    report = mailbox_fetch()
    assert report.unreadable == 1 and report.recorded == 0
    case = RecoveryCase.objects.get(pk=sent_case.pk)
    assert case.status == Status.SENT and case.receipt_number == ""  # rolled back with the mail
    assert CcusMail.objects.get().state == CcusMail.State.UNREADABLE


def test_a_message_over_the_size_limit_is_listed_without_being_fetched(
    dovecot, imap_settings, sent_case, monkeypatch, unchanged
):
    from inbox import reading

    from .test_fetch_mail import CountingClient, full_fetches

    monkeypatch.setattr(reading, "MAX_MESSAGE_BYTES", 1024 * 1024)
    dovecot.append(make_mail(subject=POISON_SUBJECT, body=OTHER + "添付資料\n" * 200_000))
    dovecot.append(receipt_mail())
    unchanged()
    CountingClient.calls = []
    report = mailbox_fetch(client_class=CountingClient)

    assert full_fetches(CountingClient.calls) == 1  # the receipt only
    assert report.unreadable == 1 and report.recorded == 1
    poison = CcusMail.objects.get(state=CcusMail.State.UNREADABLE)
    assert "大きすぎる" in poison.reason and poison.subject == POISON_SUBJECT
    MailboxFolder.objects.update(last_uid=0)  # lost progress: not listed twice
    assert mailbox_fetch().unreadable == 0
    assert CcusMail.objects.count() == 2


def test_one_fetch_never_holds_more_than_one_large_message_s_worth_of_mail(
    dovecot, imap_settings, sent_case, monkeypatch, unchanged
):
    """Many mails just under the size limit (anyone can send them with a CCUS-like subject)
    are fetched a few at a time, so a pass needs the memory of about one such mail, not 50."""
    from inbox import reading

    from .test_fetch_mail import CountingClient, full_fetches

    limit = 200 * 1024
    monkeypatch.setattr(reading, "MAX_MESSAGE_BYTES", limit)
    for n in range(5):
        dovecot.append(make_mail(subject=f"{POISON_SUBJECT} {n}", body="添付資料\n" * 8_000))
    dovecot.append(receipt_mail())
    unchanged()
    CountingClient.calls = []
    report = mailbox_fetch(client_class=CountingClient)

    assert full_fetches(CountingClient.calls) == 6 and report.recorded == 1
    body_fetches = [uids for uids, items in CountingClient.calls if b"BODY.PEEK[]" in items]
    assert len(body_fetches) >= 3
    imap = dovecot.client()
    imap.select_folder("INBOX", readonly=True)
    fetched = imap.fetch(imap.search(["ALL"]), ["RFC822.SIZE"])
    sizes = {uid: data[b"RFC822.SIZE"] for uid, data in fetched.items()}
    imap.logout()
    assert sum(sizes.values()) > 2 * limit  # what one FETCH held before
    for uids in body_fetches:
        assert len(uids) == 1 or sum(sizes[uid] for uid in uids) <= limit
