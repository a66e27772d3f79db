"""Celery replaces the root log handlers in a worker: the masking filter must survive that."""

import logging
from pathlib import Path

import pytest
from django.conf import settings

from office.secret_net import MaskSecretsFilter, install_log_filter
from office.secrets import MASK
from tests.conftest import WORKER_ARGS, wait_for

SECRET = "Kq7#mZ2pLx"
LINE = f"新パスワード：{SECRET} (worker probe 7f3c)"


def test_the_signal_handler_puts_the_filter_on_handlers_celery_installed():
    logger = logging.getLogger("tests.worker_probe")
    handler = logging.StreamHandler()
    logger.addHandler(handler)
    try:
        from config.celery_app import _keep_masking_secrets_in_logs

        _keep_masking_secrets_in_logs(logger=logger)
        _keep_masking_secrets_in_logs(logger=logger)  # twice: still one filter
        assert [type(f) for f in handler.filters] == [MaskSecretsFilter]
    finally:
        logger.removeHandler(handler)


def test_install_log_filter_defaults_to_the_root_logger():
    root = logging.getLogger()
    handler = logging.StreamHandler()
    root.addHandler(handler)
    try:
        install_log_filter()
        record = logging.LogRecord("x", logging.WARNING, __file__, 1, "%s", (LINE,), None)
        assert handler.filter(record)
        assert SECRET not in record.getMessage() and MASK in record.getMessage()
    finally:
        root.removeHandler(handler)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_secret_logged_inside_a_celery_task_is_masked_in_the_worker_log(start_celery, celery_env):
    from config.celery_app import app

    celery_env["CELERY_DATA_DIR"] = str(settings.CELERY_DATA_DIR)
    worker = start_celery(*WORKER_ARGS, env=celery_env, name="worker")
    app.send_task("office.tasks.log_message", args=[LINE])
    log = Path(worker.log_path)

    def probed():
        text = log.read_text(errors="replace")
        return text if "worker probe 7f3c" in text else None

    text = wait_for(probed, timeout=90, interval=0.5)
    assert text, log.read_text(errors="replace")[-3000:]
    assert SECRET not in text
    assert f"新パスワード：{MASK}" in text
