"""Reading one message: Japanese charsets decoded as what they are, bounded text, a Japanese
reason for what cannot be read. Pure functions over real message bytes (no IMAP, no database)."""

from __future__ import annotations

import base64
from datetime import UTC

import pytest

from inbox.charsets import decode_text
from inbox.imap import parse_date, parse_headers
from inbox.reading import (
    STORED_BODY_LIMIT,
    TEXT_LIMIT,
    UnreadableMail,
    cap_stored_body,
    content_key,
    read_message,
)

JAPANESE = "①株式会社能登テスト建設 ㈱髙橋 事業者ID：12345678901234 新しいパスワード：Xk7#pQ2m ｶﾀｶﾅ"


def _jis_ms(text: str) -> bytes:
    """ISO-2022-JP as Outlook writes it (CP50220): cp932 codes in JIS dress, built by hand."""
    out, mode = bytearray(), "ascii"
    for char in text:
        code = char.encode("cp932")
        if len(code) == 1 and code[0] < 0x80:
            if mode != "ascii":
                out += b"\x1b(B"
                mode = "ascii"
            out += code
        elif len(code) == 1:
            if mode != "kana":
                out += b"\x1b(I"
                mode = "kana"
            out.append(code[0] - 0x80)
        else:
            if mode != "jis":
                out += b"\x1b$B"
                mode = "jis"
            lead, trail = code
            lead -= 0xB0 if lead >= 0xE0 else 0x70
            lead *= 2
            if trail < 0x9F:
                lead -= 1
                trail -= 0x1F if trail < 0x7F else 0x20
            else:
                trail -= 0x7E
            out += bytes((lead, trail))
    return bytes(out + (b"\x1b(B" if mode != "ascii" else b""))


def _euc_ms(text: str) -> bytes:
    """EUC-JP as eucJP-ms/CP51932 write it: the same JIS codes with the high bit set."""
    out = bytearray()
    for char in text:
        code = char.encode("cp932")
        if len(code) == 1 and code[0] < 0x80:
            out += code
        elif len(code) == 1:
            out += bytes((0x8E, code[0]))
        else:
            jis = _jis_ms(char)[3:5]
            out += bytes((jis[0] | 0x80, jis[1] | 0x80))
    return bytes(out)


def mail(body: bytes, *, charset: str, cte: str = "8bit", subtype: str = "plain") -> bytes:
    if cte == "base64":
        body = base64.encodebytes(body)
    return (
        b"From: =?utf-8?b?" + base64.b64encode("建設キャリアアップシステム".encode()) + b"?= "
        b"<support@ccus-help.example.jp>\r\nSubject: test\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/" + subtype.encode() + b"; charset=" + charset.encode() + b"\r\n"
        b"Content-Transfer-Encoding: " + cte.encode() + b"\r\n\r\n" + body
    )


PLAIN = "株式会社能登テスト建設 事業者ID：12345678901234 新しいパスワード：Xk7#pQ2m"


@pytest.mark.parametrize(
    ("label", "text", "encode"),
    [
        ("Windows-31J", JAPANESE, lambda t: t.encode("cp932")),
        ("x-sjis", JAPANESE, lambda t: t.encode("cp932")),
        ("Shift_JIS", JAPANESE, lambda t: t.encode("cp932")),
        ("shift-jis", JAPANESE, lambda t: t.encode("cp932")),
        ("SJIS", JAPANESE, lambda t: t.encode("cp932")),
        ("MS932", JAPANESE, lambda t: t.encode("cp932")),
        ("x-euc-jp", PLAIN + " ｶﾀｶﾅ", lambda t: t.encode("euc_jp")),
        ("EUC-JP", JAPANESE, _euc_ms),  # ① ㈱ 髙 as eucJP-ms writes them
        ("iso-2022-jp", PLAIN, lambda t: t.encode("iso2022_jp")),
        ("iso-2022-jp-ms", JAPANESE, _jis_ms),
        ("cp50220", JAPANESE, _jis_ms),
        ("ISO-2022-JP", JAPANESE, _jis_ms),  # Outlook's ① and 髙 under the plain label
        ("iso-2022-jp-2004", PLAIN + " 𠀋", lambda t: t.encode("iso2022_jp_2004")),
        ("utf-8", JAPANESE, lambda t: t.encode("utf-8")),
    ],
)
def test_it_decodes_each_japanese_label_as_what_it_is(label, text, encode):
    for cte in ("base64", "8bit"):
        assert read_message(mail(encode(text), charset=label, cte=cte)).text == text


def test_the_ms_decoder_reads_what_no_python_codec_reads():
    raw = _jis_ms("①パスワード：ｱｲｳ㈱髙")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("iso2022_jp")
    assert decode_text(raw, "CP50220") == "①パスワード：ｱｲｳ㈱髙"


def test_a_shift_jis_body_labelled_utf8_is_not_stored_with_replacement_characters():
    with pytest.raises(UnreadableMail, match="文字コード"):
        read_message(mail(JAPANESE.encode("cp932"), charset="utf-8"))


def test_eight_bit_bytes_under_the_7bit_iso_2022_jp_label_are_refused():
    with pytest.raises(UnreadableMail, match=r"文字コード\(iso-2022-jp\)"):
        read_message(mail(JAPANESE.encode("cp932"), charset="iso-2022-jp", cte="base64"))


def test_an_unknown_label_is_read_as_strict_utf8_or_refused():
    assert "パスワード" in read_message(mail(JAPANESE.encode(), charset="x-unheard-of")).text
    with pytest.raises(UnreadableMail, match="x-unheard-of"):
        read_message(mail(JAPANESE.encode("euc_jp", "ignore"), charset="x-unheard-of"))


def test_nul_bytes_are_removed_from_the_text():
    text = read_message(mail("受付番号\x00：C-2612250001".encode(), charset="utf-8", cte="base64"))
    assert text.text == "受付番号：C-2612250001"


def test_a_huge_body_is_cut_before_it_is_masked_and_says_so():
    body = ("パスワードの変更をお願いします。" * 40 + "\n") * 2000  # about 3.5 MB of UTF-8
    read = read_message(mail(body.encode(), charset="utf-8", cte="base64"))
    assert read.truncated and len(read.text) <= TEXT_LIMIT
    assert read.text.endswith("。")  # cut at a line end, not inside a word


def test_a_short_body_is_not_marked_as_cut():
    read = read_message(mail(b"short", charset="utf-8"))
    assert (read.text, read.truncated) == ("short", False)


def test_the_stored_body_is_capped_in_bytes_on_a_character_boundary():
    stored, cut = cap_stored_body("あ" * 50_000)  # 150,000 bytes of UTF-8
    assert cut and len(stored.encode()) <= STORED_BODY_LIMIT
    assert stored == "あ" * (STORED_BODY_LIMIT // 3)
    assert cap_stored_body("短い\x00本文") == ("短い本文", False)


def nested(depth: int) -> bytes:
    head = b"From: a@example.jp\r\nSubject: nested\r\nMIME-Version: 1.0\r\n"
    opening = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (n, n)
        for n in range(depth)
    )
    closing = b"".join(b"\r\n--b%d--\r\n" % n for n in reversed(range(depth)))
    return head + opening + b"Content-Type: text/plain\r\n\r\ndeep text" + closing


def test_1500_nested_multiparts_are_refused_before_the_parser_recurses():
    with pytest.raises(UnreadableMail, match="入れ子"):
        read_message(nested(1500))


def test_a_few_nested_multiparts_are_read_and_the_walk_has_a_depth_bound():
    assert read_message(nested(5)).text.strip() == "deep text"
    assert read_message(nested(40)).text == ""  # deeper than MAX_DEPTH: not searched


def test_html_only_is_read_as_text_and_attachments_are_not_the_body():
    raw = (
        b"From: a@example.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="m"\r\n\r\n--m\r\n'
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; "
        b'filename="note.txt"\r\n\r\nattached\r\n--m\r\n'
        b"Content-Type: text/html; charset=Windows-31J\r\n\r\n"
        + "<p>受付番号：C-2612250001</p><script>x()</script>".encode("cp932")
        + b"\r\n--m--\r\n"
    )
    assert read_message(raw).text == "受付番号：C-2612250001"


def test_the_seen_key_is_the_digest_of_the_bytes_not_the_message_id():
    genuine = mail(b"genuine", charset="utf-8")
    forged = mail(b"forged", charset="utf-8")
    assert content_key(genuine) == content_key(bytes(genuine))
    assert content_key(genuine) != content_key(forged)
    assert content_key(genuine).startswith("sha256:") and len(content_key(genuine)) == 71


@pytest.mark.parametrize(
    "value",
    [
        "Mon, 01 Jan 99999999999999999999 00:00:00 +0900",  # OverflowError in the stdlib
        "Mon, 01 Jan 9999999999 00:00:00 +0900",
        "Mon, 01 Jan 2026 00:00:00 +99999999999999999999999",
        "Fri, 31 Dec 9999 23:59:59 -2359",  # valid, but Tokyo time would be year 10000
        "not a date",
        "",
    ],
)
def test_a_broken_or_absurd_date_is_no_date(value):
    assert parse_date(value) is None
    header = parse_headers(1, f"Subject: x\r\nDate: {value}\r\n\r\n".encode(), None)
    assert header.date is None and header.subject == "x"


def test_a_sane_date_is_kept():
    date = parse_date("Fri, 25 Dec 2026 10:00:00 +0900")
    assert date is not None and date.astimezone(UTC).hour == 1


def test_nul_in_header_fields_is_removed():
    subject = base64.b64encode("【お問い合わせ受付：\x00C-2612250001】".encode()).decode()
    header = parse_headers(
        3, f"Subject: =?utf-8?b?{subject}?=\r\nMessage-ID: <a\x00b@x>\r\n\r\n".encode(), None
    )
    assert header.subject == "【お問い合わせ受付：C-2612250001】"
    assert "\x00" not in header.message_id


def test_a_huge_html_body_is_cut_before_it_is_parsed_and_says_so():
    html = "<p>受付番号：C-2612250001</p>" + "<div><b>x</b></div>" * 100_000
    read = read_message(mail(html.encode(), charset="utf-8", subtype="html"))
    assert read.truncated and read.text.startswith("受付番号：C-2612250001")


def test_a_long_charset_label_is_not_copied_whole_into_the_reason():
    with pytest.raises(UnreadableMail) as refused:
        read_message(mail("あ".encode("cp932"), charset="x" * 500))
    assert len(str(refused.value)) < 120


@pytest.mark.parametrize(
    "label, encode",
    [
        ("Windows-31J", "cp932"),
        ("x-sjis", "cp932"),
        ("Shift_JIS", "cp932"),
        ("x-euc-jp", "euc_jp"),
        ("ISO-2022-JP", "iso2022_jp"),
        ("iso-2022-jp-ms", "iso2022_jp"),
        ("cp50220", "iso2022_jp"),
    ],
)
def test_a_subject_and_a_sender_name_in_a_japanese_charset_are_decoded(label, encode):
    def word(text: str) -> str:
        return f"=?{label}?B?{base64.b64encode(text.encode(encode)).decode()}?="

    raw = (
        f"From: {word('建設キャリアアップシステム')} <support@ccus-help.example.jp>\r\n"
        f"Subject: Re: {word('【お問い合わせ受付：C-2612250001】')}\r\n\r\n"
    ).encode()
    header = parse_headers(5, raw, None)
    assert header.subject == "Re: 【お問い合わせ受付：C-2612250001】"
    assert header.sender_name == "建設キャリアアップシステム"


def test_a_subject_that_no_charset_decodes_is_kept_as_it_came():
    word = "=?x-sjis?B?" + base64.b64encode(bytes([0x82])).decode() + "?="  # half a character
    assert parse_headers(7, f"Subject: {word}\r\n\r\n".encode(), None).subject == word


@pytest.mark.parametrize("encode", ["utf-8", "cp932", "euc_jp"])
def test_8_bit_header_fields_without_encoded_words_are_read_as_japanese(encode):
    raw = (
        "From: 建設キャリアアップシステム <support@ccus-help.example.jp>\r\n"
        "Subject: Re: 【お問い合わせ受付：C-2612250001】\r\n\r\n"
    ).encode(encode)
    header = parse_headers(8, raw, None)
    assert header.subject == "Re: 【お問い合わせ受付：C-2612250001】"
    assert header.sender_name == "建設キャリアアップシステム"
    assert header.sender_address == "support@ccus-help.example.jp"


def test_8_bit_header_bytes_that_fit_no_japanese_charset_keep_no_surrogates():
    header = parse_headers(9, b"Subject: \xff\xfe\xff C-2612250001\r\n\r\n", None)
    assert "C-2612250001" in header.subject
    header.subject.encode("utf-8")
