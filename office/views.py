"""Office views: health check and the office profile."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .forms import OfficeProfileForm
from .roles import office_admin_required
from .selectors import get_office, heartbeat_age_seconds
from .services import office_profile_update
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
    return (database and broker and not (beat and reminders)
            and uptime <= settings.HEARTBEAT_MAX_AGE.total_seconds())


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
    age = heartbeat_age_seconds(BEAT_HEARTBEAT) if database else None
    max_age = settings.HEARTBEAT_MAX_AGE.total_seconds()
    beat = age is not None and age <= max_age
    # The reminder delivery pass touches the "reminders" heartbeat (office never imports recovery).
    r_age = heartbeat_age_seconds(REMINDERS_HEARTBEAT) if database else None
    r_max = settings.REMINDER_MAX_AGE.total_seconds()
    reminders = r_age is not None and r_age <= r_max
    ok = database and broker and beat and reminders
    # Checks of apps above office (HEALTH_CHECKS in settings: name → "module.function" returning
    # (ok, details)); office imports none of them.
    extra = {}
    extra_ok = True
    failed = False  # a check that reports an error (not merely "not run yet")
    for name, path in settings.HEALTH_CHECKS.items():
        check_ok, extra[name] = import_string(path)() if database else (False, None)
        extra_ok = extra_ok and check_ok
        failed = failed or bool(not check_ok and (extra[name] or {}).get("error"))
    if ok and extra_ok:
        status = "ok"
    elif not failed and _starting(database=database, broker=broker, beat=beat,
                                  reminders=reminders):
        # Nothing has ticked yet (beat, and so the mailbox pass): not an error. A broken
        # mailbox is an error even then: it must never look like "no mail yet".
        status = "starting"
    else:
        status = "error"
    body = {
        "status": status,
        "database": database,
        "broker": broker,
        "beat": {"ok": beat, "age_seconds": None if age is None else round(age, 1),
                 "max_age_seconds": max_age},
        "reminders": {"ok": reminders, "age_seconds": None if r_age is None else round(r_age, 1),
                      "max_age_seconds": r_max},
        **extra,
    }
    return JsonResponse(body, status=503 if status == "error" else 200)


@office_admin_required
def office_settings(request: HttpRequest) -> HttpResponse:
    office = get_office()
    form = OfficeProfileForm(request.POST or None, instance=office)
    if request.method == "POST" and form.is_valid():
        office_profile_update(data=form.cleaned_data, actor=request.user)
        messages.success(request, _("事務所情報を保存しました。"))
        return redirect("office_settings")
    return render(request, "office/settings.html", {"form": form})
