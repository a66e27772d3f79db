"""The desk's pages: the staff dashboard (home page) and the search over clients and cases."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.backends.utils import csrf_input
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from clients.normalize import clean_search_text, parse_search_query
from office.selectors import heartbeat_age_seconds, staff_members

from ..business_days import tokyo_date
from ..reminders.delivery import HEARTBEAT_NAME
from ..reminders.rules import MESSAGES
from ..reminders.selectors import dashboard_reminders
from .renewals import clients_version, renewal_desk_counts
from .selectors import GROUPS, SOURCES, desk_overview, desk_version, search_groups

# Twenty cards are a morning's work and keep the page fast; the rest is one click away.
PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    page = Paginator(dashboard_reminders(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for reminder in page:
        reminder.message = MESSAGES[reminder.kind]
    age = heartbeat_age_seconds(HEARTBEAT_NAME)
    stale = age is None or age > settings.REMINDER_MAX_AGE.total_seconds()
    return render(
        request,
        "recovery/desk/dashboard.html",
        {
            "page": page,
            # The CSRF field once for the four forms of each of the twenty cards.
            "csrf_field": csrf_input(request),
            "delivery_stale": stale,
            "delivery_age_minutes": None if age is None else int(age // 60),
            "staff": staff_members(),
            # Computed only when the cached overview is out of date (``desk_version``).
            "desk": SimpleLazyObject(desk_overview),
            "desk_version": desk_version(),
            # Counted only when the cached renewal line is out of date: a case, a client's
            # history (every client write through the app adds a row) or the minute changed.
            "renewal_counts": SimpleLazyObject(
                lambda: renewal_desk_counts(tokyo_date(timezone.now()))
            ),
            "clients_version": clients_version(),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    query = clean_search_text(request.GET.get("q", ""))
    only = request.GET.get("only", "")
    context: dict = {"query": query, "search_query": query, "only": "", "page": None}
    if not parse_search_query(query).text:
        context["query"] = ""
    elif only in GROUPS:
        context["only"] = only
        context["page"] = Paginator(SOURCES[only](query), SEARCH_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    else:
        context.update(search_groups(query))
    return render(request, "recovery/desk/search.html", context)
