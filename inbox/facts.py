"""From a fetched message to what the desk keeps: which mails are CCUS's, the text of a message,
and its facts (kind, 受付番号, 事業者ID, address) with the masked body.
"""

from __future__ import annotations

import unicodedata

from recovery.ccus_mail import parse_ccus_mail

from .imap import HeaderInfo
from .reading import message_text

__all__ = ["CcusRules", "message_text", "parse_ccus_mail"]


def _norm(text: str) -> str:
    # Without any white space: a long Japanese name or subject arrives as several RFC 2047
    # words, and decoding joins them with a space (「…お問い合わせ センター」).
    return "".join(unicodedata.normalize("NFKC", text or "").casefold().split())


class CcusRules:
    """The office's sender and subject rules (事務所設定): one substring per line, any width.

    Recognition only: a match decides that a mail is read, never that it may move a case (anyone
    can write a display name or a subject; that is ``inbox.trust``)."""

    def __init__(self, senders: str, subjects: str) -> None:
        self.senders = [
            _norm(line.strip()) for line in (senders or "").splitlines() if line.strip()
        ]
        self.subjects = [
            _norm(line.strip()) for line in (subjects or "").splitlines() if line.strip()
        ]

    @classmethod
    def from_office(cls, office) -> CcusRules:
        return cls(office.ccus_mail_senders, office.ccus_mail_subjects)

    def matches(self, header: HeaderInfo) -> bool:
        sender = _norm(f"{header.sender_name} {header.sender_address} {header.sender}")
        subject = _norm(header.subject)
        return any(rule in sender for rule in self.senders) or any(
            rule in subject for rule in self.subjects
        )
