"""CCUS's mails, read the same way wherever they come from: the office mailbox (``inbox``) and
the mails staff paste into a case (``recovery.forms``). The one owner of what a mail *is*.

A mail becomes facts: its kind (receipt, reply, completion notice, other), its 受付番号 (the shape
is ``office.receipt_number``'s), its time, the 事業者ID and address it names, and its body with
every secret masked.

The kind comes from the subject and the body together:

- The subject, without its ``Re:``/``RE:``/``Fwd:``/``FW:``/``転送:`` prefixes.
  【お問い合わせ受付：…】 is a receipt, unless a ``Re:`` says the mail answers in the
  receipt's thread (then a reply);
  「…への回答」 or 「…変更完了…」 is a reply; 「登録完了のお知らせ」 a completion notice.
- The body's *own* text: without ``> `` quoted lines and without what follows a forwarded or
  original-message block (``-----Original Message-----``, 「転送されたメッセージ」, a
  ``From:``/``Subject:`` header block after the writer's own lines), except in a forwarded mail,
  whose content *is* the forwarded part. 「受け付けました」 says receipt; a password or security
  code, 「変更しました」 or 「新しいパスワード」 say reply. A mail quoted entirely is read from its
  quoted text when nothing else tells its kind.

When the subject and the body point to different steps (a receipt subject over a body with a
password, a reply subject over a body that only acknowledges or says nothing of the change),
the mail is marked
``kind_unsure`` and never recorded on a case without a person. A reply's body that also recalls
the receipt (「受け付けました件につきまして、変更しました」) is a reply.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime

from clients.normalize import digits_only, normalize_email
from office import receipt_number
from office.secrets import Finding, find_secrets, mask_secrets

from .business_days import TOKYO

RECEIPT = "receipt"
REPLY = "reply"
COMPLETION = "completion"
UNKNOWN = "unknown"
KINDS = (RECEIPT, REPLY, COMPLETION, UNKNOWN)

# The step of the procedure a kind of mail belongs to: the receipt, or CCUS's answer (a
# completion notice answers the inquiry too).
STEP_OF_KIND = {RECEIPT: RECEIPT, REPLY: REPLY, COMPLETION: REPLY}
KIND_LABELS = {
    RECEIPT: "受付メール",
    REPLY: "回答メール",
    COMPLETION: "完了通知",
    UNKNOWN: "種類不明のメール",
}

_RECEIPT_TEN = receipt_number.IN_TEXT_TEN
_RECEIPT_ANY = receipt_number.IN_TEXT_ANY
_RECEIPT_SUBJECT = receipt_number.SUBJECT_BRACKET
_SUBJECT_LINE = re.compile(r"^[ \t]*(?:件名|題名|Subject)[ \t]*[:：]?(.*)$", re.MULTILINE | re.I)
_JA_DATETIME = re.compile(
    r"(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?\s*(?:[(（][^)）]{1,3}[)）])?"
    r"\s*(\d{1,2})\s*[:時]\s*(\d{2})"
)
_DATE_HEADER = re.compile(r"^(?:Date|日付|送信日時)\s*[:：]\s*(.+)$", re.MULTILINE | re.IGNORECASE)
_BUSINESS_ID = re.compile(
    r"事業者\s*ID[^\d\n]{0,12}?(\d(?:[ \t-]?\d){13})(?![ \t-]?\d)", re.IGNORECASE
)
_NEW_EMAIL = re.compile(
    r"(?:新しい|変更後の?|変更希望|新|ご登録の?|登録)\s*(?:登録)?\s*(?:メール\s*アドレス|E-?mail)"
    r"[^@\n]{0,20}?\n?[^@\n]{0,12}?([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)",
    re.IGNORECASE,
)

# --- the kind -------------------------------------------------------------------------------

# One reply/forward prefix of a subject (after NFKC, so "：" is ":"); "Re[2]:" and "RE(3):" too.
_PREFIX = re.compile(
    r"^\s*(?:(?P<re>re|aw|sv|返信)|(?P<fwd>fwd?|fw|tr|転送))\s*(?:\[\d+\]|\(\d+\))?\s*:\s*",
    re.IGNORECASE,
)
# A tag a mail server, a filter or a list puts in front of a subject ([SPAM], [meiwaku], [外部]):
# it may stand before or between the prefixes, and must not hide a ``Re:`` behind it.
_TAG = re.compile(r"^\s*\[[^\[\]\n]{1,40}\]\s*(?=\S)")
# The start of a forwarded or original message inside a body.
_FORWARD_MARKER = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:forwarded message|original message|転送(?:された)?メッセージ|"
    r"元のメッセージ|転送メール)[ \t]*-{2,}.*|begin forwarded message:.*)$",
    re.MULTILINE | re.IGNORECASE,
)
# A header block of a quoted mail (Outlook writes one instead of "> " quoting).
_HEADER_BLOCK = re.compile(
    r"^[ \t]*(?:From|差出人|送信者)[ \t]*:.*\n(?:[ \t]*\S.*\n){0,5}?[ \t]*(?:Subject|件名)[ \t]*:",
    re.MULTILINE | re.IGNORECASE,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)

# What a subject or a body says, each list commented by the mails it comes from.
_SUBJECT_COMPLETION = re.compile(r"登録完了のお知らせ|登録完了通知")
# 「お問い合わせへの回答(受付番号：C-…)」, 「登録メールアドレス変更完了のお知らせ」.
_SUBJECT_REPLY = re.compile(r"への(?:ご)?回答|変更(?:手続き)?完了|パスワード(?:の)?(?:再)?発行")
# The receipt: 「以下の内容でお問い合わせを受け付けました」.
_BODY_RECEIPT = re.compile(
    r"受け?付け?(?:いた|致)?しました|受け付けました|受付を完了|お問い?合わせを受け?付け"
)
# The reply: the change is done, a new password follows. Not 「回答いたします」: a receipt
# promises that too.
# Not 「…への回答は数日後」 either.
_BODY_REPLY = re.compile(
    r"変更(?:が|を)?完了|変更(?:いた|致)?しました|新(?:しい)?パスワード|仮パスワード|"
    r"初期パスワード|パスワードを(?:再)?発行|(?:下記|以下)の(?:とおり|通り)(?:ご)?回答"
)
# The registration-complete notice (登録完了通知), which carries the security code.
_BODY_COMPLETION = re.compile(r"事業者情報登録完了|登録完了のお知らせ|登録完了通知")


def _normalise_mail(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return receipt_number.normalise_dashes(text)


def strip_subject_prefixes(subject: str) -> tuple[str, bool, bool]:
    """The subject without its reply/forward prefixes and the ``[tags]`` among them: (rest,
    had ``Re:``, had ``Fwd:``)."""
    text = unicodedata.normalize("NFKC", subject or "").strip()
    replied = forwarded = False
    while match := _PREFIX.match(text) or _TAG.match(text):
        if match.re is _PREFIX:
            replied = replied or bool(match.group("re"))
            forwarded = forwarded or bool(match.group("fwd"))
        text = text[match.end() :]
    return text.strip(), replied, forwarded


def own_text_end(text: str) -> int:
    """Where the writer's own text ends: at a forwarded/original-message marker, or at a quoted
    mail's header block that follows some own text; ``len(text)`` without either."""
    ends = [len(text)]
    marker = _FORWARD_MARKER.search(text)
    if marker:
        ends.append(marker.start())
    for block in _HEADER_BLOCK.finditer(text):
        if text[: block.start()].strip(" \t\n>"):
            ends.append(block.start())
            break
    return min(ends)


def split_body(text: str) -> tuple[str, str]:
    """(own text without quoted lines, the rest: quoted lines unquoted and the forwarded part)."""
    end = own_text_end(text)
    own = _QUOTED_LINE.sub("", text[:end])
    quoted = "\n".join(m.group(0) for m in _QUOTED_LINE.finditer(text[:end]))
    rest = _QUOTE_MARKS.sub("", quoted + "\n" + text[end:])
    return own, rest


def _subject_kind(subject: str) -> str | None:
    rest, replied, _forwarded = strip_subject_prefixes(subject)
    if not rest:
        return None
    if _SUBJECT_COMPLETION.search(rest):
        return COMPLETION
    if _SUBJECT_REPLY.search(rest):
        return REPLY
    if _RECEIPT_SUBJECT.search(rest) or "お問い合わせ受付" in rest or "お問合せ受付" in rest:
        # "Re: 【お問い合わせ受付：…】" is CCUS answering in the receipt's thread.
        return REPLY if replied else RECEIPT
    return None


def _body_signals(text: str) -> set[str]:
    signals = set()
    if _BODY_COMPLETION.search(text):
        signals.add(COMPLETION)
    if _BODY_REPLY.search(text) or find_secrets(text):
        signals.add(REPLY)
    if _BODY_RECEIPT.search(text):
        signals.add(RECEIPT)
    return signals


def _kind_from_signals(signals: set[str]) -> str:
    if COMPLETION in signals:
        return COMPLETION
    if REPLY in signals:
        return REPLY
    if RECEIPT in signals:
        return RECEIPT
    return UNKNOWN


@dataclass(frozen=True)
class MailKind:
    kind: str
    unsure: bool = False
    note: str = ""  # why staff must check the kind (Japanese)


def mail_kind(subject: str, text: str) -> MailKind:
    """The kind of a mail from its subject and its (normalised) body together."""
    own, rest = split_body(text)
    _subject, _replied, forwarded = strip_subject_prefixes(subject)
    by_subject = _subject_kind(subject)
    signals = _body_signals(own + "\n" + rest if forwarded else own)
    if not signals and not by_subject:
        signals = _body_signals(rest)  # a mail quoted entirely, or only a forwarded part
    steps = {STEP_OF_KIND[s] for s in signals}
    if by_subject:
        step = STEP_OF_KIND[by_subject]
        other = steps - {step}
        if step == REPLY and REPLY in steps:
            # A reply recalls the receipt (「先日受け付けました件につきまして」); a receipt
            # never carries a reply's password, so the other way round stays a conflict.
            other = set()
        if other:
            return MailKind(by_subject, True, _conflict_note(by_subject, other.pop()))
        if by_subject == REPLY:
            # The reply step starts the login work: it needs the body to say the change is done
            # (a mail quoted entirely says it in its quoted text). A reply asking for a missing
            # document, or one that only quotes the receipt, is for a person to read.
            said = signals or {s for s in _body_signals(rest) if STEP_OF_KIND[s] == REPLY}
            if not said:
                return MailKind(REPLY, True, NO_ANSWER_NOTE)
            if COMPLETION in said:
                return MailKind(COMPLETION)
        return MailKind(by_subject)
    kind = _kind_from_signals(signals)
    if len(steps) > 1:
        return MailKind(kind, True, "本文に受付メールと回答メールの両方の特徴があります。")
    return MailKind(kind)


NO_ANSWER_NOTE = (
    "件名は回答メールですが、本文に変更の完了や新しいパスワードの記載がありません"
    "(不足の連絡などかもしれません)。"
)


def _conflict_note(by_subject: str, by_body: str) -> str:
    return (
        f"件名は{KIND_LABELS[by_subject]}、本文は{KIND_LABELS[by_body]}の内容です"
        "(パスワード・「受け付けました」などの文言から判定)。"
    )


# --- the facts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailFacts:
    """What a pasted or fetched CCUS mail says, and its body with every secret masked."""

    kind: str  # "receipt" | "reply" | "completion" | "unknown"
    receipt_number: str | None
    receipt_number_needs_confirmation: bool
    received_at: datetime | None
    business_id: str | None
    new_email: str | None
    masked_body: str
    findings: list[Finding] = field(default_factory=list)
    # The subject and the body point to different steps: a person decides.
    kind_unsure: bool = False
    kind_note: str = ""


def _receipt_candidates(text: str, own_end: int | None = None) -> list[tuple[str, bool, bool]]:
    """(number, exactly ten digits, quoted or forwarded) for each 受付番号 in ``text``, in order."""
    own_end = len(text) if own_end is None else own_end
    found: list[tuple[int, str, bool, bool]] = []
    taken: list[tuple[int, int]] = []
    for match in _RECEIPT_TEN.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        taken.append(match.span())
        outside = _on_quoted_line(text, match.start()) or match.start() >= own_end
        found.append((match.start(), "C-" + digits, True, outside))
    for match in _RECEIPT_ANY.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        digits = re.sub(r"\D", "", match.group(1))
        outside = _on_quoted_line(text, match.start()) or match.start() >= own_end
        found.append((match.start(), "C-" + digits, False, outside))
    found.sort()
    return [(number, exact, quoted) for _pos, number, exact, quoted in found]


def _on_quoted_line(text: str, pos: int) -> bool:
    start = text.rfind("\n", 0, pos) + 1
    return text[start:pos].lstrip().startswith(">")


def _subject_number(subject: str, text: str, own_end: int) -> tuple[str, bool] | None:
    """The number in the subject: the given one, or (a pasted mail) a 件名 line of its own text
    or an unquoted 【お問い合わせ受付：C-…】."""
    if subject:
        subjects = [subject]
    else:
        own = text[:own_end]
        subjects = [m.group(1) for m in _SUBJECT_LINE.finditer(own)]
        brackets = _RECEIPT_SUBJECT.finditer(own)
        subjects += [m.group(0) for m in brackets if not _on_quoted_line(own, m.start())]
    for line in subjects:
        inner = _RECEIPT_SUBJECT.search(line)
        for candidate in _receipt_candidates(inner.group(1) if inner else line):
            return candidate[0], candidate[1]
    return None


def _choose_receipt(subject: str, text: str) -> tuple[str | None, bool]:
    own_end = own_text_end(text)
    from_subject = _subject_number(_normalise_mail(subject), text, own_end)
    if from_subject:
        number, exact = from_subject
        return number, not exact
    candidates = _receipt_candidates(text, own_end)
    if not candidates:
        return None, False
    own = [c for c in candidates if not c[2]] or candidates
    numbers = {c[0] for c in own}
    number, exact, _quoted = own[0]
    return number, (not exact) or len(numbers) > 1


def parse_ccus_mail(text: str, *, subject: str = "") -> MailFacts:
    """Turn a CCUS mail (pasted or fetched) into facts plus its body with secrets masked.

    The 受付番号 of the subject wins over numbers in the body, and the body's own number over
    quoted or forwarded ones; a number that is not exactly ten digits after joining line breaks
    and quoting, or that is one of several different numbers, needs a person's confirmation.
    """
    raw = text or ""
    norm = _normalise_mail(raw)
    number, needs_confirmation = _choose_receipt(subject or "", norm)
    business_id = None
    for match in _BUSINESS_ID.finditer(norm):
        business_id = re.sub(r"\D", "", match.group(1))
        if not _on_quoted_line(norm, match.start()):
            break
    email = None
    for match in _NEW_EMAIL.finditer(norm):
        email = normalize_email(match.group(1))
        if not _on_quoted_line(norm, match.start(1)):
            break
    subject_text = subject or _pasted_subject(norm)
    kind = mail_kind(_normalise_mail(subject_text), norm)
    return MailFacts(
        kind=kind.kind,
        receipt_number=number,
        receipt_number_needs_confirmation=needs_confirmation,
        received_at=extract_mail_time(raw),
        business_id=business_id,
        new_email=email,
        masked_body=mask_secrets(raw),
        findings=find_secrets(raw),
        kind_unsure=kind.unsure,
        kind_note=kind.note,
    )


def _pasted_subject(norm: str) -> str:
    """The 件名 line of a pasted mail's own text (never one of a quoted or forwarded mail)."""
    match = _SUBJECT_LINE.search(norm[: own_text_end(norm)])
    return match.group(1).strip() if match else ""


def mail_mismatches(facts, *, business_id: str, new_email: str) -> list[str]:
    """Japanese warnings when the mail names another 事業者ID or address than the case.

    ``facts`` is anything with ``business_id`` and ``new_email`` (MailFacts, a stored mail)."""
    warnings = []
    if facts.business_id and business_id and facts.business_id != digits_only(business_id):
        warnings.append(
            f"メールの事業者ID({facts.business_id})がこの案件の事業者ID({digits_only(business_id)})"
            "と違います。別の事業者のメールではないか確認してください。"
        )
    if facts.new_email and new_email and facts.new_email != normalize_email(new_email):
        warnings.append(
            f"メールに書かれたメールアドレス({facts.new_email})が変更希望メールアドレス"
            f"({normalize_email(new_email)})と違います。"
        )
    return warnings


def kind_mismatch(kind: str, *, expected_step: str) -> str:
    """A Japanese warning when a mail of ``kind`` is recorded as the ``expected_step``; ""."""
    step = STEP_OF_KIND.get(kind)
    if step is None or step == expected_step:
        return ""
    return (
        f"このメールは{KIND_LABELS[kind]}のようです({KIND_LABELS[expected_step]}として"
        "記録しようとしています)。貼り付けたメールを確認してください。"
    )


def extract_receipt_number(text: str) -> str | None:
    """The 受付番号 (``C-`` and digits) in a pasted receipt mail, or None."""
    return _choose_receipt("", _normalise_mail(text))[0]


def extract_mail_time(text: str) -> datetime | None:
    """The time a pasted mail was sent (a Date: header or 2026年12月25日 10:15), in Tokyo."""
    text = _normalise_mail(text)
    header = _DATE_HEADER.search(text)
    if header:
        try:
            moment = parsedate_to_datetime(header.group(1).strip())
        except (TypeError, ValueError, IndexError, OverflowError):
            moment = None
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=TOKYO)
            return moment
    match = _JA_DATETIME.search(text)
    if match:
        year, month, day, hour, minute = (int(g) for g in match.groups())
        try:
            return datetime(year, month, day, hour, minute, tzinfo=TOKYO)
        except ValueError:
            return None
    return None
