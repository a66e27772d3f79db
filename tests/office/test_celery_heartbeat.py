"""A real worker and beat prove the heartbeat path: beat → broker → worker → database."""

from pathlib import Path

import pytest

from office.selectors import heartbeat_age_seconds
from office.tasks import BEAT_HEARTBEAT
from tests.conftest import WORKER_ARGS, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_a_real_worker_and_beat_make_healthz_healthy(client, start_celery, tmp_path):
    # "starting" or "error", depending on how long this test process has run.
    assert client.get("/healthz").json()["status"] != "ok"
    worker = start_celery(*WORKER_ARGS, name="worker")
    beat = start_celery(
        "beat", "--loglevel=INFO", "-s", str(tmp_path / "beat-schedule"), name="beat"
    )
    seen = wait_for(
        lambda: (
            heartbeat_age_seconds(BEAT_HEARTBEAT) is not None
            and heartbeat_age_seconds("reminders") is not None
        ),
        timeout=90,
    )
    logs = "".join(Path(p.log_path).read_text(errors="replace") for p in (worker, beat))
    assert seen, f"no heartbeat within 90 s; logs:\n{logs[-4000:]}"
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["beat"]["ok"] is True


def test_a_worker_runs_a_delivery_pass_as_soon_as_it_starts(start_celery, celery_env):
    # No beat, and an interval far longer than the test: only the start-up pass can explain it.
    env = {**celery_env, "REMINDER_DELIVERY_INTERVAL": "3600"}
    worker = start_celery(*WORKER_ARGS, env=env, name="worker")
    seen = wait_for(lambda: heartbeat_age_seconds("reminders") is not None, timeout=60)
    assert seen, Path(worker.log_path).read_text(errors="replace")[-4000:]
