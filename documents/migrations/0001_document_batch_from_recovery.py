"""The document jobs move here from recovery (recovery.0007) with their tables as they are:
state only, no row copied. Their content types move too, so that permissions keep their rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["documentbatch", "documentbatchclient"]


def move_content_types(apps, schema_editor, source="recovery", target="documents"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=target, model__in=MODELS).exists():
        ContentType.objects.filter(app_label=source, model__in=MODELS).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="documents", target="recovery")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("clients", "0002_consultations_erasure_search_digits"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("recovery", "0007_move_document_batch_to_documents"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DocumentBatch",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("consultation_forms", "FAX相談シート(事業者ごと)"),
                                    ("guides", "ログイン手順書(案件ごと)"),
                                    ("case_email", "手順書・ID管理シートのメール送信"),
                                ],
                                max_length=20,
                                verbose_name="種類",
                            ),
                        ),
                        ("object_ids", models.JSONField(default=list, verbose_name="対象ID")),
                        ("total", models.PositiveIntegerField(default=0, verbose_name="件数")),
                        ("done", models.PositiveIntegerField(default=0, verbose_name="作成済み")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "待機中"),
                                    ("running", "作成中"),
                                    ("done", "完了"),
                                    ("failed", "失敗"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="状態",
                            ),
                        ),
                        ("error", models.TextField(blank=True, verbose_name="エラー")),
                        (
                            "filename",
                            models.CharField(blank=True, max_length=100, verbose_name="ファイル名"),
                        ),
                        (
                            "file",
                            models.BinaryField(
                                blank=True, editable=False, null=True, verbose_name="ファイル"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="作成日時"),
                        ),
                        (
                            "finished_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="完了日時"),
                        ),
                        (
                            "heartbeat_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="最終進捗日時"),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "書類作成ジョブ",
                        "verbose_name_plural": "書類作成ジョブ",
                        "db_table": "recovery_documentbatch",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="DocumentBatchClient",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "batch",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="client_links",
                                to="documents.documentbatch",
                            ),
                        ),
                        (
                            "client",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="clients.client",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "書類作成ジョブの対象",
                        "verbose_name_plural": "書類作成ジョブの対象",
                        "db_table": "recovery_documentbatchclient",
                    },
                ),
                migrations.AddField(
                    model_name="documentbatch",
                    name="clients",
                    field=models.ManyToManyField(
                        related_name="+",
                        through="documents.DocumentBatchClient",
                        to="clients.client",
                        verbose_name="対象の事業者",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="documentbatchclient",
                    constraint=models.UniqueConstraint(
                        fields=("batch", "client"), name="document_batch_client_once"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
