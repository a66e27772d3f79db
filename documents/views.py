"""Document views: PDF downloads (with a FAX送付状 on ``?cover=1``), emailing a case's documents
to the client, ZIP batches with progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clients.models import Client
from office.models import AccessLog
from office.services import access_log_record
from recovery.models import DocumentBatch, RecoveryCase

from . import pdfs, services


def file_response(filename: str, content_type: str, data: bytes, *,
                  attachment: bool = False) -> HttpResponse:
    """Every document download: the file, its name, and never a cached copy (personal data)."""
    response = HttpResponse(data, content_type=content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _fax_to(request: HttpRequest, client: Client) -> Client | None:
    """The client to address a FAX送付状 to when ``?cover=1`` asks for one."""
    return client if request.GET.get("cover") == "1" else None


def _case_pdf(request: HttpRequest, pk: int, document) -> HttpResponse:
    case = get_object_or_404(RecoveryCase.objects.select_related("client"), pk=pk)
    result = pdfs.render_fax([document(case)], to=_fax_to(request, case.client))
    access_log_record(request=request, action=AccessLog.Action.PRINT, target=case.client)
    return file_response(*result)


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
    result = pdfs.render_fax([pdfs.consultation_form(client)], to=_fax_to(request, client))
    access_log_record(request=request, action=AccessLog.Action.PRINT, target=client)
    return file_response(*result)


@require_POST
def case_documents_email(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(RecoveryCase.objects.select_related("client"), pk=pk)
    try:
        services.case_documents_email_request(case=case, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        access_log_record(request=request, action=AccessLog.Action.EMAIL, target=case.client)
        messages.success(
            request,
            _(
                "ログイン手順書とID管理シートを %(email)s 宛に送信します。"
                "送信が終わるとタイムラインに記録されます。"
            ) % {"email": case.client.email},
        )
    return redirect("case_detail", pk=case.pk)


BATCH_KINDS = {
    "consultation_forms": DocumentBatch.Kind.CONSULTATION_FORMS,
    "guides": DocumentBatch.Kind.GUIDES,
}


def document_batch_new(request: HttpRequest) -> HttpResponse:
    """Choose clients (or cases) and start a ZIP batch."""
    kind = BATCH_KINDS.get(request.POST.get("kind") or request.GET.get("kind", ""),
                           DocumentBatch.Kind.CONSULTATION_FORMS)
    if request.method == "POST":
        try:
            batch = services.document_batch_create(
                kind=kind, ids=request.POST.getlist("ids"), actor=request.user,
            )
        except (ValidationError, ValueError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else (
                _("選択の内容が正しくありません。選び直してください。"))
            messages.error(request, text)
            return redirect(f"{reverse('document_batch_new')}?kind={kind}")
        for pk in batch.object_ids:
            target = f"clients.Client#{pk}" if kind == DocumentBatch.Kind.CONSULTATION_FORMS \
                else f"recovery.RecoveryCase#{pk}"
            access_log_record(request=request, action=AccessLog.Action.PRINT, target=target)
        return redirect("document_batch_detail", pk=batch.pk)
    if kind == DocumentBatch.Kind.CONSULTATION_FORMS:
        objects = Client.objects.all()
    else:
        objects = RecoveryCase.objects.select_related("client").order_by("-pk")
    page = Paginator(objects, 50).get_page(request.GET.get("page"))
    return render(request, "documents/batch_new.html", {
        "kind": kind, "page": page, "kinds": DocumentBatch.Kind,
    })


def document_batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(DocumentBatch.objects.defer("file"), pk=pk)
    return render(request, "documents/batch_detail.html", {"batch": batch})


@require_GET
def document_batch_status(request: HttpRequest, pk: int) -> JsonResponse:
    batch = get_object_or_404(DocumentBatch.objects.defer("file"), pk=pk)
    return JsonResponse({
        "status": batch.status, "status_display": batch.get_status_display(),
        "total": batch.total, "done": batch.done, "percent": batch.percent,
        "download_url": reverse("document_batch_download", args=[batch.pk])
        if batch.status == DocumentBatch.State.DONE and batch.filename else None,
        "error": batch.error,
    })


@require_GET
def document_batch_download(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(DocumentBatch, pk=pk)
    if batch.status != DocumentBatch.State.DONE or batch.file is None:
        raise Http404("ZIPファイルはまだできていません。")
    access_log_record(request=request, action=AccessLog.Action.PRINT, target=batch)
    return file_response(batch.filename, "application/zip", bytes(batch.file), attachment=True)
