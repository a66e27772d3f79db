"""The delivery pass: each due reminder is claimed, emailed and delivered exactly once."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from office.selectors import heartbeat_age_seconds
from recovery.models import CaseEvent, Reminder
from recovery.reminders import delivery
from recovery.reminders.delivery import reminders_claim, reminders_deliver_due
from tests.recovery.reminder_factories import make_case, make_due_reminders

State = Reminder.State
Kind = Reminder.Kind
CLAIM_TIMEOUT = timedelta(minutes=5)  # REMINDER_CLAIM_TIMEOUT's default


def reminder_for(case, *, due_at=None, kind=Kind.REPLY_DUE, **fields) -> Reminder:
    return Reminder.objects.create(
        case=case, kind=kind, due_at=due_at or timezone.now() - timedelta(minutes=1), **fields
    )


def sent_counts() -> Counter:
    return Counter(int(m.extra_headers["X-CCUS-Reminder"]) for m in mail.outbox)


@pytest.mark.django_db
def test_a_due_reminder_is_emailed_in_japanese_to_the_assignee_with_a_link_once(
    staff_user, settings
):
    settings.SITE_URL = "https://desk.example.jp"
    case = make_case(assignee=staff_user)
    reminder = reminder_for(case)
    assert reminders_deliver_due() == 1
    assert reminders_deliver_due() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["yamada@office.example.jp"]
    assert "CCUS回答予定日" in message.subject and case.client.name in message.subject
    assert f"https://desk.example.jp/cases/{case.pk}/" in message.body
    assert "受信箱を確認してください" in message.body
    reminder.refresh_from_db()
    assert reminder.state == State.DELIVERED
    assert reminder.email_sent_at is not None and reminder.delivered_at is not None
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.REMINDER)
    assert "CCUS回答予定日" in event.message and "yamada@office.example.jp" in event.message


@pytest.mark.django_db
def test_a_reminder_not_yet_due_is_left_alone(staff_user):
    reminder = reminder_for(
        make_case(assignee=staff_user), due_at=timezone.now() + timedelta(minutes=1)
    )
    assert reminders_deliver_due() == 0
    reminder.refresh_from_db()
    assert reminder.state == State.PENDING
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_unassigned_case_emails_every_active_staff_member_with_an_address(
    staff_user, admin_user, django_user_model
):
    django_user_model.objects.create_user(username="noaddress", password="x")
    django_user_model.objects.create_user(
        username="gone", password="x", is_active=False, email="gone@office.example.jp"
    )
    reminder_for(make_case())
    reminders_deliver_due()
    assert sorted(mail.outbox[0].to) == ["sato@office.example.jp", "yamada@office.example.jp"]


@pytest.mark.django_db
def test_an_assignee_without_an_address_still_gets_the_dashboard_entry(django_user_model):
    user = django_user_model.objects.create_user(username="tanaka", password="x")
    reminder = reminder_for(make_case(assignee=user))
    assert reminders_deliver_due() == 1
    assert mail.outbox == []
    reminder.refresh_from_db()
    assert reminder.state == State.DELIVERED
    assert "メール送信先なし" in CaseEvent.objects.get(case=reminder.case).message


@pytest.mark.django_db
def test_after_downtime_everything_due_is_delivered_oldest_first(staff_user):
    now = timezone.now()
    ids = [
        reminder_for(make_case(assignee=staff_user), due_at=now - timedelta(hours=h)).pk
        for h in (1, 30, 5)
    ]
    assert reminders_deliver_due(batch_size=2) == 3
    assert [int(m.extra_headers["X-CCUS-Reminder"]) for m in mail.outbox] == [
        ids[1],
        ids[2],
        ids[0],
    ]


@pytest.mark.django_db
def test_a_claim_younger_than_the_timeout_is_not_taken_over(staff_user):
    reminder = reminder_for(
        make_case(assignee=staff_user),
        state=State.CLAIMED,
        claimed_at=timezone.now() - CLAIM_TIMEOUT + timedelta(seconds=30),
        claim_token="other",
    )
    assert reminders_deliver_due() == 0
    reminder.refresh_from_db()
    assert reminder.state == State.CLAIMED and reminder.claim_token == "other"


@pytest.mark.django_db
def test_a_stale_claim_whose_email_was_sent_is_finished_without_a_second_email(staff_user):
    reminder = reminder_for(
        make_case(assignee=staff_user),
        state=State.CLAIMED,
        claimed_at=timezone.now() - CLAIM_TIMEOUT - timedelta(seconds=1),
        claim_token="dead-worker",
        email_sent_at=timezone.now(),
    )
    assert reminders_deliver_due() == 1
    assert mail.outbox == []
    reminder.refresh_from_db()
    assert reminder.state == State.DELIVERED


@pytest.mark.django_db
def test_a_stale_claim_whose_email_was_not_sent_is_emailed_once(staff_user):
    reminder_for(
        make_case(assignee=staff_user),
        state=State.CLAIMED,
        claimed_at=timezone.now() - CLAIM_TIMEOUT - timedelta(seconds=1),
        claim_token="dead-worker",
    )
    assert reminders_deliver_due() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failing_mail_server_leaves_the_claim_for_a_later_pass(staff_user, monkeypatch):
    reminder = reminder_for(make_case(assignee=staff_user))

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert reminders_deliver_due() == 0
    reminder.refresh_from_db()
    assert reminder.state == State.CLAIMED and reminder.email_sent_at is None
    monkeypatch.undo()
    Reminder.objects.filter(pk=reminder.pk).update(
        claimed_at=timezone.now() - CLAIM_TIMEOUT - timedelta(seconds=1)
    )
    assert reminders_deliver_due() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_reminder_cancelled_while_claimed_is_not_marked_delivered(staff_user):
    reminder = reminder_for(make_case(assignee=staff_user))
    [claimed] = reminders_claim(token="t1")
    Reminder.objects.filter(pk=claimed).update(state=State.CANCELLED)
    assert delivery.reminder_deliver(reminder_id=claimed, token="t1") is False
    reminder.refresh_from_db()
    assert reminder.state == State.CANCELLED
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_pass_whose_claim_was_taken_over_sends_nothing(staff_user):
    reminder = reminder_for(make_case(assignee=staff_user))
    [claimed] = reminders_claim(token="slow")
    Reminder.objects.filter(pk=claimed).update(claim_token="other")
    assert delivery.reminder_deliver(reminder_id=claimed, token="slow") is False
    assert mail.outbox == []
    reminder.refresh_from_db()
    assert reminder.state == State.CLAIMED and reminder.claim_token == "other"


@pytest.mark.django_db
def test_the_claim_is_renewed_right_before_the_send(staff_user):
    reminder = reminder_for(make_case(assignee=staff_user))
    [claimed] = reminders_claim(token="mine")
    old = timezone.now() - timedelta(minutes=2)
    Reminder.objects.filter(pk=claimed).update(claimed_at=old)
    assert delivery.reminder_deliver(reminder_id=claimed, token="mine") is True
    reminder.refresh_from_db()
    assert reminder.claimed_at > old and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_row_cancelled_after_the_pass_loaded_it_is_not_emailed(staff_user):
    reminder_for(make_case(assignee=staff_user))
    [claimed] = reminders_claim(token="mine")
    loaded = Reminder.objects.select_related("case__client", "case__assignee").get(pk=claimed)
    Reminder.objects.filter(pk=claimed).update(state=State.CANCELLED)
    assert delivery.reminder_deliver(reminder_id=claimed, token="mine", reminder=loaded) is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_second_claim_of_the_same_rows_gets_nothing(staff_user):
    reminder_for(make_case(assignee=staff_user))
    assert len(reminders_claim(token="a")) == 1
    assert reminders_claim(token="b") == []


@pytest.mark.django_db
def test_each_pass_touches_the_reminders_heartbeat():
    assert heartbeat_age_seconds("reminders") is None
    reminders_deliver_due()
    assert heartbeat_age_seconds("reminders") < 5


@pytest.mark.django_db
def test_dispatch_reminders_prints_delivered_n_as_its_last_line(staff_user, capsys):
    reminder_for(make_case(assignee=staff_user))
    reminder_for(make_case(assignee=staff_user), kind=Kind.RECEIPT_CHECK)
    call_command("dispatch_reminders")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "delivered 2"
    call_command("dispatch_reminders")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "delivered 0"


@pytest.mark.django_db
def test_the_reminders_command_lists_live_ones_and_with_due_only_those_due(staff_user, capsys):
    due = reminder_for(make_case(assignee=staff_user))
    later = reminder_for(make_case(), due_at=timezone.now() + timedelta(days=2))
    call_command("reminders")
    out = capsys.readouterr().out
    assert f"{due.pk}\t" in out and f"{later.pk}\t" in out and "(未割当)" in out
    call_command("reminders", "--due")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith(f"{due.pk}\t") and lines[-1] == "1 reminder(s)"


def _run_two_passes_at_once(**kwargs) -> None:
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def one_pass():
        try:
            barrier.wait()
            reminders_deliver_due(**kwargs)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_pass) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def _concurrency(n: int, staff_user) -> None:
    ids = make_due_reminders(n, due_at=timezone.now() - timedelta(minutes=1), assignee=staff_user)
    _run_two_passes_at_once(batch_size=50)
    counts = sent_counts()
    assert set(counts) == set(ids)
    assert max(counts.values()) == 1
    assert Reminder.objects.filter(state=State.DELIVERED).count() == n
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.REMINDER).count() == n


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_passes_at_once_deliver_each_of_1000_reminders_exactly_once_on_postgres(staff_user):
    _concurrency(1000, staff_user)


@pytest.mark.django_db(transaction=True)
def test_two_passes_at_once_deliver_each_reminder_exactly_once_on_this_database(staff_user):
    _concurrency(150, staff_user)


@pytest.mark.django_db
def test_a_pass_stops_claiming_after_its_time_budget_and_the_next_goes_on(staff_user):
    for _ in range(3):
        reminder_for(make_case(assignee=staff_user))
    assert reminders_deliver_due(batch_size=1, max_seconds=0) == 1
    assert Reminder.objects.filter(state=State.PENDING).count() == 2
    assert reminders_deliver_due(batch_size=1) == 2


@pytest.mark.django_db
def test_the_reminder_email_is_japanese_even_when_english_is_active():
    from django.utils import translation

    from clients.models import Client
    from recovery.models import RecoveryCase, Reminder
    from recovery.reminders.delivery import reminder_email

    case = RecoveryCase.objects.create(
        client=Client.objects.create(name="能登建設株式会社"), situation="c"
    )
    reminder = Reminder.objects.create(
        case=case, kind=Reminder.Kind.REPLY_DUE, due_at=timezone.now()
    )
    with translation.override("en"):
        mail = reminder_email(reminder, ["staff@office.example.jp"])
    assert "今日からCCUSの回答が届く予定です。受信箱を確認してください。" in mail.body
    assert "CCUS回答予定日" in mail.subject
    assert "能登建設株式会社" in mail.subject
