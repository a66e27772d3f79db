"""Document views: PDF downloads, a FAX page that chooses the documents and the 通信欄 before
one FAX送付状, emailing a case's documents to the client after a
confirmation page, ZIP batches with progress and a retry for failed jobs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients.models import Client
from office.models import AccessLog
from office.once import once
from office.services import access_log_record
from recovery.models import RecoveryCase

from . import pdfs, services
from .forms import FaxForm
from .models import DocumentBatch


def file_response(
    filename: str, content_type: str, data: bytes, *, attachment: bool = False
) -> HttpResponse:
    """Every document download: the file, its name, and never a cached copy (personal data)."""
    response = HttpResponse(data, content_type=content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _case_pdf(request: HttpRequest, pk: int, document) -> HttpResponse:
    case = get_object_or_404(RecoveryCase.objects.select_related("client"), pk=pk)
    result = pdfs.render_fax([document(case)])
    access_log_record(request=request, action=AccessLog.Action.PRINT, target=case.client)
    return file_response(*result)


def _fax_page(
    request: HttpRequest, *, client: Client, documents: dict, back_url: str, heading: str
) -> HttpResponse:
    """A form before the FAX PDF: which documents, and the 通信欄 as staff want it printed.

    ``documents`` maps a choice to ``(label, make_document)``; the chosen ones go, in this
    order, behind one FAX送付状. Without the client's FAX number there is no cover: the page
    says so instead of offering the form.
    """
    choices = [(key, label) for key, (label, _make) in documents.items()]
    form = FaxForm(request.POST or None, choices=choices)
    if request.method == "POST" and client.fax and form.is_valid():
        chosen = [documents[key][1]() for key in documents if key in form.cleaned_data["documents"]]
        try:
            result = pdfs.render_fax(chosen, to=client, message=form.cleaned_data["message"])
        except pdfs.NoFaxNumberError:
            pass  # the page below says what is missing
        except ValueError:
            form.add_error(
                "message", _("通信欄が長すぎて送付状が1枚に収まりません。短くしてください。")
            )
        else:
            access_log_record(request=request, action=AccessLog.Action.PRINT, target=client)
            return file_response(*result)
    context = {"form": form, "client": client, "back_url": back_url, "heading": heading}
    return render(request, "documents/fax_form.html", context)


@require_http_methods(["GET", "POST"])
def case_fax(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(RecoveryCase.objects.select_related("client"), pk=pk)
    documents = {
        "guide": (pdfs.guide_title(case), lambda: pdfs.guide(case)),
        "id_sheet": (pdfs.ID_SHEET_TITLE, lambda: pdfs.id_sheet(case)),
        "consultation": (pdfs.CONSULTATION_TITLE, lambda: pdfs.consultation_form(case.client)),
    }
    return _fax_page(
        request,
        client=case.client,
        documents=documents,
        back_url=reverse("case_detail", args=[case.pk]),
        heading=_("案件 #%(pk)s の書類をFAXする") % {"pk": case.pk},
    )


@require_http_methods(["GET", "POST"])
def client_fax(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client, pk=pk)
    documents = {
        "consultation": (pdfs.CONSULTATION_TITLE, lambda: pdfs.consultation_form(client)),
    }
    return _fax_page(
        request,
        client=client,
        documents=documents,
        back_url=reverse("client_detail", args=[client.pk]),
        heading=_("FAX相談シートをFAXする"),
    )


@require_GET
def case_guide_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_pdf(request, pk, pdfs.guide)


@require_GET
def case_id_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_pdf(request, pk, pdfs.id_sheet)


@require_GET
def consultation_form_blank_pdf(request: HttpRequest) -> HttpResponse:
    return file_response(*pdfs.render_consultation_form(None))


@require_GET
def client_consultation_form_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client, pk=pk)
    result = pdfs.render_fax([pdfs.consultation_form(client)])
    access_log_record(request=request, action=AccessLog.Action.PRINT, target=client)
    return file_response(*result)


@require_http_methods(["GET", "POST"])
@once
def case_documents_email(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the recipient, subject, body and attachments to confirm; POST: queue the email."""
    case = get_object_or_404(RecoveryCase.objects.select_related("client"), pk=pk)
    if request.method == "GET":
        if not case.client.email:
            messages.error(
                request,
                _(
                    "事業者のメールアドレスが登録されていません。"
                    "事業者の画面でメールアドレスを登録してから送信してください。"
                ),
            )
            return redirect("case_detail", pk=case.pk)
        attachments = services.case_email_attachments(case)
        return render(
            request,
            "documents/email_confirm.html",
            {
                "case": case,
                "message": services.case_email_message(case),
                "attachments": [(name, len(data)) for name, _type, data in attachments],
            },
        )
    try:
        batch = services.case_documents_email_request(case=case, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("case_detail", pk=case.pk)
    access_log_record(request=request, action=AccessLog.Action.EMAIL, target=case.client)
    messages.success(
        request,
        _("書類を %(email)s 宛に送信します。送信が終わるとタイムラインに記録されます。")
        % {"email": case.client.email},
    )
    return redirect("document_batch_detail", pk=batch.pk)


BATCH_KINDS = {
    "consultation_forms": DocumentBatch.Kind.CONSULTATION_FORMS,
    "guides": DocumentBatch.Kind.GUIDES,
}


@once
def document_batch_new(request: HttpRequest) -> HttpResponse:
    """Choose clients (or cases) and start a ZIP batch."""
    kind = BATCH_KINDS.get(
        request.POST.get("kind") or request.GET.get("kind", ""),
        DocumentBatch.Kind.CONSULTATION_FORMS,
    )
    if request.method == "POST":
        try:
            batch = services.document_batch_create(
                kind=kind,
                ids=request.POST.getlist("ids"),
                actor=request.user,
            )
        except (ValidationError, ValueError) as error:
            text = (
                " ".join(error.messages)
                if isinstance(error, ValidationError)
                else (_("選択の内容が正しくありません。選び直してください。"))
            )
            messages.error(request, text)
            return redirect(f"{reverse('document_batch_new')}?kind={kind}")
        for pk in batch.object_ids:
            target = (
                f"clients.Client#{pk}"
                if kind == DocumentBatch.Kind.CONSULTATION_FORMS
                else f"recovery.RecoveryCase#{pk}"
            )
            access_log_record(request=request, action=AccessLog.Action.PRINT, target=target)
        return redirect("document_batch_detail", pk=batch.pk)
    if kind == DocumentBatch.Kind.CONSULTATION_FORMS:
        objects = Client.objects.all()
    else:
        objects = RecoveryCase.objects.select_related("client").order_by("-pk")
    page = Paginator(objects, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/batch_new.html",
        {
            "kind": kind,
            "page": page,
            "kinds": DocumentBatch.Kind,
        },
    )


def document_batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(DocumentBatch.objects.defer("file"), pk=pk)
    email = batch.kind == DocumentBatch.Kind.CASE_EMAIL
    return render(
        request,
        "documents/batch_detail.html",
        {
            "batch": batch,
            "email": email,
            "case_id": services.batch_case_id(batch) if email else None,
        },
    )


@require_POST
def document_batch_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed job again; an email job sends the documents again."""
    batch = get_object_or_404(DocumentBatch.objects.defer("file"), pk=pk)
    try:
        services.document_batch_retry(batch=batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        action = (
            AccessLog.Action.EMAIL
            if batch.kind == DocumentBatch.Kind.CASE_EMAIL
            else AccessLog.Action.PRINT
        )
        for client_id in batch.client_links.values_list("client_id", flat=True):
            access_log_record(request=request, action=action, target=f"clients.Client#{client_id}")
        messages.success(request, _("もう一度実行します。"))
    return redirect("document_batch_detail", pk=batch.pk)


@require_GET
def document_batch_status(request: HttpRequest, pk: int) -> JsonResponse:
    batch = get_object_or_404(DocumentBatch.objects.defer("file"), pk=pk)
    return JsonResponse(
        {
            "status": batch.status,
            "status_display": batch.get_status_display(),
            "total": batch.total,
            "done": batch.done,
            "percent": batch.percent,
            "download_url": reverse("document_batch_download", args=[batch.pk])
            if batch.status == DocumentBatch.State.DONE and batch.filename
            else None,
            "error": batch.error,
        }
    )


@require_GET
def document_batch_download(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(DocumentBatch, pk=pk)
    if batch.status != DocumentBatch.State.DONE or batch.file is None:
        raise Http404("ZIPファイルはまだできていません。")
    access_log_record(request=request, action=AccessLog.Action.PRINT, target=batch)
    return file_response(batch.filename, "application/zip", bytes(batch.file), attachment=True)
