"""Recovery cases, their timeline, reminders and the office's closed days.

Models hold data and small derived properties; every change of state goes through
``recovery.services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from clients.models import Client


class Situation(models.TextChoices):
    """The five situations of the CCUS form's triage (domain.md a–e)."""

    PASSWORD_ONLY = "a", "a. パスワードのみ不明"
    CAN_LOGIN = "b", "b. ログイン可能で、登録メールアドレスを確認・変更したい"
    CANNOT_LOGIN = "c", "c. ログイン不可で、登録メールアドレスを変更したい"
    ALL_UNKNOWN = "d", "d. ID・セキュリティコード・登録メールアドレス・パスワードが不明"
    LOGIN_ERROR = "e", "e. パスワードを入力しログインするとエラーが出る"


class Status(models.TextChoices):
    PREPARING = "preparing", "準備中"
    SENT = "sent", "問い合わせ送信済"
    RECEIPT_CONFIRMED = "receipt_confirmed", "受付確認済"
    WAITING = "waiting", "CCUS回答待ち"
    REPLIED = "replied", "回答受領"
    LOGIN_WORK = "login_work", "ログイン作業"
    DONE = "done", "完了"
    SELF_SERVICE = "self_service", "セルフサービス案内済"
    ON_HOLD = "on_hold", "保留"
    CANCELLED = "cancelled", "取消"


OPEN_STATUSES = (
    Status.PREPARING, Status.SENT, Status.RECEIPT_CONFIRMED, Status.WAITING,
    Status.REPLIED, Status.LOGIN_WORK,
)
CLOSED_STATUSES = (Status.DONE, Status.SELF_SERVICE, Status.CANCELLED)


class RecoveryCase(models.Model):
    client = models.ForeignKey(
        Client, verbose_name="事業者", on_delete=models.CASCADE, related_name="recovery_cases"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="担当者", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="recovery_cases",
    )
    situation = models.CharField("状況", max_length=1, choices=Situation.choices)
    new_email = models.EmailField("変更希望メールアドレス", blank=True)
    status = models.CharField(
        "ステータス", max_length=20, choices=Status.choices, default=Status.PREPARING
    )
    # The status a case on hold returns to.
    held_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    error_message = models.TextField("表示されたエラーメッセージ", blank=True)
    receipt_number = models.CharField("受付番号", max_length=20, blank=True)

    sent_at = models.DateTimeField("問い合わせ送信日時", null=True, blank=True)
    receipt_at = models.DateTimeField("受付メール受信日時", null=True, blank=True)
    reply_at = models.DateTimeField("CCUS回答受信日時", null=True, blank=True)
    login_started_at = models.DateTimeField("ログイン作業開始日時", null=True, blank=True)
    password_changed_at = models.DateTimeField("パスワード変更日時", null=True, blank=True)
    security_code_entered_at = models.DateTimeField(
        "セキュリティコード入力日時", null=True, blank=True
    )
    relogin_confirmed_at = models.DateTimeField("再ログイン確認日時", null=True, blank=True)
    closed_at = models.DateTimeField("終了日時", null=True, blank=True)

    # Pasted mails, with passwords and security codes masked before saving.
    receipt_mail = models.TextField("受付メール(本文)", blank=True)
    reply_mail = models.TextField("CCUS回答メール(本文・パスワード伏字)", blank=True)
    notes = models.TextField("メモ", blank=True)

    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "ID復旧案件"
        verbose_name_plural = "ID復旧案件"
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "updated_at"], name="case_status_idx"),
            models.Index(fields=["receipt_number"], name="case_receipt_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.client}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES or self.status == Status.ON_HOLD


class CaseEvent(models.Model):
    """One line of a case's timeline: who did what when (status change, note, document, …)."""

    class Kind(models.TextChoices):
        CREATED = "created", "作成"
        TRANSITION = "transition", "ステータス変更"
        UPDATE = "update", "更新"
        NOTE = "note", "メモ"
        REMINDER = "reminder", "リマインダー"
        DOCUMENT = "document", "書類"

    case = models.ForeignKey(RecoveryCase, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("日時", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="担当者", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    message = models.TextField("内容", blank=True)

    class Meta:
        verbose_name = "タイムライン"
        verbose_name_plural = "タイムライン"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class Reminder(models.Model):
    """A future duty of the office. The row is the only record; a periodic task delivers it."""

    class Kind(models.TextChoices):
        RECEIPT_CHECK = "receipt_check", "受付メール確認"
        REPLY_DUE = "reply_due", "CCUS回答予定日"
        REPLY_OVERDUE = "reply_overdue", "CCUS回答遅延"
        LOGIN_DUE = "login_due", "ログイン作業予定日"
        LOGIN_OVERDUE = "login_overdue", "ログイン作業遅延"

    class State(models.TextChoices):
        PENDING = "pending", "予定"
        CLAIMED = "claimed", "配信処理中"
        DELIVERED = "delivered", "通知済"
        DONE = "done", "対応済"
        CANCELLED = "cancelled", "取消"

    case = models.ForeignKey(RecoveryCase, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    due_at = models.DateTimeField("通知日時", db_index=True)
    state = models.CharField(
        "状態", max_length=20, choices=State.choices, default=State.PENDING
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=64, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField("通知日時(実績)", null=True, blank=True)
    done_at = models.DateTimeField("対応日時", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "リマインダー"
        verbose_name_plural = "リマインダー"
        ordering = ["due_at", "pk"]
        constraints = [
            # At most one live reminder of each kind per case.
            models.UniqueConstraint(
                fields=["case", "kind"], condition=Q(state__in=["pending", "claimed"]),
                name="reminder_one_live_per_kind",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="reminder_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_at:%Y-%m-%d %H:%M}"


class ClosedDay(models.Model):
    """A day the office (or CCUS) does not work, added by an office admin."""

    date = models.DateField("日付", unique=True)
    reason = models.CharField("理由", max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "休業日"
        verbose_name_plural = "休業日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.reason}"


class DocumentBatch(models.Model):
    """A document job run by a Celery task: a ZIP of PDFs for several clients or cases, or the
    email of a case's guide and ID sheet to its client. The row is the job's record and its
    progress; the finished ZIP is stored in the row, so that the web process can serve what a
    worker (maybe in another container) built."""

    class Kind(models.TextChoices):
        CONSULTATION_FORMS = "consultation_forms", "FAX相談シート(事業者ごと)"
        GUIDES = "guides", "ログイン手順書(案件ごと)"
        CASE_EMAIL = "case_email", "手順書・ID管理シートのメール送信"

    class State(models.TextChoices):
        PENDING = "pending", "待機中"
        RUNNING = "running", "作成中"
        DONE = "done", "完了"
        FAILED = "failed", "失敗"

    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    object_ids = models.JSONField("対象ID", default=list)
    total = models.PositiveIntegerField("件数", default=0)
    done = models.PositiveIntegerField("作成済み", default=0)
    status = models.CharField("状態", max_length=10, choices=State.choices,
                              default=State.PENDING)
    error = models.TextField("エラー", blank=True)
    filename = models.CharField("ファイル名", max_length=100, blank=True)
    file = models.BinaryField("ファイル", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    finished_at = models.DateTimeField("完了日時", null=True, blank=True)

    class Meta:
        verbose_name = "書類作成ジョブ"
        verbose_name_plural = "書類作成ジョブ"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
