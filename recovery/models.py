"""Recovery cases, their timeline, reminders and the office's closed days.

Models hold data and small derived properties; every change of state goes through
``recovery.services``.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from office.secret_net import SecretSafeQuerySet


class Situation(models.TextChoices):
    """The five situations of the CCUS form's triage (domain.md a–e)."""

    PASSWORD_ONLY = "a", _("a. パスワードのみ不明")
    CAN_LOGIN = "b", _("b. ログイン可能で、登録メールアドレスを確認・変更したい")
    CANNOT_LOGIN = "c", _("c. ログイン不可で、登録メールアドレスを変更したい")
    ALL_UNKNOWN = "d", _("d. ID・セキュリティコード・登録メールアドレス・パスワードが不明")
    LOGIN_ERROR = "e", _("e. パスワードを入力しログインするとエラーが出る")


class Status(models.TextChoices):
    PREPARING = "preparing", _("準備中")
    SENT = "sent", _("問い合わせ送信済")
    RECEIPT_CONFIRMED = "receipt_confirmed", _("受付確認済")
    WAITING = "waiting", _("CCUS回答待ち")
    REPLIED = "replied", _("回答受領")
    LOGIN_WORK = "login_work", _("ログイン作業")
    DONE = "done", _("完了")
    SELF_SERVICE = "self_service", _("セルフサービス案内済")
    ON_HOLD = "on_hold", _("保留")
    CANCELLED = "cancelled", _("取消")


OPEN_STATUSES = (
    Status.PREPARING,
    Status.SENT,
    Status.RECEIPT_CONFIRMED,
    Status.WAITING,
    Status.REPLIED,
    Status.LOGIN_WORK,
)
CLOSED_STATUSES = (Status.DONE, Status.SELF_SERVICE, Status.CANCELLED)


class RecoveryCase(models.Model):
    client = models.ForeignKey(
        Client, verbose_name=_("事業者"), on_delete=models.CASCADE, related_name="recovery_cases"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("担当者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recovery_cases",
    )
    situation = models.CharField(_("状況"), max_length=1, choices=Situation.choices)
    new_email = models.EmailField(_("変更希望メールアドレス"), blank=True)
    status = models.CharField(
        _("ステータス"), max_length=20, choices=Status.choices, default=Status.PREPARING
    )
    # The status a case on hold returns to.
    held_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    error_message = models.TextField(_("表示されたエラーメッセージ"), blank=True)
    receipt_number = models.CharField(_("受付番号"), max_length=20, blank=True)

    sent_at = models.DateTimeField(_("問い合わせ送信日時"), null=True, blank=True)
    receipt_at = models.DateTimeField(_("受付メール受信日時"), null=True, blank=True)
    reply_at = models.DateTimeField(_("CCUS回答受信日時"), null=True, blank=True)
    login_started_at = models.DateTimeField(_("ログイン作業開始日時"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("パスワード変更日時"), null=True, blank=True)
    security_code_entered_at = models.DateTimeField(
        _("セキュリティコード入力日時"), null=True, blank=True
    )
    relogin_confirmed_at = models.DateTimeField(_("再ログイン確認日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("終了日時"), null=True, blank=True)

    # Pasted mails, with passwords and security codes masked before saving.
    receipt_mail = models.TextField(_("受付メール(本文)"), blank=True)
    reply_mail = models.TextField(_("CCUS回答メール(本文・パスワード伏字)"), blank=True)
    notes = models.TextField(_("メモ"), blank=True)

    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # update()/bulk_create()/bulk_update() mask secrets too (they skip pre_save).
    objects = SecretSafeQuerySet.as_manager()

    class Meta:
        verbose_name = _("ID復旧案件")
        verbose_name_plural = _("ID復旧案件")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "updated_at"], name="case_status_idx"),
            models.Index(fields=["receipt_number"], name="case_receipt_idx"),
            # The case list, the dashboard and search order by the latest change, LIMITed.
            models.Index(fields=["updated_at", "id"], name="case_updated_idx"),
            # The dashboard's oldest cases waiting on CCUS / on login work.
            models.Index(fields=["status", "sent_at", "id"], name="case_status_sent_idx"),
            models.Index(fields=["status", "reply_at", "id"], name="case_status_reply_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.client}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES or self.status == Status.ON_HOLD


class CaseEvent(models.Model):
    """One line of a case's timeline: who did what when (status change, note, document, …)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("作成")
        TRANSITION = "transition", _("ステータス変更")
        UPDATE = "update", _("更新")
        NOTE = "note", _("メモ")
        REMINDER = "reminder", _("リマインダー")
        DOCUMENT = "document", _("書類")

    case = models.ForeignKey(RecoveryCase, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("日時"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("担当者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    message = models.TextField(_("内容"), blank=True)

    # update()/bulk_create()/bulk_update() mask secrets too (they skip pre_save).
    objects = SecretSafeQuerySet.as_manager()

    class Meta:
        verbose_name = _("タイムライン")
        verbose_name_plural = _("タイムライン")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class Reminder(models.Model):
    """A future duty of the office. The row is the only record; a periodic task delivers it."""

    class Kind(models.TextChoices):
        RECEIPT_CHECK = "receipt_check", _("受付メール確認")
        REPLY_DUE = "reply_due", _("CCUS回答予定日")
        REPLY_OVERDUE = "reply_overdue", _("CCUS回答遅延")
        LOGIN_DUE = "login_due", _("ログイン作業予定日")
        LOGIN_OVERDUE = "login_overdue", _("ログイン作業遅延")
        LOGIN_STALLED = "login_stalled", _("ログイン作業未完了")

    class State(models.TextChoices):
        PENDING = "pending", _("予定")
        CLAIMED = "claimed", _("配信処理中")
        DELIVERED = "delivered", _("通知済")
        DONE = "done", _("対応済")
        CANCELLED = "cancelled", _("取消")

    case = models.ForeignKey(RecoveryCase, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    due_at = models.DateTimeField(_("通知日時"), db_index=True)
    state = models.CharField(_("状態"), max_length=20, choices=State.choices, default=State.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=64, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("通知日時(実績)"), null=True, blank=True)
    done_at = models.DateTimeField(_("対応日時"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set by staff (``reminder_snooze``): a delivered reminder leaves the dashboard until this
    # moment; a pending one is delivered at this moment instead of ``due_at`` (which keeps
    # following the case's plan).
    snoozed_until = models.DateTimeField("再表示日時", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("リマインダー")
        verbose_name_plural = _("リマインダー")
        ordering = ["due_at", "pk"]
        constraints = [
            # At most one live reminder of each kind per case.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(state__in=["pending", "claimed"]),
                name="reminder_one_live_per_kind",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="reminder_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def shows_at(self):
        """When staff see it: the snooze's end when snoozed or moved, else its due time."""
        return self.snoozed_until or self.due_at


class CalendarFeed(models.Model):
    """A staff member's private iCalendar URL. The token is the only secret; regenerating it
    revokes the old URL. Only its SHA-256 is stored (a database copy or backup does not hand
    out working feed URLs); the plain token is shown once, when it is made."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "カレンダー配信URL"
        verbose_name_plural = "カレンダー配信URL"

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"

    @staticmethod
    def hash_token(token: str) -> str:
        # A random 256-bit token needs no salt or slow hash: SHA-256 cannot be guessed back.
        return hashlib.sha256(token.encode()).hexdigest()


class ClosedDay(models.Model):
    """A day the office (or CCUS) does not work, added by an office admin."""

    date = models.DateField(_("日付"), unique=True)
    reason = models.CharField(_("理由"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("休業日")
        verbose_name_plural = _("休業日")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.reason}"
