"""The migration that makes search_digits a generated column fills the rows that exist,
including those a writer left without it (the demo seed did)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("clients", "0003_retained_case_record")]
AFTER = [("clients", "0004_client_search_digits_generated")]


@pytest.mark.django_db(transaction=True)
def test_existing_clients_get_their_digits_when_the_column_becomes_generated():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_client = executor.loader.project_state(BEFORE).apps.get_model("clients", "Client")
    forgotten = old_client.objects.create(
        name="旧デモ建設", business_id="90000000000199", phone="0767-52-1199", search_digits=""
    )
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from clients.models import Client
    from clients.selectors import client_search

    assert Client.objects.get(pk=forgotten.pk).search_digits == "90000000000199 0767521199"
    assert [c.pk for c in client_search("0767-52-1199")] == [forgotten.pk]
