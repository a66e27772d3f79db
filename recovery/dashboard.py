"""The staff dashboard (home page): the logged-in user's delivered reminders, oldest first."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from office.selectors import heartbeat_age_seconds

from .delivery import HEARTBEAT_NAME
from .desk import desk_overview
from .reminder_forms import staff_members
from .reminders import MESSAGES, dashboard_reminders

# Twenty cards are a morning's work and keep the page fast; the rest is one click away.
PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    page = Paginator(dashboard_reminders(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for reminder in page:
        reminder.message = MESSAGES[reminder.kind]
    age = heartbeat_age_seconds(HEARTBEAT_NAME)
    stale = age is None or age > settings.REMINDER_MAX_AGE.total_seconds()
    return render(request, "recovery/dashboard.html", {
        "page": page,
        "delivery_stale": stale,
        "delivery_age_minutes": None if age is None else int(age // 60),
        "staff": staff_members(),
        "desk": desk_overview(),
    })
