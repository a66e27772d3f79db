"""The Japanese business-day calendar (営業日) that every CCUS deadline is counted on.

A day is a business day unless it is a Saturday, a Sunday, a national holiday (祝日, 振替休日,
国民の休日: the pinned ``holidays`` package, checked against 内閣府's list in the tests), in the
year-end closure 12/29–1/3, or a closed day the office added (``ClosedDay``).

"N business days after D" is the N-th business day strictly after D's calendar date in
Asia/Tokyo; D itself never counts, whether or not it is a business day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

TOKYO = ZoneInfo("Asia/Tokyo")
YEAR_END_REASON = "年末年始"
# Far more than any real gap between business days (the longest is about 9 days).
_MAX_SCAN_DAYS = 3660


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("JP", years=year, language="ja"))


def is_year_end_closure(day: date) -> bool:
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


@dataclass
class BusinessCalendar:
    """A calendar with the office's closed days loaded; pure and cheap to query."""

    closed_days: dict[date, str] = field(default_factory=dict)

    @classmethod
    def from_database(cls) -> BusinessCalendar:
        from .models import ClosedDay

        return cls(dict(ClosedDay.objects.values_list("date", "reason")))

    def closure_reason(self, day: date) -> str | None:
        """Why ``day`` is not a business day, or None when it is one."""
        if day.weekday() == 5:
            return "土曜日"
        if day.weekday() == 6:
            return "日曜日"
        holiday = _national_holidays(day.year).get(day)
        if holiday:
            return holiday
        if is_year_end_closure(day):
            return YEAR_END_REASON
        return self.closed_days.get(day)

    def is_business_day(self, day: date) -> bool:
        return self.closure_reason(day) is None

    def add_business_days(self, start: date, n: int) -> date:
        """Return the n-th business day strictly after ``start`` (n >= 1)."""
        return self.explain(start, n)[0]

    def explain(self, start: date, n: int) -> tuple[date, list[tuple[date, str]]]:
        """Return the n-th business day after ``start`` and the days skipped on the way."""
        if n < 1:
            raise ValueError("n must be 1 or more")
        skipped: list[tuple[date, str]] = []
        day = start
        counted = 0
        for _ in range(_MAX_SCAN_DAYS):
            day += timedelta(days=1)
            reason = self.closure_reason(day)
            if reason is None:
                counted += 1
                if counted == n:
                    return day, skipped
            else:
                skipped.append((day, reason))
        raise ValueError("no business day found within ten years")

    def next_business_day(self, start: date) -> date:
        return self.add_business_days(start, 1)


def tokyo_date(moment: datetime) -> date:
    """The calendar date of ``moment`` in Asia/Tokyo."""
    return moment.astimezone(TOKYO).date()


def at_opening(day: date, opening: time) -> datetime:
    """An aware datetime at the office's opening time on ``day`` in Asia/Tokyo."""
    return datetime.combine(day, opening, tzinfo=TOKYO)


def add_business_days(
    start: date | datetime, n: int, calendar: BusinessCalendar | None = None
) -> date:
    """The n-th business day strictly after ``start`` (a datetime counts by its Tokyo date)."""
    if isinstance(start, datetime):
        start = tokyo_date(start)
    return (calendar or BusinessCalendar.from_database()).add_business_days(start, n)
