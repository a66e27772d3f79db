"""Steps that ask first: login work before its window, and the checklist item that closes."""

from datetime import datetime

import pytest
import time_machine

from recovery import services
from recovery.business_days import TOKYO
from recovery.models import RecoveryCase, Status

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 12, 14, 10, 0, tzinfo=TOKYO)
# CCUS's reply on Monday 2026-12-21: the login window is Wed 12-23 (2nd business day) – Thu 12-24.
REPLY = datetime(2026, 12, 21, 15, 0, tzinfo=TOKYO)


@pytest.fixture
def replied(full_case, staff_user):
    with time_machine.travel(REPLY, tick=False):
        services.case_mark_sent(case=full_case, actor=staff_user, sent_at=SENT)
        services.case_record_receipt(
            case=full_case, actor=staff_user, receipt_number="C-2612140001", received_at=SENT
        )
        services.case_record_reply(
            case=full_case, actor=staff_user, mail_text="完了", received_at=REPLY
        )
    return full_case


@pytest.fixture
def post(client, staff_user):
    """POST as staff at a given moment (logged in then: a session lasts only 8 hours)."""

    def post(url: str, data: dict | None = None, *, at: datetime):
        with time_machine.travel(at, tick=False):
            client.force_login(staff_user)
            return client.post(url, data or {})

    return post


def _status(case) -> str:
    return RecoveryCase.objects.get(pk=case.pk).status


def test_starting_the_day_before_the_window_asks_first_and_changes_nothing(post, replied):
    response = post(
        f"/cases/{replied.pk}/login/start/", at=datetime(2026, 12, 22, 23, 59, tzinfo=TOKYO)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ログイン作業の予定日より前です" in page
    assert "2026年12月23日(水)～2026年12月24日(木)" in page
    assert 'name="confirmed" value="1"' in page
    assert f'action="/cases/{replied.pk}/login/start/"' in page
    assert _status(replied) == Status.REPLIED


def test_once_confirmed_the_early_start_is_recorded(post, replied):
    response = post(
        f"/cases/{replied.pk}/login/start/",
        {"confirmed": "1"},
        at=datetime(2026, 12, 22, 10, 0, tzinfo=TOKYO),
    )
    assert response.status_code == 302
    assert _status(replied) == Status.LOGIN_WORK


def test_starting_on_the_first_day_of_the_window_does_not_ask(post, replied):
    response = post(
        f"/cases/{replied.pk}/login/start/", at=datetime(2026, 12, 23, 0, 0, tzinfo=TOKYO)
    )
    assert response.status_code == 302
    assert _status(replied) == Status.LOGIN_WORK


STARTED = datetime(2026, 12, 23, 10, 0, tzinfo=TOKYO)
LATER = datetime(2026, 12, 23, 11, 0, tzinfo=TOKYO)


def _in_login_work(post, case):
    post(f"/cases/{case.pk}/login/start/", at=STARTED)


def test_the_items_before_the_last_are_ticked_without_a_question(post, replied):
    _in_login_work(post, replied)
    for step in ("password_changed_at", "security_code_entered_at"):
        assert post(f"/cases/{replied.pk}/login/{step}/", at=LATER).status_code == 302
    case = RecoveryCase.objects.get(pk=replied.pk)
    assert case.security_code_entered_at is not None
    assert case.status == Status.LOGIN_WORK


def test_the_last_item_asks_before_closing_the_case(post, replied):
    _in_login_work(post, replied)
    for step in ("password_changed_at", "security_code_entered_at"):
        post(f"/cases/{replied.pk}/login/{step}/", at=LATER)
    url = f"/cases/{replied.pk}/login/relogin_confirmed_at/"
    question = post(url, at=LATER)
    assert question.status_code == 200
    assert "案件は「完了」になります" in question.content.decode()
    assert _status(replied) == Status.LOGIN_WORK
    assert RecoveryCase.objects.get(pk=replied.pk).relogin_confirmed_at is None
    done = post(url, {"confirmed": "1"}, at=LATER)
    assert done.status_code == 302
    assert _status(replied) == Status.DONE


def test_an_item_out_of_order_is_refused_not_asked(post, replied):
    _in_login_work(post, replied)
    response = post(f"/cases/{replied.pk}/login/relogin_confirmed_at/", at=LATER)
    assert response.status_code == 302  # refused with a message: an earlier item is missing
    assert _status(replied) == Status.LOGIN_WORK
