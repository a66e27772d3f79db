"""Every write of the billing app: settings, the fee table, engagements and their lines, issuing
documents (numbered, rendered and frozen in one transaction), corrections, payments, receipts."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from office.models import AuditEvent
from office.services import audit_record
from recovery.models import CaseEvent, RecoveryCase
from recovery.timeline import timeline_record

from . import money
from .models import (
    BillingSettings,
    ChargeLine,
    Engagement,
    FeeItem,
    IssuedDocument,
    Payment,
)
from .numbering import next_number
from .pdfs import document_context, render_billing_pdf
from .selectors import billing_settings, chain_paid, engagement_money_lines, latest_version

Kind = IssuedDocument.Kind

# Corrections continue the invoices' series: a 修正適格請求書 is an invoice too.
SERIES = {
    Kind.QUOTE: "quote",
    Kind.INVOICE: "invoice",
    Kind.CORRECTION: "invoice",
    Kind.RECEIPT: "receipt",
}


class BillingError(ValueError):
    """A billing step that cannot be done; the message is for staff."""


# --- settings and the fee table ----------------------------------------------------------------


@transaction.atomic
def billing_settings_save(*, data: dict, user=None) -> BillingSettings:
    """Save the office's invoicing details (office admins; recorded in the audit log)."""
    current = billing_settings()
    changed = {
        name: str(value) for name, value in data.items() if getattr(current, name, None) != value
    }
    current.pk = 1
    for name, value in data.items():
        setattr(current, name, value)
    current.save()
    if changed:
        audit_record(
            actor=user,
            action=AuditEvent.Action.OFFICE_SETTINGS,
            target="billing.BillingSettings",
            details=changed,
        )
    return current


@transaction.atomic
def fee_item_save(*, item: FeeItem | None = None, data: dict, user=None) -> FeeItem:
    item = item or FeeItem()
    for name, value in data.items():
        setattr(item, name, value)
    item.save()
    audit_record(
        actor=user,
        action=AuditEvent.Action.OFFICE_SETTINGS,
        target=f"billing.FeeItem#{item.pk}",
        details={name: str(value) for name, value in data.items()},
    )
    return item


# --- engagements ----------------------------------------------------------------------------------


def _refresh_engagement_totals(engagement: Engagement) -> None:
    totals = money.totals(
        engagement_money_lines(engagement), billing_settings().rounding or money.DEFAULT_ROUNDING
    )
    if totals.total > money.MAX_TOTAL:  # the caller's transaction takes the new line back
        raise BillingError(
            _("1件の案件の合計は %(max)s円までです。金額と数量を確認してください。")
            % {"max": f"{money.MAX_TOTAL:,}"}
        )
    Engagement.objects.filter(pk=engagement.pk).update(
        fee_total=totals.fees_with_tax, advances_total=totals.advances
    )
    engagement.fee_total = totals.fees_with_tax
    engagement.advances_total = totals.advances


def default_title(case: RecoveryCase) -> str:
    return _("CCUS事業者IDログイン情報の復旧（案件#%(pk)s）") % {"pk": case.pk}


@transaction.atomic
def engagement_create(
    *,
    case: RecoveryCase,
    accepted_on: date,
    fee_item: FeeItem | None = None,
    amount: int | None = None,
    title: str = "",
    user=None,
) -> Engagement:
    """Take a case on (受任): the day, and the fee from the table (``amount`` overrides it)."""
    if Engagement.objects.filter(case=case).exists():
        raise BillingError(_("この案件は既に受任登録されています。"))
    engagement = Engagement.objects.create(
        case=case,
        accepted_on=accepted_on,
        title=title or (fee_item.name if fee_item else default_title(case)),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    if fee_item is not None or amount is not None:
        ChargeLine.objects.create(
            engagement=engagement,
            kind=ChargeLine.Kind.FEE,
            description=fee_item.name if fee_item else engagement.title,
            amount=fee_item.amount if amount is None else amount,
            tax_rate=fee_item.tax_rate if fee_item else money.STANDARD_RATE,
            fee_item=fee_item,
        )
    _refresh_engagement_totals(engagement)
    timeline_record(
        case_id=case.pk,
        kind=CaseEvent.Kind.UPDATE,
        actor=user if user is not None and user.is_authenticated else None,
        message=_("受任しました（受任日 %(day)s、報酬 %(fee)s円（税込））。")
        % {"day": accepted_on.isoformat(), "fee": f"{engagement.fee_total:,}"},
    )
    return engagement


@transaction.atomic
def engagement_update(*, engagement: Engagement, accepted_on: date, title: str, user=None):
    """Correct the 受任日 or the 事件の名称 (they go into the 事件簿, not into issued documents)."""
    engagement.accepted_on = accepted_on
    engagement.title = title
    engagement.save(update_fields=["accepted_on", "title"])
    timeline_record(
        case_id=engagement.case_id,
        kind=CaseEvent.Kind.UPDATE,
        actor=user if user is not None and user.is_authenticated else None,
        message=_("受任の内容を変更しました（受任日 %(day)s、事件の名称 %(title)s）。")
        % {"day": accepted_on.isoformat(), "title": title},
    )
    return engagement


@transaction.atomic
def charge_line_add(
    *,
    engagement: Engagement,
    kind: str,
    description: str,
    amount: int,
    quantity: int = 1,
    tax_rate: int = money.STANDARD_RATE,
    fee_item: FeeItem | None = None,
    user=None,
) -> ChargeLine:
    """Add a fee or an advance (立替金: no tax) to an engagement."""
    advance = kind == ChargeLine.Kind.ADVANCE
    money.Line(description, amount, quantity, 0 if advance else tax_rate, advance)  # validates
    line = ChargeLine.objects.create(
        engagement=engagement,
        kind=kind,
        description=description,
        amount=amount,
        quantity=quantity,
        tax_rate=0 if advance else tax_rate,
        fee_item=fee_item,
    )
    _refresh_engagement_totals(engagement)
    return line


@transaction.atomic
def charge_line_remove(*, line: ChargeLine, user=None) -> None:
    engagement = line.engagement
    line.delete()
    _refresh_engagement_totals(engagement)


# --- issuing --------------------------------------------------------------------------------------


def _check_same_client(engagements: list[Engagement]) -> None:
    if not engagements:
        raise BillingError(_("請求する案件を選んでください。"))
    clients = {e.case.client_id for e in engagements}
    if len(clients) != 1:
        raise BillingError(_("1通の書類にまとめられるのは、同じ事業者の案件だけです。"))


def _freeze(document: IssuedDocument, context: dict) -> None:
    pdf = render_billing_pdf(context)
    document.pdf = pdf
    document.sha256 = hashlib.sha256(pdf).hexdigest()


# What identifies a document rather than what it says: left out when a correction is compared.
_OWN_FIELDS = {"kind", "title", "number", "issued_on", "issued_on_ja", "due_on_ja", "refers_to"}


def _content(data: dict) -> dict:
    """What a document says, for comparing a correction with the invoice it corrects. A line's
    取引年月日 that is the document's own day (a case still running) is not a difference."""
    day = data.get("issued_on_ja")
    content = {key: value for key, value in data.items() if key not in _OWN_FIELDS}
    for key in ("fees", "advance_lines"):
        content[key] = [
            {**row, "date": "" if row.get("date") == day else row.get("date")}
            for row in data.get(key, [])
        ]
    return content


def _issue(
    *,
    kind: str,
    engagements: list[Engagement],
    user,
    issued_on: date | None,
    refers_to: IssuedDocument | None = None,
    paper: bool = False,
    payment: Payment | None = None,
) -> IssuedDocument:
    issued_on = issued_on or timezone.localdate()
    settings_row = billing_settings()
    if kind in (Kind.INVOICE, Kind.CORRECTION, Kind.RECEIPT) and not (
        settings_row.registration_number
    ):
        raise BillingError(
            _(
                "適格請求書発行事業者の登録番号が未設定です。事務所設定の「請求の設定」で入力してください。"
            )
        )
    client = engagements[0].case.client if engagements else refers_to.client
    sequence, number = next_number(series=SERIES[kind], year=issued_on.year)
    due_on = None
    if kind in (Kind.INVOICE, Kind.CORRECTION):
        due_on = issued_on + timedelta(days=settings_row.payment_days)
    context = document_context(
        kind=kind,
        number=number,
        issued_on=issued_on,
        engagements=engagements,
        client=client,
        recipient_name=refers_to.recipient_name if client is None else client.name,
        due_on=due_on,
        refers_to=refers_to,
        paper=paper,
        payment=payment,
    )
    if kind == Kind.CORRECTION and _content(context["data"]) == _content(refers_to.data):
        raise BillingError(
            _(
                "元の請求書から内容が変わっていません。先に報酬・立替金や宛先を直してから"
                "修正適格請求書を発行してください。"
            )
        )
    if context["total"] > money.MAX_TOTAL:  # the transaction gives the number back
        raise BillingError(
            _("1通の書類の合計は %(max)s円までです。案件を分けて発行してください。")
            % {"max": f"{money.MAX_TOTAL:,}"}
        )
    document = IssuedDocument(
        kind=kind,
        series=SERIES[kind],
        year=issued_on.year,
        sequence=sequence,
        number=number,
        issued_on=issued_on,
        issued_by=user if user is not None and user.is_authenticated else None,
        client=client,
        recipient_name=context["recipient_name"],
        due_on=due_on,
        refers_to=refers_to,
        original=(refers_to.original or refers_to)
        if kind == Kind.CORRECTION and refers_to
        else None,
        paper=paper,
        subtotal=context["subtotal"],
        tax=context["tax"],
        advances=context["advances"],
        total=context["total"],
        data=context["data"],
    )
    _freeze(document, context)
    document.save()
    document.engagements.set(engagements)
    actor = user if user is not None and user.is_authenticated else None
    for engagement in engagements:
        timeline_record(
            case_id=engagement.case_id,
            kind=CaseEvent.Kind.DOCUMENT,
            actor=actor,
            message=_("%(kind)s %(number)s を発行しました（%(total)s円）。")
            % {
                "kind": document.get_kind_display(),
                "number": number,
                "total": f"{document.total:,}",
            },
        )
    return document


@transaction.atomic
def quote_issue(*, engagements: list[Engagement], user=None, issued_on: date | None = None):
    """Issue a 見積書 for one or more cases of one client."""
    _check_same_client(engagements)
    return _issue(kind=Kind.QUOTE, engagements=engagements, user=user, issued_on=issued_on)


@transaction.atomic
def invoice_issue(*, engagements: list[Engagement], user=None, issued_on: date | None = None):
    """Issue a 請求書 (適格請求書) for one or more cases of one client, none invoiced yet."""
    _check_same_client(engagements)
    # Two staff invoicing the same case at once: the second waits here, then sees the first.
    list(Engagement.objects.select_for_update().filter(pk__in=[e.pk for e in engagements]))
    invoiced = IssuedDocument.objects.filter(
        kind__in=(Kind.INVOICE, Kind.CORRECTION), engagements__in=engagements
    )
    if invoiced.exists():
        raise BillingError(
            _("請求済みの案件が含まれています。訂正は「修正適格請求書」で行ってください。")
        )
    if not any(e.fee_total or e.advances_total for e in engagements):
        raise BillingError(_("請求する金額がありません。報酬か立替金を入力してください。"))
    return _issue(kind=Kind.INVOICE, engagements=engagements, user=user, issued_on=issued_on)


@transaction.atomic
def invoice_correct(*, invoice: IssuedDocument, user=None, issued_on: date | None = None):
    """Issue a 修正適格請求書 from the cases' current lines, referring to ``invoice``; the
    original stays as it was issued."""
    invoice = IssuedDocument.objects.select_for_update().get(pk=invoice.pk)
    if not invoice.is_invoice:
        raise BillingError(_("修正できるのは請求書だけです。"))
    if invoice.followers.filter(kind=Kind.CORRECTION).exists():
        raise BillingError(
            _("この請求書は既に修正されています。最新の修正適格請求書を修正してください。")
        )
    engagements = list(invoice.engagements.select_related("case__client"))
    if not engagements:
        raise BillingError(_("この請求書の案件は削除されています。"))
    return _issue(
        kind=Kind.CORRECTION,
        engagements=engagements,
        user=user,
        issued_on=issued_on,
        refers_to=invoice,
    )


@transaction.atomic
def payment_record(
    *,
    invoice: IssuedDocument,
    paid_on: date,
    amount: int,
    method: str = Payment.Method.TRANSFER,
    note: str = "",
    user=None,
) -> Payment:
    """Record money received for an invoice (any version of it); refuse more than is due."""
    original = IssuedDocument.objects.select_for_update().get(
        pk=(invoice.original_id or invoice.pk)
    )
    if not invoice.is_invoice:
        raise BillingError(_("入金を記録できるのは請求書だけです。"))
    if amount < 1:
        raise BillingError(_("入金額は1円以上で入力してください。"))
    if paid_on > timezone.localdate():
        raise BillingError(_("入金日に未来の日付は入力できません。"))
    latest = latest_version(original)
    outstanding = latest.total - chain_paid(original)
    if amount > outstanding:
        raise BillingError(
            _("入金額が未入金額（%(due)s円）を超えています。") % {"due": f"{outstanding:,}"}
        )
    payment = Payment.objects.create(
        invoice=original,
        paid_on=paid_on,
        amount=amount,
        method=method,
        note=note,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    actor = user if user is not None and user.is_authenticated else None
    for engagement in latest.engagements.all():
        timeline_record(
            case_id=engagement.case_id,
            kind=CaseEvent.Kind.UPDATE,
            actor=actor,
            message=_("請求書 %(number)s に %(amount)s円の入金を記録しました（%(day)s）。")
            % {"number": latest.number, "amount": f"{amount:,}", "day": paid_on.isoformat()},
        )
    return payment


@transaction.atomic
def receipt_issue(*, payment: Payment, paper: bool = False, user=None, issued_on=None):
    """Issue a 領収書 for a payment, once: a second receipt for the same money would be a double
    receipt (收入印紙 rule: ``money.stamp_duty_applies``)."""
    payment = Payment.objects.select_for_update().select_related("invoice").get(pk=payment.pk)
    issued = IssuedDocument.objects.filter(
        kind=Kind.RECEIPT, data__receipt__payment_id=payment.pk
    ).first()
    if issued is not None:
        raise BillingError(
            _(
                "この入金の領収書は既に発行しています（%(number)s）。発行済みの領収書をお使いください。"
            )
            % {"number": issued.number}
        )
    invoice = latest_version(payment.invoice)
    return _issue(
        kind=Kind.RECEIPT,
        engagements=list(invoice.engagements.select_related("case__client")),
        user=user,
        issued_on=issued_on or payment.paid_on,
        refers_to=invoice,
        paper=paper,
        payment=payment,
    )


@transaction.atomic
def payment_cancel(*, payment: Payment, user=None) -> None:
    """Take back a payment recorded by mistake; refused once a receipt was issued for it (the
    receipt cannot be taken back)."""
    payment = Payment.objects.select_for_update().select_related("invoice").get(pk=payment.pk)
    if IssuedDocument.objects.filter(
        kind=Kind.RECEIPT, data__receipt__payment_id=payment.pk
    ).exists():
        raise BillingError(_("領収書を発行した入金は取り消せません。"))
    latest = latest_version(payment.invoice)
    actor = user if user is not None and user.is_authenticated else None
    for engagement in latest.engagements.all():
        timeline_record(
            case_id=engagement.case_id,
            kind=CaseEvent.Kind.UPDATE,
            actor=actor,
            message=_("請求書 %(number)s の %(amount)s円の入金（%(day)s）を取り消しました。")
            % {
                "number": latest.number,
                "amount": f"{payment.amount:,}",
                "day": payment.paid_on.isoformat(),
            },
        )
    payment.delete()
