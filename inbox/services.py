"""Writes of the mailbox side: one pass over the office mailbox, and staff assigning a mail.

A pass: EXAMINE the folder, list the UIDs after the folder's progress (per UIDVALIDITY), fetch
the header fields of those messages, fetch in full only the mails the office's rules call CCUS's
and the desk has not seen, record each through the case services (timeline, reminders, status)
with its masked body — only a mail from a sender the office trusts (``inbox.trust``) of a sure
kind moves a case by itself, any other waits in 未割当 — then move the progress on.

No mail stops the reader: each is handled on its own, in its own transaction (a savepoint inside
an outer one). A mail that fails for any reason (a Date with an oversized year, thousands of
nested parts, a charset that does not decode, a value the database refuses) is kept as a
「読み取れなかったメール」 row — its header fields, masked, and the reason in Japanese, never its
body — and the pass goes on with the next mail; the progress moves past it. Each mail is
recorded under a unique ``mail_key``, the digest of its bytes (``reading.content_key``), so two
passes at once, a restart or a new UIDVALIDITY record it once, and a forged mail reusing a
genuine mail's Message-ID cannot shadow it. Only a mailbox that cannot be read (MailboxError)
or a database that is down ends a pass early; the progress then stays where it was.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from clients.normalize import digits_only
from office.mail_senders import TrustedSenders
from office.secrets import mask_secrets
from office.selectors import get_office
from recovery import services as case_services
from recovery.ccus_mail import KIND_LABELS, RECEIPT, REPLY, STEP_OF_KIND, mail_mismatches
from recovery.models import RecoveryCase
from recovery.schedule import AWAITING_RECEIPT, RECEIPT_RECORDED_AWAITING_REPLY
from recovery.services import CaseTransitionError

from . import reading
from .facts import CcusRules, parse_ccus_mail
from .imap import HeaderInfo, Mailbox, MailboxConfig, MailboxError, parse_imap_url
from .models import CcusMail, MailboxFolder
from .reading import UnreadableMail, cap_stored_body, content_key, read_message
from .selectors import Decision, match_mail
from .trust import sender_trust

logger = logging.getLogger(__name__)

UNEXPECTED_ERROR = "メールの処理中に予期しないエラーが発生しました。ログを確認してください。"


@dataclass
class PassReport:
    """What one pass saw and did (the command prints it; tests and the benchmark read it)."""

    folder: str = ""
    uidvalidity: int | None = None
    rescanned: bool = False
    headers_fetched: int = 0
    ccus: int = 0
    bodies_fetched: int = 0
    already_known: int = 0
    recorded: int = 0
    unassigned: int = 0
    already: int = 0
    duplicates: int = 0
    # Kept as 「読み取れなかったメール」 in this pass (headers and reason only).
    unreadable: int = 0
    lines: list[str] = field(default_factory=list)


def _received_at(header: HeaderInfo, facts) -> datetime:
    """The real arrival: the mail's Date, else the server's arrival time, else the text's."""
    return header.date or header.internal_date or facts.received_at or timezone.now()


def _describe(header: HeaderInfo, facts, decision: Decision, received_at: datetime) -> str:
    when = timezone.localtime(received_at).strftime("%Y-%m-%d %H:%M")
    what = KIND_LABELS.get(facts.kind, facts.kind)
    number = f" {facts.receipt_number}" if facts.receipt_number else ""
    if decision.action in ("receipt", "reply"):
        target = f"→ 案件 #{decision.case.pk} に記録"
    elif decision.action == "already":
        target = f"→ 案件 #{decision.case.pk} に記録済み(何もしません)"
    else:
        why = " ".join(part for part in (decision.trust_warning, decision.reason) if part)
        target = f"→ 未割当: {why}"
    return f"UID {header.uid} {when} {what}{number} {target}"


def _record_on_case(
    *, mail: CcusMail, case: RecoveryCase, action: str, actor, receipt_number: str = ""
) -> None:
    """Record ``mail`` on ``case`` through the case services (raises CaseTransitionError)."""
    if action == "receipt":
        case_services.case_record_receipt(
            case=case,
            actor=actor,
            mail_text=mail.masked_body,
            receipt_number=receipt_number or mail.receipt_number,
            received_at=mail.received_at,
        )
    else:
        case_services.case_record_reply(
            case=case,
            actor=actor,
            mail_text=mail.masked_body,
            received_at=mail.received_at,
        )


def _record(
    header: HeaderInfo,
    facts,
    decision: Decision,
    received_at: datetime,
    *,
    key: str,
    folder: str,
    uidvalidity: int,
    truncated: bool = False,
) -> CcusMail | None:
    """Store one CCUS mail and record it on its case, in one transaction; None if known."""
    body, cut = cap_stored_body(facts.masked_body)
    with transaction.atomic():
        try:
            with transaction.atomic():
                mail = CcusMail.objects.create(
                    mail_key=key,
                    folder=folder,
                    uidvalidity=uidvalidity,
                    uid=header.uid,
                    sender=mask_secrets(header.sender)[:300],
                    subject=mask_secrets(header.subject)[:500],
                    message_id=mask_secrets(header.message_id)[:300],
                    date_header=mask_secrets(header.date_text)[:200],
                    received_at=received_at,
                    kind=facts.kind,
                    receipt_number=facts.receipt_number or "",
                    receipt_number_needs_confirmation=facts.receipt_number_needs_confirmation,
                    business_id=facts.business_id or "",
                    new_email=facts.new_email or "",
                    masked_body=body,
                    body_truncated=truncated or cut,
                    state=CcusMail.State.UNASSIGNED,
                    reason=decision.reason[:300],
                    candidates=decision.candidates,
                    trust_warning=decision.trust_warning[:300],
                    kind_unsure=facts.kind_unsure,
                )
        except IntegrityError:
            return None  # another pass (or an earlier one) recorded this mail
        if decision.action == "already":
            mail.state, mail.case = CcusMail.State.ALREADY, decision.case
        elif decision.action in ("receipt", "reply"):
            try:
                with transaction.atomic():
                    _record_on_case(
                        mail=mail, case=decision.case, action=decision.action, actor=None
                    )
                    note = (
                        f"{KIND_LABELS[decision.action]}を事務所のメールボックスから"
                        f"記録しました(件名: {mail.subject[:100]})。"
                    )
                    if decision.reason:
                        note += decision.reason
                    case_services.case_add_note(case=decision.case, actor=None, text=note)
            except CaseTransitionError as error:
                mail.reason = str(error)[:300]
                mail.candidates = [decision.case.pk]
            else:
                mail.state, mail.case = CcusMail.State.RECORDED, decision.case
                mail.handled_at = timezone.now()
        mail.save()
        return mail


def _failure_reason(error: BaseException) -> str:
    """Why a mail could not be read, in Japanese for staff (never the mail's own text)."""
    if isinstance(error, UnreadableMail):
        return str(error)
    if type(error).__name__ == "SoftTimeLimitExceeded":  # Celery's, near the task's time limit
        return "メールの読み取りに時間がかかりすぎたため、中断しました。"
    if isinstance(error, RecursionError):
        return "メールの構造が深く入れ子になりすぎているため、読み取れませんでした。"
    if isinstance(error, OverflowError):
        return "メールの日付などの値が大きすぎるため、読み取れませんでした。"
    if isinstance(error, DatabaseError):
        return "メールの内容をデータベースに保存できませんでした(使えない文字や長すぎる値)。"
    if isinstance(error, (UnicodeError, LookupError)):
        return "メールの文字コードを読み取れませんでした。"
    return f"メールの処理中に予期しないエラーが発生しました({type(error).__name__})。"


def _record_unreadable(
    header: HeaderInfo,
    *,
    key: str,
    reason: str,
    folder: str,
    uidvalidity: int,
) -> CcusMail | None:
    """Keep an unreadable mail for staff: its header fields (masked) and the reason, no body.
    None when it was kept before. If even the header fields are refused, they are left out."""
    fields = {
        "sender": mask_secrets(header.sender)[:300],
        "subject": mask_secrets(header.subject)[:500],
        "message_id": mask_secrets(header.message_id)[:300],
        "date_header": mask_secrets(header.date_text)[:200],
    }
    for attempt in (fields, dict.fromkeys(fields, "")):
        try:
            with transaction.atomic():
                return CcusMail.objects.create(
                    mail_key=key,
                    folder=folder,
                    uidvalidity=uidvalidity,
                    uid=header.uid,
                    received_at=header.date or header.internal_date or timezone.now(),
                    kind=CcusMail.Kind.UNKNOWN,
                    state=CcusMail.State.UNREADABLE,
                    reason=reason[:300],
                    **attempt,
                )
        except IntegrityError:
            return None
        except DatabaseError:
            if not any(attempt.values()):
                raise
    return None


def mailbox_note_health(folder: str, *, error: str = "") -> None:
    """Keep the outcome of a mailbox check for the dashboard and /healthz (error in Japanese)."""
    now = timezone.now()
    row, _ = MailboxFolder.objects.get_or_create(name=folder)
    if error:
        MailboxFolder.objects.filter(pk=row.pk).update(
            last_attempt_at=now, last_error=error, last_error_at=now
        )
    else:
        MailboxFolder.objects.filter(pk=row.pk).update(
            last_attempt_at=now, last_success_at=now, last_error=""
        )


def mailbox_fetch(
    *, dry_run: bool = False, config: MailboxConfig | None = None, client_class=None
) -> PassReport:
    """Read new mail once. ``dry_run`` changes nothing and lists what would be recorded.

    Raises MailboxError (Japanese) when the mailbox cannot be read; the error is also kept for
    the dashboard and /healthz unless ``dry_run``.
    """
    report = PassReport()
    if config is None:
        if not settings.IMAP_URL:
            raise MailboxError(
                "IMAP_URL が設定されていません(メールボックスの読み取りは無効です)。"
            )
        config = parse_imap_url(settings.IMAP_URL)
    report.folder = config.folder
    kwargs = {"timeout": settings.MAILBOX_TIMEOUT}
    if client_class is not None:
        kwargs["client_class"] = client_class
    try:
        with Mailbox(config, **kwargs) as box:
            _pass(box, report, dry_run=dry_run)
    except MailboxError as error:
        if not dry_run:
            mailbox_note_health(config.folder, error=str(error))
        logger.warning("mailbox %s: %s", config.folder, error)
        raise
    except Exception:
        if not dry_run:
            mailbox_note_health(config.folder, error=UNEXPECTED_ERROR)
        raise
    if not dry_run:
        mailbox_note_health(config.folder)
    return report


def _pass(box: Mailbox, report: PassReport, *, dry_run: bool) -> None:
    state = box.examine()
    report.uidvalidity = state.uidvalidity
    row = MailboxFolder.objects.filter(name=box.config.folder).first()
    if row is None and not dry_run:
        row, _ = MailboxFolder.objects.get_or_create(name=box.config.folder)
    last_uid = 0
    if row is not None and row.uidvalidity == state.uidvalidity:
        last_uid = row.last_uid
    elif row is not None and row.uidvalidity is not None:
        report.rescanned = True
        report.lines.append(
            f"フォルダ「{box.config.folder}」の UIDVALIDITY が変わりました"
            f"({row.uidvalidity} → {state.uidvalidity})。最初から読み直します(記録済みのメールは"
            "重複して記録しません)。"
        )
    if row is not None and not dry_run and row.uidvalidity != state.uidvalidity:
        MailboxFolder.objects.filter(pk=row.pk, uidvalidity=row.uidvalidity).update(
            uidvalidity=state.uidvalidity, last_uid=0
        )
    if state.uidnext is not None and state.uidnext - 1 <= last_uid:
        return  # nothing new since the last pass: one EXAMINE, no SEARCH, no FETCH
    uids = box.uids_after(last_uid)
    office = get_office()
    rules = CcusRules.from_office(office)
    senders = TrustedSenders.from_text(office.ccus_trusted_senders)
    wanted: dict[int, HeaderInfo] = {}
    for header in box.headers(uids):
        report.headers_fetched += 1
        # A sender the office entered as CCUS's is CCUS's whatever its name and subject say
        # (reading it decides nothing: ``_read_one`` checks trust on the whole From: field).
        if rules.matches(header) or senders.matches(header.sender_address):
            wanted[header.uid] = header
    report.ccus = len(wanted)
    # Read before, in this UIDVALIDITY (lost progress, a pass that stopped): not fetched again.
    known = set(
        CcusMail.objects.filter(
            folder=box.config.folder, uidvalidity=state.uidvalidity, uid__gt=last_uid
        ).values_list("uid", flat=True)
    )
    new = [uid for uid in sorted(wanted) if uid not in known]
    report.already_known = len(wanted) - len(new)
    new = _skip_too_large(
        [wanted[uid] for uid in new],
        report=report,
        folder=box.config.folder,
        uidvalidity=state.uidvalidity,
        dry_run=dry_run,
    )
    for uid, raw in _bodies_bounded(box, new, wanted):
        report.bodies_fetched += 1
        key = content_key(raw)
        if CcusMail.objects.filter(mail_key=key).exists():
            report.already_known += 1  # read under another UIDVALIDITY or UID
            continue
        _read_one(
            wanted[uid],
            raw,
            key=key,
            report=report,
            folder=box.config.folder,
            uidvalidity=state.uidvalidity,
            dry_run=dry_run,
            senders=senders,
        )
        del raw  # the original message lives only in this loop, never on disk
    if dry_run:
        return
    seen_up_to = max([last_uid, *uids, (state.uidnext or 1) - 1])
    MailboxFolder.objects.filter(
        name=box.config.folder,
        uidvalidity=state.uidvalidity,
        last_uid__lt=seen_up_to,
    ).update(last_uid=seen_up_to)


def _bodies_bounded(box: Mailbox, uids: list[int], headers: dict[int, HeaderInfo]):
    """The bodies of ``uids``, fetched in groups of at most MAX_MESSAGE_BYTES together (or one
    message): fifty mails just under the limit, which anyone can send with a CCUS-like subject,
    would otherwise arrive in one FETCH and hold the worker's memory fifty times over."""
    group: list[int] = []
    total = 0
    for uid in uids:
        size = headers[uid].size
        size = reading.MAX_MESSAGE_BYTES if size is None else size
        if group and total + size > reading.MAX_MESSAGE_BYTES:
            yield from box.bodies(group)
            group, total = [], 0
        group.append(uid)
        total += size
    if group:
        yield from box.bodies(group)


def _skip_too_large(
    headers: list[HeaderInfo], *, report: PassReport, folder: str, uidvalidity: int, dry_run: bool
) -> list[int]:
    """The UIDs worth fetching; a message over MAX_MESSAGE_BYTES is kept as unreadable from its
    header fields alone, never fetched."""
    fetch = []
    for header in headers:
        if header.size is None or header.size <= reading.MAX_MESSAGE_BYTES:
            fetch.append(header.uid)
            continue
        key = reading.too_large_key(header.header_bytes, header.size)
        reason = reading.too_large_reason(header.size)
        report.lines.append(f"UID {header.uid} → 読み取れなかったメール: {reason}")
        if dry_run:
            continue
        if CcusMail.objects.filter(mail_key=key).exists():
            report.already_known += 1
        elif _record_unreadable(
            header, key=key, reason=reason, folder=folder, uidvalidity=uidvalidity
        ):
            report.unreadable += 1
        else:
            report.duplicates += 1
    return fetch


def _read_one(
    header: HeaderInfo,
    raw: bytes,
    *,
    key: str,
    report: PassReport,
    folder: str,
    uidvalidity: int,
    dry_run: bool,
    senders: TrustedSenders,
) -> None:
    """Read, match and record one mail on its own: whatever it holds, it either is recorded or
    is kept as 「読み取れなかったメール」; it never ends the pass."""
    try:
        with transaction.atomic():  # this mail's own transaction (a savepoint in a test)
            read = read_message(raw)
            trust = sender_trust(raw, senders=senders, authserv_id=settings.MAIL_AUTHSERV_ID)
            facts = parse_ccus_mail(read.text, subject=header.subject)
            received_at = _received_at(header, facts)
            decision = match_mail(facts, read.text, received_at, trust=trust)
            report.lines.append(_describe(header, facts, decision, received_at))
            if dry_run:
                return
            mail = _record(
                header,
                facts,
                decision,
                received_at,
                key=key,
                folder=folder,
                uidvalidity=uidvalidity,
                truncated=read.truncated,
            )
    except Exception as error:
        reason = _failure_reason(error)
        # The type only: an exception's text can quote the mail.
        logger.warning(
            "mailbox %s: UID %s could not be read (%s)", folder, header.uid, type(error).__name__
        )
        report.lines.append(f"UID {header.uid} → 読み取れなかったメール: {reason}")
        if dry_run:
            return
        if _record_unreadable(
            header, key=key, reason=reason, folder=folder, uidvalidity=uidvalidity
        ):
            report.unreadable += 1
        else:
            report.duplicates += 1
        return
    if mail is None:
        report.duplicates += 1
    elif mail.state == CcusMail.State.RECORDED:
        report.recorded += 1
    elif mail.state == CcusMail.State.ALREADY:
        report.already += 1
    else:
        report.unassigned += 1


# --- staff ------------------------------------------------------------------------------------


class MailAssignError(Exception):
    """Assigning was refused; ``str(error)`` is the Japanese reason for staff."""


class MailAssignNeedsConfirmation(MailAssignError):
    """The mail names another 事業者ID or address than the case: staff confirm first."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__(" ".join(warnings))
        self.warnings = warnings


def _lock_unassigned(mail: CcusMail, *, states=(CcusMail.State.UNASSIGNED,)) -> CcusMail:
    locked = CcusMail.objects.select_for_update().get(pk=mail.pk)
    if locked.state not in states:
        raise MailAssignError(
            "このメールは既に処理されています(ほかの担当者が割り当てたか、対象外にしました)。"
        )
    return locked


def mail_needs_kind(mail: CcusMail) -> bool:
    """Whether staff must say which kind the mail is before assigning it (「種類を確認」)."""
    return mail.kind not in STEP_OF_KIND or mail.kind_unsure


def _assign_step(mail: CcusMail, kind: str) -> str:
    """The step the mail is recorded as: its own kind's, or staff's choice when unsure."""
    if mail_needs_kind(mail):
        if kind not in STEP_OF_KIND:
            raise MailAssignError(
                "種類を確認してください: このメールを受付メールとして記録するか、回答メールとして"
                "記録するかを選んでください。"
            )
        return STEP_OF_KIND[kind]
    step = STEP_OF_KIND[mail.kind]
    if kind and STEP_OF_KIND.get(kind) != step:
        raise MailAssignError(f"このメールは{KIND_LABELS[mail.kind]}です。種類は変えられません。")
    return step


def _check_step_fits(case: RecoveryCase, step: str) -> None:
    """Refuse a receipt for a case past its receipt, a reply for one not waiting for it."""
    status = case.get_status_display()
    if step == RECEIPT and case.status not in AWAITING_RECEIPT:
        hint = "(受付は記録済みです)" if case.receipt_number else ""
        raise MailAssignError(
            f"案件 #{case.pk} は「{status}」のため、受付メールを記録できません{hint}"
            "(受付メールは問い合わせ送信済の案件にだけ記録できます)。"
        )
    if step == REPLY and case.status not in RECEIPT_RECORDED_AWAITING_REPLY:
        hint = "先に受付メールを記録してください。" if case.status in AWAITING_RECEIPT else ""
        raise MailAssignError(
            f"案件 #{case.pk} は「{status}」のため、回答メールを記録できません"
            f"(回答メールは受付確認済・CCUS回答待ちの案件にだけ記録できます)。{hint}"
        )


def _number_mismatch(mail: CcusMail, case: RecoveryCase, step: str) -> list[str]:
    """A reply naming another 受付番号 than the case's: the number is the surest key of all."""
    number = "" if mail.receipt_number_needs_confirmation else mail.receipt_number
    if step != REPLY or not number or not case.receipt_number or number == case.receipt_number:
        return []
    return [
        f"メールの受付番号({number})がこの案件の受付番号({case.receipt_number})と違います。"
        "別の案件のメールではないか確認してください。"
    ]


@transaction.atomic
def mail_assign(
    *,
    mail: CcusMail,
    case: RecoveryCase,
    actor,
    receipt_number: str = "",
    kind: str = "",
    confirmed: bool = False,
) -> CcusMail:
    """Record an unassigned CCUS mail on ``case`` as the step its kind is (``kind``: staff's
    choice when the mail's own is unknown or unsure). A kind that does not fit the case's step
    is refused; a mail naming another 事業者ID or address raises MailAssignNeedsConfirmation
    until ``confirmed``."""
    locked = _lock_unassigned(mail)
    step = _assign_step(locked, kind)
    _check_step_fits(case, step)
    number = ""
    if step == RECEIPT:
        number = receipt_number.strip() or (
            "" if locked.receipt_number_needs_confirmation else locked.receipt_number
        )
        if not number:
            raise MailAssignError("受付番号を確認して入力してください(C-と10桁の数字)。")
    warnings = _number_mismatch(locked, case, step) + mail_mismatches(
        locked, business_id=case.client.business_id, new_email=case.new_email
    )
    if warnings and not confirmed:
        raise MailAssignNeedsConfirmation(warnings)
    try:
        _record_on_case(mail=locked, case=case, action=step, actor=actor, receipt_number=number)
        if warnings:
            note = "未割当のCCUSメールを、次の違いを確認のうえ記録しました: " + " ".join(warnings)
            case_services.case_add_note(case=case, actor=actor, text=note)
    except CaseTransitionError as error:
        raise MailAssignError(str(error)) from None
    locked.state, locked.case = CcusMail.State.ASSIGNED, case
    locked.handled_by, locked.handled_at = actor, timezone.now()
    locked.save()
    mail.state, mail.case = locked.state, locked.case
    return locked


@transaction.atomic
def mail_dismiss(*, mail: CcusMail, actor) -> CcusMail:
    """Take an unassigned CCUS mail, or an unreadable one staff have looked at in their mail
    program, off its list without recording it on a case."""
    locked = _lock_unassigned(mail, states=(CcusMail.State.UNASSIGNED, CcusMail.State.UNREADABLE))
    locked.state = CcusMail.State.DISMISSED
    locked.handled_by, locked.handled_at = actor, timezone.now()
    locked.save()
    mail.state = locked.state
    return locked


_FULL_WIDTH = str.maketrans("0123456789-C", "０１２３４５６７８９－Ｃ")


def _number_forms(*numbers: str) -> set[str]:
    """Each number as typed and in full width (「０７６７－５３－１２３４」), as Japanese mail
    writes it about as often: the masked body is stored as it came, not normalised."""
    return {form for n in numbers if n for form in (n, n.translate(_FULL_WIDTH))}


def _mentions(client, cases: list[dict]) -> Q:
    """Mails naming ``client`` by any key the desk knows: its 事業者ID, its address and the new
    addresses of its cases, its cases' 受付番号, its phone number and its name."""
    condition = Q(case__client_id=client.pk)
    if client.business_id:
        condition |= Q(business_id=client.business_id)
        for form in _number_forms(client.business_id):
            condition |= Q(masked_body__contains=form) | Q(subject__contains=form)
    emails = {e.strip().lower() for e in [client.email, *(c["new_email"] for c in cases)] if e}
    for email in emails:
        condition |= (
            Q(new_email__iexact=email)
            | Q(masked_body__icontains=email)
            | Q(sender__icontains=email)
            | Q(subject__icontains=email)
        )
    for number in {c["receipt_number"] for c in cases if c["receipt_number"]}:
        condition |= Q(receipt_number=number)
        for form in _number_forms(number):
            condition |= Q(subject__contains=form) | Q(masked_body__contains=form)
    phone_digits = digits_only(client.phone or "")
    if len(phone_digits) >= 10:  # a whole number, never a fragment that other text may hold
        for form in _number_forms(client.phone.strip(), phone_digits):
            condition |= Q(masked_body__contains=form)
    name = (client.name or "").strip()
    if len(name) >= 3:  # 「能登建設」, not a two-letter fragment of somebody else's text
        condition |= Q(masked_body__contains=name) | Q(subject__contains=name)
    return condition


def client_ccus_mails_erase(client) -> dict[str, int]:
    """Delete the CCUS mails that hold ``client``'s data and the admin log rows of its objects.

    A mail goes when it is recorded on one of its cases, lists one among its candidates, or names
    the client by 事業者ID, address or new address, 受付番号, phone or name (``_mentions``).
    Django admin's log keeps each object's name (``object_repr``): its rows of the client, its
    cases and those mails go too. Registered with ``clients.erasure`` (see
    ``InboxConfig.ready``); it runs before the client and its cases are deleted."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    cases = list(
        RecoveryCase.objects.filter(client_id=client.pk).values("pk", "new_email", "receipt_number")
    )
    case_pks = {c["pk"] for c in cases}
    mail_pks = set(CcusMail.objects.filter(_mentions(client, cases)).values_list("pk", flat=True))
    for pk, candidates in CcusMail.objects.exclude(candidates=[]).values_list("pk", "candidates"):
        if isinstance(candidates, list) and case_pks & set(candidates):
            mail_pks.add(pk)
    logged = Q(pk__in=[])
    for model, pks in ((type(client), {client.pk}), (RecoveryCase, case_pks), (CcusMail, mail_pks)):
        if pks:
            logged |= Q(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=[str(pk) for pk in pks],
            )
    logs, _ = LogEntry.objects.filter(logged).delete()
    mails, _ = CcusMail.objects.filter(pk__in=mail_pks).delete()
    removed = {}
    with translation.override("ja"):  # the record is stored: labels in the source language
        if mails:
            removed[str(CcusMail._meta.verbose_name)] = mails
        if logs:
            removed[str(LogEntry._meta.verbose_name)] = logs
    return removed
