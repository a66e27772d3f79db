"""The office mailbox as the desk sees it: how far each folder was read, and CCUS's mails.

Only CCUS's mails are kept, and of those only the facts and the masked body: never the original
message. The raw message exists in memory during one pass and nowhere else.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MailboxFolder(models.Model):
    """Progress and health of one IMAP folder.

    A folder's UIDs are only meaningful with its UIDVALIDITY: when the server reports another
    UIDVALIDITY, ``last_uid`` starts again from 0 and the folder is read again; mails already
    recorded are recognised by ``CcusMail.mail_key``.
    """

    name = models.CharField(_("フォルダ"), max_length=200, unique=True)
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)
    last_attempt_at = models.DateTimeField(_("最終確認日時"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("最終確認成功日時"), null=True, blank=True)
    # A Japanese sentence for staff, never the server's raw answer (it may echo the login).
    last_error = models.TextField(_("エラー"), blank=True)
    last_error_at = models.DateTimeField(_("エラー日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("メールボックスのフォルダ")
        verbose_name_plural = _("メールボックスのフォルダ")

    def __str__(self) -> str:
        return f"{self.name} ({self.uidvalidity}/{self.last_uid})"


class CcusMail(models.Model):
    """One mail from CCUS found in the office mailbox: its facts and its masked body."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("受付メール")
        REPLY = "reply", _("回答メール")
        COMPLETION = "completion", _("完了通知")
        UNKNOWN = "unknown", _("不明")

    class State(models.TextChoices):
        RECORDED = "recorded", _("自動で記録済み")
        ASSIGNED = "assigned", _("担当者が割当済み")
        ALREADY = "already", _("記録済みの案件")
        UNASSIGNED = "unassigned", _("未割当")
        DISMISSED = "dismissed", _("対象外")
        # Could not be read (broken date, nesting, charset, database refusal…): only its header
        # fields and the reason are kept, never a body; listed for staff on /inbox/.
        UNREADABLE = "unreadable", _("読み取れなかったメール")

    # "sha256:" + the digest of the whole message as the server holds it (inbox.reading.
    # content_key): the same mail read twice (two passes, a restart, a new UIDVALIDITY) is one
    # row, and no sender can pick another mail's key (a Message-ID is the sender's choice).
    # Rows from before hold "message-id:…" or "headers-sha256:…" (migration 0002).
    mail_key = models.CharField(max_length=255, unique=True)
    folder = models.CharField(_("フォルダ"), max_length=200)
    uidvalidity = models.BigIntegerField()
    uid = models.BigIntegerField()
    sender = models.CharField(_("差出人"), max_length=300, blank=True)
    subject = models.CharField(_("件名"), max_length=500, blank=True)
    received_at = models.DateTimeField(_("受信日時"))
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    receipt_number = models.CharField(_("受付番号"), max_length=20, blank=True)
    receipt_number_needs_confirmation = models.BooleanField(default=False)
    business_id = models.CharField(_("事業者ID"), max_length=14, blank=True)
    new_email = models.CharField(_("メールアドレス"), max_length=254, blank=True)
    masked_body = models.TextField(_("本文(パスワード伏字)"), blank=True)
    # The body was longer than what is stored (inbox.reading.STORED_BODY_LIMIT): the page says so.
    body_truncated = models.BooleanField(_("本文を途中まで保存"), default=False)
    # The Message-ID and the Date field as they came (masked), shown for an unreadable mail.
    message_id = models.CharField("Message-ID", max_length=300, blank=True)
    date_header = models.CharField(_("Date ヘッダー"), max_length=200, blank=True)
    state = models.CharField(_("状態"), max_length=20, choices=State.choices)
    # Why the mail waits for staff (Japanese), e.g. "該当する案件が2件あります".
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    # Why the sender is not trusted to move a case by itself (Japanese; "" = trusted).
    trust_warning = models.CharField(_("送信元の警告"), max_length=300, blank=True)
    # The subject and the body point to different steps: staff choose the kind.
    kind_unsure = models.BooleanField(_("種類を確認"), default=False)
    # Cases the mail could belong to (ids), offered to staff as one-click choices.
    candidates = models.JSONField(default=list, blank=True)
    case = models.ForeignKey(
        "recovery.RecoveryCase",
        verbose_name=_("案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ccus_mails",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("CCUSメール")
        verbose_name_plural = _("CCUSメール")
        ordering = ["received_at", "pk"]
        indexes = [
            models.Index(fields=["state", "received_at"], name="ccusmail_state_idx"),
            # "Was this UID of this folder read already?" before its body is fetched.
            models.Index(fields=["folder", "uidvalidity", "uid"], name="ccusmail_uid_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.subject}"
