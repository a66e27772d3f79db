"""Document jobs: claimed once, mail sent outside any transaction or lock, failures recorded,
dead workers' jobs swept, failed jobs retried from the batch page."""

from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from documents import services
from documents.models import DocumentBatch
from recovery.models import CaseEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_job(case, staff_user, django_capture_on_commit_callbacks):
    # Created without running: the task is enqueued on commit, which this test never runs.
    return services.case_documents_email_request(case=case, actor=staff_user)


def refusing_send(self, fail_silently=False):
    raise SMTPRecipientsRefused({"office@noto-mirai.example.jp": (550, b"no such user")})


@pytest.mark.django_db(transaction=True)
def test_the_mail_is_sent_outside_any_transaction_with_the_job_visibly_running(
    case, staff_user, monkeypatch
):
    # Not through the request service: its commit would put a message on the real broker.
    batch = DocumentBatch.objects.create(kind="case_email", object_ids=[case.pk], total=2)
    seen = {}

    def send(self, fail_silently=False):
        seen["atomic"] = connection.in_atomic_block
        # Committed, so another connection (the batch page) sees it running; no row lock.
        seen["status"] = DocumentBatch.objects.values_list("status", flat=True).get(pk=batch.pk)
        mail.outbox.append(self)
        return 1

    monkeypatch.setattr("django.core.mail.EmailMessage.send", send)
    services.case_documents_email_run(batch_id=batch.pk)
    assert seen == {"atomic": False, "status": "running"}
    batch.refresh_from_db()
    assert batch.status == "done" and batch.finished_at is not None


def test_a_mail_server_error_fails_the_job_with_the_reason_and_writes_no_timeline(
    email_job, monkeypatch
):
    monkeypatch.setattr("django.core.mail.EmailMessage.send", refusing_send)
    with pytest.raises(SMTPRecipientsRefused):
        services.case_documents_email_run(batch_id=email_job.pk)
    email_job.refresh_from_db()
    assert email_job.status == "failed"
    assert email_job.error.startswith("メールを送信できませんでした（SMTPRecipientsRefused")
    assert email_job.finished_at is not None
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.DOCUMENT).exists()


def test_a_client_whose_email_was_removed_fails_the_job_with_a_japanese_reason(email_job, case):
    case.client.email = ""
    case.client.save()
    services.case_documents_email_run(batch_id=email_job.pk)
    email_job.refresh_from_db()
    assert email_job.status == "failed"
    assert "メールアドレスが登録されていないため" in email_job.error
    assert mail.outbox == []


def test_a_job_running_in_another_worker_is_not_sent_twice(email_job):
    DocumentBatch.objects.filter(pk=email_job.pk).update(status="running")
    services.case_documents_email_run(batch_id=email_job.pk)
    assert mail.outbox == []


def test_a_job_failed_by_the_sweeper_stops_its_zip_at_the_next_document(case, monkeypatch):
    batch = DocumentBatch.objects.create(
        kind="guides", object_ids=[case.pk, case.pk + 1000], total=2
    )
    real_render = services.render_guide

    def render_then_get_swept(obj):
        DocumentBatch.objects.filter(pk=batch.pk).update(status="failed", error="swept")
        return real_render(obj)

    monkeypatch.setattr(services, "render_guide", render_then_get_swept)
    services.document_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.error, batch.file) == ("failed", "swept", None)


def test_progress_touches_the_heartbeat(case):
    batch = DocumentBatch.objects.create(kind="guides", object_ids=[case.pk], total=1)
    before = timezone.now()
    services.document_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.heartbeat_at >= before


def test_the_sweeper_fails_running_jobs_without_heartbeat_for_ten_minutes_only(case):
    now = timezone.now()
    make = DocumentBatch.objects.create
    dead = make(
        kind="guides",
        object_ids=[case.pk],
        total=1,
        status="running",
        heartbeat_at=now - timedelta(minutes=11),
    )
    dead_email = make(
        kind="case_email",
        object_ids=[case.pk],
        total=2,
        status="running",
        heartbeat_at=now - timedelta(minutes=11),
    )
    alive = make(
        kind="guides",
        object_ids=[case.pk],
        total=1,
        status="running",
        heartbeat_at=now - timedelta(minutes=9),
    )
    never_started = make(
        kind="guides",
        object_ids=[case.pk],
        total=1,
        status="pending",
        heartbeat_at=now - timedelta(minutes=31),
    )
    queued = make(
        kind="guides",
        object_ids=[case.pk],
        total=1,
        status="pending",
        heartbeat_at=now - timedelta(minutes=29),
    )
    old_done = make(
        kind="guides",
        object_ids=[case.pk],
        total=1,
        status="done",
        heartbeat_at=now - timedelta(days=3),
    )

    assert services.document_batches_sweep(now=now) == 3
    states = dict(DocumentBatch.objects.values_list("pk", "status"))
    assert states == {
        dead.pk: "failed",
        dead_email.pk: "failed",
        alive.pk: "running",
        never_started.pk: "failed",
        queued.pk: "pending",
        old_done.pk: "done",
    }
    dead.refresh_from_db()
    assert "10分以上進まなかった" in dead.error and "もう一度実行" in dead.error
    dead_email.refresh_from_db()
    assert "送信済みかどうかは確認できません" in dead_email.error
    never_started.refresh_from_db()
    assert "30分以上開始されなかった" in never_started.error
    assert services.document_batches_sweep(now=now) == 0


def test_the_sweeper_is_a_periodic_task_declared_in_the_celery_app():
    from config.celery_app import app

    app.finalize()
    app.loader.import_default_modules()
    schedule = {entry["task"]: entry for entry in app.conf.beat_schedule.values()}
    assert services.SWEEP_TASK in schedule
    assert services.SWEEP_TASK in app.tasks


def test_the_batch_page_shows_the_failure_and_a_retry_that_sends_again(
    staff_client, email_job, monkeypatch, eager_celery, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("django.core.mail.EmailMessage.send", refusing_send)
    with pytest.raises(SMTPRecipientsRefused):
        services.case_documents_email_run(batch_id=email_job.pk)
    page = staff_client.get(f"/documents/batches/{email_job.pk}/").content.decode()
    assert "失敗しました。" in page and "SMTPRecipientsRefused" in page
    assert f'action="/documents/batches/{email_job.pk}/retry/"' in page
    status = staff_client.get(f"/documents/batches/{email_job.pk}/status.json").json()
    assert status["status"] == "failed" and "SMTPRecipientsRefused" in status["error"]

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/documents/batches/{email_job.pk}/retry/")
    assert response["Location"] == f"/documents/batches/{email_job.pk}/"
    email_job.refresh_from_db()
    assert email_job.status == "done" and email_job.error == ""
    assert len(mail.outbox) == 1
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.DOCUMENT).count() == 1


def test_only_a_failed_job_can_be_retried(staff_client, email_job):
    response = staff_client.post(f"/documents/batches/{email_job.pk}/retry/", follow=True)
    assert "やり直せるのは失敗したジョブだけです" in response.content.decode()
    email_job.refresh_from_db()
    assert email_job.status == "pending"
    assert staff_client.get(f"/documents/batches/{email_job.pk}/retry/").status_code == 405


def test_a_retried_zip_is_built_again(
    staff_client, case, eager_celery, django_capture_on_commit_callbacks
):
    batch = DocumentBatch.objects.create(
        kind="guides", object_ids=[case.pk], total=1, status="failed", error="作成中のまま…"
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/documents/batches/{batch.pk}/retry/")
    batch.refresh_from_db()
    assert batch.status == "done" and batch.file and batch.error == ""
    assert staff_client.get(f"/documents/batches/{batch.pk}/download.zip").status_code == 200
