"""The Celery app. Periodic tasks are declared here, in code."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("ccus_desk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _declare_periodic_tasks(sender: Celery, **kwargs) -> None:
    from django.conf import settings

    sender.add_periodic_task(
        settings.HEARTBEAT_INTERVAL, sender.signature("office.tasks.beat_heartbeat"),
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
    # Document jobs whose worker died stay "running": mark them failed so staff can retry.
    sender.add_periodic_task(
        5 * 60, sender.signature("documents.sweep_stale_batches"),
        name="sweep stale document jobs", expires=5 * 60,
    )
    # Personal-data access log retention (ACCESS_LOG_RETENTION_DAYS): once a day.
    sender.add_periodic_task(
        24 * 60 * 60, sender.signature("office.tasks.prune_access_log"),
        name="prune access log",
    )


@worker_ready.connect
def _deliver_at_start(sender, **kwargs) -> None:
    """Deliver what fell due while the worker was down now, not a whole interval later."""
    sender.app.send_task("recovery.tasks.deliver_due_reminders")


def _prepare_filesystem_broker() -> None:
    """kombu's filesystem transport needs its folders to exist before anyone connects."""
    from pathlib import Path

    options = app.conf.broker_transport_options or {}
    if str(app.conf.broker_url).startswith("filesystem"):
        for key in ("data_folder_in", "data_folder_out", "control_folder"):
            if options.get(key):
                Path(options[key]).mkdir(parents=True, exist_ok=True)


@app.on_after_configure.connect
def _on_configure(sender: Celery, **kwargs) -> None:
    _prepare_filesystem_broker()
