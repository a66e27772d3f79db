"""Every case transition, valid and invalid, with its timeline entry and reminders."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from recovery import services
from recovery.business_days import TOKYO
from recovery.models import CaseEvent, RecoveryCase, Reminder, Situation, Status
from recovery.services import CaseTransitionError

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 12, 25, 10, 0, tzinfo=TOKYO)
RECEIPT = "件名：【お問い合わせ受付：C-2612250001】"


def _last_event(case) -> CaseEvent:
    return case.events.order_by("-at", "-pk").first()


def _snapshot(case):
    case = RecoveryCase.objects.get(pk=case.pk)
    fields = {f.attname: getattr(case, f.attname) for f in case._meta.concrete_fields}
    fields.pop("updated_at")
    return fields, case.events.count(), list(case.reminders.values_list("kind", "state", "due_at"))


def _advance(case, actor, to: str):
    """Walk ``case`` along the procedure up to the status ``to``."""
    path = ["sent", "waiting", "replied", "login_work", "done"]
    steps = {
        "sent": lambda: services.case_mark_sent(case=case, actor=actor, sent_at=SENT),
        "waiting": lambda: services.case_record_receipt(case=case, actor=actor, mail_text=RECEIPT),
        "replied": lambda: services.case_record_reply(case=case, actor=actor, mail_text="完了"),
        "login_work": lambda: services.case_start_login_work(case=case, actor=actor),
        "done": lambda: [
            services.case_check_login_step(case=case, actor=actor, step=s)
            for s in services.LOGIN_STEPS
        ],
    }
    for status in path[: path.index(to) + 1]:
        steps[status]()
    return case


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2027, 1, 8, 9, 30, tzinfo=TOKYO), tick=False):
        yield


def test_a_c_case_starts_in_preparing_with_a_created_entry(full_case, staff_user):
    assert full_case.status == Status.PREPARING
    event = _last_event(full_case)
    assert event.kind == CaseEvent.Kind.CREATED
    assert event.actor == staff_user
    assert event.to_status == Status.PREPARING


@pytest.mark.parametrize("situation", [Situation.PASSWORD_ONLY, Situation.CAN_LOGIN])
def test_a_and_b_are_closed_as_self_service(full_client, staff_user, office_profile, situation):
    case = services.case_create(client=full_client, situation=situation, actor=staff_user)
    assert case.status == Status.SELF_SERVICE
    assert case.closed_at is not None
    event = _last_event(case)
    assert (event.from_status, event.to_status) == (Status.PREPARING, Status.SELF_SERVICE)


def test_e_records_the_error_message_masked_and_continues(full_client, staff_user):
    case = services.case_create(
        client=full_client,
        situation=Situation.LOGIN_ERROR,
        actor=staff_user,
        error_message="エラー E-001 (パスワード：Abc123!)",
        notes="要確認",
    )
    assert case.status == Status.PREPARING
    assert "E-001" in case.error_message
    assert "Abc123!" not in case.error_message


def test_the_whole_procedure_writes_one_timeline_entry_per_transition(full_case, staff_user):
    _advance(full_case, staff_user, "done")
    transitions = list(
        full_case.events.filter(kind=CaseEvent.Kind.TRANSITION).values_list(
            "from_status", "to_status"
        )
    )
    assert transitions == [
        (Status.PREPARING, Status.SENT),
        (Status.SENT, Status.RECEIPT_CONFIRMED),
        (Status.RECEIPT_CONFIRMED, Status.WAITING),
        (Status.WAITING, Status.REPLIED),
        (Status.REPLIED, Status.LOGIN_WORK),
        (Status.LOGIN_WORK, Status.DONE),
    ]
    case = RecoveryCase.objects.get(pk=full_case.pk)
    assert case.status == Status.DONE
    assert case.closed_at is not None
    assert case.receipt_number == "C-2612250001"
    assert all(e.actor == staff_user for e in case.events.all())
    assert not case.reminders.filter(state__in=["pending", "claimed"]).exists()


def test_sending_plans_the_reminders_on_business_days(full_case, staff_user):
    services.case_mark_sent(case=full_case, actor=staff_user, sent_at=SENT)
    due = dict(full_case.reminders.filter(state="pending").values_list("kind", "due_at"))
    assert due[Reminder.Kind.RECEIPT_CHECK] == SENT + timedelta(hours=1)
    assert due[Reminder.Kind.REPLY_DUE] == datetime(2027, 1, 6, 9, 0, tzinfo=TOKYO)


def test_recording_the_receipt_cancels_the_receipt_check(full_case, staff_user):
    _advance(full_case, staff_user, "waiting")
    assert full_case.status == Status.WAITING
    assert not full_case.reminders.filter(kind="receipt_check", state="pending").exists()
    assert full_case.reminders.filter(kind="reply_due", state="pending").exists()


def test_recording_the_reply_plans_the_login_work(full_case, staff_user):
    _advance(full_case, staff_user, "replied")
    kinds = set(full_case.reminders.filter(state="pending").values_list("kind", flat=True))
    assert kinds == {Reminder.Kind.LOGIN_DUE, Reminder.Kind.LOGIN_OVERDUE}


# (status reached, service that is not allowed there, its kwargs)
INVALID = [
    ("preparing", services.case_record_receipt, {"mail_text": RECEIPT}),
    ("preparing", services.case_record_reply, {"mail_text": "x"}),
    ("preparing", services.case_start_login_work, {}),
    ("preparing", services.case_resume, {}),
    ("sent", services.case_mark_sent, {}),
    ("sent", services.case_record_reply, {"mail_text": "x"}),
    ("waiting", services.case_record_receipt, {"mail_text": RECEIPT}),
    ("waiting", services.case_start_login_work, {}),
    ("replied", services.case_mark_sent, {}),
    ("replied", services.case_check_login_step, {"step": "password_changed_at"}),
    ("login_work", services.case_record_reply, {"mail_text": "x"}),
    ("login_work", services.case_check_login_step, {"step": "relogin_confirmed_at"}),
    ("login_work", services.case_check_login_step, {"step": "no_such_step"}),
    ("done", services.case_cancel, {}),
    ("done", services.case_hold, {}),
    ("done", services.case_start_login_work, {}),
]


@pytest.mark.parametrize("reached, service, kwargs", INVALID)
def test_an_invalid_transition_changes_nothing_and_says_why(
    full_case,
    staff_user,
    reached,
    service,
    kwargs,
):
    if reached != "preparing":
        _advance(full_case, staff_user, reached)
    before = _snapshot(full_case)
    with pytest.raises(CaseTransitionError) as error:
        service(case=full_case, actor=staff_user, **kwargs)
    assert str(error.value)
    assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in str(error.value))
    assert _snapshot(full_case) == before


def test_sending_needs_a_complete_inquiry(full_case, staff_user):
    full_case.client.address = ""
    full_case.client.save()
    with pytest.raises(CaseTransitionError, match="事業者の所在地"):
        services.case_mark_sent(case=full_case, actor=staff_user)
    assert RecoveryCase.objects.get(pk=full_case.pk).status == Status.PREPARING


def test_a_receipt_without_a_receipt_number_is_refused(full_case, staff_user):
    _advance(full_case, staff_user, "sent")
    with pytest.raises(CaseTransitionError, match="受付番号"):
        services.case_record_receipt(case=full_case, actor=staff_user, mail_text="ありがとう")


def test_a_reply_before_the_sending_is_refused(full_case, staff_user):
    _advance(full_case, staff_user, "waiting")
    with pytest.raises(CaseTransitionError, match=r"「受付メール受信日時」.*より前"):
        services.case_record_reply(
            case=full_case, actor=staff_user, mail_text="x", received_at=SENT - timedelta(days=1)
        )


def test_a_receipt_mail_dated_in_the_future_is_refused(full_case, staff_user):
    _advance(full_case, staff_user, "sent")
    with pytest.raises(CaseTransitionError, match="未来"):
        services.case_record_receipt(
            case=full_case,
            actor=staff_user,
            mail_text="【お問い合わせ受付：C-2612250001】\n受付日時：2027年3月1日 10:00",
        )
    assert RecoveryCase.objects.get(pk=full_case.pk).status == Status.SENT


def test_the_login_checklist_must_follow_the_guides_order(full_case, staff_user):
    _advance(full_case, staff_user, "login_work")
    with pytest.raises(CaseTransitionError, match="パスワード変更"):
        services.case_check_login_step(
            case=full_case, actor=staff_user, step="security_code_entered_at"
        )
    services.case_check_login_step(case=full_case, actor=staff_user, step="password_changed_at")
    with pytest.raises(CaseTransitionError, match="記録済み"):
        services.case_check_login_step(case=full_case, actor=staff_user, step="password_changed_at")
    assert full_case.status == Status.LOGIN_WORK


@pytest.mark.parametrize("reached", ["preparing", "sent", "waiting", "replied", "login_work"])
def test_hold_and_resume_return_to_the_same_step(full_case, staff_user, reached):
    if reached != "preparing":
        _advance(full_case, staff_user, reached)
    services.case_hold(case=full_case, actor=staff_user, reason="お客様の都合")
    assert full_case.status == Status.ON_HOLD
    assert full_case.held_status == reached
    event = _last_event(full_case)
    assert (event.from_status, event.to_status, event.message) == (
        reached,
        Status.ON_HOLD,
        "お客様の都合",
    )
    assert not full_case.reminders.filter(state="pending").exists()
    with pytest.raises(CaseTransitionError):
        services.case_hold(case=full_case, actor=staff_user)
    services.case_resume(case=full_case, actor=staff_user)
    assert full_case.status == reached
    assert full_case.held_status == ""
    assert _last_event(full_case).to_status == reached


@pytest.mark.parametrize("reached", ["preparing", "sent", "waiting", "replied", "login_work"])
def test_cancel_works_from_every_open_status(full_case, staff_user, reached):
    if reached != "preparing":
        _advance(full_case, staff_user, reached)
    services.case_cancel(case=full_case, actor=staff_user, reason="不要になった")
    assert full_case.status == Status.CANCELLED
    assert full_case.closed_at is not None
    assert (_last_event(full_case).from_status, _last_event(full_case).to_status) == (
        reached,
        Status.CANCELLED,
    )
    assert not full_case.reminders.filter(state="pending").exists()


def test_a_case_on_hold_can_be_cancelled(full_case, staff_user):
    services.case_hold(case=full_case, actor=staff_user)
    services.case_cancel(case=full_case, actor=staff_user)
    assert full_case.status == Status.CANCELLED


def test_only_an_office_admin_can_reopen(full_case, staff_user, admin_user):
    _advance(full_case, staff_user, "waiting")
    services.case_cancel(case=full_case, actor=staff_user)
    before = _snapshot(full_case)
    with pytest.raises(CaseTransitionError, match="事務所管理者"):
        services.case_reopen(case=full_case, actor=staff_user)
    assert _snapshot(full_case) == before
    services.case_reopen(case=full_case, actor=admin_user, reason="CCUSから追加連絡")
    assert full_case.status == Status.WAITING
    assert full_case.closed_at is None
    assert _last_event(full_case).actor == admin_user
    assert full_case.reminders.filter(kind="reply_overdue", state="pending").exists()


def test_reopening_a_done_case_returns_to_login_work(full_case, staff_user, admin_user):
    _advance(full_case, staff_user, "done")
    services.case_reopen(case=full_case, actor=admin_user)
    assert full_case.status == Status.LOGIN_WORK
    assert full_case.relogin_confirmed_at is None


def test_reopening_a_self_service_case_starts_the_full_procedure(
    full_client,
    staff_user,
    admin_user,
):
    case = services.case_create(client=full_client, situation="a", actor=staff_user)
    services.case_reopen(case=case, actor=admin_user)
    assert case.status == Status.PREPARING


def test_an_open_case_cannot_be_reopened(full_case, admin_user):
    with pytest.raises(CaseTransitionError):
        services.case_reopen(case=full_case, actor=admin_user)


def test_correcting_the_sent_date_moves_the_reminders(full_case, staff_user):
    _advance(full_case, staff_user, "waiting")
    earlier = SENT - timedelta(days=1)  # Thu 2026-12-24 → 4 BD = Tue 2027-01-05
    services.case_correct_dates(case=full_case, actor=staff_user, dates={"sent_at": earlier})
    assert full_case.sent_at == earlier
    due = full_case.reminders.get(kind="reply_due", state="pending").due_at
    assert due == datetime(2027, 1, 5, 9, 0, tzinfo=TOKYO)
    assert "日時を修正しました" in _last_event(full_case).message


@pytest.mark.parametrize(
    "dates, reason",
    [
        ({"reply_at": SENT}, "まだ記録されていない"),
        ({"sent_at": None}, "空にはできません"),
        ({"sent_at": datetime(2027, 2, 1, tzinfo=TOKYO)}, "未来"),
        ({"receipt_at": SENT - timedelta(hours=2)}, "より前"),
        ({"closed_at": SENT}, "修正できない"),
    ],
)
def test_date_corrections_that_break_the_order_are_refused(full_case, staff_user, dates, reason):
    _advance(full_case, staff_user, "waiting")
    before = _snapshot(full_case)
    with pytest.raises(CaseTransitionError, match=reason):
        services.case_correct_dates(case=full_case, actor=staff_user, dates=dates)
    assert _snapshot(full_case) == before


def test_notes_are_added_to_the_timeline_masked(full_case, staff_user):
    event = services.case_add_note(
        case=full_case, actor=staff_user, text="新パスワード：Secret99! を電話で伝えた"
    )
    assert event.kind == CaseEvent.Kind.NOTE
    assert "Secret99!" not in event.message
    with pytest.raises(CaseTransitionError):
        services.case_add_note(case=full_case, actor=staff_user, text="  ")


def test_every_status_changing_service_calls_sync_case_reminders(
    full_case,
    staff_user,
    admin_user,
    monkeypatch,
):
    calls = []
    real = services.reminders.sync_case_reminders
    monkeypatch.setattr(
        services.reminders,
        "sync_case_reminders",
        lambda case, **kw: calls.append(case.status) or real(case, **kw),
    )
    _advance(full_case, staff_user, "login_work")
    services.case_hold(case=full_case, actor=staff_user)
    services.case_resume(case=full_case, actor=staff_user)
    services.case_correct_dates(
        case=full_case, actor=staff_user, dates={"sent_at": SENT - timedelta(hours=1)}
    )
    services.case_cancel(case=full_case, actor=staff_user)
    services.case_reopen(case=full_case, actor=admin_user)
    assert calls == [
        "sent",
        "waiting",
        "replied",
        "login_work",
        "on_hold",
        "login_work",
        "login_work",
        "cancelled",
        "login_work",
    ]


def test_now_is_the_default_time_of_a_step(full_case, staff_user):
    services.case_mark_sent(case=full_case, actor=staff_user)
    assert full_case.sent_at == timezone.now()
