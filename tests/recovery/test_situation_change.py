"""Correcting the 状況 (a–e) after a case was opened: service rules and the confirming page."""

from datetime import datetime

import pytest
import time_machine

from recovery import services
from recovery.business_days import TOKYO
from recovery.models import CaseEvent, RecoveryCase, Situation, Status
from recovery.services import CaseTransitionError

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 12, 25, 10, 0, tzinfo=TOKYO)
NOW = datetime(2026, 12, 28, 11, 0, tzinfo=TOKYO)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _sent_case(full_case, staff_user) -> RecoveryCase:
    services.case_mark_sent(case=full_case, actor=staff_user, sent_at=SENT)
    return full_case


def _open_reminders(case) -> int:
    return case.reminders.filter(state__in=["pending", "claimed"]).count()


def test_it_changes_c_to_d_and_keeps_the_step_and_reminders(full_case, staff_user):
    case = _sent_case(full_case, staff_user)
    before = _open_reminders(case)
    services.case_change_situation(case=case, actor=staff_user, situation=Situation.ALL_UNKNOWN)
    case.refresh_from_db()
    assert case.situation == Situation.ALL_UNKNOWN
    assert case.status == Status.SENT
    assert _open_reminders(case) == before > 0
    event = case.events.order_by("-pk").first()
    assert event.kind == CaseEvent.Kind.UPDATE
    assert event.actor == staff_user
    assert "状況を変更しました" in event.message
    assert "c. ログイン不可" in event.message and "d. ID" in event.message


def test_choosing_a_closes_an_open_case_as_self_service_and_cancels_its_reminders(
    full_case, staff_user
):
    case = _sent_case(full_case, staff_user)
    services.case_change_situation(case=case, actor=staff_user, situation=Situation.PASSWORD_ONLY)
    case.refresh_from_db()
    assert case.status == Status.SELF_SERVICE
    assert case.closed_at is not None
    assert _open_reminders(case) == 0
    kinds = list(case.events.order_by("-pk").values_list("kind", "to_status")[:2])
    assert kinds == [(CaseEvent.Kind.TRANSITION, Status.SELF_SERVICE), (CaseEvent.Kind.UPDATE, "")]


def test_a_mistaken_a_is_corrected_back_to_the_procedure(full_client, staff_user, office_profile):
    case = services.case_create(
        client=full_client,
        situation=Situation.PASSWORD_ONLY,
        actor=staff_user,
        new_email="n@example.jp",
    )
    assert case.status == Status.SELF_SERVICE
    services.case_change_situation(case=case, actor=staff_user, situation=Situation.CANNOT_LOGIN)
    case.refresh_from_db()
    assert case.status == Status.PREPARING
    assert case.closed_at is None


def test_e_needs_an_error_message_and_changes_nothing_without_one(full_case, staff_user):
    events = full_case.events.count()
    with pytest.raises(CaseTransitionError, match="エラーメッセージ"):
        services.case_change_situation(
            case=full_case, actor=staff_user, situation=Situation.LOGIN_ERROR
        )
    full_case.refresh_from_db()
    assert full_case.situation == Situation.CANNOT_LOGIN
    assert full_case.events.count() == events
    services.case_change_situation(
        case=full_case,
        actor=staff_user,
        situation=Situation.LOGIN_ERROR,
        error_message="パスワード：Abc12345 エラー E-101",
    )
    full_case.refresh_from_db()
    assert full_case.situation == Situation.LOGIN_ERROR
    assert "Abc12345" not in full_case.error_message  # masked like every typed text
    assert "E-101" in full_case.error_message


@pytest.mark.parametrize("situation", ["", "f", "c"])
def test_an_unknown_or_unchanged_situation_is_refused(full_case, staff_user, situation):
    with pytest.raises(CaseTransitionError):
        services.case_change_situation(case=full_case, actor=staff_user, situation=situation)
    full_case.refresh_from_db()
    assert full_case.situation == Situation.CANNOT_LOGIN


def test_a_finished_case_keeps_its_situation(full_case, staff_user):
    services.case_cancel(case=full_case, actor=staff_user)
    with pytest.raises(CaseTransitionError, match="取消"):
        services.case_change_situation(case=full_case, actor=staff_user, situation="d")


def test_the_page_asks_before_choosing_b_and_changes_nothing_until_confirmed(
    staff_client, full_case, staff_user
):
    case = _sent_case(full_case, staff_user)
    html = staff_client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/situation/" in html
    response = staff_client.post(f"/cases/{case.pk}/situation/", {"situation": "b"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "よろしいですか" in page
    assert 'name="confirmed" value="1"' in page
    case.refresh_from_db()
    assert case.situation == Situation.CANNOT_LOGIN and case.status == Status.SENT
    response = staff_client.post(
        f"/cases/{case.pk}/situation/", {"situation": "b", "confirmed": "1"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.situation == Situation.CAN_LOGIN and case.status == Status.SELF_SERVICE


def test_the_page_changes_c_to_d_without_a_confirmation(staff_client, full_case):
    response = staff_client.post(f"/cases/{full_case.pk}/situation/", {"situation": "d"})
    assert response.status_code == 302
    full_case.refresh_from_db()
    assert full_case.situation == Situation.ALL_UNKNOWN


def test_the_page_shows_a_refusal_in_japanese(staff_client, full_case):
    response = staff_client.post(f"/cases/{full_case.pk}/situation/", {"situation": "e"})
    assert response.status_code == 200
    assert "表示されたエラーメッセージを入力してください" in response.content.decode()
    response = staff_client.post(f"/cases/{full_case.pk}/situation/", {"situation": "z"})
    assert "状況(a〜e)を選んでください" in response.content.decode()


def test_a_cancelled_case_is_refused_without_a_confirmation_page(
    staff_client, full_case, staff_user
):
    services.case_cancel(case=full_case, actor=staff_user)
    html = staff_client.get(f"/cases/{full_case.pk}/").content.decode()
    assert f"/cases/{full_case.pk}/situation/" not in html
    response = staff_client.post(f"/cases/{full_case.pk}/situation/", {"situation": "a"})
    page = response.content.decode()
    assert "よろしいですか" not in page
    assert "の案件の状況は変更できません" in page
    full_case.refresh_from_db()
    assert full_case.situation == Situation.CANNOT_LOGIN
