"""Each staff member's private iCalendar feed of their open reminders (``icalendar`` library).

Events carry the case number, the reminder's kind and a link, never the client's name: a feed
is read by an outside calendar service.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from office.dates import format_date_ja

from ..business_days import TOKYO
from ..models import CalendarFeed
from .delivery import case_url
from .rules import MESSAGES
from .selectors import open_reminders_for_calendar


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """Give ``user`` a new secret token; the old URL stops working at once."""
    token = secrets.token_urlsafe(32)
    feed, _ = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": CalendarFeed.hash_token(token)}
    )
    feed.token = token  # only the hash is stored: the caller shows this once
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def calendar_feed_for_token(token: str):
    """The active user owning ``token``, or None."""
    if not token or len(token) > 64:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=CalendarFeed.hash_token(token))
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def render_calendar(user) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//CCUS Desk//reminders//JA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "CCUS Desk リマインダー")
    host = settings.SITE_URL.split("://")[-1].split("/")[0] or "ccus-desk"
    stamp = timezone.now()
    for reminder in open_reminders_for_calendar(user):
        event = Event()
        event.add("uid", f"reminder-{reminder.pk}@{host}")
        event.add("dtstamp", stamp)
        # A snoozed or moved reminder is in the calendar where staff put it.
        start = reminder.shows_at
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=30))
        # No client name: the feed goes to outside calendar services (個人情報 stays in the app).
        event.add("summary", f"{reminder.get_kind_display()}(案件#{reminder.case_id})")
        lines = [str(MESSAGES[reminder.kind])]
        if reminder.snoozed_until:
            planned = reminder.due_at.astimezone(TOKYO)
            lines.append(f"(延期: 元の予定 {format_date_ja(planned.date())} {planned:%H:%M})")
        lines.append(case_url(reminder.case_id))
        event.add("description", "\n".join(lines))
        event.add("url", case_url(reminder.case_id))
        cal.add_component(event)
    return cal.to_ical()
