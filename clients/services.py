"""Writes of clients, consultations and personal-data erasure. Views and commands call these."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import CASCADE, Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from office.models import AuditEvent
from office.services import audit_record

from .models import Client, Consultation, ErasureRecord, RetainedCaseRecord
from .normalize import CLIENT_FIELDS
from .retention import case_book_lines, keep_until
from .signals import erased_counts


class ClientDuplicateError(Exception):
    """Another client already has this 事業者ID."""

    def __init__(self, existing: Client):
        super().__init__(
            _("事業者ID %(id)s は既に登録されています。") % {"id": existing.business_id_display}
        )
        self.existing = existing


class ConsultationStatusError(Exception):
    """A consultation's status may only move forward one step: 受付 → 対応中 → 完了."""


def _check_duplicate(*, business_id: str, exclude_pk: int | None) -> None:
    if not business_id:
        return
    existing = Client.objects.filter(business_id=business_id).exclude(pk=exclude_pk).first()
    if existing is not None:
        raise ClientDuplicateError(existing)


def _set_history_user(client: Client, user) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        client._history_user = user


@transaction.atomic
def client_create(*, data: dict[str, str], user=None) -> Client:
    """Create a client from already cleaned values (see ``normalize.clean_client_fields``)."""
    _check_duplicate(business_id=data.get("business_id", ""), exclude_pk=None)
    client = Client(**{f: data.get(f, "") for f in CLIENT_FIELDS})
    if user is not None and user.is_authenticated:
        client.created_by = user
        client.updated_by = user
    _set_history_user(client, user)
    client.save()
    return client


@transaction.atomic
def client_update(*, client: Client, data: dict[str, str], user=None) -> Client:
    _check_duplicate(business_id=data.get("business_id", ""), exclude_pk=client.pk)
    changed = False
    for f in CLIENT_FIELDS:
        if f in data and getattr(client, f) != data[f]:
            setattr(client, f, data[f])
            changed = True
    if not changed:
        return client
    if user is not None and user.is_authenticated:
        client.updated_by = user
    _set_history_user(client, user)
    client.save()
    return client


@dataclass
class ErasureResult:
    record: ErasureRecord
    removed: dict[str, int] = field(default_factory=dict)


def _purge_history(model: type[Model], pks: list) -> int:
    manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
    if not manager_name or not pks:
        return 0
    historical = getattr(model, manager_name).model
    pk_name = model._meta.pk.attname
    deleted, _ = historical.objects.filter(**{f"{pk_name}__in": pks}).delete()
    return deleted


def _related_objects(obj: Model) -> list[tuple[type[Model], list[Model]]]:
    """Objects that point at ``obj`` (one level), found generically through ``_meta``."""
    found = []
    for relation in obj._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one) or relation.related_model is None:
            continue
        if relation.on_delete is not CASCADE:
            # Not deleted with ``obj`` (SET_NULL and the like): never counted as removed. Data of
            # other apps that must go is deleted by their erasure hooks (clients/erasure.py).
            continue
        accessor = relation.get_accessor_name()
        if not accessor or accessor.endswith("+"):
            continue
        if relation.one_to_one:
            related = getattr(obj, accessor, None)
            items = [related] if related is not None else []
        else:
            items = list(getattr(obj, accessor).all())
        found.append((relation.related_model, items))
    return found


def _erase_everything(client: Client) -> tuple[int, dict[str, int]]:
    """Delete the client, everything hanging from it and the historical copies of all of them;
    return its former pk and how many rows of each kind went."""
    # Other apps' copies first (documents' ZIP jobs, inbox's mails): clients announces the
    # erasure (clients.signals) and imports neither.
    removed: dict[str, int] = erased_counts(client)
    history_pks: list[tuple[type[Model], list]] = [(Client, [client.pk])]
    stack: list[Model] = [client]
    while stack:
        for model, items in _related_objects(stack.pop()):
            if items:
                # The record is stored: name the models in the source language, whoever erases.
                with translation.override("ja"):
                    label = str(model._meta.verbose_name)
                removed[label] = removed.get(label, 0) + len(items)
                history_pks.append((model, [o.pk for o in items]))
                stack.extend(items)
    former_pk = client.pk
    client.delete()
    for model, pks in history_pks:
        _purge_history(model, pks)
    return former_pk, removed


def _username(user) -> str:
    return user.get_username() if user is not None and user.is_authenticated else ""


@transaction.atomic
def client_erase(*, client: Client, user=None) -> ErasureResult:
    """Erase a client's personal data (APPI): the client, everything hanging from it, and the
    historical copies of all of them. Only an ``ErasureRecord`` without personal data remains."""
    label = f"clients.Client#{client.pk}"
    former_pk, removed = _erase_everything(client)
    authenticated = user is not None and user.is_authenticated
    audit_record(
        actor=user,
        action=AuditEvent.Action.CLIENT_ERASE,
        target=label,
        details={"消去した件数": removed},
    )
    record = ErasureRecord.objects.create(
        erased_by=user if authenticated else None,
        erased_by_username=_username(user),
        former_pk=former_pk,
        removed=removed,
    )
    return ErasureResult(record=record, removed=removed)


@dataclass
class DeletionResult:
    former_pk: int
    retained: list[RetainedCaseRecord]
    removed: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def client_delete(*, client: Client, user=None) -> DeletionResult:
    """Delete a client (an office admin's action, recorded in the audit log).

    What 行政書士法 §9 requires of each case the office took on (事件の名称, dates, fee, the
    client's name and address) is copied to a ``RetainedCaseRecord`` kept for 2 years after the
    case closed; everything else — the client, its cases and consultations, and the history
    rows of all of them — is erased, so that nothing beyond the legal minimum outlives deletion.
    """
    today = timezone.localdate()
    lines = case_book_lines(client)
    retained = [
        RetainedCaseRecord(
            former_client_pk=client.pk,
            client_name=client.name,
            client_address=client.address,
            case_name=line.name[:200],
            opened_on=line.opened_on,
            closed_on=line.closed_on,
            fee=line.fee,
            keep_until=keep_until(line, today=today),
            deleted_by_username=_username(user),
        )
        for line in lines
    ]
    label = f"clients.Client#{client.pk}"
    former_pk, removed = _erase_everything(client)
    RetainedCaseRecord.objects.bulk_create(retained)
    audit_record(
        actor=user,
        action=AuditEvent.Action.CLIENT_DELETE,
        target=label,
        details={"削除した件数": removed, "事件簿の控え": len(retained)},
    )
    return DeletionResult(former_pk=former_pk, retained=retained, removed=removed)


def retained_records_prune(*, today=None) -> int:
    """Delete the 事件簿 copies whose 2 years are over; return how many went."""
    today = today or timezone.localdate()
    deleted, _ = RetainedCaseRecord.objects.filter(keep_until__lt=today).delete()
    return deleted


# --- consultations ------------------------------------------------------------------------

_NEXT_STATUS = {
    Consultation.Status.RECEIVED: Consultation.Status.IN_PROGRESS,
    Consultation.Status.IN_PROGRESS: Consultation.Status.DONE,
}


@transaction.atomic
def consultation_create(*, client: Client, data: dict, user=None) -> Consultation:
    consultation = Consultation(client=client, status=Consultation.Status.RECEIVED, **data)
    if user is not None and user.is_authenticated:
        consultation.created_by = user
    consultation.full_clean()
    consultation.save()
    return consultation


@transaction.atomic
def consultation_update(*, consultation: Consultation, data: dict) -> Consultation:
    data = dict(data)
    status = data.pop("status", None)
    for key, value in data.items():
        setattr(consultation, key, value)
    if status is not None and status != consultation.status:
        _advance(consultation, status)
    consultation.full_clean()
    consultation.save()
    return consultation


def _advance(consultation: Consultation, status: str) -> None:
    if _NEXT_STATUS.get(consultation.status) != status:
        current = Consultation.Status(consultation.status).label
        wanted = dict(Consultation.Status.choices).get(status, status)
        raise ConsultationStatusError(
            _(
                "状況は「受付 → 対応中 → 完了」の順に進めてください"
                "（いまは「%(current)s」なので「%(wanted)s」にはできません）。"
            )
            % {"current": current, "wanted": wanted}
        )
    consultation.status = status


@transaction.atomic
def consultation_advance(*, consultation: Consultation) -> Consultation:
    """Move a consultation one step forward: 受付 → 対応中 → 完了."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    nxt = _NEXT_STATUS.get(consultation.status)
    if nxt is None:
        raise ConsultationStatusError(_("このご相談は既に完了しています。"))
    consultation.status = nxt
    consultation.save(update_fields=["status", "updated_at"])
    return consultation
