"""The CCUS timing rules, in one place: the guide's windows, their words, the status groups that
wait and which step a case is waiting for.

The office's guide: CCUS's receipt mail comes within an hour of the inquiry; its reply (with the
new password) comes 4–5 business days after the inquiry; the login work is done 2–3 business days
after that reply. A step is *late* from the business day after its window closes. The dashboard
(``recovery.selectors``), the reminders (``recovery.reminders.rules``), the pages and the client's
guide (``documents.pdfs``) all read their dates *and their words* (「1時間」「4～5営業日」) from
here, so they cannot disagree. tests/test_architecture.py fails on a timing constant or a status
group defined anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext

from .business_days import BusinessCalendar, tokyo_date
from .models import OPEN_STATUSES, RenewalStatus, Status

RECEIPT_CHECK_AFTER = timedelta(hours=1)
REPLY_DAYS = (4, 5)
LOGIN_DAYS = (2, 3)

# Statuses in which CCUS's receipt mail / its reply is awaited.
AWAITING_RECEIPT = (Status.SENT,)
AWAITING_REPLY = (Status.SENT, Status.RECEIPT_CONFIRMED, Status.WAITING)
# The receipt mail has come and CCUS's reply is awaited: the dashboard's 「CCUSの回答待ち」
# (問い合わせ送信済 is counted apart, as still waiting for the receipt mail), and where the mailbox
# or staff may record a reply (a reply to a case still waiting for its receipt goes to staff).
RECEIPT_RECORDED_AWAITING_REPLY = (Status.RECEIPT_CONFIRMED, Status.WAITING)
# The reply has come and the login work is still to be done (started or not): the dashboard's
# "ログイン作業待ち". The login reminders stop as soon as the work is started, so they wait
# only while the work has not started.
AWAITING_LOGIN = (Status.REPLIED, Status.LOGIN_WORK)
LOGIN_NOT_STARTED = (Status.REPLIED,)
# The login work was started and is not finished: chased once its window is over.
LOGIN_STARTED = (Status.LOGIN_WORK,)

# A renewal case's reminders (recovery/reminders/rules.py): the application's (window open,
# 2 months before, the recommended day) until it is applied for, the expiry's until it is paid.
RENEWAL_BEFORE_APPLYING = (
    RenewalStatus.PREPARING,
    RenewalStatus.LOGIN_CHECK,
    RenewalStatus.CHANGES_CHECK,
)
RENEWAL_UNPAID = (*RENEWAL_BEFORE_APPLYING, RenewalStatus.APPLIED, RenewalStatus.PAYMENT_URL)

# The dashboard's boxes, each a link to the case list filtered the same way (``?group=…``).
CASE_GROUPS = {
    "open": OPEN_STATUSES,
    "awaiting_receipt": AWAITING_RECEIPT,
    "awaiting_reply": RECEIPT_RECORDED_AWAITING_REPLY,
    "awaiting_login": AWAITING_LOGIN,
}


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


def latest_start_reaching(today: date, n: int, calendar: BusinessCalendar) -> date:
    """The latest start day D whose N-th business day after it is ``today`` or earlier.

    ``add_business_days(D, n)`` only grows with D, so walking back from ``today`` finds it; it
    lets the dashboard count due or late cases with one database condition on a timestamp.
    """
    day = today - timedelta(days=1)
    while calendar.add_business_days(day, n) > today:
        day -= timedelta(days=1)
    return day


def latest_start_late_by(today: date, days: tuple[int, int], calendar: BusinessCalendar) -> date:
    """The latest start day D whose step is late on ``today`` (late_from(D) <= today)."""
    return latest_start_reaching(today, days[1] + 1, calendar)


def latest_start_due_by(today: date, days: tuple[int, int], calendar: BusinessCalendar) -> date:
    """The latest start day D whose step is due on ``today`` (its window has opened)."""
    return latest_start_reaching(today, days[0], calendar)


# --- The windows in words -------------------------------------------------------------------


def hours_words(delta: timedelta) -> str:
    """「1時間」 (in the active language)."""
    hours = int(delta.total_seconds() // 3600)
    return ngettext("%(count)d時間", "%(count)d時間", hours) % {"count": hours}


def business_days_words(days: tuple[int, int]) -> str:
    """「4～5営業日」 (in the active language)."""
    return gettext("%(first)d～%(last)d営業日") % {"first": days[0], "last": days[1]}


def duration_words() -> dict[str, str]:
    """Every window in words, in the active language, for templates and messages:
    ``receipt_wait`` 「1時間」, ``reply_days`` 「4～5営業日」, ``login_days`` 「2～3営業日」."""
    return {
        "receipt_wait": hours_words(RECEIPT_CHECK_AFTER),
        "reply_days": business_days_words(REPLY_DAYS),
        "login_days": business_days_words(LOGIN_DAYS),
    }


def duration_words_ja() -> dict[str, str]:
    """The same words in Japanese, for the client's documents and the guide's own texts."""
    with translation.override("ja"):
        return duration_words()


def with_durations(text: str) -> str:
    """``text`` (translated when it is lazy) with %(receipt_wait)s etc. filled in."""
    return str(text) % duration_words()


# A lazy message with the words filled in when it is shown (module-level message tables).
with_durations_lazy = lazy(with_durations, str)


# --- Which step a case is waiting for --------------------------------------------------------

RECEIPT = "receipt"
REPLY = "reply"
LOGIN = "login"  # the login work, started or not, until it is complete
LOGIN_START = "login_start"  # the login work not started yet (its reminders)


def waiting_for(case, *, status: str | None = None) -> frozenset[str]:
    """The steps ``case`` is waiting for (``RECEIPT``, ``REPLY``, ``LOGIN``, ``LOGIN_START``).

    ``status`` overrides the case's own (a case on hold is judged by the status it was held in).
    The status says which step is next; the services keep the later timestamps empty until then
    (問い合わせ送信済 has no receipt, 回答受領 no login start), so the rule reads only the status
    and the timestamp the window starts from. ``waiting_q`` is the same rule as a database
    condition, which the (status, sent_at) and (status, reply_at) indexes answer alone.
    """
    status = status or case.status
    steps = set()
    if case.sent_at and status in AWAITING_RECEIPT:
        steps.add(RECEIPT)
    if case.sent_at and status in AWAITING_REPLY:
        steps.add(REPLY)
    if case.reply_at and status in AWAITING_LOGIN:
        steps.add(LOGIN)
        if status in LOGIN_NOT_STARTED:
            steps.add(LOGIN_START)
    return frozenset(steps)


def waiting_q(step: str, prefix: str = "") -> Q:
    """``waiting_for`` as a database condition: cases waiting for ``step``."""
    conditions = {
        RECEIPT: {"status__in": AWAITING_RECEIPT, "sent_at__isnull": False},
        REPLY: {"status__in": AWAITING_REPLY, "sent_at__isnull": False},
        LOGIN: {"status__in": AWAITING_LOGIN, "reply_at__isnull": False},
        LOGIN_START: {"status__in": LOGIN_NOT_STARTED, "reply_at__isnull": False},
    }[step]
    return Q(**{prefix + key: value for key, value in conditions.items()})
