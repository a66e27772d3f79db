"""Client pages: register, search, detail, history, CSV, consultations, APPI export/erase."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from office.models import AccessLog
from office.once import once
from office.roles import office_admin_required
from office.services import access_log_record

from . import imports
from .csv_io import (
    CSVFileError,
    ExportEncodingError,
    ImportPlan,
    apply_import,
    decode,
    export_csv,
    plan_import,
)
from .forms import ClientExportForm, ClientForm, ClientImportForm, ConsultationForm
from .models import Client, Consultation
from .normalize import CLIENT_FIELDS, clean_search_text, lookup_postal_code
from .selectors import client_history, client_personal_data, client_search
from .services import (
    ClientDuplicateError,
    ConsultationStatusError,
    client_create,
    client_delete,
    client_erase,
    client_update,
    consultation_advance,
    consultation_create,
    consultation_update,
)

PAGE_SIZE = 50


def client_list(request: HttpRequest) -> HttpResponse:
    query = clean_search_text(request.GET.get("q", ""))
    page = Paginator(client_search(query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clients/client_list.html", {"page": page, "query": query})


def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client, pk=pk)
    access_log_record(request=request, action=AccessLog.Action.VIEW, target=client)
    return render(
        request,
        "clients/client_detail.html",
        {
            "client": client,
            "history": client_history(client, limit=30),
            "consultations": client.consultations.select_related("created_by"),
        },
    )


def _save_client(request: HttpRequest, form: ClientForm, client: Client | None):
    try:
        if client is None:
            return client_create(data=form.cleaned_data, user=request.user)
        return client_update(client=client, data=form.cleaned_data, user=request.user)
    except ClientDuplicateError as error:
        form.duplicate = error.existing
        form.add_error("business_id", str(error))
        return None


def _client_form_page(request: HttpRequest, client: Client | None) -> HttpResponse:
    form = ClientForm(request.POST or None, client=client, initial=_initial(client))
    if request.method == "POST" and form.is_valid():
        saved = _save_client(request, form, client)
        if saved is not None:
            for warning in form.warnings:
                messages.warning(request, warning)
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": saved.name})
            return redirect("client_detail", saved.pk)
    return render(request, "clients/client_form.html", {"form": form, "client": client})


def _initial(client: Client | None) -> dict:
    return {f: getattr(client, f) for f in CLIENT_FIELDS} if client else {}


@once
def client_create_view(request: HttpRequest) -> HttpResponse:
    return _client_form_page(request, None)


def client_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _client_form_page(request, get_object_or_404(Client, pk=pk))


@office_admin_required
def client_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Office admins only: deletion erases everything but the §9 事件簿 copy (audit-logged)."""
    client = get_object_or_404(Client, pk=pk)
    if request.method == "POST":
        name = client.name
        result = client_delete(client=client, user=request.user)
        messages.success(
            request,
            _("「%(name)s」を削除しました（事件簿の控え %(count)d件を2年間残します）。")
            % {"name": name, "count": len(result.retained)},
        )
        return redirect("client_list")
    return render(
        request,
        "clients/client_confirm_delete.html",
        {
            "client": client,
            "case_count": _case_count(client),
            "consultation_count": client.consultations.count(),
        },
    )


def _case_count(client: Client) -> int:
    # Through the reverse relation only: clients does not import recovery.
    cases = getattr(client, "recovery_cases", None)
    return cases.count() if cases is not None else 0


@require_GET
def postal_lookup(request: HttpRequest, code: str) -> JsonResponse:
    found = lookup_postal_code(code)
    if found is None:
        return JsonResponse(
            {
                "found": False,
                "message": _("この郵便番号は日本郵便のデータに見つかりませんでした。"),
            },
            status=404,
        )
    return JsonResponse(
        {
            "found": True,
            "prefecture": found.prefecture,
            "city": found.city,
            "town": found.town,
            "address": str(found),
        }
    )


# --- CSV ----------------------------------------------------------------------------------


def client_import(request: HttpRequest) -> HttpResponse:
    form = ClientImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            # Checked and masked here, once; the preview and the confirmation use this plan.
            plan = plan_import(decode(form.cleaned_data["file"].read()))
        except CSVFileError as error:
            form.add_error("file", str(error))
        else:
            token = imports.store(request.session, plan)
            return redirect("client_import_preview", token)
    return render(request, "clients/client_import.html", {"form": form})


def client_import_preview(request: HttpRequest, token: str) -> HttpResponse:
    plan = imports.load(request.session, token)
    if plan is None:
        messages.error(
            request, _("確認中のファイルが見つかりません。もう一度ファイルを選んでください。")
        )
        return redirect("client_import")
    if request.method == "POST":
        response = _import_preview_post(request, token, plan)
        if response is not None:
            return response
    return _render_import_preview(request, token, plan)


def _import_preview_post(request: HttpRequest, token: str, plan: ImportPlan) -> HttpResponse | None:
    """Cancel, or apply the plan if it has no errors (else back to the preview, by GET)."""
    if "cancel" in request.POST:
        imports.discard(request.session, token)
        if request.POST["cancel"] == "reselect":
            return redirect("client_import")
        messages.info(request, _("取り込みを取り消しました。"))
        return redirect("client_list")
    if not plan.ok:
        messages.error(request, _("エラーのある行があるため、1件も取り込んでいません。"))
        return redirect("client_import_preview", token)  # post/redirect/get: back never resends
    result = apply_import(plan, user=request.user)
    imports.discard(request.session, token)
    messages.success(
        request,
        _("取り込みました: 新規 %(created)d件、更新 %(updated)d件、変更なし %(unchanged)d件。")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("client_list")


def _render_import_preview(request: HttpRequest, token: str, plan: ImportPlan) -> HttpResponse:
    masked = [
        {"row": r.row, "columns": [CLIENT_FIELDS[f] for f in r.masked], "memo": r.values["memo"]}
        for r in plan.masked_rows
    ]
    return render(
        request,
        "clients/client_import_preview.html",
        {
            "plan": plan,
            "token": token,
            "rows": plan.rows[:1000],
            "masked": masked[:200],
            "masked_count": len(masked),
            "created": plan.count("新規"),
            "updated": plan.count("更新"),
            "unchanged": plan.count("変更なし"),
        },
    )


def client_export(request: HttpRequest) -> HttpResponse:
    form = ClientExportForm(request.GET if "encoding" in request.GET else None)
    if form.is_bound and form.is_valid():
        encoding = form.cleaned_data["encoding"]
        try:
            data = export_csv(
                Client.objects.order_by("name_kana", "name", "pk").iterator(), encoding=encoding
            )
        except ExportEncodingError as error:
            messages.error(request, str(error))
        else:
            access_log_record(
                request=request, action=AccessLog.Action.EXPORT, target="clients.Client#all (CSV)"
            )
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            response = HttpResponse(data, content_type=f"text/csv; charset={encoding}")
            response["Content-Disposition"] = f'attachment; filename="clients-{stamp}.csv"'
            return response
    return render(request, "clients/client_export.html", {"form": form})


# --- personal data (APPI) -----------------------------------------------------------------


@office_admin_required
def client_personal_data_export(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client, pk=pk)
    payload = json.dumps(
        client_personal_data(client), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    access_log_record(request=request, action=AccessLog.Action.EXPORT, target=client)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    filename = f"client-{client.pk}-personal-data.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@office_admin_required
def client_erase_view(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client, pk=pk)
    if request.method == "POST":
        if request.POST.get("confirm_name", "").strip() != client.name:
            messages.error(
                request,
                _("確認のための事業者名が一致しません。事業者名をそのまま入力してください。"),
            )
        else:
            access_log_record(request=request, action=AccessLog.Action.ERASE, target=client)
            result = client_erase(client=client, user=request.user)
            messages.success(
                request,
                _("事業者#%(pk)s の個人データを消去しました（消去記録のみ残ります）。")
                % {"pk": result.record.former_pk},
            )
            return redirect("client_list")
    return render(
        request,
        "clients/client_confirm_erase.html",
        {
            "client": client,
            "case_count": _case_count(client),
            "consultation_count": client.consultations.count(),
            "history_count": client.history.count(),
        },
    )


# --- consultations ------------------------------------------------------------------------


@once
def consultation_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(Client, pk=pk)
    form = ConsultationForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        consultation_create(client=client, data=form.cleaned_data, user=request.user)
        messages.success(request, _("ご相談を登録しました。"))
        return redirect("client_detail", client.pk)
    return render(request, "clients/consultation_form.html", {"form": form, "client": client})


def consultation_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation.objects.select_related("client"), pk=pk)
    form = ConsultationForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in ConsultationForm.Meta.fields}
        consultation_update(consultation=Consultation.objects.get(pk=pk), data=data)
        messages.success(request, _("ご相談を更新しました。"))
        return redirect("client_detail", consultation.client_id)
    return render(
        request,
        "clients/consultation_form.html",
        {
            "form": form,
            "client": consultation.client,
            "consultation": consultation,
        },
    )


@require_POST
def consultation_advance_view(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation, pk=pk)
    try:
        consultation = consultation_advance(consultation=consultation)
    except ConsultationStatusError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("状況を「%(status)s」にしました。") % {"status": consultation.get_status_display()},
        )
    return redirect("client_detail", consultation.client_id)
