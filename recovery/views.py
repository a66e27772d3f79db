"""Recovery case pages: list, create (triage), detail with the next step, and each recorded step.

Views parse, call one service and redirect; a refused step (``CaseTransitionError``) is shown as
a message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clients.models import Client
from clients.normalize import clean_search_text
from clients.selectors import client_search
from office.dates import format_date_ja, format_day
from office.models import AccessLog
from office.once import once
from office.roles import is_office_admin, office_admin_required
from office.selectors import get_office
from office.services import access_log_record

from . import schedule, selectors, services
from .business_days import BusinessCalendar
from .forms import (
    CaseCreateForm,
    CaseDatesForm,
    CaseEditForm,
    CaseFilterForm,
    ClosedDayForm,
    NoteForm,
    OptionalTimeForm,
    ReasonForm,
    ReceiptForm,
    ReplyForm,
    SituationForm,
)
from .guide import SELF_SERVICE_STEPS, self_numbered, step_texts
from .inquiry import build_inquiry
from .models import ClosedDay, RecoveryCase, Situation, Status
from .reminders.selectors import case_reminder_rows
from .services import LOGIN_STEPS, SELF_SERVICE_SITUATIONS, CaseTransitionError

PAGE_SIZE = 25


def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    calendar = BusinessCalendar.from_database()
    assignee = filters.get("assignee")
    cases = selectors.case_list(
        status=filters.get("status", ""),
        assignee_id=assignee.pk if assignee else None,
        overdue=filters.get("overdue", False),
        waiting=filters.get("waiting", False),
        group=filters.get("group", ""),
        query=filters.get("q", ""),
        calendar=calendar,
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(case, selectors.case_schedule(case, calendar=calendar)) for case in page]
    return render(
        request,
        "recovery/case_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": any(filters.values()) if filters else False,
        },
    )


# Above this many clients the new-case page asks for the client by search, not by dropdown.
CLIENT_PICKER_THRESHOLD = 200
CLIENT_PICKER_RESULTS = 20


@once
def case_create(request: HttpRequest) -> HttpResponse:
    initial = _case_initial(request)
    if request.method != "POST" and "client" not in initial and _too_many_clients():
        return _client_picker(request)
    form = CaseCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        case = _create_case(request, form.cleaned_data)
        if case is not None:
            return redirect("case_detail", pk=case.pk)
    return render(
        request,
        "recovery/case_form.html",
        {
            "form": form,
            "self_service_steps": SELF_SERVICE_STEPS,
        },
    )


def _case_initial(request: HttpRequest) -> dict:
    """The new case's assignee is the user; its client the one named by ?client= if it exists."""
    initial = {"assignee": request.user.pk}
    client_pk = request.GET.get("client", "")
    if client_pk.isdigit() and Client.objects.filter(pk=client_pk).exists():
        initial["client"] = int(client_pk)
    return initial


def _too_many_clients() -> bool:
    return Client.objects.count() > CLIENT_PICKER_THRESHOLD


def _client_picker(request: HttpRequest) -> HttpResponse:
    """Too many clients for one dropdown: find the client first, then open the case."""
    query = clean_search_text(request.GET.get("q", ""))
    found = list(client_search(query)[:CLIENT_PICKER_RESULTS]) if query else []
    return render(request, "recovery/case_pick_client.html", {"q": query, "found": found})


def _create_case(request: HttpRequest, data: dict) -> RecoveryCase | None:
    """Open the case and say what comes next; None (with the reason shown) when refused."""
    try:
        case = services.case_create(
            client=data["client"],
            situation=data["situation"],
            actor=request.user,
            assignee=data["assignee"],
            new_email=data["new_email"],
            error_message=data["error_message"],
            notes=data["notes"],
        )
    except CaseTransitionError as error:
        messages.error(request, str(error))
        return None
    if case.status == Status.SELF_SERVICE:
        messages.info(request, _("お客様ご自身で手続きできる状況です。下の手順をご案内ください。"))
    else:
        messages.success(request, _("案件を作成しました。"))
    return case


def _get_case(pk: int) -> RecoveryCase:
    return get_object_or_404(RecoveryCase.objects.select_related("client", "assignee"), pk=pk)


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case(pk)
    access_log_record(request=request, action=AccessLog.Action.VIEW, target=case.client)
    calendar = BusinessCalendar.from_database()
    title, instructions = step_texts(case)
    events = case.events.select_related("actor").order_by("-at", "-pk")
    login_steps = [(name, _(label), getattr(case, name)) for name, label in LOGIN_STEPS.items()]
    next_login_step = next((name for name, _, at in login_steps if at is None), None)
    return render(
        request,
        "recovery/case_detail.html",
        {
            "case": case,
            "schedule": selectors.case_schedule(case, calendar=calendar),
            "case_reminders": case_reminder_rows(case.pk, calendar=calendar),
            "inquiry": build_inquiry(case, get_office()),
            "step_title": title,
            "instructions": instructions,
            "instructions_numbered": self_numbered(instructions),
            "events": events,
            "login_steps": login_steps,
            "next_login_step": next_login_step,
            "time_form": OptionalTimeForm(),
            "receipt_form": ReceiptForm(),
            "reply_form": ReplyForm(),
            "note_form": NoteForm(),
            "reason_form": ReasonForm(),
            "can_reopen": is_office_admin(request.user),
            "format_date_ja": format_date_ja,
        },
    )


def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case(pk)
    initial = {
        "assignee": case.assignee,
        "new_email": case.new_email,
        "error_message": case.error_message,
        "notes": case.notes,
    }
    form = CaseEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.case_update_details(case=case, actor=request.user, **form.cleaned_data)
        messages.success(request, _("案件情報を保存しました。"))
        return redirect("case_detail", pk=case.pk)
    return render(request, "recovery/case_edit.html", {"case": case, "form": form})


def case_situation(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the 状況 (a–e); choosing a/b for a case in progress is confirmed first."""
    case = _get_case(pk)
    form = SituationForm(request.POST or None, initial={"situation": case.situation})
    if request.method == "POST" and form.is_valid():
        situation = form.cleaned_data["situation"]
        closes = situation in SELF_SERVICE_SITUATIONS and case.is_open
        if closes and not form.cleaned_data["confirmed"]:
            return render(
                request,
                "recovery/case_situation_confirm.html",
                {
                    "case": case,
                    "situation": situation,
                    "situation_label": Situation(situation).label,
                    "error_message": form.cleaned_data["error_message"],
                },
            )
        try:
            services.case_change_situation(
                case=case,
                actor=request.user,
                situation=situation,
                error_message=form.cleaned_data["error_message"],
            )
        except CaseTransitionError as error:
            form.add_error(None, str(error))
        else:
            if closes:
                messages.info(
                    request,
                    _(
                        "状況を変更し、案件をセルフサービス案内済として終了しました。"
                        "下の手順をお客様にご案内ください。"
                    ),
                )
            else:
                messages.success(request, _("状況を変更しました。"))
            return redirect("case_detail", pk=case.pk)
    return render(request, "recovery/case_situation.html", {"case": case, "form": form})


def case_dates(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case(pk)
    form = CaseDatesForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_correct_dates(case=case, actor=request.user, dates=form.cleaned_data)
        except CaseTransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("日時を修正しました。"))
            return redirect("case_detail", pk=case.pk)
    return render(request, "recovery/case_dates.html", {"case": case, "form": form})


def inquiry_text(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case(pk)
    inquiry = build_inquiry(case, get_office())
    content_type = "text/plain; charset=utf-8"
    if not inquiry.ready:
        body = (
            "問い合わせ文を作成できません。次の情報が足りません:\n"
            + "\n".join(f"- {item}" for item in inquiry.missing)
            + "\n"
        )
        return HttpResponse(body, status=409, content_type=content_type)
    access_log_record(request=request, action=AccessLog.Action.EXPORT, target=case.client)
    return HttpResponse(inquiry.full_text, content_type=content_type)


def _run(request: HttpRequest, case: RecoveryCase, action: Callable[[], object], done: str):
    try:
        action()
    except CaseTransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("case_detail", pk=case.pk)


def _form_errors(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
def case_mark_sent(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case(pk)
    form = OptionalTimeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("case_detail", pk=case.pk)
    return _run(
        request,
        case,
        lambda: services.case_mark_sent(
            case=case,
            actor=request.user,
            sent_at=form.cleaned_data["at"],
        ),
        schedule.with_durations(
            _("問い合わせの送信を記録しました。%(receipt_wait)s以内に受付メールが届くはずです。")
        ),
    )


def _confirm_page(
    request: HttpRequest, case: RecoveryCase, form, *, title: str, action: str, button: str
) -> HttpResponse:
    """The form again, with what will be masked, the mail's facts and warnings (nothing saved)."""
    return render(
        request,
        "recovery/case_text_confirm.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "action": action,
            "button": button,
            "facts": getattr(form, "facts", None),
            "warnings": getattr(form, "warnings", []),
            "previews": form.masked_previews,
        },
    )


def _mail_warnings(request: HttpRequest, form) -> None:
    for warning in form.warnings:
        messages.warning(request, warning)


@require_POST
def case_record_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case(pk)
    form = ReceiptForm(request.POST, case=case)
    if not form.is_valid():
        return _confirm_page(
            request,
            case,
            form,
            title=_("受付メールの確認"),
            action="case_record_receipt",
            button=_("受付メールを記録"),
        )
    _mail_warnings(request, form)
    return _run(
        request,
        case,
        lambda: services.case_record_receipt(
            case=case,
            actor=request.user,
            mail_text=form.cleaned_data["mail_text"],
            receipt_number=form.cleaned_data["receipt_number"],
            received_at=form.cleaned_data["at"],
        ),
        _("受付メールを記録しました。CCUSからの回答を待ちます。"),
    )


@require_POST
def case_record_reply(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case(pk)
    form = ReplyForm(request.POST, case=case)
    if not form.is_valid():
        return _confirm_page(
            request,
            case,
            form,
            title=_("CCUSからの回答メールの確認"),
            action="case_record_reply",
            button=_("CCUSからの回答を記録"),
        )
    _mail_warnings(request, form)
    return _run(
        request,
        case,
        lambda: services.case_record_reply(
            case=case,
            actor=request.user,
            mail_text=form.cleaned_data["mail_text"],
            received_at=form.cleaned_data["at"],
        ),
        _("CCUSからの回答を記録しました(パスワードは伏字にして保存しました)。"),
    )


def _ask_first(
    request: HttpRequest, case: RecoveryCase, *, title: str, explanation: str, button: str
) -> HttpResponse:
    """A step that needs a second thought: the same POST again, with ``confirmed``."""
    return render(
        request,
        "recovery/case_step_confirm.html",
        {
            "case": case,
            "title": title,
            "explanation": explanation,
            "button": button,
            "action_url": request.path,
        },
    )


def _early_login_question(request: HttpRequest, case: RecoveryCase) -> HttpResponse | None:
    """Before the guide's login window: ask before starting (None when it is time, or asked)."""
    if request.POST.get("confirmed") or case.reply_at is None:
        return None
    window = schedule.login_start_is_early(
        case.reply_at, timezone.now(), BusinessCalendar.from_database()
    )
    if window is None:
        return None
    explanation = _(
        "CCUSの案内では、ログイン作業は回答メールの%(login_days)s後（%(earliest)s～%(latest)s）に"
        "行います。それより前は新しいパスワードでログインできないことがあります。"
        "事業者様と確認済みで、今日始める場合だけ「開始する」を押してください。"
    ) % {
        "login_days": schedule.business_days_words(schedule.LOGIN_DAYS),
        "earliest": format_date_ja(window.earliest),
        "latest": format_date_ja(window.latest),
    }
    return _ask_first(
        request,
        case,
        title=_("ログイン作業の予定日より前です"),
        explanation=explanation,
        button=_("開始する"),
    )


@require_POST
def case_start_login_work(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case(pk)
    question = _early_login_question(request, case)
    if question is not None:
        return question
    return _run(
        request,
        case,
        lambda: services.case_start_login_work(case=case, actor=request.user),
        _("ログイン作業を開始しました。"),
    )


@require_POST
def case_check_login_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    case = _get_case(pk)
    label = _(LOGIN_STEPS[step]) if step in LOGIN_STEPS else ""
    if not request.POST.get("confirmed") and selectors.login_step_closes_case(case, step):
        return _ask_first(
            request,
            case,
            title=_("案件を完了にします"),
            explanation=_(
                "「%(label)s」を済にすると、ログイン作業がすべて終わり、案件は「完了」になります。"
                "新しいパスワードでログインできたことを確かめましたか？"
            )
            % {"label": label},
            button=_("済にして案件を完了する"),
        )
    return _run(
        request,
        case,
        lambda: services.case_check_login_step(case=case, actor=request.user, step=step),
        _("「%(label)s」を記録しました。") % {"label": label},
    )


@require_POST
@once
def case_add_note(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case(pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _confirm_page(
            request,
            case,
            form,
            title=_("メモの確認"),
            action="case_add_note",
            button=_("メモを追加"),
        )
    return _run(
        request,
        case,
        lambda: services.case_add_note(
            case=case, actor=request.user, text=form.cleaned_data["text"]
        ),
        _("メモを追加しました。"),
    )


@require_POST
def case_resume(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case(pk)
    return _run(
        request,
        case,
        lambda: services.case_resume(case=case, actor=request.user),
        _("保留を解除しました。"),
    )


CONFIRM_ACTIONS = {
    "hold": (
        gettext_lazy("保留にする"),
        gettext_lazy("この案件を保留にします。保留を解除すると今のステップから再開します。"),
        services.case_hold,
        gettext_lazy("案件を保留にしました。"),
    ),
    "cancel": (
        gettext_lazy("取り消す"),
        gettext_lazy("この案件を取り消します。取消後の再開は事務所管理者だけができます。"),
        services.case_cancel,
        gettext_lazy("案件を取り消しました。"),
    ),
    "reopen": (
        gettext_lazy("再開する"),
        gettext_lazy("終了した案件を再開します。"),
        services.case_reopen,
        gettext_lazy("案件を再開しました。"),
    ),
}


def case_confirm_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """保留・取消・再開: a confirmation page (GET), then the step (POST)."""
    case = _get_case(pk)
    if action not in CONFIRM_ACTIONS:
        return redirect("case_detail", pk=case.pk)
    if action == "reopen" and not is_office_admin(request.user):
        messages.error(request, _("案件の再開は事務所管理者だけができます。"))
        return redirect("case_detail", pk=case.pk)
    button, explanation, service, done = CONFIRM_ACTIONS[action]
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            return _run(
                request,
                case,
                lambda: service(case=case, actor=request.user, reason=form.cleaned_data["reason"]),
                done,
            )
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(
        request,
        "recovery/case_confirm.html",
        {
            "case": case,
            "form": form,
            "button": button,
            "explanation": explanation,
            "action": action,
            "danger": action == "cancel",
        },
    )


# --- The office's closed days ---------------------------------------------------------------


@office_admin_required
def closed_day_list(request: HttpRequest) -> HttpResponse:
    form = ClosedDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        day = services.closed_day_add(
            day=form.cleaned_data["date"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        messages.success(
            request, _("%(day)sを休業日に追加しました。") % {"day": format_day(day.date)}
        )
        return redirect("closed_day_list")
    page = Paginator(ClosedDay.objects.order_by("-date"), 50).get_page(request.GET.get("page"))
    return render(request, "recovery/closed_days.html", {"form": form, "page": page})


@office_admin_required
def closed_day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    day = get_object_or_404(ClosedDay, pk=pk)
    if request.method == "POST":
        services.closed_day_delete(day=day, actor=request.user)
        messages.success(
            request, _("%(day)sを休業日から外しました。") % {"day": format_day(day.date)}
        )
        return redirect("closed_day_list")
    return render(request, "recovery/closed_day_delete.html", {"day": day})
