"""The accounting export: issued invoices and payments as 弥生会計's journal import
(弥生インポート形式, 仕訳日記帳), which most Japanese tax accountants' offices read.

The layout is 弥生's documented one (弥生会計 サポート「仕訳データの項目と記述形式」,
https://support.yayoi-kk.co.jp/subcontents.html?page_id=18545): 25 columns, no header row,
Shift_JIS (cp932), one journal line per row with 識別フラグ 2000 (a single-line entry):

 1 識別フラグ  2 伝票No.  3 決算  4 取引日付  5 借方勘定科目  6 借方補助科目  7 借方部門
 8 借方税区分  9 借方金額  10 借方税金額  11 貸方勘定科目  12 貸方補助科目  13 貸方部門
 14 貸方税区分  15 貸方金額  16 貸方税金額  17 摘要  18 番号  19 期日  20 タイプ  21 生成元
 22 仕訳メモ  23 付箋1  24 付箋2  25 調整

An invoice becomes, per tax rate, 売掛金 / 売上高 (税込, 税区分 課税売上込10% or
課税売上込軽減8%, the rate's tax in 貸方税金額), and one 売掛金 / 立替金 line for the advances
(対象外); a payment becomes 普通預金 (or 現金) / 売掛金. A correction reverses its predecessor
and books itself again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from .models import IssuedDocument, Payment

COLUMNS = (
    "識別フラグ",
    "伝票No.",
    "決算",
    "取引日付",
    "借方勘定科目",
    "借方補助科目",
    "借方部門",
    "借方税区分",
    "借方金額",
    "借方税金額",
    "貸方勘定科目",
    "貸方補助科目",
    "貸方部門",
    "貸方税区分",
    "貸方金額",
    "貸方税金額",
    "摘要",
    "番号",
    "期日",
    "タイプ",
    "生成元",
    "仕訳メモ",
    "付箋1",
    "付箋2",
    "調整",
)
SINGLE_LINE = "2000"
ENCODING = "cp932"
SUMMARY_LIMIT = 64  # 摘要: 弥生 cuts longer text (full-width characters count as two)
ACCOUNTS_RECEIVABLE = "売掛金"
SALES = "売上高"
ADVANCES = "立替金"
PAYMENT_ACCOUNTS = {"transfer": "普通預金", "cash": "現金", "other": "普通預金"}
OUT_OF_SCOPE = "対象外"


# 弥生's 税区分 per rate (税込 entries). 8 % since 2019-10 is the reduced rate,
# 「課税売上込軽減8%」; 「課税売上込8%」 is the old standard rate (wrong line of the tax return).
SALES_TAX_CATEGORIES = {10: "課税売上込10%", 8: "課税売上込軽減8%"}


def _sales_tax_category(rate: int) -> str:
    try:
        return SALES_TAX_CATEGORIES[rate]
    except KeyError:
        raise ValueError(f"no 弥生 tax category for {rate}%") from None


def _row(
    *,
    day: date,
    debit: str,
    credit: str,
    amount: int,
    tax: int = 0,
    tax_category: str = "",
    sub: str = "",
    summary: str = "",
    number: str = "",
) -> list[str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "識別フラグ": SINGLE_LINE,
            "取引日付": day.strftime("%Y/%m/%d"),
            "借方勘定科目": debit,
            "借方補助科目": sub if debit == ACCOUNTS_RECEIVABLE else "",
            "借方税区分": OUT_OF_SCOPE,
            "借方金額": str(amount),
            "借方税金額": "0",
            "貸方勘定科目": credit,
            "貸方補助科目": sub if credit == ACCOUNTS_RECEIVABLE else "",
            "貸方税区分": tax_category or OUT_OF_SCOPE,
            "貸方金額": str(amount),
            "貸方税金額": str(tax),
            "摘要": _fit(summary),
            "番号": number,
            "タイプ": "0",
            "付箋1": "0",
            "付箋2": "0",
            "調整": "no",
        }
    )
    return [row[name] for name in COLUMNS]


def _fit(text: str) -> str:
    """Cut to what 弥生 keeps, counting a full-width character as two, and keep cp932 only."""
    text = text.encode(ENCODING, errors="replace").decode(ENCODING)
    out, width = [], 0
    for ch in text:
        width += 1 if ord(ch) < 0x80 else 2
        if width > SUMMARY_LIMIT:
            break
        out.append(ch)
    return "".join(out)


def _invoice_rows(document: IssuedDocument, sign_reverse: bool = False) -> Iterator[list[str]]:
    data = document.data
    sub = document.recipient_name[:15]
    label = "取消 " if sign_reverse else ""
    summary = f"{label}{data.get('title', '')} {document.number} {document.recipient_name}"
    for rate in data.get("by_rate", []):
        debit, credit = ACCOUNTS_RECEIVABLE, SALES
        if sign_reverse:
            debit, credit = SALES, ACCOUNTS_RECEIVABLE
        row = _row(
            day=document.issued_on,
            debit=debit,
            credit=credit,
            amount=rate["total"],
            tax=rate["tax"],
            tax_category=_sales_tax_category(rate["rate"]),
            sub=sub,
            summary=summary,
            number=document.number,
        )
        if sign_reverse:  # the sales side and its tax move to the debit columns
            row[7], row[9], row[13], row[15] = row[13], row[15], OUT_OF_SCOPE, "0"
        yield row
    if document.advances:
        debit, credit = ACCOUNTS_RECEIVABLE, ADVANCES
        if sign_reverse:
            debit, credit = ADVANCES, ACCOUNTS_RECEIVABLE
        yield _row(
            day=document.issued_on,
            debit=debit,
            credit=credit,
            amount=document.advances,
            sub=sub,
            summary=f"{summary} 立替金",
            number=document.number,
        )


def journal_rows(*, date_from: date, date_to: date) -> Iterator[list[str]]:
    invoices = (
        IssuedDocument.objects.filter(
            kind__in=(IssuedDocument.Kind.INVOICE, IssuedDocument.Kind.CORRECTION),
            issued_on__range=(date_from, date_to),
        )
        .select_related("refers_to")
        .defer("pdf", "refers_to__pdf")
        .order_by("issued_on", "pk")
    )
    for document in invoices:
        if document.kind == IssuedDocument.Kind.CORRECTION and document.refers_to:
            reversed_rows = _invoice_rows(document.refers_to, sign_reverse=True)
            for row in reversed_rows:
                row[3] = document.issued_on.strftime("%Y/%m/%d")
                yield row
        yield from _invoice_rows(document)
    payments = (
        Payment.objects.filter(paid_on__range=(date_from, date_to))
        .select_related("invoice")
        .defer("invoice__pdf", "invoice__data")
        .order_by("paid_on", "pk")
    )
    for payment in payments:
        yield _row(
            day=payment.paid_on,
            debit=PAYMENT_ACCOUNTS.get(payment.method, "普通預金"),
            credit=ACCOUNTS_RECEIVABLE,
            amount=payment.amount,
            sub=payment.invoice.recipient_name[:15],
            summary=f"入金 {payment.invoice.number} {payment.invoice.recipient_name}",
            number=payment.invoice.number,
        )


def journal_csv(*, date_from: date, date_to: date) -> bytes:
    """The 弥生インポート形式 file (cp932, CRLF, no header row) for the period."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in journal_rows(date_from=date_from, date_to=date_to):
        writer.writerow(row)
    return out.getvalue().encode(ENCODING, errors="replace")
