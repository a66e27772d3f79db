"""The billing pages: the money desk, 事務所設定's fee table and invoicing details, a case's
fee and documents, invoices and payments, the 事件簿 and the accounting export."""

from __future__ import annotations

import calendar
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from office.models import AccessLog
from office.roles import office_admin_required
from office.services import access_log_record
from recovery.models import RecoveryCase

from . import case_book, selectors, services
from .accounting import journal_csv
from .forms import (
    BillingSettingsForm,
    ChargeLineForm,
    DocumentSearchForm,
    EngagementEditForm,
    EngagementForm,
    FeeItemForm,
    MonthForm,
    PaymentForm,
    YearForm,
)
from .models import ChargeLine, Engagement, FeeItem, IssuedDocument, Payment
from .pdfs import render_fee_table, render_issued

PAGE_SIZE = 50


def _download(filename: str, content_type: str, data: bytes, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _year(request: HttpRequest) -> int | None:
    form = YearForm(request.GET)
    return form.cleaned_data.get("year") if form.is_valid() else None


# --- the desk -------------------------------------------------------------------------------------


def desk(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = _year(request) or today.year
    unpaid = list(selectors.unpaid_invoices(today=today))
    context = {
        "today": today,
        "year": year,
        "unbilled": selectors.unbilled_engagements()[:200],
        "unpaid": unpaid,
        "unpaid_total": sum(i.outstanding for i in unpaid),
        "overdue_count": sum(1 for i in unpaid if i.overdue),
        "paid": selectors.payments_in_month(year=today.year, month=today.month),
        "months": selectors.month_totals(year=year),
        "years": sorted({today.year, year, *selectors.billing_years()}, reverse=True),
    }
    context["paid_total"] = sum(p.amount for p in context["paid"])
    return render(request, "billing/desk.html", context)


# --- settings and the fee table (office admins) ----------------------------------------------


@office_admin_required
def billing_settings_view(request: HttpRequest) -> HttpResponse:
    form = BillingSettingsForm(request.POST or None, instance=selectors.billing_settings())
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm_number"}
        services.billing_settings_save(data=data, user=request.user)
        messages.success(request, _("請求の設定を保存しました。"))
        return redirect("billing_settings")
    items = selectors.fee_items(active_only=False)
    return render(request, "billing/settings.html", {"form": form, "items": items})


@office_admin_required
def fee_item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(FeeItem, pk=pk) if pk else None
    form = FeeItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.fee_item_save(item=item, data=form.cleaned_data, user=request.user)
        messages.success(request, _("報酬額表を保存しました。"))
        return redirect("billing_settings")
    return render(request, "billing/fee_item_form.html", {"form": form, "item": item})


def fee_table_pdf(request: HttpRequest) -> HttpResponse:
    items = selectors.fee_items()
    return _download(*render_fee_table(items, selectors.billing_settings()))


# --- a case's fee and documents --------------------------------------------------------------


def case_billing(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(RecoveryCase.objects.select_related("client"), pk=case_id)
    engagement = Engagement.objects.filter(case=case).first()
    if engagement is None:
        return _engagement_new(request, case)
    others = (
        selectors.unbilled_engagements().filter(case__client=case.client).exclude(pk=engagement.pk)
    )
    context = {
        "case": case,
        "engagement": engagement,
        "lines": engagement.lines.all(),
        "line_form": ChargeLineForm(),
        "others": others,
        "documents": selectors.documents_of_case(case.pk),
        "invoiced": selectors.documents_of_case(case.pk)
        .filter(kind__in=selectors.INVOICE_KINDS)
        .exists(),
    }
    return render(request, "billing/case.html", context)


def _engagement_new(request: HttpRequest, case: RecoveryCase) -> HttpResponse:
    form = EngagementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.engagement_create(case=case, user=request.user, **form.cleaned_data)
        messages.success(request, _("受任を登録しました。"))
        return redirect("billing_case", case.pk)
    context = {"case": case, "form": form, "has_fees": selectors.fee_items().exists()}
    return render(request, "billing/engagement_new.html", context)


def engagement_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    engagement = get_object_or_404(
        Engagement.objects.select_related("case__client"), case_id=case_id
    )
    initial = {"accepted_on": engagement.accepted_on, "title": engagement.title}
    form = EngagementEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.engagement_update(engagement=engagement, user=request.user, **form.cleaned_data)
        messages.success(request, _("受任の内容を保存しました。"))
        return redirect("billing_case", case_id)
    return render(request, "billing/engagement_edit.html", {"form": form, "engagement": engagement})


@require_POST
def line_add(request: HttpRequest, case_id: int) -> HttpResponse:
    engagement = get_object_or_404(Engagement, case_id=case_id)
    form = ChargeLineForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("入力内容を確認してください: %(errors)s") % {"errors": _errors(form)}
        )
        return redirect("billing_case", case_id)
    try:
        services.charge_line_add(engagement=engagement, user=request.user, **form.cleaned_data)
        messages.success(request, _("追加しました。"))
    except services.BillingError as error:
        messages.error(request, str(error))
    return redirect("billing_case", case_id)


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@require_POST
def line_remove(request: HttpRequest, case_id: int, pk: int) -> HttpResponse:
    line = get_object_or_404(ChargeLine, pk=pk, engagement__case_id=case_id)
    services.charge_line_remove(line=line, user=request.user)
    messages.success(request, _("削除しました。"))
    return redirect("billing_case", case_id)


@require_POST
def document_issue(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    engagement = get_object_or_404(Engagement, case_id=case_id)
    ids = [int(i) for i in request.POST.getlist("with") if i.isdigit()]
    extra = Engagement.objects.filter(pk__in=ids).select_related("case__client")
    engagements = [engagement, *[e for e in extra if e.pk != engagement.pk]]
    issue = {"quote": services.quote_issue, "invoice": services.invoice_issue}.get(kind)
    if issue is None:
        return redirect("billing_case", case_id)
    try:
        document = issue(engagements=engagements, user=request.user)
    except services.BillingError as error:
        messages.error(request, str(error))
        return redirect("billing_case", case_id)
    messages.success(
        request,
        _("%(kind)s %(number)s を発行しました。")
        % {"kind": document.get_kind_display(), "number": document.number},
    )
    return redirect("billing_case", case_id)


# --- documents, invoices and payments ----------------------------------------------------------


def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(IssuedDocument, pk=pk)
    if document.client_id:
        access_log_record(request=request, action=AccessLog.Action.PRINT, target=document.client)
    return _download(*render_issued(document))


def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(IssuedDocument, pk=pk, kind__in=selectors.INVOICE_KINDS)
    latest = selectors.latest_version(invoice)
    state = selectors.current_invoices().filter(pk=latest.pk).first()
    form = PaymentForm(request.POST or None, outstanding=state.outstanding if state else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_record(invoice=latest, user=request.user, **form.cleaned_data)
            messages.success(request, _("入金を記録しました。"))
            return redirect("billing_invoice", latest.pk)
        except services.BillingError as error:
            form.add_error("amount", str(error))
    context = {
        "invoice": invoice,
        "latest": latest,
        "state": state,
        "overpaid": max(0, -state.outstanding) if state else 0,  # a correction went below paid
        "form": form,
        "payments": selectors.payments_with_receipts(invoice),
        "receipts": IssuedDocument.objects.filter(
            kind=IssuedDocument.Kind.RECEIPT, refers_to__in=[invoice.pk, latest.pk]
        ).defer("pdf"),
    }
    return render(request, "billing/invoice.html", context)


def invoice_correct(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(IssuedDocument, pk=pk)
    if request.method != "POST":
        return render(request, "billing/invoice_correct.html", {"invoice": invoice})
    try:
        correction = services.invoice_correct(invoice=invoice, user=request.user)
    except services.BillingError as error:
        messages.error(request, str(error))
        return redirect("billing_invoice", invoice.pk)
    messages.success(
        request, _("修正適格請求書 %(number)s を発行しました。") % {"number": correction.number}
    )
    return redirect("billing_invoice", correction.pk)


@require_POST
def receipt_issue(request: HttpRequest, pk: int) -> HttpResponse:
    payment = get_object_or_404(Payment, pk=pk)
    paper = request.POST.get("paper") == "1"
    try:
        receipt = services.receipt_issue(payment=payment, paper=paper, user=request.user)
    except services.BillingError as error:
        messages.error(request, str(error))
        return redirect("billing_invoice", payment.invoice_id)
    messages.success(request, _("領収書 %(number)s を発行しました。") % {"number": receipt.number})
    return redirect("billing_invoice", payment.invoice_id)


def payment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    payment = get_object_or_404(Payment.objects.select_related("invoice"), pk=pk)
    if request.method != "POST":
        return render(request, "billing/payment_cancel.html", {"payment": payment})
    try:
        services.payment_cancel(payment=payment, user=request.user)
        messages.success(request, _("入金を取り消しました。"))
    except services.BillingError as error:
        messages.error(request, str(error))
    return redirect("billing_invoice", payment.invoice_id)


def document_list(request: HttpRequest) -> HttpResponse:
    form = DocumentSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.document_search(**{k: v for k, v in filters.items() if v not in ("", None)})
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "billing/document_list.html", {"form": form, "page": page})


# --- the 事件簿 and the accounting export -------------------------------------------------------


def case_book_view(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    # The book shows clients' names and addresses: each viewing is traceable (APPI).
    access_log_record(request=request, action=AccessLog.Action.VIEW, target="billing.事件簿")
    count = case_book.case_book_count(year=year)
    page = Paginator(range(count), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = case_book.case_book_page(
        year=year, offset=page.start_index() - 1 if count else 0, limit=PAGE_SIZE, total=count
    )
    context = {"page": page, "entries": entries, "year": year, "years": case_book.case_book_years()}
    return render(request, "billing/case_book.html", context)


def case_book_csv(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    access_log_record(request=request, action=AccessLog.Action.EXPORT, target="billing.事件簿")
    name = f"jikenbo-{year or 'all'}.csv"
    return _download(name, "text/csv; charset=utf-8", case_book.case_book_csv(year=year), False)


def case_book_pdf(request: HttpRequest) -> HttpResponse:
    year = _year(request) or timezone.localdate().year
    access_log_record(request=request, action=AccessLog.Action.PRINT, target="billing.事件簿")
    return _download(*case_book.render_case_book_pdf(year=year))


def accounting_export(request: HttpRequest) -> HttpResponse:
    form = MonthForm(request.GET or None)
    if not form.is_valid():
        return render(request, "billing/accounting.html", {"form": form})
    year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    start, end = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    data = journal_csv(date_from=start, date_to=end)
    name = f"yayoi-{year}{month:02d}.csv"
    return _download(name, "text/csv; charset=Shift_JIS", data, inline=False)
