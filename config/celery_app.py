"""The Celery app. Periodic tasks are declared here, in code."""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("ccus_desk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _declare_periodic_tasks(sender: Celery, **kwargs) -> None:
    from django.conf import settings

    sender.add_periodic_task(
        settings.HEARTBEAT_INTERVAL,
        sender.signature("office.tasks.beat_heartbeat"),
        name="beat heartbeat",
    )
    # The database rows are the record of every reminder; this pass delivers what fell due.
    # ``expires``: after downtime, stale queued passes are dropped, not piled up.
    sender.add_periodic_task(
        settings.REMINDER_DELIVERY_INTERVAL,
        sender.signature("recovery.tasks.deliver_due_reminders"),
        name="deliver due reminders",
        expires=max(settings.REMINDER_DELIVERY_INTERVAL, 5.0),
    )
    # The office mailbox (IMAP_URL): the `mail` process (IDLE) records CCUS's mails as they come;
    # this pass once a minute is the fallback. ``expires``: stale queued passes are dropped.
    if settings.IMAP_URL:
        sender.add_periodic_task(
            settings.MAILBOX_POLL_INTERVAL,
            sender.signature("inbox.tasks.fetch_mail"),
            name="fetch office mail",
            expires=max(settings.MAILBOX_POLL_INTERVAL, 5.0),
        )
    # Document jobs whose worker died stay "running": mark them failed so staff can retry.
    sender.add_periodic_task(
        5 * 60,
        sender.signature("documents.sweep_stale_batches"),
        name="sweep stale document jobs",
        expires=5 * 60,
    )
    # Personal-data access log retention (ACCESS_LOG_RETENTION_DAYS): once a day.
    sender.add_periodic_task(
        24 * 60 * 60,
        sender.signature("office.tasks.prune_access_log"),
        name="prune access log",
    )
    # 事件簿 copies of deleted clients end 2 years after their case closed.
    sender.add_periodic_task(
        24 * 60 * 60,
        sender.signature("clients.tasks.prune_retained_records"),
        name="prune retained case records",
    )
    # Unpaid invoices past their due date: each one is told to staff once (billing/overdue.py).
    sender.add_periodic_task(
        15 * 60,
        sender.signature("billing.tasks.notify_overdue_invoices"),
        name="notify overdue invoices",
        expires=15 * 60,
    )
    # CSV import previews (masked, 0600) left by a user who neither confirmed nor cancelled.
    sender.add_periodic_task(
        settings.CSV_UPLOAD_PURGE_INTERVAL,
        sender.signature("clients.tasks.purge_import_files"),
        name="purge csv import files",
    )


@after_setup_logger.connect
@after_setup_task_logger.connect
def _keep_masking_secrets_in_logs(logger=None, **kwargs) -> None:
    """A worker replaces the root log handlers (and sets up the task logger's): put the masking
    filter of ``office.secret_net`` back on them, so that a CCUS password is never logged there."""
    from office.secret_net import install_log_filter

    install_log_filter(logger)


@worker_ready.connect
def _deliver_at_start(sender, **kwargs) -> None:
    """Deliver what fell due while the worker was down now, not a whole interval later."""
    sender.app.send_task("recovery.tasks.deliver_due_reminders")


def _make_folders() -> None:
    """Create the folders Celery writes into: kombu's filesystem transport needs its queue
    folders before anyone connects, and beat its schedule file's folder (var/ in a fresh clone)."""
    from pathlib import Path

    folders = []
    options = app.conf.broker_transport_options or {}
    if str(app.conf.broker_url).startswith("filesystem"):
        folders += [
            options[key]
            for key in ("data_folder_in", "data_folder_out", "control_folder")
            if options.get(key)
        ]
    if app.conf.beat_schedule_filename:
        folders.append(Path(app.conf.beat_schedule_filename).parent)
    for folder in folders:
        Path(folder).mkdir(parents=True, exist_ok=True)


@app.on_after_configure.connect
def _on_configure(sender: Celery, **kwargs) -> None:
    _make_folders()
