"""Reminders in a real browser: a snooze from the case page lands where the calendar feed says,
and the link in a reminder email, written by a real worker started as the Procfile starts it,
opens the case on the web server's port.

Server time is moved with time_machine (the live server's thread moves too); the browser keeps
real time. The worker is another process and keeps real time as well.
"""

from __future__ import annotations

import email
import re
import shlex
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.utils import timezone
from icalendar import Calendar

from clients.models import Client
from recovery import services
from recovery.business_days import TOKYO
from recovery.models import Reminder
from recovery.reminders.calendar_feed import calendar_feed_regenerate
from tests.browser.conftest import login
from tests.conftest import wait_for
from tests.recovery.reminder_factories import make_case
from tests.recovery.test_reminder_links import procfile_envs

pytestmark = pytest.mark.django_db(transaction=True)

# Monday 2026-12-21, 10:00 in Tokyo: CCUS's reply is due Fri 12-25, just before 年末年始.
START = datetime(2026, 12, 21, 10, 0, tzinfo=TOKYO)
ROOT = Path(__file__).resolve().parents[2]


def _feed_start(page, token: str, summary: str) -> datetime:
    response = page.request.get(f"{page.base_url}/calendar/{token}.ics")
    assert response.ok
    events = {
        str(e["summary"]): e.decoded("dtstart")
        for e in Calendar.from_ical(response.body()).walk("VEVENT")
    }
    return events[summary]


def test_a_snooze_from_the_case_page_past_a_closed_day_shows_the_same_time_in_the_feed(
    page, staff_user, office_profile
):
    full_case = make_case(assignee=staff_user)
    Client.objects.filter(pk=full_case.client_id).update(address="石川県七尾市御祓町1番地")
    full_case.refresh_from_db()
    token = calendar_feed_regenerate(user=staff_user).token
    traveller = time_machine.travel(START, tick=True)
    traveller.start()
    try:
        services.case_mark_sent(case=full_case, actor=staff_user)
        reminder = full_case.reminders.get(kind=Reminder.Kind.REPLY_DUE)
        summary = f"CCUS回答予定日(案件#{full_case.pk})"
        assert _feed_start(page, token, summary) == datetime(2026, 12, 25, 9, 0, tzinfo=TOKYO)

        login(page, "yamada", "pw-staff-1")
        page.goto(f"{page.base_url}/cases/{full_case.pk}/")
        row = page.locator(f"#case-reminder-{reminder.pk}")
        assert "2026年12月25日(金) 09:00" in row.locator(".reminder-when").inner_text()
        assert row.locator(".reminder-for").inner_text() == "山田 花子"
        page.steps("case page with its reminders")

        # 12/30 is in 年末年始: the page warns and offers the next business day, 1/4.
        row.get_by_label("通知する日").fill("2026-12-30")
        row.get_by_role("button", name="この日に移動").click()
        page.wait_for_load_state()
        page.steps("closed-day warning")
        warning = page.locator("#closed-day-warning").inner_text()
        assert "年末年始" in warning and "2027年1月4日(月)" in warning
        page.locator("#use-next-business-day").click()
        page.wait_for_load_state()
        page.steps("moved, back on the case page")

        assert page.url.endswith(f"/cases/{full_case.pk}/")
        shown = page.locator(f"#case-reminder-{reminder.pk} .reminder-when").inner_text()
        assert shown == "2027年1月4日(月) 09:00"
        feed = _feed_start(page, token, summary).astimezone(TOKYO)
        assert f"{feed.year}年{feed.month}月{feed.day}日(月) {feed:%H:%M}" == shown
        reminder.refresh_from_db()
        assert reminder.shows_at == feed
    finally:
        traveller.stop()


def _worker_args_from_procfile() -> list[str]:
    """The Procfile's worker command after ``celery -A config`` (start_celery adds those)."""
    line = next(
        line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("worker:")
    )
    words = shlex.split(line.split(":", 1)[1])
    return words[words.index("config") + 1 :]


def _link_in_mail(mail_dir: Path) -> str:
    files = list(mail_dir.iterdir())
    assert len(files) == 1
    message = email.message_from_bytes(files[0].read_bytes().split(b"\n" + b"-" * 79)[0])
    body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    return re.search(r"案件のページ: (\S+)", body).group(1)


@pytest.mark.slow
def test_the_link_in_a_reminder_email_from_the_procfiles_worker_opens_the_case(
    page, live_server, staff_user, office_profile, start_celery, celery_env, tmp_path
):
    case = make_case(assignee=staff_user)
    reminder = Reminder.objects.create(
        case=case, kind=Reminder.Kind.RECEIPT_CHECK, due_at=timezone.now() - timedelta(seconds=5)
    )
    web = urlsplit(live_server.url)
    # As `make run` starts honcho: PORT is the web server's; SITE_URL the address staff open.
    base = {k: v for k, v in celery_env.items() if k not in ("PORT", "SITE_URL")}
    envs = procfile_envs({**base, "PORT": str(web.port), "SITE_URL": live_server.url})
    assert envs["web"]["PORT"] == str(web.port)
    assert envs["worker"]["PORT"] == str(web.port + 100)

    worker = start_celery(*_worker_args_from_procfile(), env=envs["worker"], name="worker")
    delivered = wait_for(
        lambda: Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.DELIVERED).exists(),
        timeout=90,
    )
    assert delivered, Path(worker.log_path).read_text(errors="replace")[-4000:]
    link = _link_in_mail(tmp_path / "mail")
    assert urlsplit(link).port == web.port
    assert link == f"{live_server.url}/cases/{case.pk}/"

    login(page, "yamada", "pw-staff-1")
    response = page.goto(link)
    page.steps("the case, opened from the email's link")
    assert response.ok
    assert case.client.name in page.locator("h1").inner_text()
