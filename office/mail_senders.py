"""The senders the office trusts as CCUS's: one address or domain per line (事務所設定).

Pure text, no Django: the settings form validates with it, ``inbox.trust`` matches with it.
A domain matches only itself: ``ccus.jp`` is not ``xccus.jp``, ``ccus.jp.evil.example`` or
``mail.ccus.jp`` (a subdomain the office trusts is entered as its own line).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")
_LOCAL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}")


def normalise_domain(domain: str) -> str | None:
    """A domain in lower case (IDNA for Japanese names), or None if it is not one."""
    text = unicodedata.normalize("NFKC", domain or "").strip().rstrip(".").lower()
    try:
        text = text.encode("idna").decode("ascii") if not text.isascii() else text
    except UnicodeError:
        return None
    return text if _DOMAIN.fullmatch(text) and len(text) <= 253 else None


def normalise_address(address: str) -> str | None:
    """``local@domain`` with the domain normalised and the local part in lower case."""
    text = unicodedata.normalize("NFKC", address or "").strip()
    local, at, domain = text.rpartition("@")
    if not at or not local:
        return None
    domain = normalise_domain(domain)
    local = local.lower()
    if domain is None or not _LOCAL.fullmatch(local):
        return None
    return f"{local}@{domain}"


def trusted_sender_entry(line: str) -> str | None:
    """One line of the setting as stored: an address, or a domain (``@ccus.jp`` → ``ccus.jp``)."""
    text = unicodedata.normalize("NFKC", line or "").strip()
    if text.startswith("@"):
        return normalise_domain(text[1:])
    if "@" in text:
        return normalise_address(text)
    return normalise_domain(text)


@dataclass(frozen=True)
class TrustedSenders:
    addresses: frozenset[str]
    domains: frozenset[str]

    @classmethod
    def from_text(cls, text: str) -> TrustedSenders:
        entries = {trusted_sender_entry(line) for line in (text or "").splitlines()}
        entries.discard(None)
        return cls(
            addresses=frozenset(e for e in entries if "@" in e),
            domains=frozenset(e for e in entries if "@" not in e),
        )

    def __bool__(self) -> bool:
        return bool(self.addresses or self.domains)

    def matches(self, address: str) -> bool:
        """Whether a sender address (already parsed out of From:) is one the office trusts."""
        normal = normalise_address(address)
        if normal is None:
            return False
        return normal in self.addresses or normal.rpartition("@")[2] in self.domains
