"""Reads of the mailbox side: which case a CCUS mail belongs to, the list for staff, health."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.utils import timezone

from clients.normalize import digits_only
from office.mail_senders import TrustedSenders
from office.selectors import get_office, heartbeat_age_seconds
from recovery.ccus_mail import RECEIPT, STEP_OF_KIND, mail_mismatches
from recovery.models import RecoveryCase
from recovery.schedule import AWAITING_RECEIPT, RECEIPT_CHECK_AFTER, RECEIPT_RECORDED_AWAITING_REPLY
from recovery.services import FUTURE_TOLERANCE

from .models import CcusMail, MailboxFolder
from .trust import Trust

# The heartbeat ``watch_mail`` touches while it waits with IDLE (every IDLE_HEARTBEAT_EVERY s);
# older than IDLE_HEARTBEAT_MAX_AGE, IDLE is not active (process down, server without IDLE, or
# reconnecting).
IDLE_HEARTBEAT = "mail_idle"
IDLE_HEARTBEAT_EVERY = 60.0
IDLE_HEARTBEAT_MAX_AGE = 180.0

_ID_LIKE = re.compile(r"(?<![\d])\d[\d\- ]{12,22}\d(?![\d])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# Suggestions offered in 未割当 are at most this many cases.
MAX_SUGGESTIONS = 5

KIND_CHECK = "種類を確認: "


@dataclass
class Decision:
    """What to do with one CCUS mail: ``receipt``/``reply`` (record on ``case``), ``already``
    (the case has it), or ``unassigned`` (staff decide; ``reason`` says why, ``candidates``
    are the cases offered to them). ``trust_warning`` says why the sender is not trusted."""

    action: str
    case: RecoveryCase | None = None
    reason: str = ""
    candidates: list[int] = field(default_factory=list)
    trust_warning: str = ""


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


def match_mail(facts, text: str, received_at: datetime, *, trust: Trust) -> Decision:
    """The case a CCUS mail belongs to, from its facts and (unmasked, in-memory) text.

    Only a mail from a trusted sender (``inbox.trust``) whose kind is sure is recorded by
    itself; any other is left unassigned, with the case it points to offered to staff. The
    verdict has no default: a caller that forgot it would have let any sender move a case.
    """
    step = STEP_OF_KIND.get(facts.kind)
    if step is None:
        decision = _unassigned(KIND_CHECK + "受付メールか回答メールか判定できませんでした。")
    elif step == RECEIPT:
        decision = _match_receipt(facts, text, received_at)
    else:
        decision = _match_reply(facts)
    decision = _check_keys(decision, facts)
    if facts.kind_unsure:
        decision = _hold(decision, KIND_CHECK + facts.kind_note)
    if not trust.trusted:
        if decision.action != "unassigned":
            decision = _hold(decision, "")
        decision.trust_warning = trust.reason
    return decision


def _check_keys(decision: Decision, facts) -> Decision:
    """The case found, checked against the 事業者ID and address the mail names (as the paste
    forms and assigning by hand do). Another company's 事業者ID sends the mail to staff, even
    under the case's exact 受付番号; another address is written in the case's note (a typo in
    the CCUS form, or a company's other case: staff read it on the timeline). A mail "already
    recorded" on a case of another company is not filed away unseen either."""
    if decision.action not in ("receipt", "reply", "already"):
        return decision
    case = decision.case
    other_id = mail_mismatches(facts, business_id=case.client.business_id, new_email="")
    other_address = mail_mismatches(facts, business_id="", new_email=case.new_email)
    if other_id:
        return _hold(decision, " ".join(other_id + other_address))
    if decision.action != "already":
        decision.reason = " ".join(other_address)
    return decision


def _hold(decision: Decision, reason: str) -> Decision:
    """The same decision, left to staff: the case it found becomes the suggestion."""
    if decision.action == "unassigned":
        reason = f"{reason}{decision.reason}".strip()
        return Decision("unassigned", reason=reason, candidates=decision.candidates)
    found = [decision.case.pk] if decision.case is not None else []
    what = {"receipt": "受付メール", "reply": "回答メール", "already": "記録済みのメール"}
    hint = ""
    if decision.case is not None:
        hint = f"該当する案件: #{decision.case.pk}({what.get(decision.action, '')})。"
    return Decision("unassigned", reason=(reason + hint).strip(), candidates=found)


def _number(facts) -> str | None:
    """The exact 受付番号 the mail names (subject first), or None."""
    if facts.receipt_number and not facts.receipt_number_needs_confirmation:
        return facts.receipt_number
    return None


def _by_keys(queryset, facts, text: str):
    """Cases of ``queryset`` whose 事業者ID or new address the mail names."""
    ids, emails = _ids_and_emails(text, facts)
    return [
        case
        for case in queryset.select_related("client").order_by("sent_at", "pk")
        if (case.client.business_id and digits_only(case.client.business_id) in ids)
        or (case.new_email and case.new_email.lower() in emails)
    ]


def _match_receipt(facts, text: str, received_at: datetime) -> Decision:
    number = facts.receipt_number
    if not number:
        return _unassigned("受付番号(C-で始まる番号)が見つかりません。")
    exact = _number(facts)
    done = RecoveryCase.objects.filter(receipt_number=exact).first() if exact else None
    if done is not None:
        return Decision("already", case=done, reason="この受付番号は案件に記録済みです。")
    waiting = RecoveryCase.objects.filter(
        status__in=AWAITING_RECEIPT, sent_at__lte=received_at + FUTURE_TOLERANCE
    )
    matched = _by_keys(waiting, facts, text)
    if not exact:
        return _unassigned(
            "受付番号が10桁ではありません。メールを見て受付番号を確認してください。", matched
        )
    if len(matched) == 1:
        return Decision("receipt", case=matched[0])
    if len(matched) > 1:
        return _unassigned(f"該当しそうな案件が{len(matched)}件あります。", matched)
    return _unassigned(
        "問い合わせ送信済の案件に、このメールの事業者ID・メールアドレスに該当するものがありません。",
        _sent_just_before(waiting, received_at),
    )


def _sent_just_before(waiting, received_at: datetime) -> list[RecoveryCase]:
    """A suggestion only (never recorded by itself): the cases sent within the receipt's
    window (``recovery.schedule``) before the mail arrived."""
    cases = waiting.filter(sent_at__gte=received_at - RECEIPT_CHECK_AFTER).order_by("-sent_at")
    return list(cases[:MAX_SUGGESTIONS])


def _match_reply(facts) -> Decision:
    number = _number(facts)
    if number:
        return _match_reply_by_number(number)
    awaiting = RecoveryCase.objects.filter(status__in=RECEIPT_RECORDED_AWAITING_REPLY)
    found: dict[int, RecoveryCase] = {}
    if facts.business_id:
        found.update({c.pk: c for c in awaiting.filter(client__business_id=facts.business_id)})
    if facts.new_email:
        found.update({c.pk: c for c in awaiting.filter(new_email__iexact=facts.new_email)})
    if len(found) == 1:
        return Decision("reply", case=next(iter(found.values())))
    if len(found) > 1:
        return _unassigned(
            f"該当しそうな案件が{len(found)}件あります(事業者ID・メールアドレスが別々の案件を"
            "指しています)。",
            found.values(),
        )
    return _unassigned(
        "CCUSの回答待ちの案件に、受付番号・事業者ID・メールアドレスが該当するものがありません。"
    )


def _match_reply_by_number(number: str) -> Decision:
    """The exact 受付番号 identifies the case, whatever other cases the company has."""
    cases = list(RecoveryCase.objects.filter(receipt_number=number).order_by("pk"))
    waiting = [c for c in cases if c.status in RECEIPT_RECORDED_AWAITING_REPLY]
    if len(waiting) == 1:
        return Decision("reply", case=waiting[0])
    if len(waiting) > 1:
        return _unassigned(f"受付番号 {number} の案件が{len(waiting)}件あります。", waiting)
    done = [c for c in cases if c.reply_at is not None]
    if done:
        return Decision("already", case=done[0], reason="この案件には回答が記録済みです。")
    if cases:
        return _unassigned(
            f"受付番号 {number} の案件 #{cases[0].pk} は、CCUSの回答を待っていません"
            f"(ステータス: {cases[0].get_status_display()})。",
            cases[:MAX_SUGGESTIONS],
        )
    return _unassigned(f"受付番号 {number} の案件がありません。")


def trusted_senders_configured() -> bool:
    """Whether the office entered CCUS's sender addresses (else no mail moves a case)."""
    return bool(TrustedSenders.from_text(get_office().ccus_trusted_senders))


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
        "trusts_no_sender": not trusted_senders_configured(),
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
