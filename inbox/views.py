"""The 「未割当のCCUSメール」 list: CCUS's mails the desk could not match, assigned by staff."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from office.models import AccessLog
from office.services import access_log_record_many
from recovery.models import RecoveryCase

from . import selectors, services
from .forms import AssignForm
from .models import CcusMail

PAGE_SIZE = 20


def unassigned_list(request: HttpRequest) -> HttpResponse:
    """未割当のCCUSメール, or with ``?list=unreadable`` the mails the reader could not read.
    Every mail shown is in the access log (its sender, subject and body are personal data)."""
    context = selectors.mail_list_page(
        unreadable=request.GET.get("list") == "unreadable",
        page_number=request.GET.get("page"),
        page_size=PAGE_SIZE,
    )
    access_log_record_many(
        request=request,
        action=AccessLog.Action.VIEW,
        targets=[mail for mail, _candidates in context["rows"]],
    )
    return render(request, "inbox/unassigned.html", context)


def _assign_case(request: HttpRequest, form: AssignForm) -> RecoveryCase | None:
    """The case the valid form names, or None with the errors put in messages."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return None
    number = form.cleaned_data["case"]
    case = RecoveryCase.objects.select_related("client").filter(pk=number).first()
    if case is None:
        messages.error(request, _("案件番号 %(number)s の案件はありません。") % {"number": number})
    return case


@require_POST
def mail_assign(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(CcusMail, pk=pk)
    form = AssignForm(request.POST)
    case = _assign_case(request, form)
    if case is None:
        return redirect("inbox_unassigned")
    data = form.cleaned_data
    try:
        services.mail_assign(
            mail=mail,
            case=case,
            actor=request.user,
            receipt_number=data["receipt_number"],
            kind=data["kind"],
            confirmed=data["confirmed"],
        )
    except services.MailAssignNeedsConfirmation as need:
        context = {"mail": mail, "case": case, "data": data, "warnings": need.warnings}
        return render(request, "inbox/assign_confirm.html", context)
    except services.MailAssignError as error:
        messages.error(request, str(error))
        return redirect("inbox_unassigned")
    messages.success(request, _("メールを案件 #%(pk)s に記録しました。") % {"pk": case.pk})
    return redirect("inbox_unassigned")


@require_POST
def mail_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(CcusMail, pk=pk)
    try:
        services.mail_dismiss(mail=mail, actor=request.user)
    except services.MailAssignError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("メールを対象外にしました。"))
    if request.POST.get("list") == "unreadable":
        return redirect(reverse("inbox_unassigned") + "?list=unreadable")
    return redirect("inbox_unassigned")
