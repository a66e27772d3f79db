"""Office views: health check and the office profile."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .forms import OfficeProfileForm, RenewalFeeFormSet
from .models import RenewalFeeBand
from .roles import office_admin_required
from .selectors import get_office, heartbeat_age_seconds, renewal_fee_table
from .services import office_profile_update, renewal_fee_table_save
from .tasks import BEAT_HEARTBEAT

logger = logging.getLogger(__name__)
REMINDERS_HEARTBEAT = "reminders"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("healthz: database unreachable")
        return False


def _broker_ok() -> bool:
    from config.celery_app import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
            conn.default_channel  # noqa: B018 - opening a channel proves the broker answers
        return True
    except Exception:
        logger.exception("healthz: broker unreachable")
        return False


# When this process started serving. Until beat's first heartbeat (at most HEARTBEAT_MAX_AGE
# after the start), a missing or old heartbeat means "starting", not "error": under `make run`
# web, worker and beat start together and beat ticks only after HEARTBEAT_INTERVAL.
PROCESS_STARTED_AT = timezone.now()


def _starting(*, database: bool, broker: bool, beat: bool, reminders: bool) -> bool:
    uptime = (timezone.now() - PROCESS_STARTED_AT).total_seconds()
    return (
        database
        and broker
        and not (beat and reminders)
        and uptime <= settings.HEARTBEAT_MAX_AGE.total_seconds()
    )


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report database, broker, beat heartbeat and reminder delivery pass.

    200 ``ok`` when all is well; 200 ``starting`` while this process is younger than
    HEARTBEAT_MAX_AGE and only the heartbeats are missing (beat has not ticked yet: not an error,
    nothing is logged); 503 ``error`` otherwise.
    """
    database = _database_ok()
    broker = _broker_ok()
    beat = _heartbeat(BEAT_HEARTBEAT, settings.HEARTBEAT_MAX_AGE, database=database)
    # The reminder delivery pass touches the "reminders" heartbeat (office never imports recovery).
    reminders = _heartbeat(REMINDERS_HEARTBEAT, settings.REMINDER_MAX_AGE, database=database)
    extra, extra_ok, failed = _extra_checks(database=database)
    if database and broker and beat["ok"] and reminders["ok"] and extra_ok:
        status = "ok"
    elif not failed and _starting(
        database=database, broker=broker, beat=beat["ok"], reminders=reminders["ok"]
    ):
        # Nothing has ticked yet (beat, and so the mailbox pass): not an error. A broken
        # mailbox is an error even then: it must never look like "no mail yet".
        status = "starting"
    else:
        status = "error"
    body = {
        "status": status,
        "database": database,
        "broker": broker,
        "beat": beat,
        "reminders": reminders,
        **extra,
    }
    return JsonResponse(body, status=503 if status == "error" else 200)


def _heartbeat(name: str, max_age: timedelta, *, database: bool) -> dict:
    """A heartbeat's age and whether it is recent enough (unknown without a database)."""
    age = heartbeat_age_seconds(name) if database else None
    limit = max_age.total_seconds()
    return {
        "ok": age is not None and age <= limit,
        "age_seconds": None if age is None else round(age, 1),
        "max_age_seconds": limit,
    }


def _extra_checks(*, database: bool) -> tuple[dict, bool, bool]:
    """Checks of apps above office (HEALTH_CHECKS in settings: name → "module.function" returning
    (ok, details)); office imports none of them. Returns the details by name, whether all are
    ok, and whether one reports an error (not merely "not run yet")."""
    extra = {}
    extra_ok = True
    failed = False
    for name, path in settings.HEALTH_CHECKS.items():
        check_ok, extra[name] = import_string(path)() if database else (False, None)
        extra_ok = extra_ok and check_ok
        failed = failed or bool(not check_ok and (extra[name] or {}).get("error"))
    return extra, extra_ok, failed


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links: send them to the SVG icon (its
    hashed name is looked up per request, so a missing manifest never breaks the URLconf)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@office_admin_required
def office_settings(request: HttpRequest) -> HttpResponse:
    office = get_office()
    form = OfficeProfileForm(request.POST or None, instance=office)
    if request.method == "POST" and form.is_valid():
        office_profile_update(data=form.cleaned_data, actor=request.user)
        messages.success(request, _("事務所情報を保存しました。"))
        return redirect("office_settings")
    return render(request, "office/settings.html", {"form": form})


@office_admin_required
def renewal_fees(request: HttpRequest) -> HttpResponse:
    """事務所設定 › 更新料表: CCUS's renewal fees by capital band, edited when CCUS changes them."""
    initial = list(RenewalFeeBand.objects.values(*RenewalFeeFormSet.form.base_fields))
    formset = RenewalFeeFormSet(request.POST or None, initial=initial, prefix="fees")
    if request.method == "POST" and formset.is_valid():
        renewal_fee_table_save(rows=formset.rows(), actor=request.user)
        messages.success(request, _("更新料表を保存しました。"))
        return redirect("renewal_fees")
    return render(
        request,
        "office/renewal_fees.html",
        {"formset": formset, "table": renewal_fee_table()},
    )
