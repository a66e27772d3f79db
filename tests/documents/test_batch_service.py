"""The batch service itself (the worker test covers the Celery path)."""

import io
import zipfile

import pytest

from documents.models import DocumentBatch
from documents.services import document_batch_run
from recovery.models import RecoveryCase
from tests.documents import pdfcheck

pytestmark = pytest.mark.django_db


def test_a_guides_batch_zips_one_guide_per_case_and_skips_deleted_cases(case):
    other = RecoveryCase.objects.create(client=case.client, situation="d")
    batch = DocumentBatch.objects.create(
        kind="guides", object_ids=[case.pk, 9999, other.pk], total=3
    )
    document_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.done == batch.total
    archive = zipfile.ZipFile(io.BytesIO(bytes(batch.file)))
    assert len(archive.namelist()) == 2
    assert all(name.endswith("_ログイン手順書.pdf") for name in archive.namelist())
    for name in archive.namelist():
        assert "株式会社能登ミライ建設" in pdfcheck.text(archive.read(name))
    assert batch.filename.startswith("guides-") and batch.filename.endswith(".zip")


def test_a_self_service_case_is_zipped_with_its_own_guide(case):
    case.situation = "a"
    case.save()
    batch = DocumentBatch.objects.create(kind="guides", object_ids=[case.pk], total=1)
    document_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    archive = zipfile.ZipFile(io.BytesIO(bytes(batch.file)))
    (name,) = archive.namelist()
    assert name.endswith("_パスワード再設定のご案内.pdf")
    assert "パスワード再設定のご案内" in pdfcheck.text(archive.read(name))


def test_a_finished_batch_is_not_built_again(case):
    batch = DocumentBatch.objects.create(
        kind="guides", object_ids=[case.pk], total=1, status="done", file=b"zip", filename="x.zip"
    )
    document_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert bytes(batch.file) == b"zip"


def test_a_failing_batch_is_marked_failed_with_the_reason(case, monkeypatch):
    from documents import services as document_services

    def broken(case):
        raise RuntimeError("レンダリング失敗")

    monkeypatch.setattr(document_services, "render_guide", broken)
    batch = DocumentBatch.objects.create(kind="guides", object_ids=[case.pk], total=1)
    with pytest.raises(RuntimeError):
        document_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == "failed" and "レンダリング失敗" in batch.error
