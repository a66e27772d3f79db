"""Client document views: the FAX相談シート, blank or pre-filled from a client."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from office.models import AccessLog
from office.pdf import PDF_CONTENT_TYPE, with_fax_cover, write_pdf
from office.services import access_log_record

from .documents import (
    CONSULTATION_TITLE,
    consultation_form_document,
    consultation_form_filename,
)
from .models import Client


def _response(filename: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def consultation_form_blank_pdf(request: HttpRequest) -> HttpResponse:
    document = consultation_form_document(None)
    return _response(consultation_form_filename(None), write_pdf(document))


@require_GET
def client_consultation_form_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client, pk=pk)
    document = consultation_form_document(client)
    filename = consultation_form_filename(client)
    if request.GET.get("cover") == "1":
        data = with_fax_cover(
            document, sent_on=timezone.localdate(), to_company=client.name,
            to_person=client.contact_name, to_fax=client.fax, subject=CONSULTATION_TITLE,
        )
        filename = filename.replace(".pdf", "-fax.pdf")
    else:
        data = write_pdf(document)
    access_log_record(request=request, action=AccessLog.Action.PRINT, target=client)
    return _response(filename, data)
