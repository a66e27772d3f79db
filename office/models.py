"""The office itself: its profile (shown on every document) and process heartbeats."""

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# CCUS's mails in the office mailbox are recognised by sender or subject (the guide: 送信元
# 【建設キャリアアップシステムお問い合わせセンター】, 題名【お問い合わせ受付：C-…】).
DEFAULT_CCUS_MAIL_SENDERS = "建設キャリアアップシステムお問い合わせセンター"
DEFAULT_CCUS_MAIL_SUBJECTS = "【お問い合わせ受付：\n建設キャリアアップシステム"


class OfficeProfile(models.Model):
    """The 行政書士事務所's own details. One row (pk=1), edited by an office admin."""

    name = models.CharField(_("事務所名"), max_length=100)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    tel = models.CharField("TEL", max_length=20, blank=True)
    fax = models.CharField("FAX", max_length=20, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    opening_time = models.TimeField(_("営業開始時刻"), default=time(9, 0))
    ccus_mail_senders = models.TextField(
        _("CCUSメールの差出人"),
        blank=True,
        default=DEFAULT_CCUS_MAIL_SENDERS,
        help_text=_(
            "1行に1つ。差出人の名前かアドレスにこの文字を含むメールをCCUSのメールとして読みます。"
        ),
    )
    ccus_mail_subjects = models.TextField(
        _("CCUSメールの件名"),
        blank=True,
        default=DEFAULT_CCUS_MAIL_SUBJECTS,
        help_text=_(
            "1行に1つ。件名にこの文字を含むメールもCCUSのメールとして読みます。"
            "差出人・件名とも空にすると、初期値に戻ります。"
        ),
    )
    # Trust, apart from recognition: only a mail whose From: address is one of these (an address,
    # or a domain matched exactly) may move a case by itself. Empty: none does (inbox/trust.py).
    ccus_trusted_senders = models.TextField(
        _("CCUSの送信元アドレス・ドメイン"),
        blank=True,
        default="",
        help_text=_(
            "1行に1つ(例: info@ccus.jp または ccus.jp)。差出人のアドレスがこれと完全に一致する"
            "メールだけが、案件を自動で進めます。ドメインは完全一致です(サブドメインや似た"
            "名前は含みません)。空欄なら、CCUSのメールもすべて未割当になり、担当者が割り当てます。"
        ),
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("事務所情報")
        verbose_name_plural = _("事務所情報")

    def __str__(self) -> str:
        return self.name


class Heartbeat(models.Model):
    """The last time a periodic job proved it ran (e.g. ``beat``: beat → broker → worker)."""

    name = models.CharField(max_length=50, unique=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"


class AccessLog(models.Model):
    """Who viewed, exported, printed or erased a client's personal data, and when (APPI).

    ``target`` is a label such as ``clients.Client#12``, never the personal data itself.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("閲覧")
        EXPORT = "export", _("エクスポート")
        PRINT = "print", _("印刷・PDF")
        ERASE = "erase", _("消去")
        EMAIL = "email", _("メール送信")

    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "auth.User",
        verbose_name=_("ユーザー"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("ユーザー名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    target = models.CharField(_("対象"), max_length=100, db_index=True)
    path = models.CharField("URL", max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IPアドレス"), null=True, blank=True)

    class Meta:
        verbose_name = _("個人データアクセス記録")
        verbose_name_plural = _("個人データアクセス記録")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.target}"


class AuditEvent(models.Model):
    """A security-relevant change: who did what to whom, when (roles, logins, office settings,
    closed days, client deletion and erasure). ``target`` and ``details`` carry labels and
    changed setting values, never a client's personal data or a password."""

    class Action(models.TextChoices):
        USER_CREATE = "user_create", _("ユーザー登録")
        ROLE_GRANT = "role_grant", _("事務所管理者に任命")
        ROLE_REVOKE = "role_revoke", _("事務所管理者を解除")
        USER_DEACTIVATE = "user_deactivate", _("ユーザーを無効化")
        USER_REACTIVATE = "user_reactivate", _("ユーザーを再有効化")
        OFFICE_SETTINGS = "office_settings", _("事務所設定の変更")
        CLOSED_DAY_ADD = "closed_day_add", _("休業日の追加")
        CLOSED_DAY_DELETE = "closed_day_delete", pgettext_lazy("操作記録", "休業日の削除")
        CLIENT_DELETE = "client_delete", _("事業者の削除")
        CLIENT_ERASE = "client_erase", _("個人データの消去")
        USER_UPDATE = "user_update", _("ユーザー情報の変更")
        PASSWORD_RESET_SEND = "password_reset_send", _("パスワード再設定メールの送信")
        LOCKOUT_LIFT = "lockout_lift", _("ログイン制限の解除")

    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "auth.User",
        verbose_name=_("操作した人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_username = models.CharField(_("操作した人（ユーザー名）"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    target = models.CharField(_("対象"), max_length=200, blank=True)
    details = models.JSONField(_("内容"), default=dict, blank=True)

    class Meta:
        verbose_name = _("セキュリティ操作記録")
        verbose_name_plural = _("セキュリティ操作記録")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.target}"


class FormSubmission(models.Model):
    """A creating form already handled: its one-time token (issued with the form) and where
    the first POST sent the user, so that a second POST of the same form (a double click, a
    resubmission after "back") returns that result instead of creating a second object."""

    token = models.UUIDField(_("送信トークン"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    result_url = models.CharField(_("結果のURL"), max_length=500)
    created_at = models.DateTimeField(_("送信日時"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("送信済みフォーム")
        verbose_name_plural = _("送信済みフォーム")

    def __str__(self) -> str:
        return f"{self.token} → {self.result_url}"
