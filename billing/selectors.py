"""Reads of the billing app: settings, money lines, what is unbilled, unpaid and paid, totals
per month, and the 事件簿."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from . import money
from .models import BillingSettings, Engagement, FeeItem, IssuedDocument, Payment

Kind = IssuedDocument.Kind
INVOICE_KINDS = (Kind.INVOICE, Kind.CORRECTION)


def billing_settings() -> BillingSettings:
    """The office's invoicing details; an unsaved default before an admin fills them in."""
    return BillingSettings.objects.filter(pk=1).first() or BillingSettings(pk=1)


def fee_items(*, active_only: bool = True) -> QuerySet[FeeItem]:
    items = FeeItem.objects.all()
    return items.filter(active=True) if active_only else items


def engagement_money_lines(engagement: Engagement) -> list[money.Line]:
    return [line.as_money_line() for line in engagement.lines.all()]


def chain_paid(original: IssuedDocument) -> int:
    """What was received for an invoice chain (payments are kept on its original)."""
    return Payment.objects.filter(invoice=original).aggregate(s=Sum("amount"))["s"] or 0


def latest_version(invoice: IssuedDocument) -> IssuedDocument:
    """The newest correction of ``invoice``'s chain, or the original itself."""
    original_id = invoice.original_id or invoice.pk
    newest = (
        IssuedDocument.objects.filter(original_id=original_id, kind=Kind.CORRECTION)
        .order_by("-year", "-sequence")
        .first()
    )
    return newest or IssuedDocument.objects.get(pk=original_id)


def _paid_subquery():
    root = Coalesce(OuterRef("original_id"), OuterRef("pk"))
    return Subquery(
        Payment.objects.filter(invoice_id=root)
        .order_by()
        .values("invoice_id")
        .annotate(s=Sum("amount"))
        .values("s"),
        output_field=IntegerField(),
    )


def current_invoices() -> QuerySet[IssuedDocument]:
    """Invoices not superseded by a correction, with ``paid`` and ``outstanding``."""
    superseded = IssuedDocument.objects.filter(refers_to=OuterRef("pk"), kind=Kind.CORRECTION)
    return (
        IssuedDocument.objects.filter(kind__in=INVOICE_KINDS)
        .exclude(Exists(superseded))
        .annotate(paid=Coalesce(_paid_subquery(), Value(0)))
        .annotate(outstanding=F("total") - F("paid"))
        .defer("pdf", "data")
    )


def unbilled_engagements() -> QuerySet[Engagement]:
    """Cases taken on with something to bill and no invoice yet (未請求)."""
    invoiced = IssuedDocument.objects.filter(engagements=OuterRef("pk"), kind__in=INVOICE_KINDS)
    return (
        Engagement.objects.exclude(Exists(invoiced))
        .filter(Q(fee_total__gt=0) | Q(advances_total__gt=0))
        .select_related("case__client")
        .order_by("accepted_on", "pk")
    )


def unpaid_invoices(*, today: date) -> QuerySet[IssuedDocument]:
    """Invoices with money still due (未入金), the oldest due first; ``overdue`` marks those
    past their due date."""
    return (
        current_invoices()
        .filter(outstanding__gt=0)
        .annotate(
            overdue=Q(due_on__lt=today),
        )
        .order_by("due_on", "pk")
    )


def payments_in_month(*, year: int, month: int) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(paid_on__year=year, paid_on__month=month)
        .select_related("invoice")
        .order_by("-paid_on", "-pk")
    )


@dataclass(frozen=True)
class MonthTotal:
    year: int
    month: int
    invoiced: int
    received: int


def month_totals(*, year: int) -> list[MonthTotal]:
    """Per month of ``year``: the current invoices issued, and the money received."""
    invoiced = dict(
        (row["m"], row["s"])
        for row in current_invoices()
        .filter(issued_on__year=year)
        .annotate(m=ExtractMonth("issued_on"))
        .values("m")
        .annotate(s=Sum("total"))
        .values("m", "s")
        .order_by()
    )
    received = dict(
        (row["m"], row["s"])
        for row in Payment.objects.filter(paid_on__year=year)
        .annotate(m=ExtractMonth("paid_on"))
        .values("m")
        .annotate(s=Sum("amount"))
        .values("m", "s")
        .order_by()
    )
    return [
        MonthTotal(year, m, invoiced.get(m, 0) or 0, received.get(m, 0) or 0) for m in range(1, 13)
    ]


def billing_years() -> list[int]:
    years = set(
        IssuedDocument.objects.annotate(y=ExtractYear("issued_on"))
        .values_list("y", flat=True)
        .distinct()
        .order_by()
    )
    return sorted(years, reverse=True)


def documents_of_case(case_id: int) -> QuerySet[IssuedDocument]:
    return (
        IssuedDocument.objects.filter(engagements__case_id=case_id)
        .defer("pdf", "data")
        .order_by("issued_at", "pk")
    )


def document_search(
    *,
    kind: str = "",
    date_from=None,
    date_to=None,
    amount=None,
    amount_min=None,
    amount_max=None,
    counterparty: str = "",
) -> QuerySet[IssuedDocument]:
    """Issued documents searchable by date, amount and counterparty (電子帳簿保存法)."""
    rows = IssuedDocument.objects.defer("pdf", "data").order_by("-issued_on", "-pk")
    if kind:
        rows = rows.filter(kind=kind)
    if date_from:
        rows = rows.filter(issued_on__gte=date_from)
    if date_to:
        rows = rows.filter(issued_on__lte=date_to)
    if amount is not None:
        rows = rows.filter(total=amount)
    if amount_min is not None:
        rows = rows.filter(total__gte=amount_min)
    if amount_max is not None:
        rows = rows.filter(total__lte=amount_max)
    if counterparty:
        rows = rows.filter(recipient_name__icontains=counterparty)
    return rows


def payments_with_receipts(invoice: IssuedDocument) -> list[Payment]:
    """The payments of ``invoice``'s chain, each with ``receipt_number`` ("" until its one
    receipt is issued), in two queries."""
    payments = list(Payment.objects.filter(invoice_id=invoice.original_id or invoice.pk))
    receipts = IssuedDocument.objects.filter(
        kind=Kind.RECEIPT, data__receipt__payment_id__in=[p.pk for p in payments]
    ).values_list("data__receipt__payment_id", "number")
    numbers = dict(receipts) if payments else {}
    for payment in payments:
        payment.receipt_number = numbers.get(payment.pk, "")
    return payments
