"""recovery/schedule.py owns the windows' words and the "waiting for" rule; recovery/guide.py owns
the login steps. Each is rendered from there into pages, reminders and the guide PDF."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import translation

from recovery import guide, schedule
from recovery.business_days import TOKYO
from recovery.guide import LOGIN_STEPS, LoginStep, step_texts
from recovery.models import RecoveryCase, Status
from recovery.reminders.rules import MESSAGES
from recovery.selectors import LATE_LABELS

SENT = datetime(2026, 12, 25, 10, 0, tzinfo=TOKYO)


def test_it_words_the_windows_in_japanese():
    assert schedule.duration_words_ja() == {
        "receipt_wait": "1時間",
        "reply_days": "4～5営業日",
        "login_days": "2～3営業日",
    }


def test_it_words_the_windows_in_english():
    with translation.override("en"):
        words = schedule.duration_words()
    assert words == {
        "receipt_wait": "1 hour",
        "reply_days": "4–5 business days",
        "login_days": "2–3 business days",
    }
    with translation.override("en"):
        assert schedule.hours_words(timedelta(hours=2)) == "2 hours"


def test_changing_a_constant_changes_every_text(monkeypatch):
    monkeypatch.setattr(schedule, "REPLY_DAYS", (6, 7))
    monkeypatch.setattr(schedule, "RECEIPT_CHECK_AFTER", timedelta(hours=3))
    waiting = RecoveryCase(status=Status.WAITING)
    sent = RecoveryCase(status=Status.SENT)
    with translation.override("ja"):
        assert any("6～7営業日" in line for line in step_texts(waiting)[1])
        assert any("3時間以上経過" in line for line in step_texts(sent)[1])
        assert "3時間が経ちましたが" in str(MESSAGES["receipt_check"])
        assert str(LATE_LABELS["receipt"]) == "受付メール未着(送信から3時間超過)"
    assert not any("4～5" in line for line in step_texts(waiting)[1])


@pytest.mark.parametrize(
    "status, dates, expected",
    [
        (Status.PREPARING, {}, set()),
        (Status.SENT, {"sent_at": SENT}, {schedule.RECEIPT, schedule.REPLY}),
        (Status.WAITING, {"sent_at": SENT, "receipt_at": SENT}, {schedule.REPLY}),
        (
            Status.REPLIED,
            {"sent_at": SENT, "reply_at": SENT},
            {schedule.LOGIN, schedule.LOGIN_START},
        ),
        (
            Status.LOGIN_WORK,
            {"sent_at": SENT, "reply_at": SENT, "login_started_at": SENT},
            {schedule.LOGIN},
        ),
        (Status.DONE, {"sent_at": SENT, "reply_at": SENT}, set()),
        (Status.ON_HOLD, {"sent_at": SENT}, set()),
    ],
)
def test_it_says_which_step_a_case_waits_for(status, dates, expected):
    assert schedule.waiting_for(RecoveryCase(status=status, **dates)) == expected


def test_a_case_on_hold_is_judged_by_the_status_it_was_held_in():
    case = RecoveryCase(status=Status.ON_HOLD, held_status=Status.SENT, sent_at=SENT)
    assert schedule.waiting_for(case, status=case.held_status) == {
        schedule.RECEIPT,
        schedule.REPLY,
    }


@pytest.mark.django_db
def test_the_database_condition_agrees_with_the_predicate(full_client):
    with time_machine.travel(SENT + timedelta(days=30), tick=False):
        combos = [
            (Status.PREPARING, {}),
            (Status.SENT, {"sent_at": SENT}),
            (Status.WAITING, {"sent_at": SENT, "receipt_at": SENT}),
            (Status.REPLIED, {"sent_at": SENT, "reply_at": SENT}),
            (Status.LOGIN_WORK, {"sent_at": SENT, "reply_at": SENT, "login_started_at": SENT}),
            (Status.DONE, {"sent_at": SENT, "reply_at": SENT}),
            (Status.ON_HOLD, {"sent_at": SENT}),
        ]
        cases = [
            RecoveryCase.objects.create(client=full_client, situation="c", status=s, **d)
            for s, d in combos
        ]
    for step in (schedule.RECEIPT, schedule.REPLY, schedule.LOGIN, schedule.LOGIN_START):
        in_db = set(RecoveryCase.objects.filter(schedule.waiting_q(step)).values_list("pk", flat=1))
        in_python = {c.pk for c in cases if step in schedule.waiting_for(c)}
        assert in_db == in_python, step
        assert in_python  # each step has at least one case waiting for it


def test_the_login_steps_are_written_once_for_the_page_and_the_pdf():
    with translation.override("ja"):
        assert [line[0] for line in guide.login_work_steps()] == list("①②③④⑤⑥")
        assert step_texts(SimpleNamespace(status=Status.LOGIN_WORK))[1] == guide.login_work_steps()
    second = LOGIN_STEPS[1]
    assert "**" not in second.text() and "{" not in second.text()
    html = second.html(business_id="1234 5678 9012 34")
    assert "<strong>メールで届いたパスワード</strong>" in html
    assert '事業者ID：<strong class="mono nowrap">1234 5678 9012 34</strong><br>' in html
    assert "<br>※パスワードの入力ミスが無いようにしてください<br>" in html


def test_a_login_step_escapes_its_text_and_an_unknown_id_leaves_a_blank():
    step = LoginStep("⑦", "<b>{business_id}**強調**")
    html = step.html(business_id="")
    assert html.startswith("&lt;b&gt;")
    assert "＿" * 14 in html and "<strong>強調</strong>" in html
