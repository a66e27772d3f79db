"""DocumentBatch and DocumentBatchClient belong to the documents app: recovery forgets them here
and documents.0001 takes them over with the same tables. State only: no table is touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("recovery", "0006_document_batch_clients_and_heartbeat"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="documentbatch", name="clients"),
                migrations.DeleteModel(name="DocumentBatchClient"),
                migrations.DeleteModel(name="DocumentBatch"),
            ],
            database_operations=[],
        ),
    ]
