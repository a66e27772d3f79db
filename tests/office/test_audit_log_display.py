"""The audit log reads like the other pages: 姓 名, Japanese (or English) days, labels in the
reader's language, and a card per row on a phone."""

from datetime import date

import pytest

from office.models import AuditEvent
from office.services import audit_record, user_target

pytestmark = pytest.mark.django_db


def _page(browser, **params) -> str:
    return browser.get("/office/audit-log/", params).content.decode()


def test_people_are_shown_by_family_and_given_name(admin_client_, admin_user, staff_user):
    audit_record(
        actor=admin_user, action=AuditEvent.Action.ROLE_GRANT, target=user_target(staff_user)
    )
    html = _page(admin_client_)
    assert "佐藤 一郎" in html  # who did it
    assert "ユーザー: 山田 花子" in html  # to whom
    assert "auth.User#" not in html


def test_a_user_deleted_since_is_shown_by_the_login_name_kept_in_the_record(
    admin_client_, admin_user, staff_user
):
    audit_record(
        actor=admin_user, action=AuditEvent.Action.ROLE_GRANT, target=user_target(staff_user)
    )
    staff_user.delete()
    assert "ユーザー: yamada" in _page(admin_client_)


def test_closed_days_and_dates_in_changes_are_written_as_on_every_page(admin_client_, admin_user):
    audit_record(
        actor=admin_user,
        action=AuditEvent.Action.CLOSED_DAY_ADD,
        target="2026-12-28",
        details={"理由": "CCUSシステム停止", "changes": {"日付": ["2026-12-28", "2026-12-30"]}},
    )
    html = _page(admin_client_)
    assert "2026年12月28日(月)" in html and "2026年12月30日(水)" in html
    assert "2026-12-28" not in html


def test_a_client_target_names_the_client(admin_client_, admin_user):
    from clients.models import Client

    company = Client.objects.create(name="株式会社能登監査建設")
    audit_record(
        actor=admin_user,
        action=AuditEvent.Action.CLIENT_DELETE,
        target=f"clients.Client#{company.pk}",
        details={"削除した件数": 3},
    )
    html = _page(admin_client_)
    assert "株式会社能登監査建設" in html
    assert "削除した件数: 3" in html


def test_in_english_the_stored_labels_and_days_are_english(admin_client_, admin_user):
    audit_record(
        actor=admin_user,
        action=AuditEvent.Action.USER_CREATE,
        target=user_target(admin_user),
        details={"事務所管理者": "はい"},
    )
    audit_record(
        actor=admin_user,
        action=AuditEvent.Action.CLOSED_DAY_DELETE,
        target=date(2026, 12, 28).isoformat(),
        details={"理由": "臨時休業"},
    )
    admin_client_.cookies["django_language"] = "en"
    html = _page(admin_client_)
    assert "Office administrator: Yes" in html
    assert "Mon 28 Dec 2026" in html
    assert "Reason: 臨時休業" in html  # the reason itself is data


def test_the_log_tables_become_cards_on_a_phone(admin_client_, admin_user):
    audit_record(
        actor=admin_user, action=AuditEvent.Action.ROLE_GRANT, target=user_target(admin_user)
    )
    html = _page(admin_client_)
    assert 'class="table table-sm table-stack"' in html
    assert 'data-label="操作した人"' in html
