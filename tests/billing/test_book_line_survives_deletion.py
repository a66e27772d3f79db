"""A 事件簿 line reads the same before and after its client is deleted (or erased): the retained
copy keeps the engagement's 事件の名称 and 受任日 as the book showed them, not the recovery case's
own label and creation day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from billing import case_book, services
from clients.models import RetainedCaseRecord
from clients.services import client_delete, client_erase
from recovery.models import RecoveryCase

pytestmark = pytest.mark.django_db


def _entry():
    (entry,) = case_book.case_book_page(year=None, offset=0, limit=10)
    return entry.accepted_on, entry.title, entry.fee, entry.client_name, entry.closed_on


@pytest.mark.parametrize("remove", [client_delete, client_erase])
def test_the_book_line_is_the_same_after_the_client_goes(
    engagement, staff_user, admin_user, remove
):
    services.engagement_update(
        engagement=engagement,
        accepted_on=date(2026, 3, 28),
        title="CCUS事業者IDの復旧（能登テスト建設・電話受任）",
        user=staff_user,
    )
    closed = datetime(2026, 6, 30, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    RecoveryCase.objects.filter(pk=engagement.case_id).update(status="done", closed_at=closed)
    before = _entry()
    assert before[:2] == (date(2026, 3, 28), "CCUS事業者IDの復旧（能登テスト建設・電話受任）")
    remove(client=engagement.case.client, user=admin_user)
    record = RetainedCaseRecord.objects.get()
    assert (record.case_name, record.opened_on, record.fee) == (
        "CCUS事業者IDの復旧（能登テスト建設・電話受任）",
        date(2026, 3, 28),
        33000,
    )
    assert _entry() == before
