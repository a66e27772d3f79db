"""From a fetched message to what the desk keeps: which mails are CCUS's, the text of a message,
and its facts (kind, 受付番号, 事業者ID, address) with the masked body.
"""

from __future__ import annotations

import hashlib
import unicodedata
from email import message_from_bytes, policy
from email.message import EmailMessage
from html.parser import HTMLParser

from recovery.ccus_mail import parse_ccus_mail

from .imap import HeaderInfo

__all__ = ["CcusRules", "mail_key", "message_text", "parse_ccus_mail"]


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


def mail_key(header: HeaderInfo) -> str:
    """The Message-ID, or a digest of the header fields for a mail without one."""
    message_id = header.message_id.strip()
    if message_id and len(message_id) <= 250:
        return message_id
    digest = hashlib.sha256(header.header_bytes or message_id.encode()).hexdigest()
    return f"sha256:{digest}"


class _TextOfHtml(HTMLParser):
    BREAKS = {"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = (
        " ".join(line.split()) if "\t" not in line else line.strip()
        for line in "".join(parser.parts).splitlines()
    )
    return "\n".join(line for line in lines if line)


def message_text(raw: bytes) -> str:
    """The readable text of a message: its text/plain part, else its HTML part as text."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown or broken charset
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        return _html_to_text(content)
    return content.replace("\r\n", "\n")
