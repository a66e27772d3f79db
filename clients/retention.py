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


def case_book_lines(client) -> list[CaseBookLine]:
    """The client's own paid consultations and the cases the other apps announce, each with the
    fee the billing app knows for it (``clients.signals.client_case_book_fees``)."""
    from .signals import case_book_fees, deleted_case_book_lines

    lines = [*_paid_consultations(client), *deleted_case_book_lines(client)]
    fees = case_book_fees(client)
    return [
        replace(line, fee=fees[line.key]) if line.fee is None and line.key in fees else line
        for line in lines
    ]


def keep_until(line: CaseBookLine, *, today: date) -> date:
    """2 years after the case closed; a case still open ends with the deletion (today)."""
    end = line.closed_on or today
    try:
        return end.replace(year=end.year + RETENTION_YEARS)
    except ValueError:  # 29 February
        return end.replace(year=end.year + RETENTION_YEARS, day=28)


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
