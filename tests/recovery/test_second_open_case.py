"""A second case in progress for the same client is opened only after a notice with a link."""

import pytest

from recovery import services
from recovery.models import RecoveryCase, Situation

pytestmark = pytest.mark.django_db


def form(full_client, staff_user, **extra):
    return {
        "client": full_client.pk,
        "situation": "c",
        "assignee": staff_user.pk,
        "new_email": "ccus@noto-test.example.jp",
        **extra,
    }


def test_a_client_with_a_case_in_progress_gets_a_notice_with_a_link(
    staff_client, full_case, full_client, staff_user
):
    response = staff_client.post("/cases/new/", form(full_client, staff_user))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="open-cases"' in page
    assert f'href="/cases/{full_case.pk}/"' in page
    assert "この事業者には進行中の案件があります" in page
    assert RecoveryCase.objects.count() == 1


def test_once_confirmed_the_second_case_is_opened(staff_client, full_case, full_client, staff_user):
    response = staff_client.post(
        "/cases/new/", form(full_client, staff_user, confirm_second_case="on")
    )
    assert response.status_code == 302
    assert RecoveryCase.objects.count() == 2


def test_a_case_on_hold_counts_as_in_progress(staff_client, full_case, full_client, staff_user):
    services.case_hold(case=full_case, actor=staff_user, reason="返事待ち")
    response = staff_client.post("/cases/new/", form(full_client, staff_user))
    assert response.status_code == 200
    assert RecoveryCase.objects.count() == 1


def test_closed_cases_do_not_ask(staff_client, full_case, full_client, staff_user):
    services.case_cancel(case=full_case, actor=staff_user, reason="解決済み")
    response = staff_client.post("/cases/new/", form(full_client, staff_user))
    assert response.status_code == 302
    assert RecoveryCase.objects.count() == 2


def test_a_self_service_answer_does_not_ask(staff_client, full_case, full_client, staff_user):
    response = staff_client.post(
        "/cases/new/", form(full_client, staff_user, situation=Situation.PASSWORD_ONLY)
    )
    assert response.status_code == 302
    assert RecoveryCase.objects.count() == 2
