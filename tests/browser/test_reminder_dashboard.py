"""A staff member sees a delivered reminder on the dashboard and deals with it in a browser."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from office.services import heartbeat_touch
from recovery.models import CaseEvent, Reminder
from tests.browser.conftest import login
from tests.recovery.reminder_factories import make_case

pytestmark = pytest.mark.django_db(transaction=True)


def _delivered(case, kind, hours_ago):
    now = timezone.now()
    return Reminder.objects.create(
        case=case,
        kind=kind,
        due_at=now - timedelta(hours=hours_ago),
        state=Reminder.State.DELIVERED,
        delivered_at=now,
    )


def test_a_staff_member_marks_one_reminder_done_and_snoozes_another(
    page, staff_user, office_profile
):
    heartbeat_touch(name="reminders")
    first = _delivered(make_case(assignee=staff_user), Reminder.Kind.REPLY_OVERDUE, 30)
    second = _delivered(make_case(), Reminder.Kind.RECEIPT_CHECK, 2)
    login(page, "yamada", "pw-staff-1")
    page.steps("dashboard")
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=os.path.join(os.environ["SCREENSHOT_DIR"], "dashboard.png"), full_page=True
        )
    cards = page.locator("li.reminder")
    assert cards.count() == 2
    assert "CCUS回答遅延" in cards.nth(0).inner_text()  # oldest first
    cards.nth(0).get_by_role("button", name="対応済にする").click()
    page.wait_for_load_state()
    page.steps("after done")
    assert "を対応済にしました" in page.content()
    assert page.locator("li.reminder").count() == 1
    page.locator(f"#reminder-{second.pk}").get_by_role("button", name="翌営業日に延期").click()
    page.wait_for_load_state()
    page.steps("after snooze")
    assert "まで延期しました" in page.content()
    assert page.locator("#no-reminders").is_visible()
    assert CaseEvent.objects.filter(case=first.case, actor=staff_user).exists()
    assert CaseEvent.objects.filter(case=second.case, actor=staff_user).exists()
