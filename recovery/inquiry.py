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

from clients.normalize import DASHES, digits_only, normalize_email, number_text
from office.secrets import MASK as MASK  # re-exported for the case services and tests
from office.secrets import mask_secrets
from office.selectors import user_full_name

from .business_days import TOKYO

# Pasted mails and notes are masked by the one implementation in office.secrets.
mask_all = mask_secrets

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
        (client.name, "事業者名(事業者の画面で入力してください)"),
        (client.business_id, "事業者ID(事業者の画面で14桁を入力してください)"),
        (client.address, "事業者の所在地(事業者の画面で登録時の書類どおりに入力してください)"),
        (client.phone, "事業者の電話番号(事業者の画面で入力してください)"),
        (case.new_email, "変更希望メールアドレス(この案件の「案件情報を編集」で入力してください)"),
        (case.assignee_id, "担当者(この案件の「案件情報を編集」で選んでください)"),
        (office.name, "事務所名(事務所設定で入力してください)"),
        (office.email, "事務所のメールアドレス(事務所設定で入力してください)"),
        (office.tel, "事務所の電話番号(事務所設定で入力してください)"),
    ]
    for value, label in checks:
        if not value:
            missing.append(label)
    assignee_name = user_full_name(case.assignee) if case.assignee_id else ""
    if case.assignee_id and not assignee_name:
        missing.append("担当者の氏名(ユーザー設定で姓・名を入力してください)")
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

# Ten digits as in 【お問い合わせ受付：C-xxxxxxxxxx】, possibly broken by spaces or line breaks.
_RECEIPT_TEN = re.compile(r"C\s*-\s*(\d(?:[ \t\r\n]*\d){9})(?![ \t]*\d)")
_RECEIPT_ANY = re.compile(r"C\s*-\s*(\d{4,15})(?!\d)")
_JA_DATETIME = re.compile(
    r"(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?\s*(?:[(（][^)）]{1,3}[)）])?"
    r"\s*(\d{1,2})\s*[:時]\s*(\d{2})"
)
_DATE_HEADER = re.compile(r"^(?:Date|日付|送信日時)\s*[:：]\s*(.+)$", re.MULTILINE | re.IGNORECASE)


_DASH_TO_HYPHEN = str.maketrans(dict.fromkeys(DASHES, "-"))


def _normalise_mail(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return text.translate(_DASH_TO_HYPHEN)


def extract_receipt_number(text: str) -> str | None:
    """The 受付番号 (``C-`` and digits) in a pasted receipt mail, or None."""
    text = _normalise_mail(text)
    match = _RECEIPT_TEN.search(text) or _RECEIPT_ANY.search(text)
    if not match:
        return None
    return "C-" + re.sub(r"\s", "", match.group(1))


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
