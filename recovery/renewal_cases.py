"""Every write to a renewal case (事業者登録の更新): open it (with a recovery first when the
client's login is not known to work), each step of its pipeline, hold, resume, cancel.

The same machinery as a recovery case: the pipeline table (``recovery.steps.RENEWAL``) decides
what may follow what, the one timeline writer records it, and ``sync_case_reminders`` re-plans
its reminders in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from clients.models import CcusAccess, Client
from clients.services import client_set_renewal_facts
from office.dates import format_date_ja

from . import renewal
from .models import (
    OPEN_STATUSES,
    RENEWAL_CHANGE_ITEMS,
    RENEWAL_OPEN_STATUSES,
    CaseEvent,
    CaseKind,
    RecoveryCase,
    RenewalStatus,
    Situation,
    Status,
)
from .reminders import rules as reminders
from .services import _event, _lock, _move, _require, _save, case_create
from .steps import CaseTransitionError

RS = RenewalStatus

# The steps forward: the action, the status it leads to, and the time it stamps.
STEPS: dict[str, tuple[str, str | None]] = {
    "start_login_check": (RS.LOGIN_CHECK, None),
    "confirm_login": (RS.CHANGES_CHECK, None),
    "record_application": (RS.APPLIED, "applied_at"),
    "record_payment_url": (RS.PAYMENT_URL, "payment_url_at"),
    "record_payment": (RS.PAID, "paid_at"),
    "complete": (RS.DONE, None),
}


def open_renewal_case(client: Client) -> RecoveryCase | None:
    return (
        RecoveryCase.objects.filter(
            client=client,
            kind=CaseKind.RENEWAL,
            status__in=(*RENEWAL_OPEN_STATUSES, RS.ON_HOLD),
        )
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def renewal_case_open(*, client: Client, actor, assignee=None) -> RecoveryCase:
    """Open the renewal case of the client's current expiry: the desk's one click.

    When the office does not know that the client can log in and receives CCUS's mail, the
    renewal case waits at ログイン確認 and a recovery case is opened for it (or the client's open
    one is linked); the recovery's completion moves the renewal on. Returns the case to open
    next: the recovery case when one is needed, else the renewal case.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.registration_expires_on is None:
        raise CaseTransitionError(
            "事業者登録の有効期限が未登録です。事業者の編集画面で有効期限を入力してください。"
        )
    existing = open_renewal_case(client)
    if existing is not None:
        raise CaseTransitionError(f"この事業者には進行中の更新案件(#{existing.pk})があります。")
    expiry = client.registration_expires_on
    case = RecoveryCase.objects.create(
        client=client,
        kind=CaseKind.RENEWAL,
        status=RS.PREPARING,
        assignee=assignee or (actor if getattr(actor, "is_authenticated", False) else None),
        created_by=actor,
        renewal_expiry=expiry,
    )
    _event(
        case=case,
        actor=actor,
        kind=CaseEvent.Kind.CREATED,
        to_status=RS.PREPARING,
        message=f"更新案件を作成しました(有効期限 {format_date_ja(expiry)})。",
    )
    if client.ccus_access == CcusAccess.YES:
        reminders.sync_case_reminders(case)
        return case
    _move(
        case,
        actor=actor,
        to=RS.LOGIN_CHECK,
        message="ログインと登録メールの受信が確認できていないため、先にID復旧を行います。",
    )
    case.save()
    reminders.sync_case_reminders(case)
    return _recovery_for(case, client=client, actor=actor)


def _recovery_for(case: RecoveryCase, *, client: Client, actor) -> RecoveryCase:
    """The client's open recovery case, linked to ``case``; a new one when there is none."""
    recovery = (
        RecoveryCase.objects.select_for_update()
        .filter(client=client, kind=CaseKind.RECOVERY, status__in=(*OPEN_STATUSES, Status.ON_HOLD))
        .order_by("-pk")
        .first()
    )
    if recovery is None:
        return case_create(
            client=client,
            situation=Situation.CANNOT_LOGIN,
            actor=actor,
            assignee=case.assignee,
            for_renewal=case,
        )
    recovery.for_renewal = case
    recovery.save(update_fields=["for_renewal", "updated_at"])
    _event(
        case=recovery,
        actor=actor,
        kind=CaseEvent.Kind.UPDATE,
        message=f"更新案件#{case.pk}の申請のための復旧になりました。",
    )
    _event(
        case=case,
        actor=actor,
        kind=CaseEvent.Kind.UPDATE,
        message=f"進行中の復旧案件#{recovery.pk}の完了を待ちます。",
    )
    return recovery


def _clean_changes(changes) -> list[str]:
    unknown = [c for c in changes if c not in RENEWAL_CHANGE_ITEMS]
    if unknown:
        raise CaseTransitionError("変更した登録内容の項目が正しくありません。")
    return [c for c in RENEWAL_CHANGE_ITEMS if c in changes]


@transaction.atomic
def renewal_advance(
    *,
    case: RecoveryCase,
    actor,
    action: str,
    changes: list[str] | tuple[str, ...] = (),
    at: datetime | None = None,
) -> RecoveryCase:
    """Take one step forward on the renewal pipeline (``STEPS``).

    ``changes``: with 更新申請を記録, the registered items that changed (documents were sent).
    ``at``: when the step happened (the payment URL's mail, the payment), now by default.
    """
    if action not in STEPS:
        raise CaseTransitionError("この操作は、更新案件ではできません。")
    locked = _lock(case)
    _require(locked, action)
    target, stamp = STEPS[action]
    at = at or timezone.now()
    if at > timezone.now():
        raise CaseTransitionError("未来の日時は指定できません。")
    message = ""
    if action == "record_application":
        locked.renewal_changes = _clean_changes(changes)
        labels = "、".join(locked.renewal_change_labels) or "なし"
        message = f"変更した登録内容: {labels}"
    if stamp:
        setattr(locked, stamp, at)
    if action == "complete":
        locked.closed_at = timezone.now()
        message = _renew_client(locked, actor=actor)
    _move(locked, actor=actor, to=target, message=message)
    return _save(locked, case)


def _renew_client(case: RecoveryCase, *, actor) -> str:
    if case.renewal_expiry is None:
        return ""
    new_expiry = renewal.renewed_expiry(case.renewal_expiry)
    client_set_renewal_facts(
        client=case.client, user=actor, ccus_access=CcusAccess.YES, expires_on=new_expiry
    )
    return f"事業者の有効期限を {format_date_ja(new_expiry)} にしました。"
