"""Template filters shared by every app: dates and staff names as the office writes them.

``{{ day|date_ja }}`` → 2026年12月25日(金); ``{{ moment|datetime_ja }}`` → 2026年12月25日(金) 09:00
(in Asia/Tokyo). In English the same information reads "Fri 25 Dec 2026" / "Fri 25 Dec 2026 09:00".
Only the UI uses these: PDFs and the CCUS inquiry text format their own dates in Japanese.
"""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils import timezone

from office.dates import format_day
from office.selectors import user_label

register = template.Library()


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def date_ja(value: dt.date | dt.datetime | None) -> str:
    """2026年12月25日(金); "" for None. A datetime is first put into the office's time zone."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return format_day(value)


@register.filter
def datetime_ja(value: dt.datetime | None) -> str:
    """2026年12月25日(金) 09:00 in the office's time zone; "" for None."""
    if value in (None, ""):
        return ""
    if not isinstance(value, dt.datetime):
        return date_ja(value)
    local = _local(value)
    return f"{format_day(local.date())} {local:%H:%M}"


@register.filter
def staff_name(user) -> str:
    """山田 花子, or the login name when no name is set; "" for no user."""
    return user_label(user) if user else ""


@register.filter
def tel_href(phone: str | None) -> str:
    """tel:0767583286 for 0767-58-3286 (a tap-to-call link on phones); "" without digits."""
    digits = re.sub(r"[^0-9+]", "", phone or "")
    return f"tel:{digits}" if re.search(r"[0-9]", digits) else ""


@register.filter
def yen(value: int | None) -> str:
    """An amount of yen with thousands separators: 6000 → 6,000円."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}円"
