"""What must outlive a deleted client: the 事件簿 lines of 行政書士法 §9, kept 2 years.

``clients`` does not know the apps that hold cases (``recovery`` builds on ``clients``), so
each of them registers a provider that lists the client's cases as ``CaseBookLine``s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

RETENTION_YEARS = 2


@dataclass(frozen=True)
class CaseBookLine:
    name: str  # 事件の名称
    opened_on: date | None
    closed_on: date | None  # None: still open when the client was deleted
    fee: int | None = None  # 受けた報酬の額 (yen), when the app knows it
    key: str = ""  # "app.Model#pk" of the case, for a fee source to name its fee


@dataclass(frozen=True)
class LineDetails:
    """What the app that bills a case knows of its book line: the fee, and the 事件の名称 and
    受任日 its own book showed (so that the line reads the same once the client is gone)."""

    fee: int | None
    name: str = ""
    opened_on: date | None = None


_providers: list[Callable] = []
_fee_sources: list[Callable] = []


def register_case_book_provider(provider: Callable) -> None:
    """``provider(client) -> list[CaseBookLine]``; registered once in an AppConfig.ready()."""
    if provider not in _providers:
        _providers.append(provider)


def register_fee_source(source: Callable) -> None:
    """``source(client) -> {line key: fee in yen | LineDetails}``: the app that bills the cases
    (billing) names the fee — and, through ``LineDetails``, the 事件の名称 and 受任日 — of each
    line another app listed; registered once in an AppConfig.ready()."""
    if source not in _fee_sources:
        _fee_sources.append(source)


def case_book_lines(client) -> list[CaseBookLine]:
    lines = [*_paid_consultations(client)]
    for provider in _providers:
        lines.extend(provider(client))
    details: dict[str, LineDetails] = {}
    for source in _fee_sources:
        for key, value in source(client).items():
            details[key] = value if isinstance(value, LineDetails) else LineDetails(fee=value)
    return [_with_details(line, details.get(line.key)) for line in lines]


def _with_details(line: CaseBookLine, details: LineDetails | None) -> CaseBookLine:
    if details is None:
        return line
    return replace(
        line,
        fee=line.fee if line.fee is not None else details.fee,
        name=details.name or line.name,
        opened_on=details.opened_on or line.opened_on,
    )


def keep_until(line: CaseBookLine, *, today: date) -> date:
    """2 years after the case closed; a case still open ends with the deletion (today)."""
    end = line.closed_on or today
    try:
        return end.replace(year=end.year + RETENTION_YEARS)
    except ValueError:  # 29 February
        return end.replace(year=end.year + RETENTION_YEARS, day=28)


def retained_copies(client, *, today: date, username: str, only_kept: bool) -> list:
    """The §9 事件簿 copies (unsaved ``RetainedCaseRecord``s) of the client's cases, as deletion
    and erasure keep them; ``only_kept``: only those whose 2 years are not over on ``today``."""
    from .models import RetainedCaseRecord

    copies = [
        RetainedCaseRecord(
            former_client_pk=client.pk,
            client_name=client.name,
            client_address=client.address,
            case_name=line.name[:200],
            opened_on=line.opened_on,
            closed_on=line.closed_on,
            fee=line.fee,
            keep_until=keep_until(line, today=today),
            deleted_by_username=username,
        )
        for line in case_book_lines(client)
    ]
    return [c for c in copies if c.keep_until >= today] if only_kept else copies


def _paid_consultations(client) -> list[CaseBookLine]:
    """A consultation that led to paid work (事業者登録, 技能者登録, …) is a case taken on."""
    from django.utils import timezone, translation

    lines = []
    for consultation in client.consultations.all():
        if not consultation.paid_work:
            continue
        with translation.override("ja"):
            work = "・".join(str(label) for label in consultation.paid_work_labels)
        done = consultation.status == consultation.Status.DONE
        lines.append(
            CaseBookLine(
                name=f"{work}（ご相談#{consultation.pk}）",
                opened_on=consultation.received_on,
                closed_on=timezone.localdate(consultation.updated_at) if done else None,
            )
        )
    return lines
