"""The office's money: the fee table, what each case was agreed, the documents issued from it
(quotes, 適格請求書 invoices and their corrections, receipts), payments and the per-year counters
that number the documents without gaps.

Money is integers of yen (``billing.money``). An issued document is never changed: its bytes and
their SHA-256 are stored when it is issued; a correction is a new document that refers to it.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clients.models import Client
from recovery.models import RecoveryCase

from . import money


class Rounding(models.TextChoices):
    FLOOR = money.FLOOR, _("切り捨て")
    HALF_UP = money.HALF_UP, _("四捨五入")
    CEIL = money.CEIL, _("切り上げ")


class Registrant(models.TextChoices):
    CORPORATION = money.CORPORATION, _("法人（登録番号は法人番号）")
    INDIVIDUAL = money.INDIVIDUAL, _("個人事業者")


class BillingSettings(models.Model):
    """The office's invoicing details. One row (pk=1), edited by an office admin in 事務所設定.
    The office's name and address come from ``office.OfficeProfile``."""

    registration_number = models.CharField(
        _("適格請求書発行事業者の登録番号"), max_length=14, blank=True
    )
    registrant = models.CharField(
        _("登録の区分"), max_length=12, choices=Registrant.choices, default=Registrant.INDIVIDUAL
    )
    rounding = models.CharField(
        _("消費税の端数処理"), max_length=8, choices=Rounding.choices, default=Rounding.FLOOR
    )
    bank_account = models.TextField(_("振込先"), blank=True)
    payment_days = models.PositiveSmallIntegerField(_("支払期限（請求日から何日後）"), default=30)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("請求の設定")
        verbose_name_plural = _("請求の設定")

    def __str__(self) -> str:
        return self.registration_number or "-"


class FeeItem(models.Model):
    """One line of the 報酬額表 (行政書士法 §10-2): the office's own fee for a kind of work."""

    name = models.CharField(_("業務"), max_length=100)
    amount = models.PositiveIntegerField(_("報酬額（税抜・円）"))
    tax_rate = models.PositiveSmallIntegerField(
        _("税率（%）"), default=money.STANDARD_RATE, choices=[(r, f"{r}%") for r in money.TAX_RATES]
    )
    note = models.CharField(_("備考"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("表示順"), default=0)
    active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        verbose_name = _("報酬額表の項目")
        verbose_name_plural = _("報酬額表")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Engagement(models.Model):
    """A case taken on (受任): the day and what was agreed. Any kind of case can carry one."""

    case = models.OneToOneField(
        RecoveryCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="engagement"
    )
    accepted_on = models.DateField(_("受任日"), db_index=True)
    title = models.CharField(_("事件の名称"), max_length=200)
    # Kept by the services from the lines, for the 事件簿 (受けた報酬の額) without a join.
    fee_total = models.PositiveIntegerField(_("報酬額（税込・円）"), default=0)
    advances_total = models.PositiveIntegerField(_("立替金（円）"), default=0)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("受任")
        verbose_name_plural = _("受任")
        ordering = ["-accepted_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ChargeLine(models.Model):
    """A fee (報酬, taxed) or an advance (立替金, no tax) of an engagement."""

    class Kind(models.TextChoices):
        FEE = "fee", _("報酬")
        ADVANCE = "advance", _("立替金")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("種類"), max_length=8, choices=Kind.choices, default=Kind.FEE)
    description = models.CharField(_("内容"), max_length=200)
    amount = models.PositiveIntegerField(_("金額（税抜・円）"))
    quantity = models.PositiveSmallIntegerField(_("数量"), default=1)
    tax_rate = models.PositiveSmallIntegerField(_("税率（%）"), default=money.STANDARD_RATE)
    fee_item = models.ForeignKey(
        FeeItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("報酬・立替金")
        verbose_name_plural = _("報酬・立替金")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.description} {self.amount}"

    def as_money_line(self) -> money.Line:
        advance = self.kind == self.Kind.ADVANCE
        return money.Line(
            description=self.description,
            amount=self.amount,
            quantity=self.quantity,
            tax_rate=0 if advance else self.tax_rate,
            advance=advance,
        )


class DocumentCounter(models.Model):
    """The last number issued of a series in a year; locked (SELECT … FOR UPDATE) to issue."""

    series = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="billing_counter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class IssuedDocumentQuerySet(models.QuerySet):
    """Refuses the bulk writes that bypass ``save()``/``delete()``: an issued document is never
    updated or deleted, not even many at once. (Django's own deletion collector uses the plain
    base manager, so a deleted client or user still empties ``client``/``issued_by``.)"""

    def update(self, **kwargs):
        raise ImmutableDocumentError(_("発行済みの書類は変更できません。"))

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableDocumentError(_("発行済みの書類は変更できません。"))

    def delete(self):
        raise ImmutableDocumentError(_("発行済みの書類は削除できません。"))

    delete.queryset_only = True


class IssuedDocument(models.Model):
    """A quote, invoice, corrected invoice or receipt as issued: its number, what it said
    (``data``), its totals and its PDF bytes with their SHA-256. Never updated or deleted."""

    class Kind(models.TextChoices):
        QUOTE = "quote", _("見積書")
        INVOICE = "invoice", _("請求書")
        CORRECTION = "correction", _("修正適格請求書")
        RECEIPT = "receipt", _("領収書")

    kind = models.CharField(_("種類"), max_length=12, choices=Kind.choices)
    series = models.CharField(max_length=10, editable=False)
    year = models.PositiveSmallIntegerField(_("年"))
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("番号"), max_length=16)
    issued_on = models.DateField(_("発行日"), db_index=True)
    issued_at = models.DateTimeField(_("発行日時"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The invoice stays when the client goes (tax law keeps it 7 years); its name stays here.
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.SET_NULL, related_name="billing_documents"
    )
    recipient_name = models.CharField(_("宛名"), max_length=200, db_index=True)
    due_on = models.DateField(_("支払期限"), null=True, blank=True)
    # A correction: the document it corrects. A receipt: the invoice it is for.
    refers_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="followers"
    )
    # The first invoice of a chain of corrections: payments are recorded against it.
    original = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paper = models.BooleanField(_("紙で交付"), default=False)
    subtotal = models.PositiveIntegerField(_("報酬（税抜）"), default=0)
    tax = models.PositiveIntegerField(_("消費税"), default=0)
    advances = models.PositiveIntegerField(_("立替金"), default=0)
    total = models.PositiveIntegerField(_("合計"), db_index=True)
    data = models.JSONField(_("記載内容"), default=dict)
    pdf = models.BinaryField(_("PDF"), editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    engagements = models.ManyToManyField(Engagement, related_name="documents", blank=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("発行済みの書類")
        verbose_name_plural = _("発行済みの書類")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "sequence"], name="billing_document_number_once"
            ),
        ]
        indexes = [models.Index(fields=["kind", "issued_on"], name="billing_doc_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args, **kwargs):
        # Issued documents are immutable: only their first save writes them.
        if self.pk is not None and not self._state.adding:
            raise ImmutableDocumentError(self.number)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableDocumentError(self.number)

    @property
    def is_invoice(self) -> bool:
        return self.kind in (self.Kind.INVOICE, self.Kind.CORRECTION)

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.number}.pdf"

    def bytes_intact(self) -> bool:
        return hashlib.sha256(bytes(self.pdf)).hexdigest() == self.sha256


class ImmutableDocumentError(RuntimeError):
    """An issued document was about to be changed or deleted."""


class Payment(models.Model):
    """Money received for an invoice chain (recorded against its original invoice)."""

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("銀行振込")
        CASH = "cash", _("現金")
        OTHER = "other", _("その他")

    invoice = models.ForeignKey(
        IssuedDocument, verbose_name=_("請求書"), on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("入金日"), db_index=True)
    amount = models.PositiveIntegerField(_("金額（円）"))
    method = models.CharField(
        _("方法"), max_length=10, choices=Method.choices, default=Method.TRANSFER
    )
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("記録日時"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("入金")
        verbose_name_plural = _("入金")
        ordering = ["-paid_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"


class OverdueNotice(models.Model):
    """That staff were told an invoice is overdue: claimed once, then emailed, then shown."""

    invoice = models.OneToOneField(
        IssuedDocument, on_delete=models.CASCADE, related_name="overdue_notice"
    )
    claim_token = models.CharField(max_length=64)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("支払期限超過の通知")
        verbose_name_plural = _("支払期限超過の通知")

    def __str__(self) -> str:
        return f"overdue {self.invoice_id}"
