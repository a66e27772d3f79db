"""The dashboard's ⚠ under CCUSの回答待ち says which thing is late: a receipt mail missing after
an hour is not a late CCUS reply."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.template.loader import render_to_string

from clients.models import Client
from recovery import services
from recovery.business_days import TOKYO
from recovery.desk.selectors import desk_overview
from recovery.models import Situation

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 2, 10, 11, 0, tzinfo=TOKYO)  # Wednesday


@pytest.fixture(autouse=True)
def _frozen(office_profile):
    with time_machine.travel(NOW, tick=False):
        yield


def _sent(staff_user, n: int, *, ago: timedelta, receipt: bool):
    client = Client.objects.create(
        name=f"株式会社遅延確認{n:02d}",
        business_id=f"8{n:013d}",
        address="石川県七尾市府中町1番地",
        phone="0767-52-1111",
    )
    # Opened before the dates the test records on it (no event precedes a case's creation).
    with time_machine.travel(NOW - timedelta(days=60), tick=False):
        case = services.case_create(
            client=client,
            situation=Situation.CANNOT_LOGIN,
            actor=staff_user,
            assignee=staff_user,
            new_email=f"late{n}@example.jp",
        )
    services.case_mark_sent(case=case, actor=staff_user, sent_at=NOW - ago)
    if receipt:
        services.case_record_receipt(
            case=case,
            actor=staff_user,
            mail_text=f"C-27{n:08d}",
            received_at=NOW - ago + timedelta(minutes=30),
        )
    return case


def _item(html: str, case) -> str:
    start = html.index(f'href="/cases/{case.pk}/"')
    return html[start : html.index("</li>", start)]


def test_only_the_missing_receipt_mail_is_named_when_only_it_is_late(staff_user):
    case = _sent(staff_user, 1, ago=timedelta(hours=2), receipt=False)
    html = render_to_string("recovery/desk/_overview.html", {"desk": desk_overview()})
    item = _item(html, case)
    assert "⚠ 受付メール未着(送信から1時間超過)" in item
    assert "CCUSの回答が期限超過" not in item


def test_a_late_ccus_reply_is_named_as_such(staff_user):
    case = _sent(staff_user, 2, ago=timedelta(days=14), receipt=True)
    item = _item(render_to_string("recovery/desk/_overview.html", {"desk": desk_overview()}), case)
    assert "⚠ CCUSの回答が期限超過" in item
    assert "受付メール未着" not in item


def test_nothing_is_marked_within_the_hour(staff_user):
    case = _sent(staff_user, 3, ago=timedelta(minutes=30), receipt=False)
    item = _item(render_to_string("recovery/desk/_overview.html", {"desk": desk_overview()}), case)
    assert "⚠" not in item
