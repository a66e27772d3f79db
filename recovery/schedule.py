"""The CCUS timing rules, in one place: the guide's windows and the status groups that wait.

The office's guide: CCUS's receipt mail comes within an hour of the inquiry; its reply (with the
new password) comes 4–5 business days after the inquiry; the login work is done 2–3 business days
after that reply. A step is *late* from the business day after its window closes. The dashboard
(``recovery.selectors``), the reminders (``recovery.reminders.rules``) and the client's guide
(``documents.pdfs``) all read their dates from here, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .business_days import BusinessCalendar, tokyo_date
from .models import Status

RECEIPT_CHECK_AFTER = timedelta(hours=1)
REPLY_DAYS = (4, 5)
LOGIN_DAYS = (2, 3)

# Statuses in which CCUS's receipt mail / its reply is awaited.
AWAITING_RECEIPT = (Status.SENT,)
AWAITING_REPLY = (Status.SENT, Status.RECEIPT_CONFIRMED, Status.WAITING)
# The reply has come and the login work is still to be done (started or not): the dashboard's
# "ログイン作業待ち". The login reminders stop as soon as the work is started, so they wait
# only while the work has not started.
AWAITING_LOGIN = (Status.REPLIED, Status.LOGIN_WORK)
LOGIN_NOT_STARTED = (Status.REPLIED,)
# The login work was started and is not finished: chased once its window is over.
LOGIN_STARTED = (Status.LOGIN_WORK,)


@dataclass(frozen=True)
class Window:
    """The business days on which a step is expected, and the first day it is late."""

    earliest: date
    latest: date
    late_from: date


def _window(start: date, days: tuple[int, int], calendar: BusinessCalendar) -> Window:
    first, last = days
    return Window(
        earliest=calendar.add_business_days(start, first),
        latest=calendar.add_business_days(start, last),
        # "the business day after the last day of the window"
        late_from=calendar.add_business_days(start, last + 1),
    )


def reply_window(sent_at: datetime, calendar: BusinessCalendar) -> Window:
    """When CCUS's reply is expected after the inquiry was sent at ``sent_at``."""
    return _window(tokyo_date(sent_at), REPLY_DAYS, calendar)


def login_window(reply_at: datetime, calendar: BusinessCalendar) -> Window:
    """When the login work is to be done after CCUS's reply arrived at ``reply_at``."""
    return _window(tokyo_date(reply_at), LOGIN_DAYS, calendar)


def login_stalled_from(
    reply_at: datetime, started_at: datetime, calendar: BusinessCalendar
) -> date:
    """The day a started but unfinished login work is chased: when its window is over (the
    business day after the 3rd), or — started that late already — the business day after."""
    window = login_window(reply_at, calendar)
    return max(window.late_from, calendar.add_business_days(tokyo_date(started_at), 1))


def login_start_is_early(
    reply_at: datetime, when: datetime, calendar: BusinessCalendar
) -> Window | None:
    """The login window when starting the login work at ``when`` comes before it (the guide:
    2–3 business days after CCUS's reply, when the new password works), else None."""
    window = login_window(reply_at, calendar)
    return window if tokyo_date(when) < window.earliest else None


def receipt_check_at(sent_at: datetime) -> datetime:
    """When a missing receipt mail becomes worth checking (spam folder, typed address)."""
    return sent_at + RECEIPT_CHECK_AFTER


def latest_start_late_by(today: date, days: tuple[int, int], calendar: BusinessCalendar) -> date:
    """The latest start day D whose step is late on ``today`` (late_from(D) <= today).

    ``late_from`` only grows with D, so walking back from ``today`` finds it; it lets the
    dashboard count late cases with one database condition on the start timestamps.
    """
    day = today - timedelta(days=1)
    while calendar.add_business_days(day, days[1] + 1) > today:
        day -= timedelta(days=1)
    return day
