"""Whether a mail that looks like CCUS's may move a case by itself: trust, apart from recognition.

Recognition (``facts.CcusRules``: a name, address or subject the office typed) only decides which
mails are read; anyone can write a display name or a subject. A mail is *trusted* when

1. its ``From:`` holds exactly one address (parsed with ``email.headerregistry``, never the
   display name, never the subject) that is an address or a domain (exact, not a substring) the
   office entered in 事務所設定 (``office.mail_senders``), and
2. where the office's mail server adds ``Authentication-Results`` (its authserv-id is the
   ``MAIL_AUTHSERV_ID`` setting), the topmost such header of *that* server says DKIM passed with
   ``header.d`` = the sender's domain, or DMARC passed with ``header.from`` = it. Headers naming
   another authserv-id are the sender's own words and are ignored. The header is parsed by
   ``authres`` (the parser of dkimpy's milter, RFC 8601), not by hand.

Anything else is untrusted: it is kept, listed in 未割当 with the Japanese reason, and never
moves a case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import errors, policy
from email.parser import BytesHeaderParser

import authres

from office.mail_senders import TrustedSenders, normalise_domain

NO_TRUSTED_SENDERS = (
    "CCUSの送信元アドレス・ドメインが事務所設定に登録されていないため、自動では記録しません。"
)
UNREADABLE_FROM = "差出人(From)のアドレスを1つに特定できません。"
NOT_TRUSTED_SENDER = "送信元がCCUSとして登録されたアドレスではありません(差出人: {address})。"
NO_AUTH_RESULTS = (
    "事務所のメールサーバーによる送信ドメイン認証の結果(Authentication-Results)がありません。"
)
UNREADABLE_AUTH_RESULTS = "送信ドメイン認証の結果(Authentication-Results)を読み取れません。"
AUTH_FAILED = "送信ドメイン認証(DKIM/DMARC)に失敗しています。"


@dataclass(frozen=True)
class Trust:
    trusted: bool
    reason: str = ""  # why not (Japanese), shown to staff
    address: str = ""  # the From: address as parsed


def _header_part(raw: bytes) -> bytes:
    ends = [i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0]
    return raw[: min(ends)] if ends else raw


def _parse_headers(raw: bytes):
    return BytesHeaderParser(policy=policy.default).parsebytes(_header_part(raw))


def from_address(headers) -> str | None:
    """The one address of the one ``From:`` header, or None (none, several, unparsable)."""
    try:
        values = headers.get_all("From") or []
        if len(values) != 1:
            return None
        addresses = values[0].addresses
        if len(addresses) != 1:
            return None
        address = addresses[0]
        invalid = any(isinstance(d, errors.InvalidHeaderDefect) for d in values[0].defects)
        if not address.username or not address.domain or invalid:
            return None
        # 8-bit bytes in the header arrive as surrogates: read them as the UTF-8 they are, so
        # that staff see the address as written and the database can store the reason.
        text = f"{address.username}@{address.domain}"
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except Exception:
        return None


_COMMENT = re.compile(r"\([^()]*\)")


def _authserv_id(value: str) -> str:
    """The authserv-id of a header value, without the version or comments RFC 8601 allows
    after it (``mx.example.jp 1 (postfix); …``)."""
    words = _COMMENT.sub(" ", value.split(";", 1)[0]).split()
    return words[0].lower() if words else ""


def _prop(result, ptype: str, name: str) -> str:
    for prop in result.properties or ():
        if prop.type.lower() == ptype and prop.name.lower() == name:
            return normalise_domain(str(prop.value).strip('"').lstrip("@")) or ""
    return ""


def auth_passed(headers, *, authserv_id: str, domain: str) -> str:
    """ "" when the office server's topmost Authentication-Results passes DKIM or DMARC for
    ``domain``; else the Japanese reason."""
    ours = [
        str(value)
        for value in headers.get_all("Authentication-Results") or []
        if _authserv_id(str(value)) == authserv_id
    ]
    if not ours:
        return NO_AUTH_RESULTS
    try:
        header = authres.AuthenticationResultsHeader.parse_value(ours[0])
    except (authres.AuthResError, ValueError, IndexError, TypeError):
        return UNREADABLE_AUTH_RESULTS
    for result in header.results:
        method, outcome = str(result.method).lower(), str(result.result).lower()
        if outcome != "pass":
            continue
        if method == "dkim" and _prop(result, "header", "d") == domain:
            return ""
        if method == "dmarc" and _prop(result, "header", "from") == domain:
            return ""
    return AUTH_FAILED


def sender_trust(raw: bytes, *, senders: TrustedSenders, authserv_id: str = "") -> Trust:
    """Whether the fetched message ``raw`` may move a case by itself, and if not, why."""
    if not senders:
        return Trust(False, NO_TRUSTED_SENDERS)
    try:
        headers = _parse_headers(raw)
    except Exception:
        return Trust(False, UNREADABLE_FROM)
    address = from_address(headers)
    if address is None:
        return Trust(False, UNREADABLE_FROM)
    # Only an address in ASCII, as written: never a full-width or other look-alike that Unicode
    # normalisation would turn into a trusted one (「ｃｃｕｓ.jp」 is not 「ccus.jp」).
    if not address.isascii() or not senders.matches(address):
        return Trust(False, NOT_TRUSTED_SENDER.format(address=address[:100]), address)
    if authserv_id:
        domain = normalise_domain(address.rpartition("@")[2]) or ""
        reason = auth_passed(headers, authserv_id=authserv_id.lower(), domain=domain)
        if reason:
            return Trust(False, reason, address)
    return Trust(True, "", address)
