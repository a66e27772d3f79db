"""Reminder actions (done, snooze, reassign) and the private iCalendar feed."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from office.dates import format_day
from office.selectors import user_label

from ..business_days import TOKYO, BusinessCalendar, tokyo_date
from ..models import CalendarFeed, Reminder
from .calendar_feed import (
    calendar_feed_for_token,
    calendar_feed_regenerate,
    calendar_feed_revoke,
    render_calendar,
)
from .forms import ReassignForm, SnoozeForm
from .services import reminder_mark_done, reminder_reassign, reminder_snooze


def _reminder(pk: int) -> Reminder:
    return get_object_or_404(Reminder.objects.select_related("case__client"), pk=pk)


def _back_url(request: HttpRequest) -> str:
    """Where an action returns: the page it was posted from (``next``: the case page), else
    the dashboard. Only a path on this site is followed."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(_back_url(request))


@require_POST
def reminder_done(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = _reminder(pk)
    if reminder_mark_done(reminder=reminder, actor=request.user):
        messages.success(
            request,
            _("「%(kind)s」(%(client)s)を対応済にしました。")
            % {"kind": reminder.get_kind_display(), "client": reminder.case.client.name},
        )
    else:
        messages.info(request, _("このリマインダーはすでに対応済か取消済です。"))
    return _back(request)


@require_POST
def reminder_snooze_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Snooze a delivered reminder or move a planned one: to the next business day (no date)
    or to a chosen date. A chosen day the office is closed on (土日祝, 年末年始, a closed day)
    is not taken at once: the page says why and offers the next business day."""
    reminder = _reminder(pk)
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("until", []):
            messages.error(request, error)
        return _back(request)
    until = form.cleaned_data["until"]
    if until is not None and not form.cleaned_data["closed_day_ok"]:
        closed_day_page = _closed_day_page(request, reminder, until)
        if closed_day_page is not None:
            return closed_day_page
    was_delivered = reminder.state == Reminder.State.DELIVERED
    moment = reminder_snooze(reminder=reminder, actor=request.user, until=until)
    if moment is None:
        messages.info(request, _("このリマインダーはすでに対応済か取消済、または配信中です。"))
    else:
        messages.success(request, _snoozed_message(reminder, moment, was_delivered=was_delivered))
    return _back(request)


def _closed_day_page(request: HttpRequest, reminder: Reminder, until: date) -> HttpResponse | None:
    """The page that says why ``until`` is a closed day and offers the next business day."""
    calendar = BusinessCalendar.from_database()
    reason = calendar.closure_reason(until)
    if not reason:
        return None
    return render(
        request,
        "recovery/reminders/snooze_closed_day.html",
        {
            "reminder": reminder,
            "until": until,
            "reason": reason,
            "next_day": calendar.next_business_day(until),
            "back": _back_url(request),
        },
    )


def _snoozed_message(reminder: Reminder, moment: datetime, *, was_delivered: bool) -> str:
    values = {
        "kind": reminder.get_kind_display(),
        "day": format_day(tokyo_date(moment)),
        "time": f"{moment.astimezone(TOKYO):%H:%M}",
    }
    if was_delivered:
        text = _("「%(kind)s」を%(day)s %(time)s まで延期しました。")
    else:
        text = _("「%(kind)s」の通知を%(day)s %(time)s に移動しました。")
    return text % values


@require_POST
def reminder_reassign_view(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = _reminder(pk)
    form = ReassignForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("assignee", []):
            messages.error(request, error)
        return _back(request)
    assignee = form.cleaned_data["assignee"]
    reminder_reassign(reminder=reminder, assignee=assignee, actor=request.user)
    name = user_label(assignee)
    messages.success(
        request,
        _("案件 #%(pk)s の担当者を %(name)s さんに変更しました。")
        % {"pk": reminder.case_id, "name": name},
    )
    return _back(request)


def reminder_calendar(request: HttpRequest) -> HttpResponse:
    """Show the user's private calendar URL; POST action=regenerate|revoke changes it."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_feed_revoke(user=request.user)
            messages.success(request, _("カレンダーURLを無効にしました。古いURLはもう使えません。"))
        else:
            feed = calendar_feed_regenerate(user=request.user)
            # Only the token's hash is stored: its URL is shown on the next page, once.
            request.session["calendar_feed_url"] = request.build_absolute_uri(
                reverse("reminder_calendar_feed", args=[feed.token])
            )
            messages.success(
                request, _("新しいカレンダーURLを発行しました。古いURLはもう使えません。")
            )
        return redirect("reminder_calendar")
    has_feed = CalendarFeed.objects.filter(user=request.user).exists()
    url = request.session.pop("calendar_feed_url", None) if has_feed else None
    return render(
        request, "recovery/reminders/calendar.html", {"feed_url": url, "has_feed": has_feed}
    )


@login_not_required
@never_cache
@require_GET
def reminder_calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = calendar_feed_for_token(token)
    if user is None:
        raise Http404("unknown calendar")
    response = HttpResponse(render_calendar(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ccus-desk-reminders.ics"'
    return response
