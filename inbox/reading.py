"""From the bytes of one fetched message to its readable text, bounded, or a reason in Japanese.

A mail is data from a stranger: whatever its size, nesting, charset or bytes, reading it either
gives text of bounded size or raises ``UnreadableMail`` with a sentence for staff. Nothing here
touches the database; the caller keeps an unreadable mail's headers for staff and goes on with
the next mail.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message
from html.parser import HTMLParser

from .charsets import decode_text

__all__ = [
    "MAX_MESSAGE_BYTES",
    "MAX_MULTIPARTS",
    "STORED_BODY_LIMIT",
    "TEXT_LIMIT",
    "MailText",
    "UnreadableMail",
    "cap_stored_body",
    "content_key",
    "read_message",
    "too_large_key",
    "too_large_reason",
]

# The text handed to the facts and the masking: a CCUS mail is a few KB; a longer one is cut
# here, before masking, so that neither costs more than this whatever the mail's size.
TEXT_LIMIT = 100_000
# A message larger than this is not fetched at all (it could exhaust the worker's memory): its
# header fields are kept for staff. CCUS's mails are a few KB; a mail server's limit is 25–50 MB.
MAX_MESSAGE_BYTES = 30 * 1024 * 1024
# What is stored of a masked body, in bytes (UTF-8); the page says when it was cut.
STORED_BODY_LIMIT = 100 * 1024
# Multipart containers in one message. CCUS's mails have one or two; 1,500 nested ones make the
# standard parser recurse past Python's limit.
MAX_MULTIPARTS = 100
# How deep the search for the text part goes (a forwarded mail in a mail is three or four).
MAX_DEPTH = 12
# HTML is cut before it is turned into text (tags make it longer than the text it holds).
HTML_LIMIT = 4 * TEXT_LIMIT

_MULTIPART = re.compile(rb"^content-type:\s*multipart/", re.IGNORECASE | re.MULTILINE)


class UnreadableMail(Exception):
    """The mail cannot be read; ``str(error)`` is the Japanese reason shown to staff."""


@dataclass(frozen=True)
class MailText:
    text: str
    truncated: bool = False


def content_key(raw: bytes) -> str:
    """The key that makes a mail "already seen": a digest of the whole message as the server
    holds it, trace headers included. A sender can choose a Message-ID, never another mail's
    bytes, so no mail can shadow another; the same stored message read again (two passes, a
    restart, a new UIDVALIDITY) has the same key."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def too_large_key(header_bytes: bytes, size: int) -> str:
    """The "seen" key of a message too large to fetch: its header fields and size (the bytes
    are never read). A sender copying them can only hide another unreadable mail's row."""
    return "large:sha256:" + hashlib.sha256(header_bytes + b"\0" + str(size).encode()).hexdigest()


def too_large_reason(size: int) -> str:
    return (
        f"メールが大きすぎるため({size / 1024 / 1024:.0f}MB、上限 "
        f"{MAX_MESSAGE_BYTES // 1024 // 1024}MB)、読み取りませんでした。"
    )


def read_message(raw: bytes) -> MailText:
    """The readable text of a message (its text/plain part, else its HTML part as text), NUL
    removed and cut to ``TEXT_LIMIT`` characters. Raises UnreadableMail."""
    if len(_MULTIPART.findall(raw)) > MAX_MULTIPARTS:
        raise UnreadableMail(
            "メールのパート(multipart)が多すぎるか深く入れ子になっているため、読み取りませんでした。"
        )
    message = message_from_bytes(raw, policy=policy.default)
    part = _text_part(message)
    if part is None:
        return MailText("")
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return MailText("")
    label = part.get_content_charset()
    content = decode_text(payload, label)
    if content is None:
        raise UnreadableMail(
            f"本文の文字コード({(label or '指定なし')[:40]})では読めない文字があるため、本文を"
            "保存していません。メールソフトで本文を確認してください。"
        )
    cut_html = False
    if part.get_content_subtype() == "html":
        cut_html = len(content) > HTML_LIMIT
        content = _html_to_text(content[:HTML_LIMIT])
    content = content.replace("\x00", "").replace("\r\n", "\n")
    if len(content) <= TEXT_LIMIT:
        return MailText(content, truncated=cut_html)
    cut = content.rfind("\n", 0, TEXT_LIMIT)
    return MailText(content[: cut if cut > TEXT_LIMIT // 2 else TEXT_LIMIT], truncated=True)


def cap_stored_body(text: str) -> tuple[str, bool]:
    """A masked body cut to ``STORED_BODY_LIMIT`` bytes of UTF-8 (whole characters), and
    whether it was cut."""
    text = text.replace("\x00", "")
    encoded = text.encode("utf-8")
    if len(encoded) <= STORED_BODY_LIMIT:
        return text, False
    return encoded[:STORED_BODY_LIMIT].decode("utf-8", errors="ignore"), True


def _is_attachment(part: Message) -> bool:
    return (part.get_content_disposition() or "") == "attachment"


def _text_part(message: Message) -> Message | None:
    """The first text/plain part that is not an attachment, else the first text/html one,
    searched without recursion and no deeper than MAX_DEPTH (as ``get_body`` does, attached
    messages are not entered)."""
    plain = html = None
    stack: list[tuple[Message, int]] = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        if part.is_multipart():
            if depth >= MAX_DEPTH or part.get_content_type() == "message/rfc822":
                continue
            children = part.get_payload()
            if isinstance(children, list):
                stack.extend((child, depth + 1) for child in reversed(children))
            continue
        if part.get_content_maintype() != "text" or _is_attachment(part):
            continue
        subtype = part.get_content_subtype()
        if subtype == "plain" and plain is None:
            plain = part
            break
        if subtype == "html" and html is None:
            html = part
    return plain or html


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
    """The readable text of a message (``read_message`` without the flags; raises
    UnreadableMail)."""
    return read_message(raw).text
