"""Erasing a client deletes every document job holding its data: single-client ZIPs and emails,
and ZIPs of several clients that include it. Other clients' jobs stay."""

import pytest
from django.urls import reverse

from clients.models import Client, ErasureRecord
from clients.services import client_erase
from documents import services
from documents.models import DocumentBatch, DocumentBatchClient
from recovery.models import RecoveryCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(db):
    return Client.objects.create(name="有限会社七尾工務店", phone="0767-00-0001")


def built(kind, ids, actor=None):
    batch = services.document_batch_create(kind=kind, ids=ids, actor=actor)
    services.document_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done"
    return batch


def test_a_zip_batch_after_erasure_is_gone_and_its_download_is_404(
    admin_client_, company, case, other
):
    forms = built("consultation_forms", [company.pk])
    guides = built("guides", [case.pk])
    mixed = built("consultation_forms", [company.pk, other.pk])
    email = services.case_documents_email_request(case=case, actor=None)
    others = built("consultation_forms", [other.pk])
    assert admin_client_.get(f"/documents/batches/{mixed.pk}/download.zip").status_code == 200

    admin_client_.post(reverse("client_erase", args=[company.pk]), {"confirm_name": company.name})

    assert not Client.objects.filter(pk=company.pk).exists()
    assert list(DocumentBatch.objects.values_list("pk", flat=True)) == [others.pk]
    for batch in (forms, guides, mixed, email):
        assert admin_client_.get(f"/documents/batches/{batch.pk}/download.zip").status_code == 404
        assert admin_client_.get(f"/documents/batches/{batch.pk}/").status_code == 404
    assert admin_client_.get(f"/documents/batches/{others.pk}/download.zip").status_code == 200
    assert not DocumentBatchClient.objects.filter(client_id=company.pk).exists()
    record = ErasureRecord.objects.get()
    assert record.removed["書類作成ジョブ"] == 4


def test_every_kind_of_job_records_whose_data_it_holds(company, case, other):
    second_case = RecoveryCase.objects.create(client=other, situation="d")
    jobs = {
        "forms": services.document_batch_create(
            kind="consultation_forms", ids=[company.pk, other.pk, 99999], actor=None
        ),
        "guides": services.document_batch_create(
            kind="guides", ids=[case.pk, second_case.pk], actor=None
        ),
        "email": services.case_documents_email_request(case=case, actor=None),
    }
    linked = {name: set(job.clients.values_list("pk", flat=True)) for name, job in jobs.items()}
    assert linked == {
        "forms": {company.pk, other.pk},
        "guides": {company.pk, other.pk},
        "email": {company.pk},
    }


def test_erasure_without_jobs_records_none_and_clients_never_imports_documents(company):
    import ast
    from pathlib import Path

    client_erase(client=company)
    assert "書類作成ジョブ" not in ErasureRecord.objects.get().removed
    root = Path(__file__).resolve().parents[2] / "clients"
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.split(".")[0] in ("documents", "recovery") for n in names), path


def test_the_migration_links_existing_jobs_to_their_clients(company, case, other):
    from importlib import import_module
    from pathlib import Path

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    forms = DocumentBatch.objects.create(
        kind="consultation_forms", object_ids=[company.pk, other.pk], total=2
    )
    guides = DocumentBatch.objects.create(kind="guides", object_ids=[case.pk, 4242], total=2)
    # Found by its name, whatever number the migration gets when branches are merged.
    folder = Path(__file__).resolve().parents[2] / "recovery" / "migrations"
    (path,) = folder.glob("*_document_batch_clients_and_heartbeat.py")
    migration = import_module(f"recovery.migrations.{path.stem}")
    # The models as that migration knew them (DocumentBatch was in recovery then).
    apps = MigrationLoader(connection).project_state([("recovery", path.stem)]).apps
    migration.link_existing_batches(apps, None)
    assert set(forms.clients.values_list("pk", flat=True)) == {company.pk, other.pk}
    assert set(guides.clients.values_list("pk", flat=True)) == {company.pk}
