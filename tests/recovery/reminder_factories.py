"""Small builders for the reminder tests (invented demo data)."""

from __future__ import annotations

from datetime import datetime
from itertools import count

from clients.models import Client
from recovery.business_days import TOKYO
from recovery.models import RecoveryCase, Reminder, Situation, Status

_seq = count(1)


def jst(*args: int) -> datetime:
    return datetime(*args, tzinfo=TOKYO)


def make_client(name: str = "株式会社能登建設") -> Client:
    n = next(_seq)
    return Client.objects.create(
        name=f"{name}{n}",
        name_kana="ノトケンセツ",
        business_id=f"{n:014d}",
        phone="0767-52-1234",
        email=f"info{n}@noto-kensetsu.example.jp",
    )


def make_case(*, assignee=None, status: str = Status.PREPARING, **fields) -> RecoveryCase:
    return RecoveryCase.objects.create(
        client=make_client(),
        assignee=assignee,
        situation=Situation.CANNOT_LOGIN,
        new_email="new@noto-kensetsu.example.jp",
        status=status,
        **fields,
    )


def make_due_reminders(n: int, *, due_at: datetime, assignee=None) -> list[int]:
    """``n`` pending reminders on ``n`` cases, all due at ``due_at``."""
    client = make_client()
    cases = RecoveryCase.objects.bulk_create(
        RecoveryCase(
            client=client, assignee=assignee, situation=Situation.CANNOT_LOGIN, status=Status.SENT
        )
        for _ in range(n)
    )
    if not cases[0].pk:  # backends without RETURNING
        cases = list(RecoveryCase.objects.filter(client=client).order_by("pk"))
    Reminder.objects.bulk_create(
        Reminder(case=case, kind=Reminder.Kind.REPLY_DUE, due_at=due_at) for case in cases
    )
    return list(Reminder.objects.filter(case__client=client).values_list("pk", flat=True))
