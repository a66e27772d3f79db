"""DocumentBatch moved from recovery to documents with its tables (state-only migrations): a
database that HAS jobs keeps every row, its clients and its ZIP, and can go back."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("contenttypes", "0002_remove_content_type_name"),
    ("recovery", "0006_document_batch_clients_and_heartbeat"),
    ("documents", None),
]
AFTER = [
    ("recovery", "0007_move_document_batch_to_documents"),
    ("documents", "0001_document_batch_from_recovery"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


@pytest.fixture
def before(transactional_db):
    """The database as it was before the move, with two jobs and their clients."""
    apps = _migrate(BEFORE)
    yield apps
    call_command("migrate", verbosity=0)  # leave the database at the latest state


def _seed(apps):
    Client = apps.get_model("clients", "Client")
    Batch = apps.get_model("recovery", "DocumentBatch")
    Link = apps.get_model("recovery", "DocumentBatchClient")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="recovery", model="documentbatch")
    first = Client.objects.create(name="株式会社移転テスト建設", phone="0767-52-3333")
    second = Client.objects.create(name="有限会社移転テスト工務店", phone="03-1234-5678")
    zipped = Batch.objects.create(
        kind="consultation_forms",
        object_ids=[first.pk, second.pk],
        total=2,
        done=2,
        status="done",
        filename="fax.zip",
        file=b"PK\x03\x04zip-bytes",
    )
    Link.objects.create(batch=zipped, client=first)
    Link.objects.create(batch=zipped, client=second)
    Batch.objects.create(kind="guides", object_ids=[], total=3, done=1, status="running")
    return zipped.pk, {first.pk, second.pk}


def test_the_rows_survive_the_move_and_the_move_back(before):
    zipped_pk, client_pks = _seed(before)
    apps = _migrate(AFTER)
    Batch = apps.get_model("documents", "DocumentBatch")
    assert Batch._meta.db_table == "recovery_documentbatch"
    assert Batch.objects.count() == 2
    zipped = Batch.objects.get(pk=zipped_pk)
    assert bytes(zipped.file) == b"PK\x03\x04zip-bytes"
    assert (zipped.status, zipped.done, zipped.filename) == ("done", 2, "fax.zip")
    assert set(zipped.clients.values_list("pk", flat=True)) == client_pks
    Link = apps.get_model("documents", "DocumentBatchClient")
    assert set(Link.objects.values_list("client_id", flat=True)) == client_pks
    ContentType = apps.get_model("contenttypes", "ContentType")
    assert ContentType.objects.filter(app_label="documents", model="documentbatch").exists()
    assert not ContentType.objects.filter(app_label="recovery", model="documentbatch").exists()

    back = _migrate(BEFORE)
    assert back.get_model("recovery", "DocumentBatch").objects.count() == 2
    assert back.get_model("recovery", "DocumentBatchClient").objects.count() == 2


def test_the_app_reads_the_moved_rows_through_the_new_model(before):
    zipped_pk, client_pks = _seed(before)
    call_command("migrate", verbosity=0)
    from documents.models import DocumentBatch

    zipped = DocumentBatch.objects.get(pk=zipped_pk)
    assert zipped.percent == 100
    assert set(zipped.client_links.values_list("client_id", flat=True)) == client_pks
