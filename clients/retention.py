"""What must outlive a deleted client: the 事件簿 lines of 行政書士法 §9, kept 2 years.

``clients`` does not know the apps that hold cases (``recovery`` builds on ``clients``): it
announces the deletion (``clients.signals.client_deleted``) and each of them answers with the
client's cases as ``CaseBookLine``s.
"""

from __future__ import annotations

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


def case_book_lines(client) -> list[CaseBookLine]:
    """The client's own paid consultations and the cases the other apps announce, each with what
    the billing app knows of it (``clients.signals.client_case_book_fees``): a fee in yen or
    ``LineDetails``."""
    from .signals import case_book_fees, deleted_case_book_lines

    lines = [*_paid_consultations(client), *deleted_case_book_lines(client)]
    details = {
        key: value if isinstance(value, LineDetails) else LineDetails(fee=value)
        for key, value in case_book_fees(client).items()
    }
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
