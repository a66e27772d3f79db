"""Reads of the mailbox side: which case a CCUS mail belongs to, the list for staff, health."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.utils import timezone

from clients.normalize import digits_only
from office.selectors import heartbeat_age_seconds
from recovery.models import RecoveryCase, Status
from recovery.services import FUTURE_TOLERANCE

from .models import CcusMail, MailboxFolder

# A receipt mail comes within the hour; with nothing in the mail naming the case, the one case
# sent in this window before the mail is taken (and the timeline says so).
RECEIPT_TIME_WINDOW = timedelta(hours=2)
AWAITING_REPLY = (Status.RECEIPT_CONFIRMED, Status.WAITING)

# The heartbeat ``watch_mail`` touches while it waits with IDLE (every IDLE_HEARTBEAT_EVERY s);
# older than IDLE_HEARTBEAT_MAX_AGE, IDLE is not active (process down, server without IDLE, or
# reconnecting).
IDLE_HEARTBEAT = "mail_idle"
IDLE_HEARTBEAT_EVERY = 60.0
IDLE_HEARTBEAT_MAX_AGE = 180.0

_ID_LIKE = re.compile(r"(?<![\d])\d[\d\- ]{12,22}\d(?![\d])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


@dataclass
class Decision:
    """What to do with one CCUS mail: ``receipt``/``reply`` (record on ``case``), ``already``
    (the case has it), or ``unassigned`` (staff decide; ``reason`` says why)."""

    action: str
    case: RecoveryCase | None = None
    reason: str = ""
    candidates: list[int] = field(default_factory=list)


def _ids_and_emails(text: str, facts) -> tuple[set[str], set[str]]:
    norm = unicodedata.normalize("NFKC", text or "")
    ids = {digits_only(m) for m in _ID_LIKE.findall(norm)}
    ids = {i for i in ids if len(i) == 14}
    emails = {e.lower() for e in _EMAIL.findall(norm)}
    if facts.business_id:
        ids.add(facts.business_id)
    if facts.new_email:
        emails.add(facts.new_email.lower())
    return ids, emails


def _unassigned(reason: str, cases=()) -> Decision:
    return Decision("unassigned", reason=reason, candidates=[c.pk for c in cases])


def match_mail(facts, text: str, received_at: datetime) -> Decision:
    """The case a CCUS mail belongs to, from its facts and (unmasked, in-memory) text."""
    if facts.kind == "receipt":
        return _match_receipt(facts, text, received_at)
    if facts.kind in ("reply", "completion"):
        return _match_reply(facts)
    return _unassigned("受付メールか回答メールか判定できませんでした。")


def _match_receipt(facts, text: str, received_at: datetime) -> Decision:
    number = facts.receipt_number
    if not number:
        return _unassigned("受付番号(C-で始まる番号)が見つかりません。")
    done = RecoveryCase.objects.filter(receipt_number=number).first()
    if done is not None:
        return Decision("already", case=done, reason="この受付番号は案件に記録済みです。")
    sent = list(
        RecoveryCase.objects.filter(
            status=Status.SENT,
            sent_at__lte=received_at + FUTURE_TOLERANCE,
        )
        .select_related("client")
        .order_by("sent_at", "pk")
    )
    ids, emails = _ids_and_emails(text, facts)
    matched = [
        case
        for case in sent
        if (case.client.business_id and digits_only(case.client.business_id) in ids)
        or (case.new_email and case.new_email.lower() in emails)
    ]
    if facts.receipt_number_needs_confirmation:
        return _unassigned(
            "受付番号が10桁ではありません。メールを見て受付番号を確認してください。", matched
        )
    if len(matched) == 1:
        return Decision("receipt", case=matched[0])
    if len(matched) > 1:
        return _unassigned(f"該当しそうな案件が{len(matched)}件あります。", matched)
    if not facts.business_id and not facts.new_email:
        recent = [c for c in sent if c.sent_at >= received_at - RECEIPT_TIME_WINDOW]
        if len(recent) == 1:
            return Decision(
                "receipt",
                case=recent[0],
                reason="メールに事業者IDもアドレスもないため、送信時刻から判定しました。",
            )
        if len(recent) > 1:
            return _unassigned(f"同じ時間帯に送信した案件が{len(recent)}件あります。", recent)
    return _unassigned(
        "問い合わせ送信済の案件に、このメールの事業者ID・メールアドレスに該当するものがありません。"
    )


def _match_reply(facts) -> Decision:
    awaiting = RecoveryCase.objects.filter(status__in=AWAITING_REPLY)
    number = None if facts.receipt_number_needs_confirmation else facts.receipt_number
    found: dict[int, RecoveryCase] = {}
    if number:
        found.update({c.pk: c for c in awaiting.filter(receipt_number=number)})
    if facts.business_id:
        found.update({c.pk: c for c in awaiting.filter(client__business_id=facts.business_id)})
    if facts.new_email:
        found.update({c.pk: c for c in awaiting.filter(new_email__iexact=facts.new_email)})
    if len(found) == 1:
        return Decision("reply", case=next(iter(found.values())))
    if len(found) > 1:
        return _unassigned(
            f"該当しそうな案件が{len(found)}件あります(受付番号・事業者ID・"
            "メールアドレスが別々の案件を指しています)。",
            found.values(),
        )
    if number:
        done = RecoveryCase.objects.filter(receipt_number=number, reply_at__isnull=False).first()
        if done is not None:
            return Decision("already", case=done, reason="この案件には回答が記録済みです。")
    return _unassigned(
        "CCUSの回答待ちの案件に、受付番号・事業者ID・メールアドレスが該当するものがありません。"
    )


def unassigned_mails():
    return CcusMail.objects.filter(state=CcusMail.State.UNASSIGNED).order_by("received_at", "pk")


def unreadable_mails():
    """Mails the reader could not read, newest first: header fields and the reason only."""
    return CcusMail.objects.filter(state=CcusMail.State.UNREADABLE).order_by("-received_at", "-pk")


def mail_list_page(*, unreadable: bool, page_number, page_size: int) -> dict:
    """What /inbox/ shows: one page of the unassigned mails (with their candidate cases) or of
    the unreadable ones, both counts for the tabs, and the mailbox's health."""
    mails = unreadable_mails() if unreadable else unassigned_mails()
    page = Paginator(mails, page_size).get_page(page_number)
    return {
        "page": page,
        "rows": [(mail, []) for mail in page] if unreadable else candidate_cases(page),
        "unreadable": unreadable,
        "unassigned_count": unassigned_mails().count(),
        "unreadable_count": unreadable_mails().count(),
        "health": mailbox_health(),
    }


def candidate_cases(mails) -> list[tuple[CcusMail, list[RecoveryCase]]]:
    """Each mail with the cases it could belong to, for a whole page in one query."""
    mails = list(mails)
    wanted = {pk for mail in mails for pk in mail.candidates if isinstance(pk, int)}
    cases = RecoveryCase.objects.select_related("client").in_bulk(wanted)
    return [
        (mail, [cases[pk] for pk in sorted(set(mail.candidates) & cases.keys())]) for mail in mails
    ]


@dataclass
class MailboxHealth:
    enabled: bool
    ok: bool = False
    folder: str = ""
    last_success_at: datetime | None = None
    error: str = ""
    error_at: datetime | None = None
    # Never checked yet (just started): not ok, and not an error either.
    pending: bool = False


def mailbox_health() -> MailboxHealth:
    """The last successful check and the current error, in Japanese. Off without IMAP_URL.

    Never "no mail yet" for a broken mailbox: no check at all, or none for too long, is an error.
    """
    from .imap import MailboxError, parse_imap_url

    if not settings.IMAP_URL:
        return MailboxHealth(enabled=False, ok=True)
    try:
        folder_name = parse_imap_url(settings.IMAP_URL).folder
    except MailboxError as error:
        return MailboxHealth(enabled=True, error=str(error))
    row = MailboxFolder.objects.filter(name=folder_name).first()
    health = MailboxHealth(enabled=True, folder=folder_name)
    if row is None or (row.last_success_at is None and not row.last_error):
        health.pending = True
        health.error = (
            "まだメールボックスを確認していません。Celery のワーカーと beat が"
            "動いているか確認してください。"
        )
        return health
    health.last_success_at = row.last_success_at
    if row.last_error:
        health.error, health.error_at = row.last_error, row.last_error_at
        return health
    age = timezone.now() - row.last_success_at
    if age > settings.MAILBOX_MAX_AGE:
        minutes = int(age.total_seconds() // 60)
        health.error = (
            f"最後にメールボックスを確認してから{minutes}分経っています。"
            "Celery のワーカーと beat が動いているか確認してください。"
        )
        return health
    health.ok = True
    return health


def healthz_mailbox() -> tuple[bool, dict]:
    """The mailbox part of /healthz: off, or the last successful check and the error."""
    health = mailbox_health()
    if not health.enabled:
        return True, {"enabled": False}
    # Not checked yet (right after start): not ok, but not an error either, so that /healthz
    # says "starting" rather than failing a fresh deployment. Unreadable mails are counted but
    # never make the check fail: the reader went past them and works; they are work for staff
    # (listed on /inbox/), not an outage for the monitor. IDLE is reported the same way: beat's
    # polling is the fallback, so a missing IDLE is slower, not broken.
    return health.ok, {
        "enabled": True,
        "ok": health.ok,
        "pending": health.pending,
        "last_success_at": health.last_success_at.isoformat() if health.last_success_at else None,
        "error": None if health.pending else (health.error or None),
        "unreadable": unreadable_mails().count(),
        "idle": idle_status(),
    }


def idle_status() -> dict:
    """Whether the ``watch_mail`` process is waiting with IMAP IDLE now: it touches the
    ``IDLE_HEARTBEAT`` heartbeat while idling (inbox.watch), at least every minute."""
    age = heartbeat_age_seconds(IDLE_HEARTBEAT)
    return {
        "active": age is not None and age <= IDLE_HEARTBEAT_MAX_AGE,
        "age_seconds": None if age is None else round(age, 1),
    }
