"""Reads of clients: search, history and the personal-data export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import serializers
from django.db.models import Case, Model, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from office.selectors import access_log_targets, user_label

from .models import Client
from .normalize import CLIENT_FIELDS, parse_search_query


def client_search(query: str = "") -> QuerySet[Client]:
    """Clients matching ``query`` (名前, フリガナ, 事業者ID, 電話/FAX), in 五十音 order.

    The query is normalised like the stored values, so full-width digits, any hyphen and
    hiragana readings all match.
    """
    clients = Client.objects.only(
        "pk", "name", "name_kana", "business_id", "address", "phone", "fax"
    ).order_by(
        # Clients without a reading go last rather than first.
        Case(When(name_kana="", then=Value(1)), default=Value(0)),
        "name_kana",
        "name",
        "pk",
    )
    condition = client_search_q(query)
    return clients if condition is None else clients.filter(condition)


def client_search_q(query: str, *, prefix: str = "") -> Q | None:
    """The condition of ``client_search`` on the client fields behind ``prefix`` (e.g.
    ``"client__"`` from a case); None when the query is empty."""
    q = parse_search_query(query)
    if not q.text:
        return None

    def field(name: str, value: str) -> Q:
        return Q(**{f"{prefix}{name}": value})

    # Spaces are optional in names and readings: "能登 建設" finds "能登建設" and the reverse.
    condition = field("name__icontains", q.text)
    if " " in q.text:
        condition |= field("name__icontains", q.text.replace(" ", ""))
    if q.kana:
        condition |= field("name_kana__contains", q.kana)
        if " " in q.kana:
            condition |= field("name_kana__contains", q.kana.replace(" ", ""))
    if len(q.digits) >= 2:
        condition |= field("search_digits__contains", q.digits)
    return condition


def client_possible_duplicates(
    *, values: dict[str, str], exclude_pk: int | None = None, limit: int = 5
) -> list[Client]:
    """Clients that may be the one being saved: the same 事業者名 and 電話番号, or the same
    事業者名 and 所在地 — the values as cleaned (``normalize.clean_client_fields``), compared as
    the CSV import compares them to find "the same client". A client whose 事業者ID differs
    from a given one is another company, whatever its name."""
    name = values.get("name", "")
    same_contact = Q()
    for field in ("phone", "address"):
        if values.get(field):
            same_contact |= Q(**{field: values[field]})
    if not name or not same_contact:
        return []
    found = Client.objects.filter(same_contact, name=name).exclude(pk=exclude_pk)
    if values.get("business_id"):
        found = found.filter(Q(business_id="") | Q(business_id=values["business_id"]))
    return list(found.order_by("pk")[:limit])


def client_access_log_targets(query: str) -> QuerySet:
    """The access-log targets of the clients that ``query`` finds (name, フリガナ, 事業者ID,
    phone), for the access log's 対象 filter."""
    condition = client_search_q(query)
    clients = Client.objects.none() if condition is None else Client.objects.filter(condition)
    return access_log_targets(clients)


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: Any
    user: str
    kind: str
    changes: list[Change]


# Marked for translation; the history page translates them when it shows them.
# The kind of entry is data (kept in Japanese in the export); the history page translates it
# with the context "履歴": a state ("Deleted"), not the button of the same word ("Delete").
_KINDS = {"+": "登録", "~": "変更", "-": "削除"}


def client_history(client: Client, *, limit: int = 100) -> list[HistoryEntry]:
    """Who changed what and when, newest first, each with its old → new values (one query)."""
    records = list(
        client.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        changes = []
        for field, label in CLIENT_FIELDS.items():
            new = getattr(record, field)
            old = getattr(previous, field) if previous is not None else ""
            if old != new:
                changes.append(Change(field=label, old=old, new=new))
        user = record.history_user
        entries.append(
            HistoryEntry(
                at=record.history_date,
                user=user_label(user) if user else gettext("（システム）"),
                kind=_KINDS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries[:limit]


def _serialize(objs: list[Model]) -> list[dict]:
    return serializers.serialize("python", objs)


def _with_related(obj: Model, depth: int) -> dict:
    """``obj`` as a dict with, generically, every object that points at it (``_meta``)."""
    data = _serialize([obj])[0]
    if depth <= 0:
        return data
    related: dict[str, list] = {}
    for relation in obj._meta.related_objects:
        if not relation.one_to_many or relation.related_model is None:
            continue
        accessor = relation.get_accessor_name()
        if not accessor or accessor.endswith("+"):
            continue
        items = list(getattr(obj, accessor).all())
        if items:
            related[accessor] = [_with_related(item, depth - 1) for item in items]
    if related:
        data["related"] = related
    return data


def client_personal_data(client: Client) -> dict:
    """Everything held about one client, for the APPI disclosure export."""
    history = [
        {
            "history_date": r.history_date,
            "history_type": _KINDS.get(r.history_type, r.history_type),
            "history_user": r.history_user.get_username() if r.history_user else None,
            "values": {f: getattr(r, f) for f in CLIENT_FIELDS},
        }
        for r in client.history.select_related("history_user").order_by("history_date")
    ]
    return {
        "exported_at": timezone.now(),
        "client": _with_related(client, depth=3),
        "client_history": history,
    }
