"""Load-trial data for ``seed_demo --scale large``: 30,000 cases and 100,000 reminders.

Spread over the 10,000 generated clients of ``clients.demo`` (3 cases each), written with
one ``executemany`` per batch of rows (Django's ``bulk_create`` spends a minute preparing 190,000
values on this machine). The cases are not built through the services on purpose: that would
take an hour, and only the shape of the data matters here (statuses, dates, a timeline and
reminders per case). Idempotent: a second run adds nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from clients.demo import LARGE_PREFIX
from clients.models import Client

from .models import OPEN_STATUSES, CaseEvent, RecoveryCase, Reminder, Situation, Status

CASES_PER_CLIENT = 3
CASE_COUNT = 30_000
REMINDER_COUNT = 100_000
NOTE = "大量デモ案件"
BATCH = 2_000

# One in twenty cases of each status; most cases are long finished, as in a real office.
STATUS_CYCLE = (
    Status.DONE,
    Status.PREPARING,
    Status.DONE,
    Status.SENT,
    Status.DONE,
    Status.WAITING,
    Status.DONE,
    Status.REPLIED,
    Status.DONE,
    Status.LOGIN_WORK,
    Status.DONE,
    Status.DONE,
    Status.SELF_SERVICE,
    Status.DONE,
    Status.DONE,
    Status.CANCELLED,
    Status.DONE,
    Status.DONE,
    Status.DONE,
    Status.DONE,
)
KINDS = [k for k, _ in Reminder.Kind.choices]
OPEN = OPEN_STATUSES


def seed() -> list[str]:
    if RecoveryCase.objects.filter(notes=NOTE).exists():
        return []
    client_ids = list(
        Client.objects.filter(name__startswith=LARGE_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)[: CASE_COUNT // CASES_PER_CLIENT]
    )
    if not client_ids:
        return ["大量デモ案件: 大量デモ事業者がないため作成しませんでした。"]
    now = timezone.now()
    insert_rows(RecoveryCase, _cases(client_ids, now))
    created = list(
        RecoveryCase.objects.filter(notes=NOTE)
        .order_by("pk")
        .values_list("pk", "status", "sent_at")
    )
    insert_rows(CaseEvent, _events(created, now))
    insert_rows(Reminder, _reminders(created, now))
    if connection.vendor == "postgresql":
        # Autovacuum would get there within minutes; a load trial starts now, with fresh
        # planner statistics (stale ones pick a hash join over 30,000 cases for 50 reminders).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return [f"大量デモ案件: {len(created):,}件、リマインダー {REMINDER_COUNT:,}件を登録"]


def insert_rows(model: type[Model], rows: list[dict]) -> None:
    """INSERT plain dicts of field values; absent fields take their model default."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    names = [f.attname for f in fields]
    quote = connection.ops.quote_name
    sql = (
        # Table and column names come from the model, values go in as parameters.
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    sqlite = connection.vendor == "sqlite"

    def value(v):
        # Django stores UTC without offset in SQLite; PostgreSQL takes aware datetimes.
        if sqlite and isinstance(v, datetime):
            return v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        return v

    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            cursor.executemany(
                sql, [[value({**defaults, **row}[name]) for name in names] for row in batch]
            )


def _cases(client_ids: list[int], now: datetime) -> list[dict]:
    cases = []
    for n in range(len(client_ids) * CASES_PER_CLIENT):
        status = STATUS_CYCLE[n % len(STATUS_CYCLE)]
        # Finished cases go back up to two years; open ones are from the last three weeks.
        age = (
            timedelta(days=(n * 7) % 720 + 20)
            if status not in OPEN
            else timedelta(hours=(n * 13) % (21 * 24) + 1)
        )
        sent = None if status == Status.PREPARING else now - age
        reached = {
            "receipt": status not in {Status.PREPARING, Status.SENT},
            "reply": status in {Status.REPLIED, Status.LOGIN_WORK, Status.DONE},
            "login": status in {Status.LOGIN_WORK, Status.DONE},
        }
        closed = (sent or now) + timedelta(days=9) if status not in OPEN else None
        cases.append(
            dict(
                client_id=client_ids[n // CASES_PER_CLIENT],
                situation=Situation.CANNOT_LOGIN if n % 5 else Situation.ALL_UNKNOWN,
                new_email=f"ccus{n}@example.jp",
                status=status,
                receipt_number=f"C-26{n:08d}" if sent and reached["receipt"] else "",
                sent_at=sent,
                receipt_at=sent + timedelta(minutes=30) if sent and reached["receipt"] else None,
                reply_at=sent + timedelta(days=5) if sent and reached["reply"] else None,
                login_started_at=sent + timedelta(days=7) if sent and reached["login"] else None,
                closed_at=closed,
                notes=NOTE,
                created_at=(sent - timedelta(days=1)) if sent else now,
                updated_at=closed or sent or now,
            )
        )
    return cases


def _events(created, now: datetime) -> list[dict]:
    events = []
    for pk, status, sent in created:
        at = sent or now
        events.append(
            dict(
                case_id=pk,
                at=at - timedelta(days=1),
                kind=CaseEvent.Kind.CREATED,
                message="案件を作成しました。",
            )
        )
        if status != Status.PREPARING:
            events.append(
                dict(
                    case_id=pk,
                    at=at,
                    kind=CaseEvent.Kind.TRANSITION,
                    from_status=Status.PREPARING,
                    to_status=status,
                    message="デモ用の経過です。",
                )
            )
    return events


def _reminders(created, now: datetime) -> list[dict]:
    """REMINDER_COUNT rows, each case's kinds distinct; at most one live row per case and kind."""
    reminders = []
    for i in range(REMINDER_COUNT):
        round_, index = divmod(i, len(created))
        pk, status, sent = created[index]
        kind = KINDS[round_ % len(KINDS)]
        due = (sent or now) + timedelta(hours=1 + 24 * round_)
        if status not in OPEN:
            state = Reminder.State.DONE if round_ % 2 == 0 else Reminder.State.CANCELLED
        elif round_ == 0 and index % 97 == 0:
            # A few reminders reach the dashboard: delivered, not yet done.
            state, due = Reminder.State.DELIVERED, now - timedelta(hours=index % 48)
        elif round_ == 0:
            state, due = Reminder.State.PENDING, now + timedelta(days=1 + index % 10)
        else:
            state = Reminder.State.DONE
        reminders.append(
            dict(
                case_id=pk,
                kind=kind,
                due_at=due,
                state=state,
                created_at=now,
                delivered_at=due
                if state in (Reminder.State.DELIVERED, Reminder.State.DONE)
                else None,
                done_at=due + timedelta(hours=2) if state == Reminder.State.DONE else None,
            )
        )
    return reminders
