"""受付番号 and times from realistic receipt mails."""

from datetime import datetime

import pytest

from recovery.business_days import TOKYO
from recovery.ccus_mail import extract_mail_time, extract_receipt_number

RECEIPT_MAIL = """差出人: 建設キャリアアップシステムお問い合わせセンター <info@example.jp>
件名: 【お問い合わせ受付：C-2612250001】
日時: 2026年12月25日(金) 10:15

株式会社能登テスト建設
山田 花子 様

お問い合わせいただきありがとうございます。
以下の内容で受け付けました。
受付番号：C-2612250001
"""


@pytest.mark.parametrize(
    "text, expected",
    [
        (RECEIPT_MAIL, "C-2612250001"),
        ("【お問い合わせ受付：Ｃ－２６１２２５０００１】", "C-2612250001"),
        ("件名：【お問い合わせ受付：C-x】\n受付番号 C - 26122 50001", "C-2612250001"),
        ("受付番号：C-26122\n50001\n2026/12/25 10:15 受付", "C-2612250001"),
        ("題名【お問い合わせ受付：C-2 6 1 2 2 5 0 0 0 1】", "C-2612250001"),
        ("受付番号: Ｃ－１２３４５６", "C-123456"),
        ("受付番号：C‐2612250001", "C-2612250001"),
    ],
)
def test_it_finds_the_receipt_number(text, expected):
    assert extract_receipt_number(text) == expected


@pytest.mark.parametrize("text", ["", "お問い合わせありがとうございました。", "C-", "ABC-123"])
def test_it_finds_no_receipt_number_where_there_is_none(text):
    assert extract_receipt_number(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        (RECEIPT_MAIL, datetime(2026, 12, 25, 10, 15, tzinfo=TOKYO)),
        ("Date: Fri, 25 Dec 2026 01:15:00 +0000\n", datetime(2026, 12, 25, 10, 15, tzinfo=TOKYO)),
        ("受付日時：２０２６/１２/２５ １０：１５", datetime(2026, 12, 25, 10, 15, tzinfo=TOKYO)),
    ],
)
def test_it_reads_the_time_of_the_mail(text, expected):
    assert extract_mail_time(text) == expected


def test_a_mail_without_a_time_gives_none():
    assert extract_mail_time("受付番号：C-2612250001") is None
    assert extract_mail_time("2026年13月45日 10:15") is None


# --- parse_ccus_mail: the facts of a mail (issue 11) -----------------------------------------

from recovery.ccus_mail import MailFacts, parse_ccus_mail  # noqa: E402

REPLY_MAIL = (
    "件名：【建設キャリアアップシステム】登録メールアドレス変更完了のお知らせ\n"
    "日時：2027年1月6日(水) 14:02\n\n"
    "事業者ID：1234 5678 9012 34\n"
    "新しい登録メールアドレス：ccus@noto-test.example.jp\n"
    "新パスワード：Kq7#mZ2pLx\n"
)


def test_a_full_width_number_wrapped_across_a_quoted_line_is_joined():
    facts = parse_ccus_mail("受付番号：Ｃ－２６１１１\n> ５０００１\n")
    assert facts.receipt_number == "C-2611150001"
    assert facts.receipt_number_needs_confirmation is False


def test_the_subject_wins_over_an_older_number_quoted_in_the_body():
    body = "> 【お問い合わせ受付：C-2611010001】\n> 以前の受付\n\n受付番号：C-2612250007\n"
    facts = parse_ccus_mail(body, subject="【お問い合わせ受付：C-2612250007】")
    assert facts.receipt_number == "C-2612250007"
    assert facts.kind == "receipt"
    quoted_first = "> 受付番号：C-2611010001\n\n件名: 【お問い合わせ受付：C-2612250007】\n"
    assert parse_ccus_mail(quoted_first).receipt_number == "C-2612250007"


def test_the_own_number_wins_over_a_quoted_one_without_a_subject():
    facts = parse_ccus_mail("受付番号：C-2612250001\n\n> 受付番号：C-2611010001\n")
    assert facts.receipt_number == "C-2612250001"
    assert not facts.receipt_number_needs_confirmation


@pytest.mark.parametrize(
    "text",
    [
        "受付番号：C-26111\n",  # truncated
        "受付番号：C-261225000123\n",  # too long
        "受付番号：C-2612250001 または C-2612250002\n",  # two different numbers
    ],
)
def test_a_number_that_is_not_exactly_ten_digits_or_is_ambiguous_needs_confirmation(text):
    facts = parse_ccus_mail(text)
    assert facts.receipt_number is not None
    assert facts.receipt_number_needs_confirmation is True


def test_a_reply_mail_becomes_facts_and_a_masked_body():
    facts = parse_ccus_mail(REPLY_MAIL)
    assert isinstance(facts, MailFacts)
    assert facts.kind == "reply"
    assert facts.business_id == "12345678901234"
    assert facts.new_email == "ccus@noto-test.example.jp"
    assert facts.received_at == datetime(2027, 1, 6, 14, 2, tzinfo=TOKYO)
    assert "Kq7#mZ2pLx" not in facts.masked_body
    assert "新パスワード：********" in facts.masked_body
    assert [f.kind for f in facts.findings] == ["password"]
    assert "Kq7#mZ2pLx" not in repr(facts.findings) + facts.findings[0].preview


@pytest.mark.parametrize(
    "subject, body, kind",
    [
        ("【お問い合わせ受付：C-2612250001】", "お問い合わせありがとうございます。", "receipt"),
        ("", "事業者情報登録完了のお知らせ\n初期パスワード\nXk29!pqL", "completion"),
        ("", "お問い合わせの件、登録メールアドレスの変更が完了しました。", "reply"),
        ("", "いつもお世話になっております。", "unknown"),
    ],
)
def test_it_tells_the_kind_of_mail(subject, body, kind):
    assert parse_ccus_mail(body, subject=subject).kind == kind
