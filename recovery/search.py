"""One search box for the whole desk: clients and recovery cases, grouped.

Lives in ``recovery`` because it needs both apps (``clients`` never imports ``recovery``).
Each group costs one query (``limit + 1`` rows tell whether there are more), or two when a
single group is paged (count + page), whatever the size of the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clients.models import Client
from clients.normalize import clean_search_text, parse_search_query
from clients.selectors import client_search

from .models import RecoveryCase

GROUP_LIMIT = 10
PAGE_SIZE = 50
GROUPS = ("clients", "cases")
# 受付番号 as CCUS writes it: "C-" and digits; staff may type it in any width or with spaces.
_RECEIPT = re.compile(r"^c?\s*-?\s*(\d{4,})$", re.IGNORECASE)


@dataclass
class Group:
    name: str
    items: list = field(default_factory=list)
    more: bool = False


def receipt_digits(query: str) -> str:
    """The digits of a 受付番号 typed as "C-26…", "ｃ－２６…" or just digits; "" otherwise."""
    parsed = parse_search_query(query)
    text = parsed.text.replace(" ", "")
    match = _RECEIPT.match(text)
    return match.group(1) if match else ""


def case_search(query: str) -> QuerySet[RecoveryCase]:
    """Cases whose client matches ``query`` or whose 受付番号 contains its digits, newest first."""
    if not parse_search_query(query).text:
        return RecoveryCase.objects.none()
    condition = Q(client__in=client_search(query).values("pk"))
    digits = receipt_digits(query)
    if digits:
        condition |= Q(receipt_number__contains=digits)
    return (
        RecoveryCase.objects.filter(condition)
        .select_related("client", "assignee")
        .only(
            "pk", "status", "receipt_number", "updated_at", "client__name",
            "client__business_id", "assignee__first_name", "assignee__last_name",
            "assignee__username",
        )
        .order_by("-updated_at", "-pk")
    )


def _client_results(query: str) -> QuerySet[Client]:
    if not parse_search_query(query).text:
        return Client.objects.none()
    return client_search(query)


def _first(queryset: QuerySet, limit: int) -> Group:
    rows = list(queryset[: limit + 1])
    return Group(name="", items=rows[:limit], more=len(rows) > limit)


def search(request: HttpRequest) -> HttpResponse:
    query = clean_search_text(request.GET.get("q", ""))
    only = request.GET.get("only", "")
    sources = {"clients": _client_results, "cases": case_search}
    context: dict = {"query": query, "search_query": query, "only": "", "page": None}
    if not parse_search_query(query).text:
        context["query"] = ""
    elif only in GROUPS:
        context["only"] = only
        context["page"] = Paginator(sources[only](query), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    else:
        groups = {}
        for name in GROUPS:
            group = _first(sources[name](query), GROUP_LIMIT)
            group.name = name
            groups[name] = group
        context["clients"] = groups["clients"]
        context["cases"] = groups["cases"]
    return render(request, "recovery/search.html", context)
