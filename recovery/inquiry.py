"""The CCUS inquiry text, the parsing of CCUS's mails, and the masking of secrets.

The inquiry text is derived (never stored) from the client, the case and the office. Its labels
are the office guide's, byte for byte (domain.md's code block), including the line
「④事業者の電話番号」 which has no colon in the guide.

Secrets (CCUS passwords and security codes) must never be stored: every text a user pastes or
types into a case goes through ``mask_secrets`` before it is saved.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime

from django.utils.translation import gettext as _

from clients.normalize import digits_only, normalize_email, number_text
from office import receipt_number
from office.secrets import Finding, find_secrets, mask_secrets
from office.selectors import user_full_name

from .business_days import TOKYO

INQUIRY_ITEM = (
    "①ログイン情報を教えてほしい。(※セキュリティコード/登録メールアドレス/パスワードが不明)"
)

INQUIRY_TEMPLATE = (
    "【お問い合わせ内容】\n"
    "登録されているメールアドレスがわからなくなってしまった(使用できなくなった)ため、変更をお願いします\n"
    "\n"
    "【変更希望事業者情報】\n"
    "①事業者名: {name}\n"
    "②事業者ID: {business_id}\n"
    "③事業者の所在地: {address}\n"
    "④事業者の電話番号 {phone}\n"
    "⑤登録済みメールアドレス: 不明\n"
    "⑥変更希望メールアドレス: {new_email}\n"
    "⑦使用できない理由: 失念\n"
    "⑧ログイン可能か: 不可"
)


@dataclass
class Inquiry:
    """The texts to paste into the CCUS form, or what is still missing."""

    missing: list[str] = field(default_factory=list)
    item: str = INQUIRY_ITEM
    body: str = ""
    contact: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.missing

    @property
    def contact_text(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.contact)

    @property
    def full_text(self) -> str:
        """All three blocks as one text (the ``inquiry.txt`` download)."""
        return (
            "【お問い合わせ項目】\n"
            f"{self.item}\n"
            "\n"
            "【情報記入欄】\n"
            f"{self.body}\n"
            "\n"
            "【お問い合わせ担当者情報】\n"
            f"{self.contact_text}\n"
        )


def build_inquiry(case, office) -> Inquiry:
    """The inquiry of ``case`` (client + case + office), or the list of what is missing."""
    client = case.client
    missing: list[str] = []
    checks = [
        (client.name, _("事業者名(事業者の画面で入力してください)")),
        (client.business_id, _("事業者ID(事業者の画面で14桁を入力してください)")),
        (client.address, _("事業者の所在地(事業者の画面で登録時の書類どおりに入力してください)")),
        (client.phone, _("事業者の電話番号(事業者の画面で入力してください)")),
        (
            case.new_email,
            _("変更希望メールアドレス(この案件の「案件情報を編集」で入力してください)"),
        ),
        (case.assignee_id, _("担当者(この案件の「案件情報を編集」で選んでください)")),
        (office.name, _("事務所名(事務所設定で入力してください)")),
        (office.email, _("事務所のメールアドレス(事務所設定で入力してください)")),
        (office.tel, _("事務所の電話番号(事務所設定で入力してください)")),
    ]
    for value, label in checks:
        if not value:
            missing.append(label)
    assignee_name = user_full_name(case.assignee) if case.assignee_id else ""
    if case.assignee_id and not assignee_name:
        missing.append(_("担当者の氏名(ユーザー設定で姓・名を入力してください)"))
    if missing:
        return Inquiry(missing=missing)
    body = INQUIRY_TEMPLATE.format(
        name=client.name.strip(),
        business_id=digits_only(client.business_id),
        address=client.address.strip(),
        phone=number_text(client.phone),
        new_email=normalize_email(case.new_email),
    )
    contact = [
        ("会社名", office.name.strip()),
        ("氏名", assignee_name),
        ("メールアドレス", normalize_email(office.email)),
        ("電話番号", number_text(office.tel)),
    ]
    return Inquiry(body=body, contact=contact)


# --- CCUS's mails ---------------------------------------------------------------------------

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
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)


def _normalise_mail(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return receipt_number.normalise_dashes(text)


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


def _receipt_candidates(text: str) -> list[tuple[str, bool, bool]]:
    """(number, exactly ten digits, on a quoted line) for each 受付番号 in ``text``, in order."""
    found: list[tuple[int, str, bool, bool]] = []
    taken: list[tuple[int, int]] = []
    for match in _RECEIPT_TEN.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        taken.append(match.span())
        found.append((match.start(), "C-" + digits, True, _on_quoted_line(text, match.start())))
    for match in _RECEIPT_ANY.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        digits = re.sub(r"\D", "", match.group(1))
        found.append((match.start(), "C-" + digits, False, _on_quoted_line(text, match.start())))
    found.sort()
    return [(number, exact, quoted) for _pos, number, exact, quoted in found]


def _on_quoted_line(text: str, pos: int) -> bool:
    start = text.rfind("\n", 0, pos) + 1
    return text[start:pos].lstrip().startswith(">")


def _subject_number(subject: str, text: str) -> tuple[str, bool] | None:
    """The number of 【お問い合わせ受付：C-…】 in the subject (given, or a 件名 line)."""
    subjects = [subject] if subject else []
    subjects += [m.group(1) for m in _SUBJECT_LINE.finditer(text)]
    subjects += [
        m.group(0) for m in _RECEIPT_SUBJECT.finditer(text) if not _on_quoted_line(text, m.start())
    ]
    for line in subjects:
        inner = _RECEIPT_SUBJECT.search(line)
        for candidate in _receipt_candidates(inner.group(1) if inner else line):
            return candidate[0], candidate[1]
    return None


def _choose_receipt(subject: str, text: str) -> tuple[str | None, bool]:
    from_subject = _subject_number(_normalise_mail(subject), text)
    if from_subject:
        number, exact = from_subject
        return number, not exact
    candidates = _receipt_candidates(text)
    if not candidates:
        return None, False
    own = [c for c in candidates if not c[2]] or candidates
    numbers = {c[0] for c in own}
    number, exact, _quoted = own[0]
    return number, (not exact) or len(numbers) > 1


def _mail_kind(subject: str, text: str) -> str:
    head = subject + "\n" + "\n".join(m.group(1) for m in _SUBJECT_LINE.finditer(text))
    if "登録完了のお知らせ" in head or "事業者情報登録完了" in text:
        return "completion"
    if "お問い合わせ受付" in head or "お問合せ受付" in head:
        return "receipt"
    own = _QUOTED_LINE.sub("", text)
    if re.search(
        r"変更(?:が|を)?完了|変更いたしました|変更しました|新(?:しい)?パスワード|"
        r"回答いたします|ご回答|仮パスワード",
        own,
    ):
        return "reply"
    if re.search(r"お問い?合わせ受付|受け?付(?:け|い)(?:いた)?しました|受付番号", own):
        return "receipt"
    return "unknown"


def parse_ccus_mail(text: str, *, subject: str = "") -> MailFacts:
    """Turn a CCUS mail (pasted or fetched) into facts plus its body with secrets masked.

    The 受付番号 of a 【お問い合わせ受付：C-…】 subject wins over numbers quoted in the body; a
    number that is not exactly ten digits after joining line breaks and quoting, or that is one
    of several different numbers, needs the user's confirmation before it is stored.
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
    return MailFacts(
        kind=_mail_kind(_normalise_mail(subject or ""), norm),
        receipt_number=number,
        receipt_number_needs_confirmation=needs_confirmation,
        received_at=extract_mail_time(raw),
        business_id=business_id,
        new_email=email,
        masked_body=mask_secrets(raw),
        findings=find_secrets(raw),
    )


def mail_mismatches(facts: MailFacts, *, business_id: str, new_email: str) -> list[str]:
    """Japanese warnings when the mail names another 事業者ID or address than the case."""
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
        except (TypeError, ValueError, IndexError):
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
