from datetime import timedelta

import pytest
from django.utils import timezone

from office.models import Heartbeat
from office.services import heartbeat_touch
from office.tasks import BEAT_HEARTBEAT, beat_heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _long_running(monkeypatch):
    """A web process started long ago: a missing heartbeat is an error, not "starting"."""
    from office import views

    monkeypatch.setattr(views, "PROCESS_STARTED_AT", timezone.now() - timedelta(hours=1))


def test_it_is_served_without_login_and_reports_a_missing_heartbeat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] is True
    assert body["broker"] is True
    assert body["beat"] == {"ok": False, "age_seconds": None, "max_age_seconds": 180.0}


def test_it_is_healthy_after_the_heartbeat_task_ran(client):
    beat_heartbeat()
    heartbeat_touch(name="reminders")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["beat"]["age_seconds"] < 5


def test_it_reports_a_stale_heartbeat(client):
    Heartbeat.objects.create(name=BEAT_HEARTBEAT, at=timezone.now() - timedelta(minutes=4))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["beat"]["ok"] is False
    assert response.json()["beat"]["age_seconds"] >= 240


@pytest.fixture
def unreachable_broker(monkeypatch):
    from config.celery_app import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")


def test_it_reports_an_unreachable_broker(client, unreachable_broker):
    beat_heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] is False
    assert response.json()["database"] is True


def test_it_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_it_reports_a_missing_or_stale_reminder_delivery_pass(client):
    beat_heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reminders"] == {
        "ok": False,
        "age_seconds": None,
        "max_age_seconds": 180.0,
    }
    Heartbeat.objects.create(name="reminders", at=timezone.now() - timedelta(minutes=3, seconds=5))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reminders"]["ok"] is False
    Heartbeat.objects.filter(name="reminders").update(at=timezone.now() - timedelta(minutes=2))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["reminders"]["ok"] is True


@pytest.fixture
def just_started(monkeypatch):
    from office import views

    monkeypatch.setattr(views, "PROCESS_STARTED_AT", timezone.now() - timedelta(seconds=20))


def test_it_says_starting_and_logs_nothing_until_beats_first_heartbeat(
    client, just_started, caplog
):
    caplog.set_level("INFO")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "starting"
    assert response.json()["beat"]["ok"] is False
    assert [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")] == []
    beat_heartbeat()
    heartbeat_touch(name="reminders")
    assert client.get("/healthz").json()["status"] == "ok"


def test_starting_ends_after_the_heartbeat_max_age_without_a_heartbeat(client, monkeypatch):
    from office import views

    monkeypatch.setattr(views, "PROCESS_STARTED_AT", timezone.now() - timedelta(seconds=181))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_starting_never_hides_an_unreachable_broker(client, just_started, unreachable_broker):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
