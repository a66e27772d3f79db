"""Trust apart from recognition: the From: address and the office server's DKIM/DMARC verdict."""

from __future__ import annotations

import pytest

from inbox.trust import (
    AUTH_FAILED,
    NO_AUTH_RESULTS,
    NO_TRUSTED_SENDERS,
    UNREADABLE_AUTH_RESULTS,
    UNREADABLE_FROM,
    sender_trust,
)
from office.mail_senders import TrustedSenders, trusted_sender_entry

SENDERS = TrustedSenders.from_text("ccus.jp\nsupport@ccus-help.example.jp")
SERVER = "mail.office.example.jp"


def raw(from_: str, *extra: str) -> bytes:
    lines = [f"From: {from_}", "To: desk@office.example.jp", "Subject: test", *extra]
    return ("\r\n".join(lines) + "\r\n\r\nbody\r\n").encode()


@pytest.mark.parametrize(
    "line, stored",
    [
        ("ccus.jp", "ccus.jp"),
        ("@CCUS.JP", "ccus.jp"),
        (" ｃｃｕｓ．ｊｐ ", "ccus.jp"),
        ("Info@CCUS.jp", "info@ccus.jp"),
        ("ccus", None),
        ("http://ccus.jp/", None),
        ("a b@ccus.jp", None),
        ("@", None),
        ("-ccus.jp", None),
    ],
)
def test_a_setting_line_is_an_address_or_an_exact_domain(line, stored):
    assert trusted_sender_entry(line) == stored


@pytest.mark.parametrize(
    "from_",
    [
        "=?utf-8?b?5bu66Kit44Kt44Oj44Oq44Ki44Ki44OD44OX44K344K544OG44Og?= <info@ccus.jp>",
        "建設キャリアアップシステム <info@ccus.jp>",  # an 8-bit display name
        "info@CCUS.JP",
        '"x" <support@ccus-help.example.jp>',
    ],
)
def test_a_registered_address_or_domain_is_trusted(from_):
    trust = sender_trust(raw(from_), senders=SENDERS)
    assert trust.trusted, trust.reason


@pytest.mark.parametrize(
    "from_",
    [
        "info@ccus.jp.evil.example",  # the domain as a prefix of another
        "info@xccus.jp",  # as a suffix
        "info@mail.ccus.jp",  # a subdomain is not the domain
        "other@ccus-help.example.jp",  # only that address of this domain
        '"info@ccus.jp" <attacker@example.com>',  # the display name
        "=?utf-8?b?aW5mb0BjY3VzLmpw?= <attacker@example.com>",
    ],
)
def test_a_look_alike_or_a_display_name_is_not_trusted(from_):
    trust = sender_trust(raw(from_), senders=SENDERS)
    assert not trust.trusted
    assert trust.reason.startswith("送信元がCCUSとして登録されたアドレスではありません")
    assert trust.address != "info@ccus.jp"


@pytest.mark.parametrize(
    "message",
    [
        b"To: desk@office.example.jp\r\nSubject: no sender\r\n\r\nbody",
        raw("info@ccus.jp, attacker@example.com"),
        raw("info@ccus.jp", "From: attacker@example.com"),  # two From: headers
        raw("attacker@example.com)<info@ccus.jp>"),  # the parseaddr confusion
        raw("undisclosed-recipients:;"),
        raw("建設キャリアアップシステム info@ccus.jp <attacker@example.com>"),
    ],
)
def test_a_missing_double_or_broken_from_is_not_trusted(message):
    trust = sender_trust(message, senders=SENDERS)
    assert not trust.trusted
    assert trust.reason == UNREADABLE_FROM


def test_without_trusted_senders_in_the_settings_nothing_is_trusted():
    trust = sender_trust(raw("info@ccus.jp"), senders=TrustedSenders.from_text(""))
    assert (trust.trusted, trust.reason) == (False, NO_TRUSTED_SENDERS)


@pytest.mark.parametrize(
    "header",
    [
        f"Authentication-Results: {SERVER}; dkim=pass header.d=ccus.jp header.s=s1",
        f"Authentication-Results: {SERVER};\r\n\tspf=fail smtp.mailfrom=x.example;\r\n"
        "\tdmarc=pass (p=reject) header.from=ccus.jp",
        "Authentication-Results: MAIL.OFFICE.EXAMPLE.JP; dkim=pass header.d=CCUS.JP",
        # RFC 8601 allows a version after the authserv-id, and comments around it.
        f"Authentication-Results: {SERVER} 1; dkim=pass header.d=ccus.jp",
        f"Authentication-Results: {SERVER} (postfix);\r\n\tdmarc=pass header.from=ccus.jp",
    ],
)
def test_a_dkim_or_dmarc_pass_of_the_office_server_for_the_domain_is_trusted(header):
    trust = sender_trust(raw("info@ccus.jp", header), senders=SENDERS, authserv_id=SERVER)
    assert trust.trusted, trust.reason


@pytest.mark.parametrize(
    "headers, reason",
    [
        ((), NO_AUTH_RESULTS),
        # Another server's verdict is what the sender wrote.
        (("Authentication-Results: mx.evil.example; dkim=pass header.d=ccus.jp",), NO_AUTH_RESULTS),
        ((f"Authentication-Results: {SERVER}; dkim=fail header.d=ccus.jp",), AUTH_FAILED),
        ((f"Authentication-Results: {SERVER}; dkim=pass header.d=evil.example",), AUTH_FAILED),
        ((f"Authentication-Results: {SERVER}; spf=pass smtp.mailfrom=ccus.jp",), AUTH_FAILED),
        ((f"Authentication-Results: {SERVER}; dmarc=pass header.from=xccus.jp",), AUTH_FAILED),
        ((f"Authentication-Results: {SERVER}; none",), AUTH_FAILED),
        ((f"Authentication-Results: {SERVER}; dkim=pass header.d=",), AUTH_FAILED),
        ((f"Authentication-Results: {SERVER}; dkim=",), UNREADABLE_AUTH_RESULTS),
        ((f"Authentication-Results: {SERVER}; dkim=pass (unclosed",), UNREADABLE_AUTH_RESULTS),
        # The topmost header of the office's server counts, not one the sender put below it.
        (
            (
                f"Authentication-Results: {SERVER}; dkim=fail header.d=ccus.jp",
                f"Authentication-Results: {SERVER}; dkim=pass header.d=ccus.jp",
            ),
            AUTH_FAILED,
        ),
    ],
)
def test_a_missing_or_failed_verdict_of_the_office_server_is_not_trusted(headers, reason):
    trust = sender_trust(raw("info@ccus.jp", *headers), senders=SENDERS, authserv_id=SERVER)
    assert (trust.trusted, trust.reason) == (False, reason)


def test_without_an_authserv_id_the_header_is_not_looked_at():
    header = f"Authentication-Results: {SERVER}; dkim=fail header.d=ccus.jp"
    assert sender_trust(raw("info@ccus.jp", header), senders=SENDERS).trusted


@pytest.mark.parametrize(
    "headers",
    [
        ("Sender: info@ccus.jp",),
        ("Reply-To: info@ccus.jp",),
        ("Return-Path: <info@ccus.jp>",),
        ("Resent-From: info@ccus.jp",),
        (f"Authentication-Results: {SERVER}; dmarc=pass header.from=ccus.jp",),
    ],
)
def test_only_the_from_address_counts_never_sender_reply_to_or_a_verdict_for_another(headers):
    trust = sender_trust(raw("attacker@example.com", *headers), senders=SENDERS, authserv_id=SERVER)
    assert not trust.trusted and trust.address == "attacker@example.com"


def test_a_server_named_like_the_office_s_with_a_suffix_is_another_server():
    header = f"Authentication-Results: {SERVER}.evil.example; dkim=pass header.d=ccus.jp"
    trust = sender_trust(raw("info@ccus.jp", header), senders=SENDERS, authserv_id=SERVER)
    assert (trust.trusted, trust.reason) == (False, NO_AUTH_RESULTS)


def test_a_look_alike_in_8_bit_is_not_trusted_and_its_reason_can_be_stored_and_read():
    message = raw("info@ccus.jp", "X: y").replace(b"info@ccus.jp", "info@ｃｃｕｓ.jp".encode())
    trust = sender_trust(message, senders=SENDERS)
    assert not trust.trusted
    assert "info@ｃｃｕｓ.jp" in trust.reason  # what staff see, as the mail wrote it
    trust.reason.encode("utf-8")  # no lone surrogates: the database would refuse them
    trust.address.encode("utf-8")


@pytest.mark.parametrize("address", ["info@ｃｃｕｓ.jp", "ｉｎｆｏ@ccus.jp", "info@ccuſ.jp"])
def test_an_8_bit_look_alike_that_normalises_to_a_trusted_address_is_not_trusted(address):
    message = raw("x@example.com").replace(b"x@example.com", address.encode())
    trust = sender_trust(message, senders=SENDERS)
    assert not trust.trusted and trust.address == address
