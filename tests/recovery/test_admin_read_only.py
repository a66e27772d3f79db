"""The admin shows cases, reminders, the timeline and closed days, and changes none of them: every
write goes through recovery.services (transition check, one timeline writer, reminders)."""

import pytest
from django.urls import reverse

from recovery.models import CaseEvent, ClosedDay, RecoveryCase, Reminder, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@office.example.jp", "pw-root-1")
    client.force_login(user)
    return client


@pytest.fixture
def objects(full_case):
    due = full_case.created_at
    reminder = Reminder.objects.create(case=full_case, kind="reply_due", due_at=due)
    day = ClosedDay.objects.create(date="2027-05-06", reason="CCUSシステム停止")
    return {"recoverycase": full_case, "reminder": reminder, "closedday": day}


@pytest.mark.parametrize("model", ["recoverycase", "reminder", "closedday"])
def test_a_superuser_may_look_but_not_add_change_or_delete(superuser_client, objects, model):
    obj = objects[model]
    change = reverse(f"admin:recovery_{model}_change", args=[obj.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert superuser_client.get(reverse(f"admin:recovery_{model}_add")).status_code == 403
    delete = reverse(f"admin:recovery_{model}_delete", args=[obj.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_posting_a_new_status_through_the_admin_changes_nothing(superuser_client, full_case):
    url = reverse("admin:recovery_recoverycase_change", args=[full_case.pk])
    events = CaseEvent.objects.count()
    response = superuser_client.post(url, {"status": Status.DONE, "_save": "1"})
    assert response.status_code == 403
    assert RecoveryCase.objects.get(pk=full_case.pk).status == Status.PREPARING
    assert CaseEvent.objects.count() == events


def test_the_case_page_shows_its_timeline_without_a_form_to_add_to_it(superuser_client, full_case):
    url = reverse("admin:recovery_recoverycase_change", args=[full_case.pk])
    html = superuser_client.get(url).content.decode()
    assert "案件を作成しました" in html
    # Django still prints the inline's management form, but with room for no new row.
    assert 'name="events-MAX_NUM_FORMS" value="0"' in html
    assert 'name="events-0-message"' not in html
