"""Office admins read the personal-data access log, filter it, and old rows are pruned."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from office.models import AccessLog
from office.services import access_log_prune

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def _row(at, username="yamada", action=AccessLog.Action.VIEW, target="clients.Client#1"):
    with time_machine.travel(at, tick=False):
        return AccessLog.objects.create(
            username=username, action=action, target=target, path="/clients/1/", ip="192.0.2.1"
        )


def test_the_log_lists_who_did_what_when(admin_client_):
    _row(datetime(2026, 11, 20, 10, 5, tzinfo=TOKYO), action=AccessLog.Action.EXPORT)
    html = admin_client_.get("/office/access-log/").content.decode()
    assert "2026年11月20日(金) 10:05" in html
    assert "yamada" in html and "エクスポート" in html
    assert "事業者 #1(削除済み)" in html  # the client is gone: its number stays readable


def test_the_log_names_its_targets_in_words_with_a_constant_query_count(admin_client_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from clients.models import Client

    at = datetime(2026, 11, 20, 10, 5, tzinfo=TOKYO)
    first = Client.objects.create(name="株式会社能登建設")
    _row(at, target=f"clients.Client#{first.pk}")
    _row(at, target="documents: 3 files")  # a free label is shown as stored
    with CaptureQueriesContext(connection) as one:
        html = admin_client_.get("/office/access-log/").content.decode()
    assert "事業者: 株式会社能登建設" in html
    assert f"<td>clients.Client#{first.pk}</td>" not in html
    assert "documents: 3 files" in html
    assert '<td class="text-nowrap stack-title">2026年11月20日(金) 10:05</td>' in html
    for n in range(5):
        other = Client.objects.create(name=f"七尾建設{n}")
        _row(at, target=f"clients.Client#{other.pk}")
    with CaptureQueriesContext(connection) as many:
        html = admin_client_.get("/office/access-log/").content.decode()
    assert "事業者: 七尾建設4" in html
    assert len(many) == len(one)


def test_the_log_filters_by_user_action_target_and_tokyo_dates(admin_client_):
    _row(datetime(2026, 11, 20, 23, 30, tzinfo=TOKYO), username="yamada", target="clients.Client#1")
    _row(
        datetime(2026, 11, 21, 0, 30, tzinfo=TOKYO),
        username="sato",
        target="clients.Client#2",
        action=AccessLog.Action.PRINT,
    )
    _row(
        datetime(2026, 11, 22, 9, 0, tzinfo=TOKYO),
        username="sato",
        target="clients.Client#12",
        action=AccessLog.Action.ERASE,
    )

    def rows(**query):
        return list(admin_client_.get("/office/access-log/", query).context["page"].object_list)

    assert len(rows()) == 3
    assert [r.username for r in rows(user="YAMADA")] == ["yamada"]
    assert [r.action for r in rows(action="print")] == ["print"]
    assert {r.target for r in rows(target="clients.Client#1")} == {
        "clients.Client#1",
        "clients.Client#12",
    }
    assert [r.target for r in rows(date_from="2026-11-21", date_to="2026-11-21")] == [
        "clients.Client#2"
    ]
    assert len(rows(date_to="2026-11-20")) == 1


def test_a_reversed_date_range_is_explained(admin_client_):
    response = admin_client_.get(
        "/office/access-log/", {"date_from": "2026-11-22", "date_to": "2026-11-01"}
    )
    assert "終了日は開始日と同じか、それより後の日付にしてください" in response.content.decode()


def test_the_log_is_paginated_and_keeps_the_filters(admin_client_):
    for n in range(120):
        AccessLog.objects.create(username="yamada", action="view", target=f"clients.Client#{n}")
    first = admin_client_.get("/office/access-log/", {"user": "yamada"})
    assert len(first.context["page"].object_list) == 50
    html = first.content.decode()
    assert "1 / 3 ページ(全120件)" in html
    assert "?user=yamada&amp;page=2" in html
    assert (
        len(admin_client_.get("/office/access-log/", {"page": 3}).context["page"].object_list) == 20
    )


def test_an_empty_log_says_so(admin_client_):
    assert "条件に合う記録はありません" in admin_client_.get("/office/access-log/").content.decode()


def test_pruning_deletes_only_rows_older_than_the_retention(settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 365
    now = datetime(2026, 11, 29, 9, 0, tzinfo=TOKYO)
    old = _row(now - timedelta(days=366))
    kept = _row(now - timedelta(days=364))
    with time_machine.travel(now, tick=False):
        assert access_log_prune() == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AccessLog.objects.filter(pk=old.pk).exists()


def test_the_prune_task_runs_daily_in_beat():
    from config.celery_app import app

    app.loader.import_default_modules()
    app.finalize()
    entries = {e["task"]: e["schedule"] for e in app.conf.beat_schedule.values()}
    assert "office.tasks.prune_access_log" in entries
    schedule = entries["office.tasks.prune_access_log"]
    seconds = schedule if isinstance(schedule, int | float) else schedule.run_every.total_seconds()
    assert seconds == 24 * 60 * 60


def test_the_prune_task_calls_the_service(settings):
    from office.tasks import prune_access_log

    settings.ACCESS_LOG_RETENTION_DAYS = 30
    _row(datetime(2020, 1, 1, tzinfo=TOKYO))
    prune_access_log()
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("form_class", ["AccessLogFilterForm", "AuditFilterForm"])
def test_both_log_filters_offer_all_actions_in_the_active_language(form_class):
    from django.utils import translation

    from office import forms

    with translation.override("en"):
        form = getattr(forms, form_class)({"date_from": "2026-11-22", "date_to": "2026-11-01"})
        assert str(form.fields["action"].choices[0][1]) == "All"
        assert not form.is_valid()
        assert list(form.errors) == ["date_to"]
