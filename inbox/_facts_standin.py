"""TEMPORARY stand-in for ``recovery.inquiry.parse_ccus_mail`` until the secrets branch lands.

Delete this module once ``recovery.inquiry.parse_ccus_mail`` exists.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from recovery.inquiry import extract_mail_time, extract_receipt_number, mask_all

_SUBJECT_RECEIPT = re.compile(r"お問い合わせ受付:\s*C\s*-\s*(\d{10})(?!\d)")
_BUSINESS_ID = re.compile(r"(?<!\d)(\d{14})(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class MailFacts:
    kind: str
    receipt_number: str | None
    receipt_number_needs_confirmation: bool
    received_at: datetime | None
    business_id: str | None
    new_email: str | None
    masked_body: str
    findings: tuple = field(default_factory=tuple)


def parse_ccus_mail(text: str, *, subject: str = "") -> MailFacts:
    norm = unicodedata.normalize("NFKC", f"{subject}\n{text}")
    number = None
    needs = False
    match = _SUBJECT_RECEIPT.search(unicodedata.normalize("NFKC", subject))
    if match:
        number = "C-" + match.group(1)
    else:
        number = extract_receipt_number(norm)
        needs = bool(number) and not re.fullmatch(r"C-\d{10}", number)
    if "お問い合わせ受付" in norm:
        kind = "receipt"
    elif re.search(r"変更.{0,10}完了|完了しました|パスワード", norm):
        kind = "reply"
    else:
        kind = "unknown"
    ids = _BUSINESS_ID.findall(norm.replace("-", "").replace(" ", ""))
    emails = [e for e in _EMAIL.findall(norm) if "ccus" not in e.lower()]
    return MailFacts(
        kind=kind, receipt_number=number, receipt_number_needs_confirmation=needs,
        received_at=extract_mail_time(text), business_id=ids[0] if ids else None,
        new_email=emails[0] if emails else None, masked_body=mask_all(text),
    )
