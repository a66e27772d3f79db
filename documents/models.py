"""The documents app's own data: the document jobs (ZIP batches, case emails) and the clients
whose data each holds.

They lived in ``recovery`` until the house was tidied; the tables keep their names
(``recovery_documentbatch``, ``recovery_documentbatchclient``), so moving them changed no row
(migrations ``recovery.0007`` and ``documents.0001``, state only).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clients.models import Client


class DocumentBatch(models.Model):
    """A document job run by a Celery task: a ZIP of PDFs for several clients or cases, or the
    email of a case's guide and ID sheet to its client. The row is the job's record and its
    progress; the finished ZIP is stored in the row, so that the web process can serve what a
    worker (maybe in another container) built."""

    class Kind(models.TextChoices):
        CONSULTATION_FORMS = "consultation_forms", _("FAX相談シート(事業者ごと)")
        GUIDES = "guides", _("ログイン手順書(案件ごと)")
        CASE_EMAIL = "case_email", _("手順書・ID管理シートのメール送信")

    class State(models.TextChoices):
        PENDING = "pending", _("待機中")
        RUNNING = "running", _("作成中")
        DONE = "done", _("完了")
        FAILED = "failed", _("失敗")

    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    object_ids = models.JSONField(_("対象ID"), default=list)
    total = models.PositiveIntegerField(_("件数"), default=0)
    done = models.PositiveIntegerField(_("作成済み"), default=0)
    status = models.CharField(
        _("状態"), max_length=10, choices=State.choices, default=State.PENDING
    )
    error = models.TextField(_("エラー"), blank=True)
    filename = models.CharField(_("ファイル名"), max_length=100, blank=True)
    file = models.BinaryField(_("ファイル"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    # Touched when a worker claims the job and after each document: a running job whose
    # heartbeat is old belongs to a dead worker and is marked failed by the sweeper.
    heartbeat_at = models.DateTimeField(_("最終進捗日時"), null=True, blank=True)
    # Whose personal data the job holds (its ZIP, its email): erasing a client deletes them.
    clients = models.ManyToManyField(
        Client,
        through="DocumentBatchClient",
        related_name="+",
        verbose_name=_("対象の事業者"),
    )

    class Meta:
        db_table = "recovery_documentbatch"
        verbose_name = _("書類作成ジョブ")
        verbose_name_plural = _("書類作成ジョブ")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class DocumentBatchClient(models.Model):
    """One client whose data a document job holds. A through table, not a JSON list, so that
    erasing a client finds its jobs by an indexed ``client_id``."""

    batch = models.ForeignKey(DocumentBatch, on_delete=models.CASCADE, related_name="client_links")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "recovery_documentbatchclient"
        verbose_name = _("書類作成ジョブの対象")
        verbose_name_plural = _("書類作成ジョブの対象")
        constraints = [
            models.UniqueConstraint(fields=["batch", "client"], name="document_batch_client_once"),
        ]

    def __str__(self) -> str:
        return f"batch {self.batch_id} client {self.client_id}"
