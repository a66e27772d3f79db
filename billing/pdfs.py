"""The billing PDFs — 見積書, 請求書 (適格請求書), 修正適格請求書, 領収書 — from one template.

``document_context`` turns the cases' lines into the document's content (``data``: plain JSON,
stored with the issued document); ``render_billing_pdf`` lays it out through ``office.pdf``.
A qualified invoice carries what インボイス制度 asks: the issuer's name and registration number,
the transaction dates, what was done, the amounts per tax rate with the rate, the tax per rate
(rounded once per invoice per rate, ``billing.money``) and the recipient's name.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone, translation

from clients.addressee import client_addressee
from office.dates import format_date_ja
from office.pdf import PDF_CONTENT_TYPE, render_document, write_pdf
from office.selectors import get_office

from . import money
from .models import Engagement, IssuedDocument, Payment

Kind = IssuedDocument.Kind
TEMPLATE = "billing/pdf/document.html"
FEE_TABLE_TEMPLATE = "billing/pdf/fee_table.html"

TITLES = {
    Kind.QUOTE: "御見積書",
    Kind.INVOICE: "請求書",
    Kind.CORRECTION: "修正適格請求書",
    Kind.RECEIPT: "領収書",
}
ROUNDING_LABELS = {money.FLOOR: "切り捨て", money.HALF_UP: "四捨五入", money.CEIL: "切り上げ"}


def _transaction_day(engagement: Engagement, issued_on: date) -> date:
    """取引年月日: the day the work was finished, or the day of the document while it runs."""
    closed_at = engagement.case.closed_at
    return timezone.localdate(closed_at) if closed_at else issued_on


def _issuer(settings_row) -> dict:
    office = get_office()
    return {
        "name": office.name,
        "postal_code": office.postal_code,
        "address": office.address,
        "tel": office.tel,
        "fax": office.fax,
        "email": office.email,
        "registration_number": settings_row.registration_number,
    }


def document_context(
    *,
    kind: str,
    number: str,
    issued_on: date,
    engagements: list[Engagement],
    client,
    recipient_name: str,
    due_on: date | None = None,
    refers_to: IssuedDocument | None = None,
    paper: bool = False,
    payment: Payment | None = None,
) -> dict:
    """The content of a document (``data``, stored with it) and its totals."""
    from .selectors import billing_settings, engagement_money_lines

    settings_row = billing_settings()
    rounding = settings_row.rounding or money.DEFAULT_ROUNDING
    rows = []
    lines: list[money.Line] = []
    for engagement in engagements:
        day = format_date_ja(_transaction_day(engagement, issued_on))
        for line in engagement_money_lines(engagement):
            lines.append(line)
            rows.append(
                {
                    "date": day,
                    "case": engagement.title,
                    "description": line.description,
                    "amount": line.amount,
                    "quantity": line.quantity,
                    "total": line.total,
                    "tax_rate": line.tax_rate,
                    "advance": line.advance,
                }
            )
    totals = money.totals(lines, rounding)
    data = {
        "kind": kind,
        "title": TITLES[kind],
        "number": number,
        "issued_on": issued_on.isoformat(),
        "issued_on_ja": format_date_ja(issued_on),
        "issuer": _issuer(settings_row),
        # The office's one addressee rule (clients/addressee.py): 御中, or the contact's 様.
        "recipient": {
            "name": recipient_name,
            "person": client_addressee(client).person if client else "",
            "address": client.address if client else "",
        },
        "fees": [row for row in rows if not row["advance"]],
        "advance_lines": [row for row in rows if row["advance"]],
        "by_rate": [
            {"rate": r.rate, "base": r.base, "tax": r.tax, "total": r.total} for r in totals.by_rate
        ],
        "subtotal": totals.subtotal,
        "tax": totals.tax,
        "advances": totals.advances,
        "total": totals.total,
        "rounding": ROUNDING_LABELS[rounding],
        "due_on_ja": format_date_ja(due_on) if due_on else "",
        "bank_account": settings_row.bank_account if kind != Kind.RECEIPT else "",
        "refers_to": (
            {
                "kind": TITLES[refers_to.kind],
                "number": refers_to.number,
                "issued_on_ja": format_date_ja(refers_to.issued_on),
            }
            if refers_to
            else None
        ),
        "receipt": _receipt(payment, totals, paper, settings_row.registrant)
        if kind == Kind.RECEIPT
        else None,
    }
    amount = data["receipt"]["amount"] if data["receipt"] else totals.total
    return {
        "recipient_name": recipient_name,
        "subtotal": totals.subtotal,
        "tax": totals.tax,
        "advances": totals.advances,
        "total": amount,
        "data": data,
    }


def _receipt(payment: Payment, totals: money.Totals, paper: bool, registrant: str) -> dict:
    # A receipt for the whole invoice states its tax (then not part of the stamp's amount);
    # a part payment states only the sum received.
    whole = payment.amount == totals.total
    tax_stated = totals.tax if whole else 0
    return {
        "payment_id": payment.pk,
        "amount": payment.amount,
        "paid_on_ja": format_date_ja(payment.paid_on),
        "method": str(Payment.Method(payment.method).label),
        "whole": whole,
        "tax_stated": tax_stated,
        "paper": paper,
        "stamp": money.stamp_duty_applies(
            amount=payment.amount,
            tax_stated=tax_stated,
            paper=paper,
            corporation=registrant == money.CORPORATION,
        ),
        # A paper receipt of an individual 行政書士 from 50,000円 says why it bears no stamp.
        "stamp_exempt": paper
        and registrant != money.CORPORATION
        and payment.amount - tax_stated >= money.STAMP_DUTY_THRESHOLD,
    }


def render_billing_pdf(context: dict) -> bytes:
    with translation.override("ja"):
        return write_pdf(render_document(TEMPLATE, {"doc": context["data"]}))


def render_issued(document: IssuedDocument) -> tuple[str, str, bytes]:
    """The stored bytes of an issued document, never re-rendered."""
    return document.filename, PDF_CONTENT_TYPE, bytes(document.pdf)


def render_fee_table(items, settings_row) -> tuple[str, str, bytes]:
    """The 報酬額表 to display in the office (行政書士法 §10-2)."""
    rows = [
        {
            "name": item.name,
            "amount": item.amount,
            "tax_rate": item.tax_rate,
            "with_tax": item.amount
            + money.tax_for(item.amount, item.tax_rate, settings_row.rounding),
            "note": item.note,
        }
        for item in items
    ]
    context = {
        "office": get_office(),
        "rows": rows,
        "today": format_date_ja(timezone.localdate()),
        "registration_number": settings_row.registration_number,
    }
    return (
        "fee-table.pdf",
        PDF_CONTENT_TYPE,
        write_pdf(render_document(FEE_TABLE_TEMPLATE, context)),
    )
