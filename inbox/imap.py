"""The IMAP side of the office mailbox: the URL, the connection, and reading without changing.

The folder is opened with EXAMINE (read-only) and every message part is fetched with BODY.PEEK,
so no \\Seen flag changes; nothing is stored, moved or deleted on the server. Server errors become
``MailboxError`` with a Japanese sentence for staff; the server's own text is never shown or
logged, since it can echo the login.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.utils import parseaddr, parsedate_to_datetime
from urllib.parse import parse_qs, unquote, urlsplit

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from .charsets import decode_text

HEADER_FIELDS = b"FROM SUBJECT DATE MESSAGE-ID"
HEADER_ITEM = b"BODY.PEEK[HEADER.FIELDS (" + HEADER_FIELDS + b")]"
HEADER_KEY = b"BODY[HEADER.FIELDS (" + HEADER_FIELDS + b")]"
BODY_ITEM = b"BODY.PEEK[]"
BODY_KEY = b"BODY[]"
# UIDs per FETCH command: short command lines, few round trips.
BATCH = 500


class MailboxError(Exception):
    """The mailbox could not be read; ``str(error)`` is the Japanese reason for staff."""


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    use_ssl: bool
    starttls: bool
    username: str
    password: str = field(repr=False)
    folder: str = "INBOX"


def parse_imap_url(url: str) -> MailboxConfig:
    """``imaps://user:password@host:993/FOLDER`` → MailboxConfig (user and password URL-encoded)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise MailboxError(
            "IMAP_URL の形式が正しくありません(ポート番号を確認してください)。"
        ) from error
    if parts.scheme not in ("imap", "imaps"):
        raise MailboxError("IMAP_URL は imaps:// か imap:// で始めてください。")
    if not parts.hostname:
        raise MailboxError("IMAP_URL にメールサーバー名がありません。")
    if not parts.username or parts.password is None:
        raise MailboxError("IMAP_URL にユーザー名とパスワードがありません(user:password@host)。")
    use_ssl = parts.scheme == "imaps"
    query = parse_qs(parts.query)
    starttls = not use_ssl and query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes")
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    return MailboxConfig(
        host=parts.hostname,
        port=port or (993 if use_ssl else 143),
        use_ssl=use_ssl,
        starttls=starttls,
        username=unquote(parts.username),
        password=unquote(parts.password),
        folder=folder,
    )


def _explain(error: BaseException, config: MailboxConfig) -> str:
    """A Japanese sentence for an error of connecting, logging in or opening the folder."""
    if isinstance(error, LoginError):
        return (
            "メールサーバーにログインできません。IMAP_URL のユーザー名とパスワードを"
            "確認してください。"
        )
    if isinstance(error, ssl.SSLCertVerificationError):
        return (
            "メールサーバーの証明書を確認できません(期限切れ・名前の不一致・自己署名の"
            "いずれか)。サーバー名と証明書を確認してください。"
        )
    if isinstance(error, ssl.SSLError):
        return (
            "メールサーバーと暗号化した通信ができません。imaps:// とポート番号(通常 993)を"
            "確認してください。"
        )
    # No host or port in these sentences: /healthz shows them to anyone (IMAP_URL names both).
    if isinstance(error, socket.gaierror):
        return "メールサーバーが見つかりません。IMAP_URL のサーバー名を確認してください。"
    if isinstance(error, ConnectionRefusedError):
        return (
            "メールサーバーに接続できません(接続を拒否されました)。サーバーが動いているか、"
            "IMAP_URL のポート番号を確認してください。"
        )
    if isinstance(error, TimeoutError):
        return "メールサーバーから応答がありません(タイムアウト)。"
    if isinstance(error, OSError):
        return "メールサーバーとの通信が切れました。"
    return "メールの確認中にエラーが発生しました(メールサーバーの応答を読めませんでした)。"


@dataclass
class FolderState:
    uidvalidity: int
    uidnext: int | None
    exists: int


@dataclass
class HeaderInfo:
    uid: int
    sender: str
    sender_name: str
    sender_address: str
    subject: str
    message_id: str
    date: datetime | None
    internal_date: datetime | None
    header_bytes: bytes = field(repr=False, default=b"")
    # The Date field as it came (kept for a mail that cannot be read; ``date`` may be None).
    date_text: str = ""
    # The whole message's size in bytes (RFC822.SIZE), before it is fetched.
    size: int | None = None


class Mailbox:
    """One read-only session on one folder. Use as a context manager."""

    def __init__(
        self,
        config: MailboxConfig,
        *,
        timeout: float = 30.0,
        client_class: type[IMAPClient] = IMAPClient,
    ) -> None:
        self.config = config
        self.timeout = timeout
        self.client_class = client_class
        self.client: IMAPClient | None = None

    def __enter__(self) -> Mailbox:
        config = self.config
        try:
            ssl_context = (
                ssl.create_default_context() if config.use_ssl or config.starttls else None
            )
            client = self.client_class(
                config.host,
                port=config.port,
                ssl=config.use_ssl,
                ssl_context=ssl_context,
                timeout=self.timeout,
            )
            self.client = client
            client.normalise_times = False  # INTERNALDATE with its time zone
            if config.starttls:
                client.starttls(ssl_context)
            client.login(config.username, config.password)
        except (IMAPClientError, OSError) as error:
            self._close()
            raise MailboxError(_explain(error, config)) from None
        return self

    def __exit__(self, *exc) -> None:
        self._close()

    def _close(self) -> None:
        if self.client is None:
            return
        with contextlib.suppress(Exception):  # the session is over either way
            self.client.logout()
        self.client = None

    def examine(self) -> FolderState:
        """Open the folder read-only (EXAMINE): reading can never change a flag."""
        assert self.client is not None
        try:
            info = self.client.select_folder(self.config.folder, readonly=True)
        except IMAPClientError as error:
            if self.client.folder_exists(self.config.folder) is False:
                raise MailboxError(
                    f"フォルダ「{self.config.folder}」がメールサーバーにありません。IMAP_URL の"
                    "最後のフォルダ名を確認してください。"
                ) from None
            raise MailboxError(_explain(error, self.config)) from None
        except OSError as error:
            raise MailboxError(_explain(error, self.config)) from None
        uidnext = info.get(b"UIDNEXT")
        return FolderState(
            uidvalidity=int(info[b"UIDVALIDITY"]),
            uidnext=int(uidnext) if uidnext is not None else None,
            exists=int(info.get(b"EXISTS", 0)),
        )

    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs greater than ``last_uid``, ascending (``N:*`` also names the last message)."""
        assert self.client is not None
        try:
            found = self.client.search(["UID", f"{last_uid + 1}:*"])
        except (IMAPClientError, OSError) as error:
            raise MailboxError(_explain(error, self.config)) from None
        return sorted(uid for uid in found if uid > last_uid)

    def headers(self, uids: Iterable[int]) -> Iterator[HeaderInfo]:
        """FROM, SUBJECT, DATE and MESSAGE-ID of each message, never its body."""
        for chunk in _chunks(list(uids), BATCH):
            response = self._fetch(chunk, [HEADER_ITEM, b"INTERNALDATE", b"RFC822.SIZE"])
            for uid in chunk:
                data = response.get(uid)
                if data is None:  # expunged meanwhile
                    continue
                raw = data.get(HEADER_KEY) or b""
                try:
                    header = parse_headers(uid, raw, data.get(b"INTERNALDATE"))
                except Exception:  # one message's headers never stop the others
                    header = HeaderInfo(uid, "", "", "", "", "", None, None, header_bytes=raw)
                size = data.get(b"RFC822.SIZE")
                header.size = int(size) if isinstance(size, int) else None
                yield header

    def bodies(self, uids: Iterable[int]) -> Iterator[tuple[int, bytes]]:
        """The whole message of each UID, in memory only."""
        for chunk in _chunks(list(uids), 50):
            response = self._fetch(chunk, [BODY_ITEM])
            for uid in chunk:
                data = response.get(uid)
                if data is not None and data.get(BODY_KEY) is not None:
                    yield uid, data[BODY_KEY]

    def supports_idle(self) -> bool:
        """Whether the server offers IDLE (RFC 2177) after login."""
        assert self.client is not None
        try:
            return bool(self.client.has_capability("IDLE"))
        except (IMAPClientError, OSError) as error:
            raise MailboxError(_explain(error, self.config)) from None

    def idle_until_new_mail(
        self, *, stop: Callable[[], bool], renew_after: float, check_every: float
    ) -> bool:
        """Wait on the examined folder with IDLE until the server announces mail (EXISTS or
        RECENT): True; or until ``renew_after`` seconds passed or ``stop()`` is true: False.

        A NOOP first reports mail that came while the desk was not idling. Only the names of
        the server's responses are looked at, never a message. A closed connection or a BYE
        raises MailboxError like any other broken session.
        """
        assert self.client is not None
        client = self.client
        started = time.monotonic()
        idling = False
        try:
            if _announces_mail(client.noop()[1]):
                return True
            client.idle()
            idling = True
            while not stop() and time.monotonic() - started < renew_after:
                asked = time.monotonic()
                responses = client.idle_check(timeout=check_every)
                if _announces_mail(responses):
                    return True
                if any(response[0] == b"BYE" for response in responses):
                    raise OSError("the server ended the session")
                if not responses and time.monotonic() - asked < check_every / 2:
                    # Readable but no whole line: often a connection the server closed, which
                    # idle_check cannot tell. Ending IDLE finds out (it raises if so).
                    idling = False
                    if _announces_mail(client.idle_done()[1]):
                        return True
                    client.idle()
                    idling = True
            return False
        except (IMAPClientError, OSError) as error:
            raise MailboxError(_explain(error, self.config)) from None
        finally:
            if idling:
                with contextlib.suppress(IMAPClientError, OSError):
                    client.idle_done()

    def _fetch(self, uids: list[int], items: list[bytes]) -> dict:
        assert self.client is not None
        try:
            return self.client.fetch(uids, items)
        except (IMAPClientError, OSError) as error:
            raise MailboxError(_explain(error, self.config)) from None


def _announces_mail(responses) -> bool:
    """Whether untagged responses (as IMAPClient parses them) say the folder got messages."""
    return any(
        isinstance(response, tuple) and len(response) > 1 and response[1] in (b"EXISTS", b"RECENT")
        for response in responses
    )


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _known_charset(chunk: bytes | str, charset: str | None) -> tuple[bytes | str, str | None]:
    """One decoded-word piece in a charset Python knows: a Japanese label it does not know
    (``Windows-31J``, ``x-sjis``, ``x-euc-jp``, ``cp50220``…) is read by ``charsets`` as the
    body is; a piece no decoder reads keeps its label (and the whole value stays as it came)."""
    if not isinstance(chunk, bytes) or not charset or charset.lower() in ("us-ascii", "utf-8"):
        return chunk, charset
    text = decode_text(chunk, charset)
    return (text.encode("utf-8"), "utf-8") if text is not None else (chunk, charset)


def _decode(value: str | None) -> str:
    """An RFC 2047 header value as text (any charset; broken words kept as they came)."""
    if not value:
        return ""
    try:
        return str(make_header([_known_charset(*part) for part in decode_header(value)]))
    except (LookupError, ValueError, UnicodeError, HeaderParseError, OverflowError, RecursionError):
        return value


# A Date outside these years is a broken or hostile header, not an arrival time: it is ignored
# (the server's INTERNALDATE is used), so that no later date arithmetic can overflow.
DATE_YEARS = range(1990, 2200)


def parse_date(value: str) -> datetime | None:
    """A ``Date:`` value as an aware datetime; None when it is missing, broken or absurd (an
    oversized year raises OverflowError in the standard library: caught here)."""
    if not value:
        return None
    try:
        date = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if date is None or date.tzinfo is None or date.year not in DATE_YEARS:
        return None
    return date


def _clean(text: str) -> str:
    """One line without NUL or control characters (PostgreSQL refuses NUL in text)."""
    return " ".join(text.replace("\x00", "").split())


# 8-bit header bytes without encoded words (RFC 6532, or a careless mailer): the charsets tried,
# strictly, in this order (EUC-JP before cp932: most EUC-JP text also decodes as cp932 kana).
RAW_HEADER_CHARSETS = ("utf-8", "euc_jp", "cp932")


def _field(message, name: str) -> str:
    """The first ``name`` field as text. compat32 keeps 8-bit bytes as surrogates and would
    turn them into replacement characters: they are read as the Japanese they most likely are."""
    for key, value in message.raw_items():
        if key.lower() != name.lower():
            continue
        value = str(value)
        if value.isascii():
            return value
        data = value.encode("ascii", "surrogateescape")
        for charset in RAW_HEADER_CHARSETS:
            try:
                return data.decode(charset)
            except UnicodeDecodeError:
                continue
        return data.decode("utf-8", "replace")
    return ""


def parse_headers(uid: int, raw: bytes, internal_date: datetime | None) -> HeaderInfo:
    """Decode the fetched header fields. Run on every message of the folder, so kept to the
    fast compat32 parser (the modern email policy costs about 2 ms a message)."""
    message = BytesHeaderParser().parsebytes(raw)
    raw_from = _field(message, "From")
    name, address = parseaddr(raw_from)
    sender_name = _decode(name)
    sender = f"{sender_name} <{address}>" if sender_name else address or _decode(raw_from)
    subject = _decode(_field(message, "Subject"))
    date_text = _field(message, "Date")
    return HeaderInfo(
        uid=uid,
        sender=_clean(sender),
        sender_name=_clean(sender_name),
        sender_address=_clean(address),
        subject=_clean(subject),
        message_id=_clean(_field(message, "Message-ID")),
        date=parse_date(date_text),
        internal_date=internal_date,
        header_bytes=raw,
        date_text=_clean(date_text)[:200],
    )
