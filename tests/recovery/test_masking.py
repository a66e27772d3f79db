"""CCUS passwords and security codes are masked before anything is saved or logged."""

import logging

import pytest
import time_machine
from django.db import connection

from office.secrets import MASK, mask_secrets
from recovery import services
from recovery.models import CaseEvent, RecoveryCase

REPLY_MAIL = """件名：【建設キャリアアップシステム】登録メールアドレス変更完了のお知らせ
日時：2027年1月6日(水) 14:02

株式会社能登テスト建設 御中

お問い合わせいただいた登録メールアドレスの変更が完了しました。
下記の新パスワードでログインし、パスワードを変更してください。

事業者ID：12345678901234
新パスワード：Kq7#mZ2pLx
仮パスワード: Tmp-9876xy
セキュリティコード(本人確認番号)：83927461

ログイン後、パスワードの変更が必要になります。
"""
SECRETS = ["Kq7#mZ2pLx", "Tmp-9876xy", "83927461"]


@pytest.mark.parametrize(
    "text, secret",
    [
        ("新パスワード：Kq7#mZ2pLx", "Kq7#mZ2pLx"),
        ("パスワード: Abc123!", "Abc123!"),
        ("仮パスワード　Abc123!", "Abc123!"),
        ("初期パスワード=Init-0001", "Init-0001"),
        ("パスワード：「Qw3rty#1」", "Qw3rty#1"),
        ("パスワードは Zx9!kk です。", "Zx9!kk"),
        ("セキュリティコード(本人確認番号)：83927461", "83927461"),
        ("セキュリティコード（本人確認番号）: 83927461", "83927461"),
        ("本人確認番号：55550000", "55550000"),
        ("■新パスワード\n  Hj7&kL2p\n", "Hj7&kL2p"),
        ("【パスワード】\nPp0oo9zz", "Pp0oo9zz"),
        ("Password: S3cr3t!x", "S3cr3t!x"),
        ("パスワード：Ａｂｃ１２３！", "Abc123!"),
        ("新しいパスワード＝nn88MMqq", "nn88MMqq"),
    ],
)
def test_it_masks_realistic_secret_formats(text, secret):
    masked = mask_secrets(text)
    assert secret not in masked
    assert MASK in masked
    assert "Ａｂｃ１２３" not in masked


@pytest.mark.parametrize(
    "text",
    [
        "ログイン後、パスワードの変更が必要になります。",
        "パスワードは変更してください。",
        "セキュリティコードは登録完了通知に記載があります",
        "事業者ID：12345678901234",
        "受付番号：C-2612250001",
    ],
)
def test_it_leaves_ordinary_sentences_alone(text):
    assert mask_secrets(text) == text


def _every_text_in_the_database() -> str:
    """All values of all tables, as text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the DB
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    chunks.append(str(value))
    return "\n".join(chunks)


@pytest.fixture
def after_the_reply():
    """The day after the reply mail (frozen before the login, so the session stays valid)."""
    with time_machine.travel("2027-01-07 10:00 +0900", tick=False):
        yield


@pytest.mark.django_db
def test_a_pasted_reply_leaves_no_secret_in_the_database_or_the_logs(
    after_the_reply,
    full_case,
    staff_client,
    staff_user,
    caplog,
):
    caplog.set_level(logging.DEBUG)
    from datetime import datetime

    from recovery.business_days import TOKYO

    services.case_mark_sent(
        case=full_case, actor=staff_user, sent_at=datetime(2026, 12, 25, 10, 0, tzinfo=TOKYO)
    )
    services.case_record_receipt(
        case=full_case,
        actor=staff_user,
        mail_text="【お問い合わせ受付：C-2612250001】",
        received_at=datetime(2026, 12, 25, 10, 30, tzinfo=TOKYO),
    )
    # Issue 11: staff first see what will be masked; nothing is saved until they confirm.
    preview = staff_client.post(f"/cases/{full_case.pk}/reply/", {"mail_text": REPLY_MAIL})
    assert preview.status_code == 200
    assert "新パスワード：" + MASK in preview.content.decode()
    assert RecoveryCase.objects.get(pk=full_case.pk).reply_at is None
    response = staff_client.post(
        f"/cases/{full_case.pk}/reply/", {"mail_text": REPLY_MAIL, "confirm_masking": "on"}
    )
    assert response.status_code == 302
    assert RecoveryCase.objects.get(pk=full_case.pk).reply_at == datetime(
        2027, 1, 6, 14, 2, tzinfo=TOKYO
    )
    for confirm in ("", "on"):
        staff_client.post(
            f"/cases/{full_case.pk}/note/",
            {"text": "お客様に確認: セキュリティコード：83927461", "confirm_masking": confirm},
        )
        staff_client.post(
            f"/cases/{full_case.pk}/edit/",
            {
                "assignee": staff_user.pk,
                "new_email": "ccus@noto-test.example.jp",
                "notes": "仮パスワード: Tmp-9876xy を伝えた",
                "error_message": "",
                "confirm_masking": confirm,
            },
        )
    # The detail page renders the masked mail (and is logged at DEBUG, if anything logs it).
    page = staff_client.get(f"/cases/{full_case.pk}/").content.decode()

    case = RecoveryCase.objects.get(pk=full_case.pk)
    assert case.status == "replied"
    assert "新パスワード：" + MASK in case.reply_mail
    assert CaseEvent.objects.filter(case=case, kind="note").exists()
    dump = _every_text_in_the_database()
    assert "12345678901234" in dump  # the dump does see the case's data
    for secret in SECRETS:
        assert secret not in dump
        assert secret not in caplog.text
        assert secret not in page
