"""Every write to a recovery case: creation, each step of the procedure, hold, cancel, reopen.

Each service validates the transition (no skipping, no going back), writes the timeline entry and
re-plans the case's reminders (``sync_case_reminders``) in one transaction. An invalid transition
raises ``CaseTransitionError`` with a Japanese reason and changes nothing.

受付確認済 → CCUS回答待ち is automatic: recording the receipt mail confirms the receipt and puts
the case straight into waiting for CCUS's reply; both steps appear on the timeline.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from clients.models import CcusAccess, Client
from clients.services import client_set_renewal_facts
from office.dates import format_datetime_ja
from office.models import AuditEvent
from office.roles import is_office_admin
from office.secrets import mask_secrets
from office.selectors import get_office
from office.services import audit_record

from .ccus_mail import extract_mail_time, extract_receipt_number, parse_ccus_mail
from .inquiry import build_inquiry
from .models import (
    OPEN_STATUSES,
    RENEWAL_OPEN_STATUSES,
    CaseEvent,
    ClosedDay,
    RecoveryCase,
    RenewalStatus,
    Situation,
    Status,
)
from .reminders import rules as reminders
from .steps import RECOVERY, CaseTransitionError, pipeline_for
from .timeline import timeline_record

SELF_SERVICE_SITUATIONS = (Situation.PASSWORD_ONLY, Situation.CAN_LOGIN)

# The login-work checklist, in the guide's order (STEP② ③, ④–⑤, ⑥).
LOGIN_STEPS: dict[str, str] = {
    "password_changed_at": gettext_noop("パスワード変更"),
    "security_code_entered_at": gettext_noop("セキュリティコード入力"),
    "relogin_confirmed_at": gettext_noop("新パスワードで再ログイン確認"),
}

DATE_FIELDS = (
    "sent_at",
    "receipt_at",
    "reply_at",
    "login_started_at",
    "password_changed_at",
    "security_code_entered_at",
    "relogin_confirmed_at",
)


# Clocks of CCUS's mail server and this server may differ a little: a time up to this much
# ahead is taken as "now"; further ahead it is refused.
FUTURE_TOLERANCE = timedelta(minutes=10)


def _ja(text) -> str:
    """A (lazy) model label in Japanese: the timeline is a record, whatever the staff's UI."""
    with translation.override("ja"):
        return str(text)


def _label(status: str) -> str:
    return RECOVERY.label(status)


def _event(
    *,
    case: RecoveryCase,
    actor,
    kind: str,
    message: str = "",
    from_status: str = "",
    to_status: str = "",
    at: datetime | None = None,
) -> CaseEvent:
    return timeline_record(
        case_id=case.pk,
        actor=actor,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        message=message,
        at=at,
    )


def _move(case: RecoveryCase, *, actor, to: str, message: str = "") -> None:
    """Change the status and record the transition (caller saves the case).

    The move must be in the pipeline's table (``recovery.steps``).
    """
    pipeline_for(case).check_move(case.status, to)
    _event(
        case=case,
        actor=actor,
        kind=CaseEvent.Kind.TRANSITION,
        from_status=case.status,
        to_status=to,
        message=message,
    )
    case.status = to


def _lock(case: RecoveryCase) -> RecoveryCase:
    """Re-read the case under a row lock so that two clicks cannot both pass validation."""
    return RecoveryCase.objects.select_for_update().select_related("client").get(pk=case.pk)


def _require(case: RecoveryCase, action: str, *, label: str = "") -> None:
    """Raise unless the case's status allows ``action`` (``recovery.steps.RECOVERY_ACTIONS``)."""
    pipeline = pipeline_for(case)
    if action not in pipeline.actions:
        raise CaseTransitionError("この操作は、この種類の案件ではできません。")
    pipeline.require(case.status, action, label=label)


def _dt(value: datetime) -> str:
    return format_datetime_ja(value)


def _field_label(name: str) -> str:
    return _ja(RecoveryCase._meta.get_field(name).verbose_name)


def _plausible(value: datetime, *, now: datetime) -> datetime:
    """A time a few minutes ahead (clock skew) becomes now; further ahead is refused later."""
    if now < value <= now + FUTURE_TOLERANCE:
        return now
    return value


def _check_dates(case: RecoveryCase, names: tuple[str, ...], *, now: datetime | None = None):
    """The times ``names`` just recorded or corrected are plausible: not in the future, not
    before the case was created (to the minute: times are typed without seconds), and in the
    procedure's order with the recorded steps around them (送信 → 受付 → 回答 → ログイン作業開始
    → each checklist item, DATE_FIELDS). Only these are checked, so that an older record that
    broke a rule never blocks the next step."""
    now = now or timezone.now()
    created = case.created_at.replace(second=0, microsecond=0) if case.created_at else None
    recorded = [(n, getattr(case, n)) for n in DATE_FIELDS if getattr(case, n) is not None]
    for index, (name, value) in enumerate(recorded):
        if name not in names:
            continue
        label = _field_label(name)
        if value > now:
            raise CaseTransitionError(
                f"「{label}」に未来の日時({_dt(value)})は指定できません。"
                f"現在({_dt(now)})までの日時を入力してください。"
            )
        if created is not None and value < created:
            raise CaseTransitionError(
                f"「{label}」({_dt(value)})が案件の作成日時({_dt(case.created_at)})より"
                "前になっています。日時を確認してください。"
            )
        before = recorded[index - 1] if index else None
        if before is not None and value < before[1]:
            raise CaseTransitionError(
                f"「{label}」({_dt(value)})が「{_field_label(before[0])}」({_dt(before[1])})より"
                "前になっています。手順の順番どおりの日時を入力してください。"
            )
        after = recorded[index + 1] if index + 1 < len(recorded) else None
        if after is not None and value > after[1]:
            raise CaseTransitionError(
                f"「{label}」({_dt(value)})が「{_field_label(after[0])}」({_dt(after[1])})より"
                "後になっています。手順の順番どおりの日時を入力してください。"
            )


def _save(case: RecoveryCase, original: RecoveryCase) -> RecoveryCase:
    case.save()
    reminders.sync_case_reminders(case)
    # Give the caller's object the new values too.
    for f in case._meta.concrete_fields:
        setattr(original, f.attname, getattr(case, f.attname))
    return case


@transaction.atomic
def case_create(
    *,
    client: Client,
    situation: str,
    actor,
    assignee=None,
    new_email: str = "",
    error_message: str = "",
    notes: str = "",
    for_renewal: RecoveryCase | None = None,
) -> RecoveryCase:
    """Open a case after triage: a/b are closed as self-service, c/d/e start at 準備中.

    ``for_renewal``: the renewal case that waits for this recovery (its completion moves it on).
    """
    if situation not in Situation.values:
        raise CaseTransitionError("状況(a〜e)を選んでください。")
    case = RecoveryCase.objects.create(
        client=client,
        situation=situation,
        assignee=assignee,
        new_email=new_email.strip(),
        error_message=error_message,
        notes=notes,
        created_by=actor,
        status=Status.PREPARING,
        for_renewal=for_renewal,
    )
    because = f"更新案件#{for_renewal.pk}の申請のための復旧です。" if for_renewal else ""
    _event(
        case=case,
        actor=actor,
        kind=CaseEvent.Kind.CREATED,
        to_status=Status.PREPARING,
        message=f"案件を作成しました(状況: {_ja(Situation(situation).label)})。{because}",
    )
    if situation in SELF_SERVICE_SITUATIONS:
        _move(
            case,
            actor=actor,
            to=Status.SELF_SERVICE,
            message="お客様ご自身で手続きできる状況のため、手順を案内して終了しました。",
        )
        case.closed_at = timezone.now()
        case.save()
    reminders.sync_case_reminders(case)
    return case


@transaction.atomic
def case_update_details(
    *,
    case: RecoveryCase,
    actor,
    assignee=None,
    new_email: str = "",
    error_message: str = "",
    notes: str = "",
) -> RecoveryCase:
    """Edit 担当者, 変更希望メールアドレス, エラーメッセージ and メモ (masked)."""
    locked = _lock(case)
    changes = []
    # Masked here only to compare with what is stored (masked by the save net): the same
    # text typed again is no change.
    new_values = {
        "assignee_id": assignee.pk if assignee else None,
        "new_email": new_email.strip(),
        "error_message": mask_secrets(error_message),
        "notes": mask_secrets(notes),
    }
    labels = {
        "assignee_id": "担当者",
        "new_email": "変更希望メールアドレス",
        "error_message": "エラーメッセージ",
        "notes": "メモ",
    }
    for attr, value in new_values.items():
        if getattr(locked, attr) != value:
            setattr(locked, attr, value)
            changes.append(labels[attr])
    if changes:
        _event(
            case=locked,
            actor=actor,
            kind=CaseEvent.Kind.UPDATE,
            message="案件情報を更新しました: " + "、".join(changes),
        )
        _save(locked, case)
    return case


@transaction.atomic
def case_change_situation(
    *,
    case: RecoveryCase,
    actor,
    situation: str,
    error_message: str = "",
) -> RecoveryCase:
    """Correct the triage (状況 a–e) of a case that is not finished.

    Between c, d and e the procedure stays where it is. a or b means the client can do it
    themselves: an open case (or one on hold) is closed as セルフサービス案内済 and its
    reminders go; the page asks for confirmation first. A case closed as self-service by a
    mistaken a/b goes back to 準備中 when corrected to c, d or e.
    """
    if situation not in Situation.values:
        raise CaseTransitionError("状況(a〜e)を選んでください。")
    locked = _lock(case)
    if not RECOVERY.may(locked.status, "change_situation"):
        raise CaseTransitionError(
            f"「{_label(locked.status)}」の案件の状況は変更できません(再開してから変更してください)。"
        )
    if situation == locked.situation:
        raise CaseTransitionError("状況は変わっていません。別の状況を選んでください。")
    error_message = error_message.strip()
    if situation == Situation.LOGIN_ERROR:
        if error_message:
            locked.error_message = error_message
        if not locked.error_message:
            raise CaseTransitionError("eの場合は、表示されたエラーメッセージを入力してください。")
    old = _ja(Situation(locked.situation).label) if locked.situation else "—"
    locked.situation = situation
    _event(
        case=locked,
        actor=actor,
        kind=CaseEvent.Kind.UPDATE,
        message=f"状況を変更しました: {old} → {_ja(Situation(situation).label)}",
    )
    self_service = situation in SELF_SERVICE_SITUATIONS
    if self_service and locked.status != Status.SELF_SERVICE:
        locked.held_status = ""
        _move(
            locked,
            actor=actor,
            to=Status.SELF_SERVICE,
            message="お客様ご自身で手続きできる状況のため、手順を案内して終了しました。",
        )
        locked.closed_at = timezone.now()
    elif not self_service and locked.status == Status.SELF_SERVICE:
        _move(
            locked,
            actor=actor,
            to=Status.PREPARING,
            message="状況の訂正により、事務所が手続きを進めます。",
        )
        locked.closed_at = None
    return _save(locked, case)


@transaction.atomic
def case_add_note(*, case: RecoveryCase, actor, text: str) -> CaseEvent:
    """Add a note to the timeline (passwords and security codes masked)."""
    text = (text or "").strip()
    if not text:
        raise CaseTransitionError("メモの内容を入力してください。")
    return _event(case=case, actor=actor, kind=CaseEvent.Kind.NOTE, message=text)


@transaction.atomic
def case_mark_sent(*, case: RecoveryCase, actor, sent_at: datetime | None = None) -> RecoveryCase:
    """準備中 → 問い合わせ送信済: the inquiry was sent on the CCUS form."""
    locked = _lock(case)
    _require(locked, "mark_sent")
    inquiry = build_inquiry(locked, get_office())
    if not inquiry.ready:
        raise CaseTransitionError(
            "問い合わせ文に必要な情報が足りません: " + "、".join(inquiry.missing)
        )
    now = timezone.now()
    locked.sent_at = sent_at = _plausible(sent_at or now, now=now)
    _check_dates(locked, ("sent_at",), now=now)
    _move(locked, actor=actor, to=Status.SENT, message=f"送信日時 {format_datetime_ja(sent_at)}")
    return _save(locked, case)


def _check_received(case: RecoveryCase, received_at: datetime, what: str) -> None:
    """A mail's time (typed or read from the mail) ahead of now is refused with what to do."""
    if received_at > timezone.now() + FUTURE_TOLERANCE:
        raise CaseTransitionError(
            f"{what}の受信日時({_dt(received_at)})が未来になっています。"
            "メールに書かれた日時か入力した日時を確認し、受信日時を入力して記録してください。"
        )


@transaction.atomic
def case_record_receipt(
    *,
    case: RecoveryCase,
    actor,
    mail_text: str = "",
    receipt_number: str = "",
    received_at: datetime | None = None,
    subject: str = "",
) -> RecoveryCase:
    """問い合わせ送信済 → 受付確認済 → CCUS回答待ち, from the pasted receipt mail.

    ``receipt_number`` is the number staff typed or confirmed in the form. Without it, the
    number is read from the mail (its subject first) and must be exactly ten digits and the only
    one: anything else is never stored without the user's confirmation.
    """
    locked = _lock(case)
    _require(locked, "record_receipt")
    number = extract_receipt_number(receipt_number) if receipt_number else None
    if not number:
        facts = parse_ccus_mail(mail_text, subject=subject)
        number = facts.receipt_number
        if number and facts.receipt_number_needs_confirmation:
            raise CaseTransitionError(
                f"受付番号「{number}」は10桁ではないか、メールに複数の番号があります。"
                "受付メールの件名で確かめて、受付番号を入力してください。"
            )
    if not number:
        raise CaseTransitionError(
            "受付番号(C-で始まる番号)が見つかりません。受付メールの件名か本文を貼り付けてください。"
        )
    received_at = received_at or extract_mail_time(mail_text) or timezone.now()
    _check_received(locked, received_at, "受付メール")
    locked.receipt_number = number
    locked.receipt_mail = mail_text.strip()
    locked.receipt_at = received_at = _plausible(received_at, now=timezone.now())
    _check_dates(locked, ("receipt_at",))
    _move(locked, actor=actor, to=Status.RECEIPT_CONFIRMED, message=f"受付番号 {number}")
    _move(locked, actor=actor, to=Status.WAITING, message="CCUSからの回答を待ちます(自動)。")
    return _save(locked, case)


@transaction.atomic
def case_record_reply(
    *,
    case: RecoveryCase,
    actor,
    mail_text: str = "",
    received_at: datetime | None = None,
) -> RecoveryCase:
    """CCUS回答待ち → 回答受領: CCUS's reply mail arrived. Its password is masked."""
    locked = _lock(case)
    _require(locked, "record_reply")
    received_at = received_at or extract_mail_time(mail_text) or timezone.now()
    _check_received(locked, received_at, "回答メール")
    locked.reply_at = received_at = _plausible(received_at, now=timezone.now())
    _check_dates(locked, ("reply_at",))
    locked.reply_mail = mail_text.strip()
    _move(
        locked,
        actor=actor,
        to=Status.REPLIED,
        message=f"回答受信日時 {format_datetime_ja(received_at)}",
    )
    return _save(locked, case)


@transaction.atomic
def case_start_login_work(
    *,
    case: RecoveryCase,
    actor,
    at: datetime | None = None,
) -> RecoveryCase:
    """回答受領 → ログイン作業."""
    locked = _lock(case)
    _require(locked, "start_login_work")
    now = timezone.now()
    locked.login_started_at = _plausible(at or now, now=now)
    _check_dates(locked, ("login_started_at",), now=now)
    _move(locked, actor=actor, to=Status.LOGIN_WORK)
    return _save(locked, case)


@transaction.atomic
def case_check_login_step(
    *,
    case: RecoveryCase,
    actor,
    step: str,
    at: datetime | None = None,
) -> RecoveryCase:
    """Tick one item of the login-work checklist, in order; the last one completes the case."""
    if step not in LOGIN_STEPS:
        raise CaseTransitionError("ログイン作業の項目が正しくありません。")
    locked = _lock(case)
    _require(locked, "check_login_step", label=LOGIN_STEPS[step])
    order = list(LOGIN_STEPS)
    for earlier in order[: order.index(step)]:
        if getattr(locked, earlier) is None:
            raise CaseTransitionError(
                f"先に「{LOGIN_STEPS[earlier]}」を済ませてください(手順の順番どおりに記録します)。"
            )
    if getattr(locked, step) is not None:
        raise CaseTransitionError(f"「{LOGIN_STEPS[step]}」は記録済みです。")
    now = timezone.now()
    setattr(locked, step, _plausible(at or now, now=now))
    _check_dates(locked, (step,), now=now)
    _event(
        case=locked,
        actor=actor,
        kind=CaseEvent.Kind.UPDATE,
        message=f"ログイン作業: {LOGIN_STEPS[step]} 済",
    )
    if all(getattr(locked, s) is not None for s in order):
        _move(locked, actor=actor, to=Status.DONE, message="ログイン作業がすべて完了しました。")
        locked.closed_at = timezone.now()
        _recovery_done(locked, actor=actor)
    return _save(locked, case)


def _recovery_done(case: RecoveryCase, *, actor) -> None:
    """A finished recovery: the client can log in and gets CCUS's mail again, and the renewal
    case waiting for it (if any) moves on from ログイン確認."""
    client_set_renewal_facts(client=case.client, user=actor, ccus_access=CcusAccess.YES)
    if case.for_renewal_id is None:
        return
    renewal = RecoveryCase.objects.select_for_update().get(pk=case.for_renewal_id)
    if renewal.status != RenewalStatus.LOGIN_CHECK:
        _event(
            case=renewal,
            actor=actor,
            kind=CaseEvent.Kind.UPDATE,
            message=f"復旧案件#{case.pk}が完了しました(ログインできます)。",
        )
        return
    _move(
        renewal,
        actor=actor,
        to=RenewalStatus.CHANGES_CHECK,
        message=f"復旧案件#{case.pk}が完了し、ログインできることを確認しました。",
    )
    renewal.save()
    reminders.sync_case_reminders(renewal)


@transaction.atomic
def case_hold(*, case: RecoveryCase, actor, reason: str = "") -> RecoveryCase:
    """Any open status → 保留 (of a recovery or a renewal); the status is kept to resume there."""
    locked = _lock(case)
    _require(locked, "hold")
    locked.held_status = locked.status
    _move(locked, actor=actor, to=pipeline_for(locked).statuses.ON_HOLD, message=reason.strip())
    return _save(locked, case)


@transaction.atomic
def case_resume(*, case: RecoveryCase, actor, reason: str = "") -> RecoveryCase:
    """保留 → the status the case was in before."""
    locked = _lock(case)
    _require(locked, "resume")
    back = locked.held_status or pipeline_for(locked).statuses.PREPARING
    locked.held_status = ""
    _move(locked, actor=actor, to=back, message=reason.strip())
    return _save(locked, case)


@transaction.atomic
def case_cancel(*, case: RecoveryCase, actor, reason: str = "") -> RecoveryCase:
    """Any open status (or 保留) → 取消, for a recovery or a renewal; the status it was cancelled
    from is kept for a recovery's reopening."""
    locked = _lock(case)
    _require(locked, "cancel")
    statuses = pipeline_for(locked).statuses
    if locked.status != statuses.ON_HOLD:
        locked.held_status = locked.status
    locked.closed_at = timezone.now()
    _move(locked, actor=actor, to=statuses.CANCELLED, message=reason.strip())
    return _save(locked, case)


@transaction.atomic
def case_reopen(*, case: RecoveryCase, actor, reason: str = "") -> RecoveryCase:
    """A closed case back to work (office admins only).

    完了 → ログイン作業 (the re-login check is cleared); セルフサービス案内済 → 準備中 (the full
    procedure); 取消 → the status it was cancelled from.
    """
    if not is_office_admin(actor):
        raise CaseTransitionError("案件の再開は事務所管理者だけができます。")
    locked = _lock(case)
    _require(locked, "reopen")
    if locked.status == Status.DONE:
        back = Status.LOGIN_WORK
        locked.relogin_confirmed_at = None
    elif locked.status == Status.SELF_SERVICE:
        back = Status.PREPARING
    else:
        back = locked.held_status or Status.PREPARING
    locked.held_status = ""
    locked.closed_at = None
    _move(locked, actor=actor, to=back, message=reason.strip() or "案件を再開しました。")
    return _save(locked, case)


@transaction.atomic
def case_correct_dates(
    *,
    case: RecoveryCase,
    actor,
    dates: dict[str, datetime | None],
) -> RecoveryCase:
    """Correct the recorded time of steps already done; the steps must stay in order."""
    locked = _lock(case)
    changes = []
    changed: list[str] = []
    for name, value in dates.items():
        if name not in DATE_FIELDS:
            raise CaseTransitionError("修正できない日時の項目です。")
        current = getattr(locked, name)
        if current is None and value is not None:
            label = _ja(RecoveryCase._meta.get_field(name).verbose_name)
            raise CaseTransitionError(f"「{label}」はまだ記録されていないため修正できません。")
        if current is not None and value is None:
            label = _ja(RecoveryCase._meta.get_field(name).verbose_name)
            raise CaseTransitionError(f"「{label}」を空にはできません。日時を入力してください。")
        if value != current:
            setattr(locked, name, value)
            changed.append(name)
            label = _ja(RecoveryCase._meta.get_field(name).verbose_name)
            changes.append(f"{label} {format_datetime_ja(value)}")
    _check_dates(locked, tuple(changed))
    if changes:
        _event(
            case=locked,
            actor=actor,
            kind=CaseEvent.Kind.UPDATE,
            message="日時を修正しました: " + "、".join(changes),
        )
        _save(locked, case)
    return case


def _resync_open_cases() -> None:
    """A changed calendar moves the due dates of every open case's reminders (renewals too)."""
    open_cases = RecoveryCase.objects.filter(status__in=(*OPEN_STATUSES, *RENEWAL_OPEN_STATUSES))
    for case in open_cases.select_related("client"):
        reminders.sync_case_reminders(case)


@transaction.atomic
def closed_day_add(*, day, reason: str, actor) -> ClosedDay:
    """Add a day the office (or CCUS) does not work; open cases' reminders move with it."""
    closed = ClosedDay.objects.create(date=day, reason=reason.strip())
    _resync_open_cases()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CLOSED_DAY_ADD,
        target=f"{closed.date:%Y-%m-%d}",
        details={"理由": closed.reason},
    )
    return closed


@transaction.atomic
def closed_day_delete(*, day: ClosedDay, actor) -> None:
    label, reason = f"{day.date:%Y-%m-%d}", day.reason
    day.delete()
    _resync_open_cases()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CLOSED_DAY_DELETE,
        target=label,
        details={"理由": reason},
    )
