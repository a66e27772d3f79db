"""Dates as the office writes them: 2026年12月25日(金) in Japanese, "Fri 25 Dec 2026" in English.

One definition for the UI filters, the PDFs, the reminder texts and the business-day command.
PDFs, the CCUS inquiry text and staff emails always use ``format_date_ja``; the UI uses
``format_day``, which follows the active language.
"""

from datetime import date, datetime

from django.utils.translation import get_language

WEEKDAYS_JA = "月火水木金土日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date_ja(day: date) -> str:
    """2026年12月25日(金)"""
    return f"{day.year}年{day.month}月{day.day}日({WEEKDAYS_JA[day.weekday()]})"


def format_datetime_ja(moment: datetime) -> str:
    """2026年12月25日(金) 10:00 in the office's time zone (the timeline's and the mails' form)."""
    from django.utils import timezone

    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{format_date_ja(local.date())} {local:%H:%M}"


def format_day(day: date) -> str:
    """One calendar day in the active language, with its weekday."""
    if (get_language() or "ja").split("-")[0] == "en":
        return f"{WEEKDAYS_EN[day.weekday()]} {day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return format_date_ja(day)
