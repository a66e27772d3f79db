"""Plausible dates: no event before the case was created or before the step before it, none in
the future (typed or read from a mail). Each rule at its boundary, with the clock frozen."""

from datetime import datetime, timedelta

import pytest
import time_machine

from recovery import services
from recovery.business_days import TOKYO
from recovery.models import RecoveryCase, Situation, Status
from recovery.services import FUTURE_TOLERANCE, CaseTransitionError

pytestmark = pytest.mark.django_db

OPENED = datetime(2026, 12, 21, 10, 0, 30, tzinfo=TOKYO)  # Monday, half a minute past 10:00
NOW = datetime(2027, 1, 8, 9, 30, tzinfo=TOKYO)
SENT = datetime(2026, 12, 25, 10, 0, tzinfo=TOKYO)
RECEIPT = SENT + timedelta(minutes=20)
REPLY = datetime(2027, 1, 6, 14, 0, tzinfo=TOKYO)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def case(full_client, staff_user, office_profile):
    with time_machine.travel(OPENED, tick=False):
        return services.case_create(
            client=full_client,
            situation=Situation.CANNOT_LOGIN,
            actor=staff_user,
            assignee=staff_user,
            new_email="ccus@noto-test.example.jp",
        )


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _send(case, user, at=SENT):
    return services.case_mark_sent(case=case, actor=user, sent_at=at)


def _receipt(case, user, at=RECEIPT):
    return services.case_record_receipt(
        case=case, actor=user, receipt_number="C-2612250001", received_at=at
    )


def _reply(case, user, at=REPLY, mail_text="回答"):
    return services.case_record_reply(case=case, actor=user, mail_text=mail_text, received_at=at)


def _unchanged(case) -> RecoveryCase:
    return RecoveryCase.objects.get(pk=case.pk)


# --- 送信日時 ------------------------------------------------------------------------------


def test_a_sending_in_2001_for_a_case_opened_in_2026_is_refused_and_says_why(case, staff_user):
    with pytest.raises(CaseTransitionError) as refused:
        _send(case, staff_user, datetime(2001, 1, 1, 0, 0, tzinfo=TOKYO))
    message = str(refused.value)
    assert "「問い合わせ送信日時」(2001年1月1日(月) 00:00)" in message
    assert "案件の作成日時(2026年12月21日(月) 10:00)より前" in message
    assert _unchanged(case).status == Status.PREPARING
    assert not case.reminders.exists()  # no reminders dated 2001


def test_a_sending_in_the_minute_the_case_was_opened_is_accepted(case, staff_user):
    # Typed times have no seconds: 10:00 is the minute of 10:00:30.
    _send(case, staff_user, OPENED.replace(second=0))
    assert _unchanged(case).sent_at == OPENED.replace(second=0)


def test_a_sending_one_minute_before_the_case_was_opened_is_refused(case, staff_user):
    with pytest.raises(CaseTransitionError, match="案件の作成日時"):
        _send(case, staff_user, OPENED.replace(second=0) - MINUTE)


def test_a_sending_now_is_accepted_and_one_beyond_the_clock_tolerance_is_refused(case, staff_user):
    with pytest.raises(CaseTransitionError, match="未来の日時"):
        _send(case, staff_user, NOW + FUTURE_TOLERANCE + MINUTE)
    _send(case, staff_user, NOW)
    assert _unchanged(case).sent_at == NOW


def test_a_sending_a_few_minutes_ahead_is_taken_as_now(case, staff_user):
    # Clocks differ a little: within the tolerance the time is now, never a future one.
    _send(case, staff_user, NOW + FUTURE_TOLERANCE)
    assert _unchanged(case).sent_at == NOW


# --- 受付 and 回答 --------------------------------------------------------------------------


def test_a_receipt_in_the_minute_of_the_sending_is_accepted_and_one_before_refused(
    case, staff_user
):
    _send(case, staff_user)
    with pytest.raises(CaseTransitionError, match=r"「問い合わせ送信日時」.*より前"):
        _receipt(case, staff_user, SENT - MINUTE)
    assert _unchanged(case).status == Status.SENT
    _receipt(case, staff_user, SENT)
    assert _unchanged(case).receipt_at == SENT


def test_a_receipt_mail_dated_in_the_future_is_refused_with_what_to_do(case, staff_user):
    _send(case, staff_user)
    mail = "件名：【お問い合わせ受付：C-2612250001】\n2027年1月9日 10:00 受付"
    with pytest.raises(CaseTransitionError) as refused:
        services.case_record_receipt(case=case, actor=staff_user, mail_text=mail)
    assert "受付メールの受信日時(2027年1月9日(土) 10:00)が未来" in str(refused.value)
    assert "受信日時を入力して記録してください" in str(refused.value)
    assert _unchanged(case).receipt_at is None


def test_a_receipt_mail_a_few_minutes_ahead_is_recorded_as_now(case, staff_user):
    _send(case, staff_user)
    mail = "件名：【お問い合わせ受付：C-2612250001】\n2027年1月8日 09:35 受付"
    services.case_record_receipt(case=case, actor=staff_user, mail_text=mail)
    assert _unchanged(case).receipt_at == NOW


def test_a_reply_before_the_receipt_is_refused_and_one_at_the_receipt_accepted(case, staff_user):
    _send(case, staff_user)
    _receipt(case, staff_user)
    with pytest.raises(CaseTransitionError, match=r"「受付メール受信日時」.*より前"):
        _reply(case, staff_user, RECEIPT - MINUTE)
    _reply(case, staff_user, RECEIPT)
    assert _unchanged(case).reply_at == RECEIPT


def test_a_reply_mail_whose_date_lies_in_the_future_is_refused(case, staff_user):
    _send(case, staff_user)
    _receipt(case, staff_user)
    with pytest.raises(CaseTransitionError, match=r"回答メールの受信日時.*未来"):
        services.case_record_reply(
            case=case, actor=staff_user, mail_text="Date: Sat, 09 Jan 2027 10:00:00 +0900\n完了"
        )


# --- ログイン作業 ---------------------------------------------------------------------------


def _replied(case, user):
    _send(case, user)
    _receipt(case, user)
    _reply(case, user)
    return case


def test_login_work_cannot_start_before_the_reply(case, staff_user):
    _replied(case, staff_user)
    with pytest.raises(CaseTransitionError, match=r"「CCUS回答受信日時」.*より前"):
        services.case_start_login_work(case=case, actor=staff_user, at=REPLY - MINUTE)
    services.case_start_login_work(case=case, actor=staff_user, at=REPLY)
    assert _unchanged(case).login_started_at == REPLY


def test_login_work_cannot_start_in_the_future(case, staff_user):
    _replied(case, staff_user)
    with pytest.raises(CaseTransitionError, match="未来の日時"):
        services.case_start_login_work(case=case, actor=staff_user, at=NOW + timedelta(days=1))


def test_a_checklist_item_cannot_precede_the_start_of_the_login_work(case, staff_user):
    _replied(case, staff_user)
    started = REPLY + timedelta(hours=1)
    services.case_start_login_work(case=case, actor=staff_user, at=started)
    with pytest.raises(CaseTransitionError, match=r"「ログイン作業開始日時」.*より前"):
        services.case_check_login_step(
            case=case, actor=staff_user, step="password_changed_at", at=started - MINUTE
        )
    services.case_check_login_step(
        case=case, actor=staff_user, step="password_changed_at", at=started
    )


# --- corrections -----------------------------------------------------------------------------


def test_a_correction_cannot_move_a_step_after_the_next_one(case, staff_user):
    _replied(case, staff_user)
    with pytest.raises(CaseTransitionError, match=r"「CCUS回答受信日時」.*より後"):
        services.case_correct_dates(
            case=case, actor=staff_user, dates={"receipt_at": REPLY + MINUTE}
        )
    services.case_correct_dates(case=case, actor=staff_user, dates={"receipt_at": REPLY})
    assert _unchanged(case).receipt_at == REPLY


def test_a_correction_cannot_move_the_sending_before_the_case_was_opened(case, staff_user):
    _replied(case, staff_user)
    with pytest.raises(CaseTransitionError, match="案件の作成日時"):
        services.case_correct_dates(
            case=case, actor=staff_user, dates={"sent_at": datetime(2026, 12, 1, tzinfo=TOKYO)}
        )
    assert _unchanged(case).sent_at == SENT


def test_a_correction_into_the_future_is_refused(case, staff_user):
    _replied(case, staff_user)
    with pytest.raises(CaseTransitionError, match="未来の日時"):
        services.case_correct_dates(
            case=case, actor=staff_user, dates={"reply_at": NOW + timedelta(hours=1)}
        )


def test_an_older_record_that_breaks_a_rule_does_not_block_the_next_step(case, staff_user):
    # Written before these rules: sent before the case was opened.
    _send(case, staff_user)
    RecoveryCase.objects.filter(pk=case.pk).update(sent_at=datetime(2026, 12, 1, tzinfo=TOKYO))
    case.refresh_from_db()
    _receipt(case, staff_user)
    assert _unchanged(case).status == Status.WAITING


def test_the_page_says_why_a_sending_in_2001_is_refused_and_plans_no_reminders(
    client, staff_user, case
):
    client.force_login(staff_user)
    response = client.post(f"/cases/{case.pk}/sent/", {"at": "2001-01-01T00:00"}, follow=True)
    page = response.content.decode()
    assert "案件の作成日時(2026年12月21日(月) 10:00)より前になっています" in page
    assert _unchanged(case).status == Status.PREPARING
    assert not case.reminders.exists()
