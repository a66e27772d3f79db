"""A corpus of CCUS-like mails, built as real RFC 822 messages (issue 18).

Each entry says what the mail is (its kind), which case it belongs to (a case waiting for its
receipt, or for CCUS's reply), whether it may move that case by itself, what must be stored, and
what must be stored nowhere (a password or security code). The encodings are those offices
receive: ISO-2022-JP, Shift_JIS/cp932, EUC-JP, UTF-8 in 8 bit, base64 and quoted-printable,
HTML only, multipart/alternative, a PDF attachment; the subjects every shape CCUS and mail
clients give them; the senders CCUS, and people pretending to be CCUS.

Entry ``i`` has its own client: 事業者ID ``5`` + 13 digits of ``i``, new address
``ccus{i}@client{i}.example.jp``, 受付番号 ``C-27010`` + 5 digits of ``i``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

CCUS_DOMAIN = "ccus-help.example.jp"
CCUS = ("建設キャリアアップシステムお問い合わせセンター", f"support@{CCUS_DOMAIN}")
# A tiny but real PDF (one empty page), as CCUS attaches its 受付控え.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# Where the entry's case stands before the pass.
SENT = "sent"  # waiting for the receipt (問い合わせ送信済)
WAITING = "waiting"  # receipt recorded, waiting for CCUS's reply (CCUS回答待ち)


def business_id(i: int) -> str:
    return f"5{i:013d}"


def new_email(i: int) -> str:
    return f"ccus{i}@client{i}.example.jp"


def number(i: int) -> str:
    return f"C-27010{i:05d}"


def password(i: int) -> str:
    return f"Qz{i:02d}#mK7pWx"


def code(i: int) -> str:
    return f"{(i * 7919) % 1000000:06d}"


@dataclass(frozen=True)
class Entry:
    i: int
    name: str
    message: bytes
    kind: str  # receipt | reply | completion | unknown
    case: str  # SENT | WAITING | "" (no case of its own)
    moves: bool  # records itself on its case
    reason: str = ""  # part of the reason (or trust warning) shown in 未割当
    stored: tuple[str, ...] = ()  # must be in the stored (masked) body
    never: tuple[str, ...] = ()  # must be in no table
    kind_unsure: bool = False
    # Another open case of the same company (the exact 受付番号 must still win).
    sibling: bool = False
    extra: dict = field(default_factory=dict)


def build(
    *,
    subject: str,
    body: str,
    sender: tuple[str, str] = CCUS,
    charset: str = "utf-8",
    cte: str | None = None,
    html: bool = False,
    alternative: bool = False,
    pdf: bool = False,
    headers: tuple[tuple[str, str], ...] = (),
    raw_from: str = "",
) -> bytes:
    """A real message as a mail client sends it."""
    message = EmailMessage()
    if raw_from:
        message["From"] = raw_from
    else:
        name, address = sender
        user, domain = address.split("@")
        message["From"] = Address(display_name=name, username=user, domain=domain)
    message["To"] = "desk@office.example.jp"
    message["Subject"] = subject
    message["Date"] = format_datetime(_NOW)
    message["Message-ID"] = make_msgid(domain="corpus.example.jp")
    for key, value in headers:
        message[key] = value
    if charset in _NO_CIRCLED_DIGITS:
        # ①… are not in JIS X 0208: a mailer writing these charsets puts (1)… instead.
        body = body.translate({0x2460 + n: f"({n + 1})" for n in range(20)})
    kwargs = {"charset": charset}
    if cte:
        kwargs["cte"] = cte
    as_html = "<html><body><p>" + body.replace("\n", "<br>\n") + "</p></body></html>"
    if html:
        message.set_content(as_html, subtype="html", **kwargs)
    else:
        message.set_content(body, **kwargs)
    if alternative:
        message.add_alternative(as_html, subtype="html", **kwargs)
    if pdf:
        message.add_attachment(
            PDF, maintype="application", subtype="pdf", filename="お問い合わせ受付控え.pdf"
        )
    return bytes(message)


_NO_CIRCLED_DIGITS = ("iso-2022-jp", "shift_jis", "euc-jp")
_NOW = None  # set by ``corpus(now)``: the mails' Date


def receipt_body(i: int, *, num: str | None = None) -> str:
    return (
        f"株式会社テスト建設{i}\n担当者 様\n\n"
        "この度は建設キャリアアップシステムへお問い合わせいただき、誠にありがとうございます。\n"
        "以下の内容でお問い合わせを受け付けました。内容を確認のうえ、順次ご回答いたします。\n\n"
        f"受付番号：{num or number(i)}\n\n"
        "【お問い合わせ内容】\n"
        "登録されているメールアドレスがわからなくなってしまった(使用できなくなった)ため、"
        "変更をお願いします\n\n"
        "【変更希望事業者情報】\n"
        f"①事業者名: 株式会社テスト建設{i}\n"
        f"②事業者ID: {business_id(i)}\n"
        "③事業者の所在地: 石川県七尾市御祓町1番地\n"
        "④事業者の電話番号 0767-53-1234\n"
        "⑤登録済みメールアドレス: 不明\n"
        f"⑥変更希望メールアドレス: {new_email(i)}\n"
        "⑦使用できない理由: 失念\n"
        "⑧ログイン可能か: 不可\n"
    )


def reply_body(i: int, *, with_number: bool = True, with_code: bool = False) -> str:
    about = f"お問い合わせ（受付番号：{number(i)}）の件につきまして、" if with_number else ""
    extra = f"セキュリティコード：{code(i)}\n" if with_code else ""
    return (
        f"株式会社テスト建設{i}\n担当者 様\n\n"
        f"{about}下記のとおり回答いたします。\n"
        f"事業者ID：{business_id(i)} の登録メールアドレスを {new_email(i)} に変更しました。\n\n"
        f"新しいパスワード：{password(i)}\n"
        f"{extra}\n"
        "ログイン後、パスワードの変更をお願いいたします。\n"
    )


def quoted(text: str) -> str:
    return "".join(f"> {line}\n" for line in text.splitlines())


def corpus(now) -> list[Entry]:
    """The entries, their mails dated ``now``."""
    global _NOW
    _NOW = now
    receipt_subject = "【お問い合わせ受付：{}】"
    entries: list[Entry] = []

    def receipt(i, name, **kw):
        stored = (business_id(i),)
        subject = kw.pop("subject", receipt_subject.format(number(i)))
        body = kw.pop("body", receipt_body(i))
        entries.append(
            Entry(
                i,
                name,
                build(subject=subject, body=body, **kw),
                "receipt",
                SENT,
                True,
                stored=stored,
            )
        )

    def reply(i, name, subject=None, body=None, kind="reply", **kw):
        subject = subject or f"Re: {receipt_subject.format(number(i))}"
        body = body or reply_body(i) + "\n" + quoted(receipt_body(i))
        entries.append(
            Entry(
                i,
                name,
                build(subject=subject, body=body, **kw),
                kind,
                WAITING,
                True,
                stored=(new_email(i),),
                never=(password(i),),
            )
        )

    # --- receipts from CCUS, every encoding -------------------------------------------------
    receipt(1, "receipt utf-8 8bit", cte="8bit")
    receipt(2, "receipt ISO-2022-JP", charset="iso-2022-jp")
    receipt(3, "receipt Shift_JIS base64", charset="shift_jis", cte="base64")
    receipt(4, "receipt cp932 quoted-printable", charset="cp932", cte="quoted-printable")
    receipt(5, "receipt utf-8 base64", cte="base64")
    receipt(6, "receipt utf-8 quoted-printable", cte="quoted-printable")
    receipt(7, "receipt HTML only", html=True)
    receipt(8, "receipt multipart/alternative", alternative=True, cte="base64")
    receipt(9, "receipt with a PDF attachment", pdf=True)
    receipt(10, "receipt EUC-JP", charset="euc-jp")
    receipt(11, "receipt 【お問合せ受付】", subject=f"【お問合せ受付：{number(11)}】")
    receipt(
        12,
        "receipt full-width number in the subject",
        subject=f"【お問い合わせ受付：{_full_width(number(12))}】",
    )
    receipt(
        13,
        "receipt number only in the body",
        subject="【建設キャリアアップシステム】お問い合わせを受け付けました",
    )
    receipt(14, "receipt ISO-2022-JP with a PDF", charset="iso-2022-jp", pdf=True)

    # --- replies from CCUS, every subject shape ----------------------------------------------
    reply(20, "reply Re: in the receipt's thread", cte="8bit")
    reply(21, "reply RE: ISO-2022-JP", subject=f"RE: 【お問い合わせ受付：{number(21)}】",
          charset="iso-2022-jp")  # fmt: skip
    reply(
        22,
        "reply への回答 subject, Shift_JIS",
        subject=f"【建設キャリアアップシステム】お問い合わせへの回答(受付番号：{number(22)})",
        body=reply_body(22),
        charset="shift_jis",
    )
    reply(
        23,
        "reply 変更完了 subject, number only in the body, cp932",
        subject="【建設キャリアアップシステム】登録メールアドレス変更完了のお知らせ",
        body=reply_body(23),
        charset="cp932",
        cte="base64",
    )
    reply(
        24,
        "reply quoting a Subject: FW: receipt line (Outlook block)",
        subject=f"Re: 【お問い合わせ受付：{number(24)}】",
        body=reply_body(24)
        + "\n-----Original Message-----\nFrom: 事務所 <desk@office.example.jp>\n"
        + "Sent: Friday, December 25, 2026 10:00 AM\nTo: CCUS\n"
        + f"Subject: FW: 【お問い合わせ受付：{number(24)}】\n\n"
        + receipt_body(24),
    )
    reply(
        25,
        "reply quoted entirely with > ",
        subject=f"Re: 【お問い合わせ受付：{number(25)}】",
        body=quoted(reply_body(25)),
    )
    reply(26, "reply HTML only", html=True)
    reply(27, "reply multipart/alternative base64", alternative=True, cte="base64")
    reply(28, "reply with a PDF attachment", pdf=True, charset="iso-2022-jp")
    reply(29, "reply utf-8 quoted-printable", cte="quoted-printable")
    reply(30, "reply Re[2]:", subject=f"Re[2]: 【お問い合わせ受付：{number(30)}】")
    reply(31, "reply full-width Ｒｅ：", subject=f"Ｒｅ：【お問い合わせ受付：{number(31)}】")
    reply(
        32,
        "reply with a security code too",
        body=reply_body(32, with_code=True) + quoted(receipt_body(32)),
    )
    entries[-1] = _with(entries[-1], never=(password(32), code(32)))
    reply(
        33,
        "reply naming no number: 事業者ID decides",
        subject="【建設キャリアアップシステム】登録メールアドレス変更完了のお知らせ",
        body=reply_body(33, with_number=False),
    )
    reply(34, "reply of a company with another open case", cte="base64")
    entries[-1] = _with(entries[-1], sibling=True)
    reply(
        35,
        "completion notice with the security code",
        subject="【建設キャリアアップシステム】事業者情報登録完了のお知らせ",
        body=f"事業者情報登録完了のお知らせ\n受付番号：{number(35)}\n"
        f"事業者ID：{business_id(35)}\n登録メールアドレス：{new_email(35)}\n"
        f"セキュリティコード：{code(35)}\n",
        kind="completion",
    )
    entries[-1] = _with(entries[-1], never=(code(35),))

    # --- kinds that disagree: a person decides ------------------------------------------------
    entries.append(
        Entry(
            40,
            "receipt subject over a body with a password",
            build(subject=receipt_subject.format(number(40)), body=reply_body(40)),
            "receipt",
            SENT,
            False,
            reason="種類を確認",
            never=(password(40),),
            kind_unsure=True,
        )
    )
    entries.append(
        Entry(
            41,
            "Re: subject over a body that says 受け付けました",
            build(subject=f"Re: {receipt_subject.format(number(41))}", body=receipt_body(41)),
            "reply",
            WAITING,
            False,
            reason="種類を確認",
            kind_unsure=True,
        )
    )
    entries.append(
        Entry(
            42,
            "CCUS notice of another kind",
            build(
                subject="【建設キャリアアップシステム】システムメンテナンスのお知らせ",
                body="12月30日 0:00〜6:00 はシステムを停止します。",
            ),
            "unknown",
            "",
            False,
            reason="種類を確認",
        )
    )
    entries.append(
        Entry(
            43,
            "receipt whose number is not ten digits",
            build(subject="【お問い合わせ受付：C-2701043】", body=receipt_body(43, num="C-27010")),
            "receipt",
            SENT,
            False,
            reason="10桁",
        )
    )

    entries.append(
        Entry(
            44,
            "CCUS asking for a missing document in the thread",
            build(
                subject=f"Re: {receipt_subject.format(number(44))}",
                body="お問い合わせの件、登記事項証明書の写しをご提出ください。\n\n"
                + quoted(receipt_body(44)),
                charset="iso-2022-jp",
            ),
            "reply",
            WAITING,
            False,
            reason="種類を確認",
            kind_unsure=True,
        )
    )

    # --- forwarded by people: right kind, never trusted ---------------------------------------
    client = ("株式会社テスト建設", "info@client50.example.jp")
    entries.append(
        Entry(
            50,
            "receipt forwarded by the client (Fwd:)",
            build(
                subject=f"Fwd: {receipt_subject.format(number(50))}",
                body="転送します。\n\n---------- Forwarded message ---------\n" + receipt_body(50),
                sender=client,
            ),
            "receipt",
            SENT,
            False,
            reason="送信元がCCUSとして登録されたアドレスではありません",
        )
    )
    entries.append(
        Entry(
            51,
            "receipt forwarded by staff (転送:, quoted)",
            build(
                subject=f"転送: {receipt_subject.format(number(51))}",
                body="ご確認ください。\n\n" + quoted(receipt_body(51)),
                sender=("事務所 担当", "staff@office.example.jp"),
                charset="iso-2022-jp",
            ),
            "receipt",
            SENT,
            False,
            reason="送信元がCCUSとして登録されたアドレスではありません",
        )
    )
    entries.append(
        Entry(
            52,
            "reply forwarded by the client (FW: Re:)",
            build(
                subject=f"FW: Re: {receipt_subject.format(number(52))}",
                body="CCUSから届きました。\n\n-----Original Message-----\n" + reply_body(52),
                sender=("株式会社テスト建設", "info@client52.example.jp"),
            ),
            "reply",
            WAITING,
            False,
            reason="送信元がCCUSとして登録されたアドレスではありません",
            never=(password(52),),
        )
    )

    # --- forged senders: nothing moves --------------------------------------------------------
    def forged(i, name, kind, state, reason, **kw):
        body = receipt_body(i) if kind == "receipt" else reply_body(i)
        subject = (
            receipt_subject.format(number(i))
            if kind == "receipt"
            else f"Re: {receipt_subject.format(number(i))}"
        )
        entries.append(
            Entry(
                i,
                name,
                build(subject=subject, body=body, **kw),
                kind,
                state,
                False,
                reason=reason,
                never=(password(i),) if kind == "reply" else (),
            )
        )

    not_ccus = "送信元がCCUSとして登録されたアドレスではありません"
    forged(60, "CCUS display name from another address", "receipt", SENT, not_ccus,
           sender=(CCUS[0], "attacker@example.com"))  # fmt: skip
    forged(61, "CCUS-like subject from a stranger, a phishing reply", "reply", WAITING, not_ccus,
           sender=("サポート", "stranger@example.net"))  # fmt: skip
    entries[-1] = _with(
        entries[-1],
        message=build(
            subject=f"Re: {receipt_subject.format(number(61))}",
            body=reply_body(61)
            + "\nこちらからログインしてください: https://ccus-login.example.net/\n",
            sender=("サポート", "stranger@example.net"),
        ),
    )
    forged(62, "look-alike domain (CCUS's as a prefix)", "receipt", SENT, not_ccus,
           sender=(CCUS[0], f"support@{CCUS_DOMAIN}.evil.example"))  # fmt: skip
    forged(63, "look-alike domain (CCUS's as a suffix)", "reply", WAITING, not_ccus,
           sender=(CCUS[0], f"support@x{CCUS_DOMAIN}"))  # fmt: skip
    forged(64, "a subdomain of CCUS's domain", "receipt", SENT, not_ccus,
           sender=(CCUS[0], f"support@mail.{CCUS_DOMAIN}"))  # fmt: skip
    forged(65, "CCUS's address as the display name", "reply", WAITING, not_ccus,
           raw_from=f'"{CCUS[1]}" <attacker@example.com>')  # fmt: skip
    forged(66, "two addresses in From:", "receipt", SENT, "差出人(From)のアドレスを1つに",
           raw_from=f"{CCUS[1]}, attacker@example.com")  # fmt: skip
    forged(67, "a stranger adding a passing Authentication-Results", "reply", WAITING, not_ccus,
           sender=(CCUS[0], "noreply@phish.example"),
           headers=(("Authentication-Results",
                     f"mail.office.example.jp; dkim=pass header.d={CCUS_DOMAIN}"),))  # fmt: skip
    return entries


def _full_width(text: str) -> str:
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "C-0123456789"})


def _with(entry: Entry, **changes) -> Entry:
    from dataclasses import replace

    return replace(entry, **changes)
