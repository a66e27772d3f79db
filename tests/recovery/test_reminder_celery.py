"""Real Celery processes deliver reminders: end to end, after SIGKILL mid-batch, and after the
broker lost everything. The database is the record, so nothing is lost and nothing sent twice
(outside the one documented window between the mail server's accept and recording it)."""

from __future__ import annotations

import os
import re
import signal
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from recovery.models import CaseEvent, Reminder
from tests.conftest import WORKER_ARGS, wait_for
from tests.recovery.reminder_factories import make_case, make_due_reminders

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
State = Reminder.State
HEADER = re.compile(r"^X-CCUS-Reminder: (\d+)$", re.MULTILINE)


def emails_by_reminder(mail_dir: Path) -> Counter:
    counts: Counter = Counter()
    if mail_dir.exists():
        for path in mail_dir.iterdir():
            counts.update(int(n) for n in HEADER.findall(path.read_text(errors="replace")))
    return counts


def logs(*procs) -> str:
    return "".join(Path(p.log_path).read_text(errors="replace") for p in procs)[-4000:]


def start_beat(start_celery, tmp_path, env=None, name="beat"):
    return start_celery(
        "beat", "--loglevel=INFO", "-s", str(tmp_path / f"{name}-schedule"), env=env, name=name
    )


def test_a_real_worker_and_beat_email_a_due_reminder_and_it_shows_on_the_dashboard(
    start_celery, tmp_path, client, staff_user
):
    case = make_case(assignee=staff_user)
    reminder = Reminder.objects.create(
        case=case, kind=Reminder.Kind.RECEIPT_CHECK, due_at=timezone.now() - timedelta(seconds=5)
    )
    worker = start_celery(*WORKER_ARGS, name="worker")
    beat = start_beat(start_celery, tmp_path)
    done = wait_for(
        lambda: Reminder.objects.filter(pk=reminder.pk, state=State.DELIVERED).exists(),
        timeout=90,
    )
    assert done, logs(worker, beat)
    mails = list((tmp_path / "mail").iterdir())
    assert len(mails) == 1
    text = mails[0].read_text()
    assert "To: yamada@office.example.jp" in text
    assert emails_by_reminder(tmp_path / "mail") == Counter({reminder.pk: 1})
    client.force_login(staff_user)
    html = client.get("/").content.decode()
    assert f'id="reminder-{reminder.pk}"' in html
    assert "受付メール確認" in html


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    start_celery, tmp_path, celery_env, staff_user
):
    ids = make_due_reminders(600, due_at=timezone.now() - timedelta(minutes=1), assignee=staff_user)
    worker = start_celery(*WORKER_ARGS, name="worker")
    beat = start_beat(start_celery, tmp_path)
    started = wait_for(
        lambda: Reminder.objects.filter(state=State.DELIVERED).count() >= 30,
        timeout=90,
        interval=0.05,
    )
    assert started, logs(worker, beat)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    # At the kill, a batch was claimed and partly delivered: the dead worker's claims remain.
    in_flight = set(
        Reminder.objects.filter(state=State.CLAIMED, email_sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    assert Reminder.objects.filter(state=State.CLAIMED).exists()
    assert Reminder.objects.filter(state=State.DELIVERED).count() < len(ids)

    # Restart with a short claim timeout so that the test need not wait five minutes.
    env = {**celery_env, "REMINDER_CLAIM_TIMEOUT": "3"}
    worker2 = start_celery(*WORKER_ARGS, env=env, name="worker2")
    finished = wait_for(
        lambda: Reminder.objects.filter(state=State.DELIVERED).count() == len(ids),
        timeout=240,
    )
    assert finished, logs(worker2, beat)
    counts = emails_by_reminder(tmp_path / "mail")
    assert set(counts) == set(ids)  # nothing lost
    twice = {pk for pk, n in counts.items() if n > 1}
    # Only the one message in flight at the kill can have been sent before its send was recorded.
    assert len(twice) <= 1 and twice <= in_flight
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.REMINDER).count() == len(ids)


@pytest.mark.redis
def test_reminders_survive_a_flushed_broker_and_a_restart(start_celery, tmp_path, staff_user):
    import redis
    from django.conf import settings

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    worker = start_celery(*WORKER_ARGS, name="worker")
    beat = start_beat(start_celery, tmp_path)
    case = make_case(assignee=staff_user)
    soon = Reminder.objects.create(
        case=case, kind=Reminder.Kind.RECEIPT_CHECK, due_at=timezone.now() + timedelta(seconds=4)
    )
    broker.flushdb()  # the broker forgets every queued task
    assert wait_for(
        lambda: Reminder.objects.filter(pk=soon.pk, state=State.DELIVERED).exists(), timeout=90
    ), logs(worker, beat)

    # Everything down; reminders fall due meanwhile; the broker is flushed again.
    for proc in (worker, beat):
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    ids = make_due_reminders(20, due_at=timezone.now() - timedelta(minutes=10), assignee=staff_user)
    broker.flushdb()
    worker = start_celery(*WORKER_ARGS, name="worker-again")
    beat = start_beat(start_celery, tmp_path, name="beat-again")
    assert wait_for(
        lambda: Reminder.objects.filter(pk__in=ids, state=State.DELIVERED).count() == len(ids),
        timeout=90,
    ), logs(worker, beat)
    counts = emails_by_reminder(tmp_path / "mail")
    assert counts == Counter({soon.pk: 1, **{pk: 1 for pk in ids}})
