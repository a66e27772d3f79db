"""Client companies (事業者) the office supports."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Concat, LTrim, Replace
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from office.secret_net import SecretSafeQuerySet

from .normalize import format_business_id


def _digits_of(field: str):
    """The column without the separators a stored number may hold (03-1234-5678, (03) 1234)."""
    expression = F(field)
    for separator in ("-", " ", "(", ")", "+"):
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def search_digits_expression():
    """The digits searched for, as SQL over the stored (already normalised) values: each
    non-empty number's digits, joined by one space. Immutable on SQLite and PostgreSQL."""
    parts = [
        Case(
            When(**{field: ""}, then=Value("")),
            default=Concat(Value(" "), _digits_of(field)),
            output_field=models.CharField(),
        )
        for field in ("business_id", "phone", "fax")
    ]
    return LTrim(Concat(*parts, output_field=models.CharField()))


class Client(models.Model):
    """A construction company. Only 事業者名 is required; values are stored normalised."""

    name = models.CharField(_("事業者名"), max_length=200)
    name_kana = models.CharField(_("フリガナ"), max_length=200, blank=True)
    # 14 digits, no separators; "" when the client does not know it (domain.md, situation d).
    business_id = models.CharField(_("事業者ID"), max_length=14, blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("所在地"), max_length=300, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    fax = models.CharField(_("FAX番号"), max_length=20, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    contact_name = models.CharField(_("ご担当者様名"), max_length=100, blank=True)
    memo = models.TextField(_("メモ"), blank=True)
    # Digits of 事業者ID, 電話番号 and FAX番号, space-separated, so that a number typed in any
    # width or hyphenation is found with one LIKE. Computed by the database on every write
    # (form, CSV, demo seed, bulk_create/bulk_update, admin, raw SQL): no writer can forget it.
    search_digits = models.GeneratedField(
        expression=search_digits_expression(),
        output_field=models.CharField(max_length=80, blank=True),
        db_persist=True,
    )

    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登録者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "search_digits"])

    # update()/bulk_create()/bulk_update() mask secrets too (they skip pre_save).
    objects = SecretSafeQuerySet.as_manager()

    class Meta:
        verbose_name = _("事業者")
        verbose_name_plural = _("事業者")
        ordering = ["name_kana", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["business_id"],
                condition=~Q(business_id=""),
                name="client_business_id_unique",
                violation_error_message=_("この事業者IDは既に登録されています。"),
            ),
        ]
        indexes = [models.Index(fields=["name_kana", "name"], name="client_kana_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def business_id_display(self) -> str:
        """事業者ID in groups of four for reading aloud and copying: 1234 5678 9012 34."""
        return format_business_id(self.business_id)

    @property
    def identifier_display(self) -> str:
        """What tells two clients of one name apart in a picker: 事業者ID, else phone, else
        address ("" when none is known)."""
        return self.business_id_display or self.phone or self.address

    @property
    def picker_label(self) -> str:
        """株式会社能登建設（1234 5678 9012 34）: the name with what tells it apart."""
        extra = self.identifier_display
        if not extra:
            return self.name
        return gettext("%(name)s（%(extra)s）") % {"name": self.name, "extra": extra}


class Consultation(models.Model):
    """A consultation (お困りごと解決サポート) received by fax, email, phone or visit."""

    class Channel(models.TextChoices):
        FAX = "fax", "FAX"
        EMAIL = "email", _("メール")
        PHONE = "phone", _("電話")
        VISIT = "visit", _("来所")

    class Topic(models.TextChoices):
        LOST_ACCESS = (
            "lost_access",
            _("ログインできない（ID・メールアドレス・パスワードがわからない）"),
        )
        CCUS_REGISTRATION = "ccus_registration", _("建設キャリアアップシステムへの登録")
        BUSINESS_WORKER_REGISTRATION = "registration", _("事業者登録や技能者登録")
        OPERATION = "operation", _("登録後の操作方法")
        GREENSITE = "greensite", _("グリーンサイトとの連携")
        SUBCONTRACTORS = "subcontractors", _("下請事業者様・関連企業様の登録や操作のフォロー")
        OTHER = "other", _("その他")

    class PaidWork(models.TextChoices):
        BUSINESS_REGISTRATION = "business_registration", _("事業者登録")
        WORKER_REGISTRATION = "worker_registration", _("技能者登録")
        AFFILIATION = "affiliation", _("所属事業者関連付け")

    class Status(models.TextChoices):
        RECEIVED = "received", _("受付")
        IN_PROGRESS = "in_progress", _("対応中")
        DONE = "done", _("完了")

    client = models.ForeignKey(
        Client, verbose_name=_("事業者"), on_delete=models.CASCADE, related_name="consultations"
    )
    received_on = models.DateField(_("受付日"))
    channel = models.CharField(_("受付方法"), max_length=10, choices=Channel.choices)
    topics = models.JSONField(_("ご相談の内容（分類）"), default=list, blank=True)
    content = models.TextField(_("ご相談内容"), blank=True)
    paid_work = models.JSONField(_("ご依頼の有料業務"), default=list, blank=True)
    status = models.CharField(
        # The consultation's progress (受付・対応中・完了): "Status", unlike a case's 状況 a–e.
        pgettext_lazy("ご相談", "状況"),
        max_length=12,
        choices=Status.choices,
        default=Status.RECEIVED,
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登録者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # update()/bulk_create()/bulk_update() mask secrets too (they skip pre_save).
    objects = SecretSafeQuerySet.as_manager()

    class Meta:
        verbose_name = _("ご相談")
        verbose_name_plural = _("ご相談")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.received_on} {self.get_channel_display()}"

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(self.Topic.choices)
        return [labels.get(t, t) for t in self.topics]

    @property
    def paid_work_labels(self) -> list[str]:
        labels = dict(self.PaidWork.choices)
        return [labels.get(w, w) for w in self.paid_work]

    @property
    def is_about_lost_access(self) -> bool:
        return self.Topic.LOST_ACCESS in self.topics


class ErasureRecord(models.Model):
    """That a client's personal data was erased (APPI), by whom and when. No personal data."""

    erased_at = models.DateTimeField(_("消去日時"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("消去した人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    erased_by_username = models.CharField(_("消去した人（ユーザー名）"), max_length=150, blank=True)
    former_pk = models.BigIntegerField(_("消去した事業者の番号"))
    removed = models.JSONField(_("一緒に消去したデータの件数"), default=dict, blank=True)

    class Meta:
        verbose_name = _("個人データ消去記録")
        verbose_name_plural = _("個人データ消去記録")
        ordering = ["-erased_at", "-pk"]

    def __str__(self) -> str:
        return f"事業者#{self.former_pk} {self.erased_at:%Y-%m-%d %H:%M}"


class RetainedCaseRecord(models.Model):
    """What 行政書士法 §9 requires to be kept of a case (the 事件簿) after its client was deleted:
    事件の名称, 年月日, 受けた報酬の額, 依頼者の住所氏名 — for 2 years after the case closed.
    Nothing else about the client survives deletion; the row goes on ``keep_until``."""

    former_client_pk = models.BigIntegerField(_("削除した事業者の番号"), db_index=True)
    client_name = models.CharField(_("依頼者の氏名（事業者名）"), max_length=200)
    client_address = models.CharField(_("依頼者の住所"), max_length=300, blank=True)
    case_name = models.CharField(_("事件の名称"), max_length=200)
    opened_on = models.DateField(_("受任日"), null=True, blank=True)
    closed_on = models.DateField(_("終了日"), null=True, blank=True)
    fee = models.PositiveIntegerField(_("受けた報酬の額（円）"), null=True, blank=True)
    keep_until = models.DateField(_("保存期限"), db_index=True)
    deleted_at = models.DateTimeField(_("削除日時"), auto_now_add=True)
    deleted_by_username = models.CharField(
        _("削除した人（ユーザー名）"), max_length=150, blank=True
    )

    class Meta:
        verbose_name = _("事件簿の控え（削除した事業者）")
        verbose_name_plural = _("事件簿の控え（削除した事業者）")
        ordering = ["-deleted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_name} ({self.client_name})"
