"""The renewal case: the desk's one click, its steps on its own pipeline, the link with a
recovery case both ways, and the recovery's dashboard untouched by renewal cases."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from clients.models import CcusAccess, Client
from recovery import renewal_cases, services
from recovery.business_days import TOKYO
from recovery.desk.selectors import desk_overview
from recovery.models import CaseKind, RecoveryCase, Reminder, RenewalStatus, Status
from recovery.steps import CaseTransitionError

pytestmark = pytest.mark.django_db
RS = RenewalStatus
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=TOKYO)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _client(full_client, *, expiry=date(2027, 3, 31), access=CcusAccess.UNKNOWN, **extra):
    Client.objects.filter(pk=full_client.pk).update(
        registration_expires_on=expiry, ccus_access=access, **extra
    )
    full_client.refresh_from_db()
    return full_client


def _finish_recovery(case, user):
    if not case.new_email:
        services.case_update_details(
            case=case, actor=user, assignee=user, new_email="ccus@noto.example.jp"
        )
    services.case_mark_sent(case=case, actor=user)
    services.case_record_receipt(case=case, actor=user, receipt_number="C-2612070001")
    services.case_record_reply(case=case, actor=user)
    services.case_start_login_work(case=case, actor=user)
    for step in services.LOGIN_STEPS:
        services.case_check_login_step(case=case, actor=user, step=step)


def test_one_click_for_a_client_whose_login_is_unknown_opens_a_recovery_first(
    full_client, staff_user, office_profile
):
    client = _client(full_client)
    recovery = renewal_cases.renewal_case_open(client=client, actor=staff_user)
    assert recovery.kind == CaseKind.RECOVERY
    assert recovery.status == Status.PREPARING
    renewal = recovery.for_renewal
    assert renewal.kind == CaseKind.RENEWAL
    assert renewal.status == RS.LOGIN_CHECK
    assert renewal.renewal_expiry == date(2027, 3, 31)
    assert "更新案件#" in recovery.events.get(kind="created").message


def test_a_finished_recovery_marks_the_login_known_and_moves_the_renewal_on(
    full_client, staff_user, office_profile
):
    client = _client(full_client)
    recovery = renewal_cases.renewal_case_open(client=client, actor=staff_user)
    _finish_recovery(recovery, staff_user)
    renewal = RecoveryCase.objects.get(pk=recovery.for_renewal_id)
    assert renewal.status == RS.CHANGES_CHECK
    client.refresh_from_db()
    assert client.ccus_access == CcusAccess.YES
    moved = renewal.events.get(to_status=RS.CHANGES_CHECK)
    assert f"復旧案件#{recovery.pk}が完了" in moved.message


def test_a_recovery_of_its_own_also_marks_the_login_known(full_case, staff_user):
    _finish_recovery(full_case, staff_user)
    full_case.client.refresh_from_db()
    assert full_case.client.ccus_access == CcusAccess.YES


def test_one_click_for_a_client_who_can_log_in_opens_the_renewal_and_its_steps_run_to_done(
    full_client, staff_user, office_profile
):
    client = _client(full_client, access=CcusAccess.YES)
    case = renewal_cases.renewal_case_open(client=client, actor=staff_user)
    assert (case.kind, case.status) == (CaseKind.RENEWAL, RS.PREPARING)
    for action in ("start_login_check", "confirm_login"):
        renewal_cases.renewal_advance(case=case, actor=staff_user, action=action)
    renewal_cases.renewal_advance(
        case=case, actor=staff_user, action="record_application", changes=["capital", "address"]
    )
    assert case.renewal_changes == ["address", "capital"]
    for action in ("record_payment_url", "record_payment", "complete"):
        renewal_cases.renewal_advance(case=case, actor=staff_user, action=action)
    case.refresh_from_db()
    assert case.status == RS.DONE and case.paid_at and case.closed_at
    client.refresh_from_db()
    assert client.registration_expires_on == date(2032, 3, 31)
    statuses = list(case.events.exclude(to_status="").values_list("to_status", flat=True))
    assert statuses == [
        RS.PREPARING,
        RS.LOGIN_CHECK,
        RS.CHANGES_CHECK,
        RS.APPLIED,
        RS.PAYMENT_URL,
        RS.PAID,
        RS.DONE,
    ]


def test_a_step_out_of_order_is_refused_and_changes_nothing(
    full_client, staff_user, office_profile
):
    case = renewal_cases.renewal_case_open(
        client=_client(full_client, access=CcusAccess.YES), actor=staff_user
    )
    with pytest.raises(CaseTransitionError, match="更新料の支払いを記録"):
        renewal_cases.renewal_advance(case=case, actor=staff_user, action="record_payment")
    with pytest.raises(CaseTransitionError, match="この種類の案件ではできません"):
        services.case_mark_sent(case=case, actor=staff_user)
    case.refresh_from_db()
    assert case.status == RS.PREPARING


def test_an_unknown_changed_item_is_refused(full_client, staff_user, office_profile):
    case = renewal_cases.renewal_case_open(
        client=_client(full_client, access=CcusAccess.YES), actor=staff_user
    )
    renewal_cases.renewal_advance(case=case, actor=staff_user, action="start_login_check")
    renewal_cases.renewal_advance(case=case, actor=staff_user, action="confirm_login")
    with pytest.raises(CaseTransitionError, match="項目が正しくありません"):
        renewal_cases.renewal_advance(
            case=case, actor=staff_user, action="record_application", changes=["password"]
        )


def test_a_client_without_expiry_or_with_an_open_renewal_gets_no_second_case(
    full_client, staff_user, office_profile
):
    with pytest.raises(CaseTransitionError, match="有効期限が未登録"):
        renewal_cases.renewal_case_open(client=full_client, actor=staff_user)
    client = _client(full_client, access=CcusAccess.YES)
    renewal_cases.renewal_case_open(client=client, actor=staff_user)
    with pytest.raises(CaseTransitionError, match="進行中の更新案件"):
        renewal_cases.renewal_case_open(client=client, actor=staff_user)
    assert RecoveryCase.objects.filter(kind=CaseKind.RENEWAL).count() == 1


def test_an_open_recovery_of_the_client_is_linked_instead_of_a_second_one(full_case, staff_user):
    client = _client(full_case.client)
    returned = renewal_cases.renewal_case_open(client=client, actor=staff_user)
    assert returned.pk == full_case.pk
    full_case.refresh_from_db()
    assert full_case.for_renewal.kind == CaseKind.RENEWAL
    assert RecoveryCase.objects.filter(kind=CaseKind.RECOVERY).count() == 1


def test_the_renewal_reminders_are_planned_on_the_offices_working_days(
    full_client, staff_user, office_profile
):
    # Expiry 2027-06-30: window 2027-01-01 (年末年始 → Mon 1/4), 2 months 4/30, recommended
    # 5/31, expiry 6/30; each at 09:00.
    client = _client(full_client, expiry=date(2027, 6, 30), access=CcusAccess.YES)
    case = renewal_cases.renewal_case_open(client=client, actor=staff_user)
    due = dict(case.reminders.values_list("kind", "due_at"))
    assert {k: v.astimezone(TOKYO).date() for k, v in due.items()} == {
        Reminder.Kind.RENEWAL_WINDOW: date(2027, 1, 4),
        Reminder.Kind.RENEWAL_SECOND: date(2027, 4, 30),
        Reminder.Kind.RENEWAL_RECOMMENDED: date(2027, 5, 31),
        Reminder.Kind.RENEWAL_EXPIRY: date(2027, 6, 30),
    }
    assert all(v.astimezone(TOKYO).hour == 9 for v in due.values())


def test_a_reminder_already_past_when_the_case_opens_is_not_planned(
    full_client, staff_user, office_profile
):
    client = _client(full_client, expiry=date(2027, 3, 31), access=CcusAccess.YES)
    case = renewal_cases.renewal_case_open(client=client, actor=staff_user)
    kinds = set(case.reminders.values_list("kind", flat=True))
    assert Reminder.Kind.RENEWAL_WINDOW not in kinds  # opened 2026-10-01, before the case
    assert Reminder.Kind.RENEWAL_RECOMMENDED in kinds


def test_applying_stops_the_application_reminders_and_keeps_the_expiry_one(
    full_client, staff_user, office_profile
):
    client = _client(full_client, expiry=date(2027, 6, 30), access=CcusAccess.YES)
    case = renewal_cases.renewal_case_open(client=client, actor=staff_user)
    for action in ("start_login_check", "confirm_login", "record_application"):
        renewal_cases.renewal_advance(case=case, actor=staff_user, action=action)
    live = set(case.reminders.filter(state="pending").values_list("kind", flat=True))
    assert live == {Reminder.Kind.RENEWAL_EXPIRY}
    services.case_cancel(case=case, actor=staff_user, reason="お客様が自社で申請")
    assert not case.reminders.filter(state="pending").exists()


def test_the_recovery_dashboard_counts_do_not_change_when_renewal_cases_exist(
    full_case, staff_user, office_profile
):
    before = desk_overview().counts
    recent_before = [c.pk for c in desk_overview().recent]
    for n in range(3):
        client = Client.objects.create(
            name=f"更新建設{n}", registration_expires_on=date(2027, 3, 31), ccus_access="yes"
        )
        case = renewal_cases.renewal_case_open(client=client, actor=staff_user)
        if n == 1:
            services.case_hold(case=case, actor=staff_user)
        if n == 2:
            renewal_cases.renewal_advance(case=case, actor=staff_user, action="start_login_check")
    assert desk_overview().counts == before
    assert [c.pk for c in desk_overview().recent] == recent_before


def test_the_case_url_of_a_renewal_opens_its_own_page(full_client, staff_client, staff_user):
    case = renewal_cases.renewal_case_open(
        client=_client(full_client, access=CcusAccess.YES), actor=staff_user
    )
    response = staff_client.get(reverse("case_detail", args=[case.pk]))
    assert response.status_code == 302
    assert response.url == reverse("renewal_detail", args=[case.pk])
    page = staff_client.get(response.url).content.decode()
    assert "ログイン確認へ進む" in page
    assert "資本金が未登録" in page


def test_the_renewal_page_shows_the_fee_of_the_clients_band(full_client, staff_client, staff_user):
    client = _client(full_client, access=CcusAccess.YES, capital_yen=30_000_000)
    case = renewal_cases.renewal_case_open(client=client, actor=staff_user)
    page = staff_client.get(reverse("renewal_detail", args=[case.pk])).content.decode()
    assert "資本金2,000万円以上5,000万円未満" in page
    assert "48,000円" in page


def test_the_pages_take_the_steps_and_refuse_a_future_time(full_client, staff_client, staff_user):
    case = renewal_cases.renewal_case_open(
        client=_client(full_client, access=CcusAccess.YES), actor=staff_user
    )
    url = reverse("renewal_action", args=[case.pk, "start_login_check"])
    assert staff_client.post(url).status_code == 302
    staff_client.post(reverse("renewal_action", args=[case.pk, "confirm_login"]))
    response = staff_client.post(
        reverse("renewal_action", args=[case.pk, "record_application"]),
        {"changes": ["permit"], "at": "2027-01-01 10:00"},
        follow=True,
    )
    assert "未来の日時は指定できません。" in response.content.decode()
    case.refresh_from_db()
    assert case.status == RS.CHANGES_CHECK
    staff_client.post(
        reverse("renewal_action", args=[case.pk, "record_application"]), {"changes": ["permit"]}
    )
    case.refresh_from_db()
    assert (case.status, case.renewal_changes) == (RS.APPLIED, ["permit"])


def test_the_architecture_doc_prints_the_renewal_pipeline():
    from pathlib import Path

    from recovery.steps import RENEWAL

    doc = (Path(__file__).resolve().parents[2] / "docs" / "architecture.md").read_text()
    assert RENEWAL.markdown_table() in doc
    assert RENEWAL.actions_markdown_table() in doc


def test_the_client_page_shows_the_renewal_box_with_its_one_click(
    full_client, staff_client, staff_user
):
    client = _client(full_client)
    page = staff_client.get(reverse("client_detail", args=[client.pk])).content.decode()
    assert 'id="client-renewal"' in page
    assert "2027年3月31日" in page
    assert "先に復旧が必要" in page
    assert reverse("renewal_open", args=[client.pk]) in page
    renewal_cases.renewal_case_open(client=client, actor=staff_user)
    page = staff_client.get(reverse("client_detail", args=[client.pk])).content.decode()
    assert "更新案件 #" in page


def test_the_case_book_names_a_renewal_case_as_a_renewal(full_client, staff_user):
    from recovery.case_book import recovery_case_book_lines

    case = renewal_cases.renewal_case_open(
        client=_client(full_client, access=CcusAccess.YES), actor=staff_user
    )
    assert [line.name for line in recovery_case_book_lines(full_client)] == [
        f"CCUS事業者登録の更新 案件#{case.pk}"
    ]


def test_a_closed_day_added_on_a_renewal_deadline_moves_its_reminder(
    full_client, staff_user, admin_user, office_profile
):
    # Expiry 2027-06-30: the recommended last day is Mon 2027-05-31.
    client = _client(full_client, expiry=date(2027, 6, 30), access=CcusAccess.YES)
    case = renewal_cases.renewal_case_open(client=client, actor=staff_user)
    services.closed_day_add(day=date(2027, 5, 31), reason="臨時休業", actor=admin_user)
    due = case.reminders.get(kind=Reminder.Kind.RENEWAL_RECOMMENDED, state="pending").due_at
    assert due.astimezone(TOKYO).date() == date(2027, 5, 28)


def test_a_renewal_is_held_resumed_and_cancelled_by_the_recoverys_own_services(
    full_client, staff_user
):
    client = _client(full_client, expiry=date(2027, 6, 30), access=CcusAccess.YES)
    case = renewal_cases.renewal_case_open(client=client, actor=staff_user)
    renewal_cases.renewal_advance(case=case, actor=staff_user, action="start_login_check")
    services.case_hold(case=case, actor=staff_user, reason="お客様の都合")
    assert case.status == RenewalStatus.ON_HOLD
    services.case_resume(case=case, actor=staff_user)
    assert case.status == RenewalStatus.LOGIN_CHECK
    services.case_cancel(case=case, actor=staff_user)
    assert case.status == RenewalStatus.CANCELLED and case.closed_at is not None
