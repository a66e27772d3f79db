"""受付番号 and times from realistic receipt mails."""

from datetime import datetime

import pytest

from recovery.business_days import TOKYO
from recovery.inquiry import extract_mail_time, extract_receipt_number

RECEIPT_MAIL = """差出人: 建設キャリアアップシステムお問い合わせセンター <info@example.jp>
件名: 【お問い合わせ受付：C-2612250001】
日時: 2026年12月25日(金) 10:15

株式会社能登テスト建設
山田 花子 様

お問い合わせいただきありがとうございます。
以下の内容で受け付けました。
受付番号：C-2612250001
"""


@pytest.mark.parametrize("text, expected", [
    (RECEIPT_MAIL, "C-2612250001"),
    ("【お問い合わせ受付：Ｃ－２６１２２５０００１】", "C-2612250001"),
    ("件名：【お問い合わせ受付：C-x】\n受付番号 C - 26122 50001", "C-2612250001"),
    ("受付番号：C-26122\n50001\n2026/12/25 10:15 受付", "C-2612250001"),
    ("題名【お問い合わせ受付：C-2 6 1 2 2 5 0 0 0 1】", "C-2612250001"),
    ("受付番号: Ｃ－１２３４５６", "C-123456"),
    ("受付番号：C‐2612250001", "C-2612250001"),
])
def test_it_finds_the_receipt_number(text, expected):
    assert extract_receipt_number(text) == expected


@pytest.mark.parametrize("text", ["", "お問い合わせありがとうございました。", "C-", "ABC-123"])
def test_it_finds_no_receipt_number_where_there_is_none(text):
    assert extract_receipt_number(text) is None


@pytest.mark.parametrize("text, expected", [
    (RECEIPT_MAIL, datetime(2026, 12, 25, 10, 15, tzinfo=TOKYO)),
    ("Date: Fri, 25 Dec 2026 01:15:00 +0000\n", datetime(2026, 12, 25, 10, 15, tzinfo=TOKYO)),
    ("受付日時：２０２６/１２/２５ １０：１５", datetime(2026, 12, 25, 10, 15, tzinfo=TOKYO)),
])
def test_it_reads_the_time_of_the_mail(text, expected):
    assert extract_mail_time(text) == expected


def test_a_mail_without_a_time_gives_none():
    assert extract_mail_time("受付番号：C-2612250001") is None
    assert extract_mail_time("2026年13月45日 10:15") is None
