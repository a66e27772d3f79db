"""Fixtures of the mailbox tests: a real Dovecot, CCUS-like mails, and cases waiting for them.

Without Dovecot (``apt-get install dovecot-imapd``) the tests that need it are skipped, and say
so; under REQUIRE_SERVICES=1 they fail instead.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest
from django.utils import timezone

from tests.conftest import REQUIRE_SERVICES
from tests.dovecot import DovecotServer, dovecot_available
from tests.recovery.conftest import full_case, full_client  # noqa: F401

CCUS_NAME = "建設キャリアアップシステムお問い合わせセンター"
CCUS_ADDRESS = "support@ccus-help.example.jp"


@pytest.fixture(autouse=True)
def office_trusts_ccus(monkeypatch):
    """Every mailbox test runs in an office that entered CCUS's address as trusted (事務所設定:
    the profile's default here), as a set-up office has; the trust tests change it."""
    from office.models import OfficeProfile

    field = OfficeProfile._meta.get_field("ccus_trusted_senders")
    monkeypatch.setattr(field, "default", CCUS_ADDRESS)


def require_dovecot() -> None:
    """Skip (and say why) without Dovecot; under REQUIRE_SERVICES=1 fail instead."""
    if not dovecot_available():
        message = "needs Dovecot: apt-get install dovecot-imapd (/usr/sbin/dovecot)"
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {message}")
        pytest.skip(message)


@pytest.fixture
def dovecot():
    require_dovecot()
    server = DovecotServer()
    server.start()
    yield server
    server.cleanup()


@pytest.fixture
def unchanged(dovecot):
    """Assert at the end that the test left the mailbox's messages and \\Seen flags alone."""
    snapshots = {}

    def take():
        snapshots["before"] = dovecot.snapshot()

    yield take
    if "before" in snapshots:
        assert dovecot.snapshot() == snapshots["before"]


@pytest.fixture
def imap_settings(settings, dovecot):
    settings.IMAP_URL = dovecot.url()
    return settings


def make_mail(
    *,
    subject: str,
    body: str,
    sender: tuple[str, str] = (CCUS_NAME, CCUS_ADDRESS),
    date: datetime | None = None,
    message_id: str | None = "",
    charset: str = "utf-8",
    html: bool = False,
) -> bytes:
    """A mail as CCUS (or anyone) would send it; ``message_id=None`` leaves the header out."""
    message = EmailMessage()
    name, address = sender
    user, domain = address.split("@")
    message["From"] = Address(display_name=name, username=user, domain=domain)
    message["To"] = "desk@office.example.jp"
    message["Subject"] = subject
    message["Date"] = format_datetime(date or timezone.now())
    if message_id is not None:
        message["Message-ID"] = message_id or make_msgid(domain=domain)
    if html:
        message.set_content(
            f"<html><body><p>{body.replace(chr(10), '<br>')}</p></body></html>",
            subtype="html",
            charset=charset,
        )
    else:
        message.set_content(body, charset=charset)
    return bytes(message)


def receipt_mail(
    *,
    number: str = "C-2612250001",
    business_id: str = "12345678901234",
    new_email: str = "ccus@noto-test.example.jp",
    date: datetime | None = None,
    **kwargs,
) -> bytes:
    body = (
        "株式会社能登テスト建設\n山田 花子 様\n\n"
        "この度は建設キャリアアップシステムへお問い合わせいただき、誠にありがとうございます。\n"
        "以下の内容でお問い合わせを受け付けました。\n\n"
        f"受付番号：{number}\n\n"
        "【お問い合わせ内容】\n"
        "登録されているメールアドレスがわからなくなってしまった(使用できなくなった)ため、"
        "変更をお願いします\n\n"
        "【変更希望事業者情報】\n"
        "①事業者名: 株式会社能登テスト建設\n"
        f"②事業者ID: {business_id}\n"
        "③事業者の所在地: 石川県七尾市御祓町1番地\n"
        "④事業者の電話番号 0767-53-1234\n"
        "⑤登録済みメールアドレス: 不明\n"
        f"⑥変更希望メールアドレス: {new_email}\n"
        "⑦使用できない理由: 失念\n"
        "⑧ログイン可能か: 不可\n"
    )
    return make_mail(subject=f"【お問い合わせ受付：{number}】", body=body, date=date, **kwargs)


def reply_mail(
    *,
    password: str,
    number: str = "C-2612250001",
    business_id: str = "12345678901234",
    new_email: str = "ccus@noto-test.example.jp",
    date: datetime | None = None,
    **kwargs,
) -> bytes:
    body = (
        "株式会社能登テスト建設\n山田 花子 様\n\n"
        f"お問い合わせ（受付番号：{number}）の件につきまして、\n"
        f"事業者ID：{business_id} の登録メールアドレスを {new_email} に変更しました。\n\n"
        f"新しいパスワード：{password}\n\n"
        "ログイン後、パスワードの変更をお願いいたします。\n"
    )
    return make_mail(
        subject="【建設キャリアアップシステム】登録メールアドレス変更完了のお知らせ",
        body=body,
        date=date,
        **kwargs,
    )


_OTHER_SUBJECT = Header("定例会議のご案内", "utf-8").encode()
_OTHER_SENDER = Header("取引先 担当", "utf-8").encode()


def other_mail(n: int) -> bytes:
    """Someone else's mail (built as bytes: the 5,000-mail test makes thousands)."""
    return (
        f"From: {_OTHER_SENDER} <partner{n % 7}@partner.example.jp>\r\n"
        "To: desk@office.example.jp\r\n"
        f"Subject: {_OTHER_SUBJECT} {n}\r\n"
        f"Date: Tue, 01 Dec 2026 09:{n % 60:02d}:00 +0900\r\n"
        f"Message-ID: <other-{n}@partner.example.jp>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
        f"会議資料 {n} を送ります。\r\n"
    ).encode()


@pytest.fixture
def sent_case(full_case, staff_user):  # noqa: F811 - the recovery fixture
    """A case whose inquiry was sent 20 minutes ago (the 1-hour receipt check is pending)."""
    from recovery import services

    services.case_mark_sent(
        case=full_case, actor=staff_user, sent_at=timezone.now() - timedelta(minutes=20)
    )
    return full_case
