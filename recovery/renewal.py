"""The 5-year renewal (事業者登録の更新): its dates, in one place beside the recovery timing.

CCUS's registration is valid until a day (shown after logging in; it is the end of a month, "5
years after the month of registration"). Renewal opens 6 months before that, CCUS asks for the
application at least 1 month before it, and an expired registration is gone. Both periods are
counted from the first day the registration is no longer valid (``expiry + 1 day``), as CCUS
does: the registrations expiring 2024-03-31 could be renewed from 2023-10-01 and were to be
applied for by the end of February 2024 (2024-02-29). For a month-end expiry this gives the
first of a month and a month end; 29 February and short months need no special case.

"The latest day a recovery case must start" reads the recovery's durations from
``recovery.schedule`` (CCUS's reply 4–5 business days after the inquiry, the login work 2–3
business days after the reply, on the office's ``BusinessCalendar``), so the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from . import schedule
from .business_days import BusinessCalendar

WINDOW_MONTHS = 6
RECOMMENDED_MONTHS = 1
SECOND_NOTICE_MONTHS = 2
# Registrations made during CCUS's limited operation (April 2018 – March 2019) all expired on
# 2024-03-31 (建設業振興基金's special rule).
EARLY_REGISTRATION = (date(2018, 4, 1), date(2019, 3, 31))
EARLY_REGISTRATION_EXPIRY = date(2024, 3, 31)
VALID_YEARS = 5
# A client whose login is not known to work is listed 「先に復旧が必要」 this many months before
# its window opens: a recovery takes about two weeks, the client's answer often longer.
RECOVERY_LEAD_MONTHS = 3


def _months_before(expiry: date, months: int) -> date:
    return expiry + timedelta(days=1) - relativedelta(months=months)


def window_opens(expiry: date) -> date:
    """The first day the renewal can be applied for (6 months before the registration ends)."""
    return _months_before(expiry, WINDOW_MONTHS)


def recommended_last_day(expiry: date) -> date:
    """CCUS's recommended last day to apply: the day before "1 month before the end"."""
    return _months_before(expiry, RECOMMENDED_MONTHS) - timedelta(days=1)


def second_notice_day(expiry: date) -> date:
    """2 months before expiry: the day the office chases a renewal not yet applied for."""
    return _months_before(expiry, SECOND_NOTICE_MONTHS) - timedelta(days=1)


def expiry_from_registration(registered_on: date) -> date:
    """The expiry of a registration made on ``registered_on``: 2024-03-31 for the early ones,
    otherwise the end of the month 5 years later (an estimate; the date CCUS shows wins)."""
    first, last = EARLY_REGISTRATION
    if first <= registered_on <= last:
        return EARLY_REGISTRATION_EXPIRY
    month = registered_on.replace(day=1) + relativedelta(years=VALID_YEARS, months=1)
    return month - timedelta(days=1)


def renewed_expiry(expiry: date) -> date:
    """The expiry after a renewal: 5 years on, at the same month end."""
    return _months_before(expiry, -12 * VALID_YEARS) - timedelta(days=1)


def recovery_login_done_by(start: date, calendar: BusinessCalendar) -> date:
    """The latest day the login work of a recovery whose inquiry is sent on ``start`` ends: CCUS
    replies on the last day of its window (``schedule.REPLY_DAYS``), and the login work is done on
    the last day of its own (``schedule.LOGIN_DAYS``): the ``latest`` of ``schedule``'s windows."""
    reply = calendar.add_business_days(start, schedule.REPLY_DAYS[1])
    return calendar.add_business_days(reply, schedule.LOGIN_DAYS[1])


def latest_recovery_start(expiry: date, calendar: BusinessCalendar) -> date:
    """The latest business day a recovery's inquiry can be sent so that its login work ends
    before CCUS's recommended last day, whatever CCUS's and the office's days off.

    The end only grows with the start, so the answer is found from a first guess (both windows'
    business days counted back from the deadline) with a step or two of the real schedule.
    """
    deadline = recommended_last_day(expiry)

    def fits(day: date) -> bool:
        return calendar.is_business_day(day) and recovery_login_done_by(day, calendar) < deadline

    day = deadline
    for _ in range(schedule.REPLY_DAYS[1] + schedule.LOGIN_DAYS[1]):
        day = business_day_on_or_before(day - timedelta(days=1), calendar)
    while not fits(day):
        day -= timedelta(days=1)
    while fits(following := calendar.next_business_day(day)):
        day = following
    return day


def business_day_on_or_before(day: date, calendar: BusinessCalendar) -> date:
    while not calendar.is_business_day(day):
        day -= timedelta(days=1)
    return day


def business_day_on_or_after(day: date, calendar: BusinessCalendar) -> date:
    while not calendar.is_business_day(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class RenewalDates:
    """One registration's renewal dates, and the office's working day for each."""

    expiry: date
    window_opens: date
    second_notice: date
    recommended_last_day: date
    latest_recovery_start: date
    # The business day staff act on: the window's first one on or after it opens, each
    # deadline's last one on or before it (a deadline on a holiday or in 年末年始 comes earlier).
    office_window_opens: date
    office_second_notice: date
    office_recommended_last_day: date
    office_expiry: date


def renewal_dates(expiry: date, calendar: BusinessCalendar) -> RenewalDates:
    opens = window_opens(expiry)
    second = second_notice_day(expiry)
    recommended = recommended_last_day(expiry)
    return RenewalDates(
        expiry=expiry,
        window_opens=opens,
        second_notice=second,
        recommended_last_day=recommended,
        latest_recovery_start=latest_recovery_start(expiry, calendar),
        office_window_opens=business_day_on_or_after(opens, calendar),
        office_second_notice=business_day_on_or_before(second, calendar),
        office_recommended_last_day=business_day_on_or_before(recommended, calendar),
        office_expiry=business_day_on_or_before(expiry, calendar),
    )


def _last_expiry(today: date, rule, *, before: bool) -> date:
    """The largest expiry E with rule(E) < today (before=True) or rule(E) <= today: each rule
    only grows with E, so a binary search over a few years finds it. It turns "the window is
    open on ``today``" into one indexed condition on the expiry column."""
    low, high = today - timedelta(days=800), today + timedelta(days=800)
    while low < high:
        middle = low + timedelta(days=(high - low).days // 2 + 1)
        passes = rule(middle) < today if before else rule(middle) <= today
        if passes:
            low = middle
        else:
            high = middle - timedelta(days=1)
    return low


@dataclass(frozen=True)
class DeskBounds:
    """The expiry dates that split the 更新期限 list on ``today`` (see ``desk_bounds``)."""

    today: date
    window_open_until: date  # expiry <= this: the window has opened
    past_recommended_until: date  # expiry <= this: the recommended last day has passed
    recovery_horizon: date  # expiry <= this and login not known: recovery first


def desk_bounds(today: date) -> DeskBounds:
    return DeskBounds(
        today=today,
        window_open_until=_last_expiry(today, window_opens, before=False),
        past_recommended_until=_last_expiry(today, recommended_last_day, before=True),
        recovery_horizon=_last_expiry(
            today + relativedelta(months=RECOVERY_LEAD_MONTHS), window_opens, before=False
        ),
    )


def expiries_with_window_opening(first: date, last: date) -> tuple[date, date]:
    """The expiries (exclusive low, inclusive high) whose window opens between ``first`` and
    ``last`` (inclusive): the renewal notices of a month."""
    return (
        _last_expiry(first, window_opens, before=True),
        _last_expiry(last, window_opens, before=False),
    )
