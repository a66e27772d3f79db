"""The kind of a CCUS mail from its subject and body together (recovery.ccus_mail, issue 18)."""

from __future__ import annotations

import pytest

from recovery.ccus_mail import (
    kind_mismatch,
    mail_kind,
    parse_ccus_mail,
    split_body,
    strip_subject_prefixes,
)

NUMBER = "C-2612250001"
RECEIPT_BODY = "以下の内容でお問い合わせを受け付けました。\n受付番号：C-2612250001\n"
REPLY_BODY = (
    "お問い合わせの件につきまして、登録メールアドレスを変更しました。\n"
    "新しいパスワード：Xk7#pQ2mZr9w\n"
)
QUOTED_RECEIPT = "".join(f"> {line}\n" for line in RECEIPT_BODY.splitlines())


@pytest.mark.parametrize(
    "subject, rest, replied, forwarded",
    [
        ("Re: 【お問い合わせ受付：C-1】", "【お問い合わせ受付:C-1】", True, False),
        ("RE: RE: 件名", "件名", True, False),
        ("Fwd: 件名", "件名", False, True),
        ("FW: Re: 件名", "件名", True, True),
        ("転送: 件名", "件名", False, True),
        ("Re[2]: 件名", "件名", True, False),
        ("Ｒｅ：件名", "件名", True, False),
        ("Reply about 件名", "Reply about 件名", False, False),
        ("Review: 件名", "Review: 件名", False, False),
        # Tags a mail server or list puts in front ([SPAM], [meiwaku], ［外部］) hide no prefix.
        ("[SPAM] Re: 【お問い合わせ受付：C-1】", "【お問い合わせ受付:C-1】", True, False),
        ("［meiwaku］ＲＥ：件名", "件名", True, False),
        ("Fw: [外部] 件名", "件名", False, True),
        ("[ccus] 件名", "件名", False, False),
        ("[重要] お知らせ", "お知らせ", False, False),
        ("[SPAM]", "[SPAM]", False, False),
    ],
)
def test_it_strips_reply_and_forward_prefixes_only(subject, rest, replied, forwarded):
    assert strip_subject_prefixes(subject) == (rest, replied, forwarded)


@pytest.mark.parametrize(
    "subject, body, kind",
    [
        (f"【お問い合わせ受付：{NUMBER}】", RECEIPT_BODY, "receipt"),
        # CCUS answering in the receipt's thread: a reply, whatever it quotes.
        (f"Re: 【お問い合わせ受付：{NUMBER}】", REPLY_BODY + "\n" + QUOTED_RECEIPT, "reply"),
        (
            f"【建設キャリアアップシステム】お問い合わせへの回答(受付番号：{NUMBER})",
            "お問い合わせいただいた件について、下記のとおり回答いたします。\n",
            "reply",
        ),
        # A forwarded receipt is still a receipt; its content is the forwarded part.
        (
            f"Fwd: 【お問い合わせ受付：{NUMBER}】",
            "転送します。\n---------- Forwarded message ---------\n" + RECEIPT_BODY,
            "receipt",
        ),
        (f"転送: 【お問い合わせ受付：{NUMBER}】", "転送します。\n" + QUOTED_RECEIPT, "receipt"),
        # No subject to go by: the body's wording or a password decides.
        ("", RECEIPT_BODY, "receipt"),
        ("", "ログイン情報です。\nパスワード：Xk7#pQ2mZr9w\n", "reply"),
        ("", "いつもお世話になっております。", "unknown"),
        ("定例会議のご案内", "資料を送ります。", "unknown"),
        ("【建設キャリアアップシステム】登録完了のお知らせ", "事業者情報登録完了", "completion"),
    ],
)
def test_it_tells_the_kind_from_subject_and_body(subject, body, kind):
    result = mail_kind(subject, body)
    assert result.kind == kind
    assert result.unsure is False


def test_a_reply_recalling_the_receipt_in_its_own_words_is_still_a_reply():
    body = "先日お問い合わせを受け付けました件につきまして、登録メールアドレスを変更しました。\n"
    facts = parse_ccus_mail(body, subject=f"Re: 【お問い合わせ受付：{NUMBER}】")
    assert (facts.kind, facts.kind_unsure) == ("reply", False)
    # A receipt subject over the same words is not trusted to be either.
    assert parse_ccus_mail(body, subject=f"【お問い合わせ受付：{NUMBER}】").kind_unsure


def test_a_reply_quoted_entirely_is_still_a_reply():
    quoted = "".join(f"> {line}\n" for line in REPLY_BODY.splitlines())
    assert mail_kind("", quoted).kind == "reply"
    assert parse_ccus_mail(quoted).kind == "reply"


def test_a_quoted_subject_line_of_a_forwarded_receipt_does_not_make_a_reply_a_receipt():
    body = (
        REPLY_BODY
        + "\n-----Original Message-----\nFrom: 事務所 <desk@office.example.jp>\n"
        + f"Subject: FW: 【お問い合わせ受付：{NUMBER}】\n\n"
        + RECEIPT_BODY
    )
    assert mail_kind("", body).kind == "reply"
    facts = parse_ccus_mail(body)
    assert facts.kind == "reply" and not facts.kind_unsure
    assert facts.receipt_number == NUMBER


def test_an_outlook_header_block_after_own_text_starts_the_quoted_mail():
    body = (
        "変更しました。\n\nFrom: CCUS\nSent: 2026/12/25\nSubject: 【お問い合わせ受付：C-1】\n"
        "受け付けました"
    )
    own, rest = split_body(body)
    assert "受け付けました" not in own and "受け付けました" in rest


def test_a_pasted_mail_starting_with_its_own_header_block_keeps_it():
    pasted = f"差出人: CCUS\n件名: 【お問い合わせ受付：{NUMBER}】\n\n" + RECEIPT_BODY
    facts = parse_ccus_mail(pasted)
    assert facts.kind == "receipt" and facts.receipt_number == NUMBER


@pytest.mark.parametrize(
    "subject, body",
    [
        (f"【お問い合わせ受付：{NUMBER}】", REPLY_BODY),  # a receipt subject over a password
        (f"Re: 【お問い合わせ受付：{NUMBER}】", RECEIPT_BODY),  # a reply subject, receipt words
        ("", RECEIPT_BODY + REPLY_BODY),  # both in the body
        # A reply subject over a body that says nothing of the change: perhaps CCUS asking
        # for a missing document, never the step that starts the login work.
        (f"RE: 【お問い合わせ受付：{NUMBER}】", "ご確認ください。\n" + QUOTED_RECEIPT),
        (f"お問い合わせへの回答(受付番号：{NUMBER})", "登記事項証明書をご提出ください。\n"),
    ],
)
def test_when_subject_and_body_disagree_the_kind_is_marked_for_checking(subject, body):
    facts = parse_ccus_mail(body, subject=subject)
    assert facts.kind_unsure is True
    assert "本文" in facts.kind_note


def test_the_number_of_the_subject_wins_over_a_forwarded_older_one():
    body = (
        "回答いたします。変更しました。\n\n-----Original Message-----\n"
        "受付番号：C-2611010001\n受け付けました\n"
    )
    facts = parse_ccus_mail(body, subject=f"お問い合わせへの回答(受付番号：{NUMBER})")
    assert facts.receipt_number == NUMBER and not facts.receipt_number_needs_confirmation


def test_the_own_number_wins_over_a_forwarded_one_when_the_subject_names_none():
    body = (
        "受付番号：C-2612250009 の件、変更しました。\n\n-----Original Message-----\n"
        "受付番号：C-2611010001\n"
    )
    facts = parse_ccus_mail(body, subject="【建設キャリアアップシステム】変更完了のお知らせ")
    assert facts.receipt_number == "C-2612250009"
    assert not facts.receipt_number_needs_confirmation


def test_kind_mismatch_warns_only_for_the_other_step():
    assert kind_mismatch("reply", expected_step="receipt").startswith("このメールは回答メール")
    assert kind_mismatch("receipt", expected_step="reply").startswith("このメールは受付メール")
    assert kind_mismatch("completion", expected_step="reply") == ""
    assert kind_mismatch("unknown", expected_step="receipt") == ""


def test_a_mail_date_with_an_oversized_year_is_no_time_rather_than_an_error():
    assert parse_ccus_mail("Date: Fri, 25 Dec 99999999999 10:00:00 +0900\n").received_at is None


# --- the paste forms use the same reading -----------------------------------------------------


@pytest.fixture
def sent(full_case, staff_user):
    from datetime import timedelta

    from django.utils import timezone

    from recovery import services

    services.case_mark_sent(
        case=full_case, actor=staff_user, sent_at=timezone.now() - timedelta(hours=1)
    )
    return full_case


@pytest.mark.django_db
def test_pasting_a_reply_into_the_receipt_form_warns_that_it_is_a_reply(staff_client, sent):
    text = f"件名: Re: 【お問い合わせ受付：{NUMBER}】\n\n変更しました。\n"
    response = staff_client.post(
        f"/cases/{sent.pk}/receipt/", {"mail_text": text, "receipt_number": NUMBER}, follow=True
    )
    assert "このメールは回答メールのようです" in response.content.decode()


@pytest.mark.django_db
def test_pasting_a_receipt_into_the_receipt_form_gives_no_kind_warning(staff_client, sent):
    text = f"件名: 【お問い合わせ受付：{NUMBER}】\n\n" + RECEIPT_BODY
    response = staff_client.post(f"/cases/{sent.pk}/receipt/", {"mail_text": text}, follow=True)
    page = response.content.decode()
    assert "のようです" not in page
    sent.refresh_from_db()
    assert sent.receipt_number == NUMBER


def test_a_reply_in_the_receipt_s_thread_behind_a_spam_tag_is_never_a_sure_receipt():
    facts = parse_ccus_mail(
        "ご連絡ありがとうございます。確認いたします。\n> お問い合わせを受け付けました。\n",
        subject=f"[meiwaku] Re: 【お問い合わせ受付：{NUMBER}】",
    )
    assert facts.kind == "reply" and facts.kind_unsure
