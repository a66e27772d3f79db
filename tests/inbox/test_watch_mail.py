"""The `mail` process: IMAP IDLE against a real Dovecot, and a watcher that never exits on its own.

Every watcher runs in a thread the fixture always stops; waits are bounded so the suite never
hangs. The beat task is never called here: only IDLE (or the watcher's catch-up pass) records.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from inbox.models import CcusMail
from inbox.selectors import mailbox_health
from inbox.watch import MailWatcher
from recovery.models import RecoveryCase, Status
from tests.dovecot import DovecotServer

from .conftest import receipt_mail, require_dovecot

ROOT = Path(__file__).resolve().parents[2]
WAIT = 20.0  # seconds: an upper bound against hanging, not a measured time


def wait_for(condition, what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


@pytest.fixture
def watch():
    """Start a MailWatcher in a thread; the thread is always stopped and joined at the end."""
    started: list[tuple[MailWatcher, threading.Thread]] = []

    def start(**kwargs) -> tuple[MailWatcher, threading.Thread]:
        watcher = MailWatcher(check_every=0.2, backoff_min=0.2, backoff_max=0.5, **kwargs)

        def run() -> None:
            try:
                watcher.run()
            finally:
                connection.close()

        thread = threading.Thread(target=run, name="mail-watcher", daemon=True)
        started.append((watcher, thread))
        thread.start()
        return watcher, thread

    yield start
    for watcher, _thread in started:
        watcher.stop.set()
    for watcher, thread in started:
        thread.join(timeout=30)
        assert not thread.is_alive(), "the watcher did not stop"
        assert watcher.state == "stopped"


def case_status(case) -> str:
    return RecoveryCase.objects.get(pk=case.pk).status


@pytest.mark.django_db(transaction=True)
def test_a_receipt_arriving_while_idling_moves_the_case_on_without_beat(
    dovecot,
    imap_settings,
    sent_case,
    watch,
    caplog,
):
    caplog.set_level(logging.DEBUG)
    watcher, thread = watch()
    wait_for(lambda: watcher.state == "idling", "the watcher idles")
    assert watcher.passes == 0  # the catch-up pass found nothing; no pass since

    dovecot.append(receipt_mail(new_email="idle-watch@noto-test.example.jp"))
    before = dovecot.snapshot()
    wait_for(lambda: case_status(sent_case) == Status.WAITING, "the receipt is recorded")

    assert watcher.passes >= 1  # the server's EXISTS started the pass
    assert thread.is_alive() and watcher.state == "idling"
    mail = CcusMail.objects.get()
    assert (mail.state, mail.case_id) == (CcusMail.State.RECORDED, sent_case.pk)
    assert RecoveryCase.objects.get(pk=sent_case.pk).receipt_number == "C-2612250001"
    assert dovecot.snapshot() == before  # same messages, no \Seen set
    assert mailbox_health().ok
    # The log says what happened, never what the mail says.
    assert "idle-watch@noto-test.example.jp" not in caplog.text
    assert "お問い合わせ受付" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_mail_that_came_while_nobody_watched_is_read_when_the_watcher_starts(
    dovecot,
    imap_settings,
    sent_case,
    watch,
):
    dovecot.append(receipt_mail())
    before = dovecot.snapshot()
    watcher, _thread = watch()
    wait_for(lambda: case_status(sent_case) == Status.WAITING, "the receipt is recorded")
    wait_for(lambda: watcher.state == "idling", "the watcher idles")
    assert watcher.passes == 0  # the catch-up pass, not a notification
    assert CcusMail.objects.count() == 1
    assert dovecot.snapshot() == before


def test_without_imap_url_the_watcher_waits_until_it_is_stopped(settings, watch):
    settings.IMAP_URL = ""
    watcher, thread = watch()
    wait_for(lambda: watcher.state == "off", "the watcher says the mailbox is off")
    assert thread.is_alive()
    watcher.stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive() and watcher.state == "stopped"


def test_an_unusable_imap_url_does_not_end_the_process_either(settings, watch):
    settings.IMAP_URL = "pop3://desk@mail.example.jp/INBOX"
    watcher, thread = watch()
    wait_for(lambda: watcher.state == "off", "the watcher gives up on the URL")
    assert thread.is_alive()


def test_the_command_without_imap_url_runs_until_sigterm_and_then_exits_cleanly(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "1",
        "IMAP_URL": "",
        "LOG_LEVEL": "INFO",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    log = tmp_path / "watch_mail.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "watch_mail"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(
            lambda: (
                "mailbox is off" in log.read_text(errors="replace") or process.poll() is not None
            ),
            "the command says the mailbox is off",
            60,
        )
        assert process.poll() is None, log.read_text(errors="replace")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.django_db(transaction=True)
def test_a_server_without_idle_is_left_to_beat(settings, sent_case, watch):
    require_dovecot()
    server = DovecotServer(capability="IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE")
    try:
        server.start()
        settings.IMAP_URL = server.url()
        server.append(receipt_mail())
        watcher, thread = watch()
        wait_for(lambda: watcher.state == "polling", "the watcher leaves it to beat")
        assert thread.is_alive()
        assert case_status(sent_case) == Status.SENT  # beat's pass will record it
        assert not CcusMail.objects.exists()
    finally:
        server.cleanup()


@pytest.mark.django_db(transaction=True)
def test_a_server_that_is_down_shows_in_health_and_the_watcher_comes_back_with_it(
    dovecot,
    imap_settings,
    sent_case,
    watch,
):
    dovecot.stop()
    watcher, thread = watch()
    wait_for(lambda: watcher.errors >= 2, "the watcher retries")
    health = mailbox_health()
    assert not health.ok and "接続できません" in health.error
    assert thread.is_alive() and watcher.state == "retrying"

    dovecot.start()
    dovecot.append(receipt_mail())
    before = dovecot.snapshot()
    wait_for(lambda: case_status(sent_case) == Status.WAITING, "the receipt is recorded")
    wait_for(lambda: watcher.state == "idling", "the watcher idles again")
    assert mailbox_health().ok
    assert dovecot.snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_while_idling_is_noticed_and_idle_resumes(
    dovecot,
    imap_settings,
    sent_case,
    watch,
):
    watcher, thread = watch()
    wait_for(lambda: watcher.state == "idling", "the watcher idles")
    dovecot.stop()
    wait_for(lambda: watcher.errors >= 1, "the watcher notices the lost connection")
    assert "メールサーバー" in mailbox_health().error
    dovecot.start()
    wait_for(lambda: watcher.state == "idling", "the watcher idles again")

    dovecot.append(receipt_mail())
    before = dovecot.snapshot()
    wait_for(lambda: case_status(sent_case) == Status.WAITING, "the receipt is recorded")
    assert thread.is_alive()
    assert dovecot.snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_healthz_says_idle_is_active_while_the_watcher_idles_and_not_before(
    dovecot,
    imap_settings,
    watch,
    client,
):
    assert client.get("/healthz").json()["mailbox"]["idle"] == {
        "active": False,
        "age_seconds": None,
    }
    watcher, _thread = watch()
    wait_for(lambda: watcher.state == "idling", "the watcher idles")
    wait_for(
        lambda: client.get("/healthz").json()["mailbox"]["idle"]["active"],
        "the heartbeat says IDLE is active",
    )


@pytest.mark.django_db(transaction=True)
def test_healthz_says_idle_is_not_active_once_the_heartbeat_is_old(dovecot, imap_settings, client):
    from datetime import timedelta

    from django.utils import timezone

    from inbox.selectors import IDLE_HEARTBEAT, IDLE_HEARTBEAT_MAX_AGE
    from office.models import Heartbeat

    old = timezone.now() - timedelta(seconds=IDLE_HEARTBEAT_MAX_AGE + 5)
    Heartbeat.objects.create(name=IDLE_HEARTBEAT, at=old)
    idle = client.get("/healthz").json()["mailbox"]["idle"]
    assert idle["active"] is False and idle["age_seconds"] >= IDLE_HEARTBEAT_MAX_AGE


@pytest.mark.django_db(transaction=True)
def test_a_server_without_idle_never_shows_idle_as_active(settings, watch, client):
    require_dovecot()
    server = DovecotServer(capability="IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE")
    try:
        server.start()
        settings.IMAP_URL = server.url()
        watcher, _thread = watch()
        wait_for(lambda: watcher.state == "polling", "the watcher leaves it to beat")
        assert client.get("/healthz").json()["mailbox"]["idle"]["active"] is False
    finally:
        server.cleanup()
