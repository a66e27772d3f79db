"""The case pipeline (recovery/steps.py): one table, read by the services, printed in the docs."""

from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from django.db import models

from recovery import services
from recovery.business_days import TOKYO
from recovery.models import CLOSED_STATUSES, OPEN_STATUSES, CaseEvent, RecoveryCase, Status
from recovery.steps import RECOVERY, RECOVERY_TRANSITIONS, Action, CaseTransitionError, Pipeline

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
SENT = datetime(2026, 12, 25, 10, 0, tzinfo=TOKYO)
RECEIPT = "件名：【お問い合わせ受付：C-2612250001】"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2027, 1, 8, 9, 30, tzinfo=TOKYO), tick=False):
        yield


def test_it_prints_the_same_transition_table_in_the_architecture_doc():
    assert RECOVERY.markdown_table() in DOC.read_text()


def test_it_prints_the_same_actions_in_the_architecture_doc():
    assert RECOVERY.actions_markdown_table() in DOC.read_text()


def test_every_recovery_status_has_a_row_and_every_target_has_one_too():
    recovery = {*OPEN_STATUSES, *CLOSED_STATUSES, Status.ON_HOLD}
    assert set(RECOVERY_TRANSITIONS) == recovery
    for targets in RECOVERY_TRANSITIONS.values():
        assert set(targets) <= set(RECOVERY_TRANSITIONS)


def test_it_answers_what_may_follow_replied():
    assert RECOVERY.transitions[Status.REPLIED][0] == Status.LOGIN_WORK
    assert not RECOVERY.allows(Status.REPLIED, Status.DONE)
    assert not RECOVERY.allows(Status.REPLIED, Status.WAITING)


def test_require_names_the_allowed_statuses_and_the_current_one():
    with pytest.raises(CaseTransitionError) as error:
        RECOVERY.require(Status.PREPARING, "record_reply")
    message = str(error.value)
    assert "CCUSの回答を記録" in message
    assert "受付確認済・CCUS回答待ち" in message
    assert "現在は「準備中」" in message


def test_require_passes_in_an_allowed_status():
    RECOVERY.require(Status.WAITING, "record_reply")


def test_check_move_refuses_a_skip():
    with pytest.raises(CaseTransitionError, match=r"準備中.*完了"):
        RECOVERY.check_move(Status.PREPARING, Status.DONE)


@pytest.mark.django_db
def test_a_service_reads_the_table(monkeypatch, full_case, staff_user):
    # Take 問い合わせ送信済 out of what may follow 準備中: the service must refuse the move.
    monkeypatch.setitem(RECOVERY_TRANSITIONS, Status.PREPARING, (Status.ON_HOLD,))
    with pytest.raises(CaseTransitionError, match="問い合わせ送信済"):
        services.case_mark_sent(case=full_case, actor=staff_user, sent_at=SENT)
    assert RecoveryCase.objects.get(pk=full_case.pk).status == Status.PREPARING


@pytest.mark.django_db
def test_every_move_a_full_life_makes_is_in_the_table(full_case, staff_user, admin_user):
    case, actor = full_case, staff_user
    services.case_hold(case=case, actor=actor)
    services.case_resume(case=case, actor=actor)
    services.case_mark_sent(case=case, actor=actor, sent_at=SENT)
    services.case_record_receipt(case=case, actor=actor, mail_text=RECEIPT)
    services.case_record_reply(case=case, actor=actor, mail_text="完了")
    services.case_start_login_work(case=case, actor=actor)
    for step in services.LOGIN_STEPS:
        services.case_check_login_step(case=case, actor=actor, step=step)
    services.case_reopen(case=case, actor=admin_user)
    services.case_cancel(case=case, actor=actor)
    services.case_reopen(case=case, actor=admin_user)
    moves = list(
        case.events.filter(kind=CaseEvent.Kind.TRANSITION).values_list("from_status", "to_status")
    )
    assert len(moves) == 11
    for source, target in moves:
        assert RECOVERY.allows(source, target), (source, target)


def test_a_second_kind_of_case_fits_the_same_shape():
    class Renewal(models.TextChoices):
        PREPARING = "preparing", "準備"
        LOGIN = "login", "ログイン確認"
        DONE = "done", "完了"

    renewal = Pipeline(
        statuses=Renewal,
        transitions={Renewal.PREPARING: (Renewal.LOGIN,), Renewal.LOGIN: (Renewal.DONE,)},
        actions={"confirm_login": Action("ログイン確認", (Renewal.PREPARING,))},
    )
    renewal.require(Renewal.PREPARING, "confirm_login")
    with pytest.raises(CaseTransitionError, match="現在は「完了」"):
        renewal.require(Renewal.DONE, "confirm_login")
    assert "| ログイン確認 | 完了 |" in renewal.markdown_table()
