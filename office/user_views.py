"""Office-admin pages: the office's logins and the personal-data access log."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .forms import AccessLogFilterForm, AuditFilterForm, StaffUserCreateForm, StaffUserEditForm
from .roles import is_office_admin, office_admin_required
from .selectors import (
    access_log_search,
    access_log_target_labels,
    audit_rows,
    audit_search,
    user_is_locked_out,
    users_for_management,
)
from .services import (
    NoEmailError,
    SuperuserProtectedError,
    user_create,
    user_lift_lockout,
    user_send_password_reset,
    user_set_active,
    user_set_office_admin,
    user_update,
)

PAGE_SIZE = 50
SUPERUSER_PROTECTED = gettext_lazy(
    "システム管理者(スーパーユーザー)の氏名・メールアドレスとパスワード再設定は、"
    "システム管理者だけが扱えます。"
)


@office_admin_required
def user_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(users_for_management(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "office/user_list.html", {"page": page})


@office_admin_required
def user_create_view(request: HttpRequest) -> HttpResponse:
    form = StaffUserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = user_create(
            username=data["username"],
            password=data["password1"],
            last_name=data["last_name"],
            first_name=data["first_name"],
            email=data["email"],
            office_admin=data["office_admin"],
            actor=request.user,
        )
        messages.success(
            request, _("ユーザー「%(name)s」を登録しました。") % {"name": user.get_username()}
        )
        return redirect("user_list")
    return render(request, "office/user_form.html", {"form": form})


@office_admin_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """姓, 名 and email of a login; the page also offers the reset mail and lifting a lock."""
    target = get_object_or_404(get_user_model(), pk=pk)
    initial = {f: getattr(target, f) for f in ("last_name", "first_name", "email")}
    form = StaffUserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_update(user=target, actor=request.user, **form.cleaned_data)
        except SuperuserProtectedError:
            messages.error(request, SUPERUSER_PROTECTED)
            return redirect("user_list")
        messages.success(
            request, _("「%(name)s」の情報を保存しました。") % {"name": target.get_username()}
        )
        return redirect("user_list")
    context = {"form": form, "target": target, "locked_out": user_is_locked_out(target)}
    return render(request, "office/user_edit.html", context)


@office_admin_required
@require_POST
def user_send_reset(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(get_user_model(), pk=pk)
    try:
        user_send_password_reset(
            user=target, actor=request.user, fallback_url=request.build_absolute_uri("/")
        )
    except SuperuserProtectedError:
        messages.error(request, SUPERUSER_PROTECTED)
        return redirect("user_list")
    except NoEmailError:
        messages.error(
            request,
            _("「%(name)s」にはメールアドレスが登録されていません。先に登録してください。")
            % {"name": target.get_username()},
        )
        return redirect("user_edit", pk=target.pk)
    messages.success(
        request,
        _("%(email)s にパスワード再設定のメールを送りました。") % {"email": target.email},
    )
    return redirect("user_list")


@office_admin_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(get_user_model(), pk=pk)
    user_lift_lockout(user=target, actor=request.user)
    messages.success(
        request,
        _("「%(name)s」のログイン制限を解除しました。すぐにログインできます。")
        % {"name": target.get_username()},
    )
    return redirect("user_list")


@office_admin_required
@require_POST
def user_toggle_admin(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    if user.pk == request.user.pk:
        messages.error(
            request, _("自分自身の管理者権限は外せません。他の事務所管理者に依頼してください。")
        )
    elif user.is_superuser:
        messages.error(
            request, _("システム管理者(スーパーユーザー)の権限はこの画面では変えられません。")
        )
    else:
        make_admin = not is_office_admin(user)
        user_set_office_admin(user=user, office_admin=make_admin, actor=request.user)
        if make_admin:
            messages.success(
                request, _("「%(name)s」を事務所管理者にしました。") % {"name": user.get_username()}
            )
        else:
            messages.success(
                request,
                _("「%(name)s」の事務所管理者権限を外しました。") % {"name": user.get_username()},
            )
    return redirect("user_list")


@office_admin_required
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deactivates (or reactivates with active=1)."""
    user = get_object_or_404(get_user_model(), pk=pk)
    if user.pk == request.user.pk:
        messages.error(request, _("自分自身のアカウントは無効にできません。"))
        return redirect("user_list")
    if user.is_superuser and not request.user.is_superuser:
        messages.error(
            request,
            _("システム管理者(スーパーユーザー)のアカウントは、事務所管理者には無効にできません。"),
        )
        return redirect("user_list")
    if request.method == "POST":
        active = request.POST.get("active") == "1"
        user_set_active(user=user, active=active, actor=request.user)
        if active:
            messages.success(
                request, _("「%(name)s」を再び有効にしました。") % {"name": user.get_username()}
            )
        else:
            messages.success(
                request,
                _("「%(name)s」を無効にしました。ログインできなくなりました。")
                % {"name": user.get_username()},
            )
        return redirect("user_list")
    return render(request, "office/user_deactivate.html", {"target": user})


@office_admin_required
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET or None)
    page = _log_page(request, form, access_log_search, "user")
    labels = access_log_target_labels(row.target for row in page.object_list)
    rows = [(row, labels.get(row.target, row.target)) for row in page.object_list]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "retention_days": settings.ACCESS_LOG_RETENTION_DAYS,
    }
    return render(request, "office/access_log.html", context)


@office_admin_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Security changes: roles, logins, office settings, closed days, deletion and erasure."""
    form = AuditFilterForm(request.GET or None)
    page = _log_page(request, form, audit_search, "actor")
    rows = audit_rows(page.object_list)
    return render(request, "office/audit_log.html", {"form": form, "page": page, "rows": rows})


def _log_page(
    request: HttpRequest, form: Form, search: Callable[..., QuerySet], user_field: str
) -> Page:
    """The requested page of the rows ``search`` finds for the valid filters of ``form``."""
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = search(**{k: v for k, v in filters.items() if v}).select_related(user_field)
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
