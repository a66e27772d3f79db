"""The renewal's pages: the 「更新期限」 list, the one click that opens a case from it, the renewal
case page and its steps. Each view parses, calls one service or selector, and renders or
redirects; a refused step is shown as a message and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clients.models import Client
from office.models import AccessLog
from office.selectors import renewal_fee_for
from office.services import access_log_record

from . import renewal, renewal_cases, services
from .business_days import BusinessCalendar, tokyo_date
from .desk.renewals import GROUPS, renewal_desk_clients, renewal_desk_counts, renewal_rows
from .forms import ReasonForm, RenewalStepForm
from .models import RENEWAL_CHANGE_ITEMS, CaseKind, RecoveryCase
from .reminders.selectors import case_reminder_rows
from .steps import RENEWAL, CaseTransitionError

PAGE_SIZE = 50


def renewal_list(request: HttpRequest) -> HttpResponse:
    """更新期限: the clients whose renewal needs the office, by group, soonest expiry first."""
    today = tokyo_date(timezone.now())
    group = request.GET.get("group", "")
    group = group if group in GROUPS else ""
    counts = renewal_desk_counts(today)
    paginator = Paginator(renewal_desk_clients(today, group), PAGE_SIZE)
    # The groups never overlap, so the one aggregate has already counted this list.
    paginator.count = counts[group or "all"]
    page = paginator.get_page(request.GET.get("page"))
    calendar = BusinessCalendar.from_database()
    context = {
        "page": page,
        "rows": renewal_rows(list(page), today=today, calendar=calendar),
        "counts": counts,
        "groups": GROUPS,
        "group": group,
        "today": today,
        # Rendered once for the page's one-click forms, not once per row.
        "csrf_field": csrf_input(request),
    }
    return render(request, "recovery/renewal_list.html", context)


@require_POST
def renewal_open(request: HttpRequest, client_pk: int) -> HttpResponse:
    """The list's one click: a renewal case, or a recovery case first when login is unknown."""
    client = get_object_or_404(Client, pk=client_pk)
    try:
        case = renewal_cases.renewal_case_open(client=client, actor=request.user)
    except CaseTransitionError as error:
        messages.error(request, str(error))
        return redirect("renewal_list")
    if case.kind == CaseKind.RECOVERY:
        messages.success(request, _("更新の前に、ID復旧案件を作成しました。"))
        return redirect("case_detail", pk=case.pk)
    messages.success(request, _("更新案件を作成しました。"))
    return redirect("renewal_detail", pk=case.pk)


def _renewal(pk: int) -> RecoveryCase:
    return get_object_or_404(
        RecoveryCase.objects.select_related("client", "assignee"), pk=pk, kind=CaseKind.RENEWAL
    )


def renewal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _renewal(pk)
    access_log_record(request=request, action=AccessLog.Action.VIEW, target=case.client)
    calendar = BusinessCalendar.from_database()
    client = case.client
    fee = renewal_fee_for(sole_proprietor=client.sole_proprietor, capital_yen=client.capital_yen)
    expiry = case.renewal_expiry
    context = {
        "case": case,
        "dates": renewal.renewal_dates(expiry, calendar) if expiry else None,
        "fee": fee,
        "recoveries": case.recoveries.order_by("-pk"),
        "case_reminders": case_reminder_rows(case.pk, calendar=calendar),
        "events": case.events.select_related("actor").order_by("-at", "-pk"),
        "step_form": RenewalStepForm(),
        "reason_form": ReasonForm(),
        "actions": {name: RENEWAL.may(case.status, name) for name in RENEWAL.actions},
        "change_items": RENEWAL_CHANGE_ITEMS,
    }
    return render(request, "recovery/renewal_detail.html", context)


SIDE_ACTIONS = {
    # Holding, resuming and cancelling are the same services as a recovery's (kind-aware).
    "hold": services.case_hold,
    "resume": services.case_resume,
    "cancel": services.case_cancel,
}


@require_POST
def renewal_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step of the renewal (``renewal_cases.STEPS``), or hold / resume / cancel."""
    case = _renewal(pk)
    form = ReasonForm(request.POST) if action in SIDE_ACTIONS else RenewalStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("renewal_detail", pk=pk)
    try:
        if action in SIDE_ACTIONS:
            SIDE_ACTIONS[action](case=case, actor=request.user, reason=form.cleaned_data["reason"])
        else:
            data = form.cleaned_data
            renewal_cases.renewal_advance(
                case=case, actor=request.user, action=action, changes=data["changes"], at=data["at"]
            )
    except CaseTransitionError as error:
        messages.error(request, str(error))
    return redirect("renewal_detail", pk=pk)
