"""A ZIP of several clients' consultation forms, built end to end by a real Celery worker."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from clients.models import Client
from documents.models import DocumentBatch
from office.models import AccessLog
from tests.conftest import WORKER_ARGS, wait_for
from tests.documents import pdfcheck

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

NAMES = ["株式会社能登建設", "有限会社七尾工務店", "合同会社<script>&\"'設備"]


def test_a_real_worker_builds_a_zip_of_consultation_forms_with_progress(
    staff_client, start_celery, celery_env
):
    clients = [
        Client.objects.create(name=name, fax=f"0767-00-000{n}") for n, name in enumerate(NAMES)
    ]
    # The worker must read the queue this process writes to (the filesystem broker's folder;
    # with REDIS_URL both use Redis anyway).
    celery_env["CELERY_DATA_DIR"] = str(settings.CELERY_DATA_DIR)
    worker = start_celery(*WORKER_ARGS, env=celery_env, name="worker")

    response = staff_client.post(
        "/documents/batches/new/",
        {
            "kind": "consultation_forms",
            "ids": [str(c.pk) for c in clients],
        },
    )
    batch = DocumentBatch.objects.get()
    assert response["Location"] == f"/documents/batches/{batch.pk}/"
    page = staff_client.get(response["Location"]).content.decode()
    assert f"/documents/batches/{batch.pk}/status.json" in page
    assert "js/document_batch.js" in page

    def finished():
        status = staff_client.get(f"/documents/batches/{batch.pk}/status.json").json()
        return status if status["status"] in ("done", "failed") else None

    status = wait_for(finished, timeout=120, interval=0.5)
    log = Path(worker.log_path).read_text(errors="replace")
    assert status and status["status"] == "done", log[-4000:]
    assert (status["done"], status["total"], status["percent"]) == (3, 3, 100)

    download = staff_client.get(status["download_url"])
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    names = archive.namelist()
    assert len(names) == 3
    for client, name in zip(clients, names, strict=True):
        assert name.startswith(f"{client.pk:05d}_")
        text = pdfcheck.text(archive.read(name))
        assert client.name in text
        assert len(pdfcheck.reader(archive.read(name)).pages) == 1
    assert AccessLog.objects.filter(action="print").count() == 4  # 3 clients + the download
