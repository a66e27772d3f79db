"""Document jobs: a heartbeat for the stale-job sweeper, and the clients each job holds (so that
erasing a client deletes its ZIPs). Existing jobs get their clients from ``object_ids``."""

import django.db.models.deletion
from django.db import migrations, models


def link_existing_batches(apps, schema_editor):
    DocumentBatch = apps.get_model("recovery", "DocumentBatch")
    DocumentBatchClient = apps.get_model("recovery", "DocumentBatchClient")
    Client = apps.get_model("clients", "Client")
    RecoveryCase = apps.get_model("recovery", "RecoveryCase")
    links = []
    for batch in DocumentBatch.objects.only("pk", "kind", "object_ids").iterator():
        ids = [int(i) for i in batch.object_ids or []]
        if batch.kind == "consultation_forms":
            client_ids = Client.objects.filter(pk__in=ids).values_list("pk", flat=True)
        else:  # guides and case emails name cases
            client_ids = (RecoveryCase.objects.filter(pk__in=ids)
                          .values_list("client_id", flat=True).distinct())
        links += [DocumentBatchClient(batch_id=batch.pk, client_id=c) for c in set(client_ids)]
    DocumentBatchClient.objects.bulk_create(links, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0002_consultations_erasure_search_digits'),
        ('recovery', '0005_calendar_feed_token_hash'),
    ]

    operations = [
        migrations.AddField(
            model_name='documentbatch',
            name='heartbeat_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='最終進捗日時'),
        ),
        migrations.CreateModel(
            name='DocumentBatchClient',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='client_links', to='recovery.documentbatch')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='clients.client')),
            ],
            options={
                'verbose_name': '書類作成ジョブの対象',
                'verbose_name_plural': '書類作成ジョブの対象',
            },
        ),
        migrations.AddField(
            model_name='documentbatch',
            name='clients',
            field=models.ManyToManyField(related_name='+', through='recovery.DocumentBatchClient', to='clients.client', verbose_name='対象の事業者'),
        ),
        migrations.AddConstraint(
            model_name='documentbatchclient',
            constraint=models.UniqueConstraint(fields=('batch', 'client'), name='document_batch_client_once'),
        ),
        migrations.RunPython(link_existing_batches, migrations.RunPython.noop),
    ]
