"""clients announces a client erased or deleted (clients.signals); the apps above answer."""

from datetime import date

import pytest

from clients.models import Client, ErasureRecord, RetainedCaseRecord
from clients.retention import CaseBookLine
from clients.services import client_delete, client_erase
from clients.signals import client_deleted, client_erased
from office.selectors import access_log_target_q
from office.signals import access_log_target_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db):
    return Client.objects.create(name="株式会社合図建設", phone="0767-52-4444")


@pytest.fixture
def listener():
    calls = []

    def erased(sender, client, **kwargs):
        calls.append(("erased", client.pk, client.name))
        return {"よそのデータ": 3}

    def deleted(sender, client, **kwargs):
        calls.append(("deleted", client.pk, client.name))
        return [CaseBookLine(name="よその事件", opened_on=date(2026, 4, 1), closed_on=None)]

    client_erased.connect(erased, dispatch_uid="test.erased")
    client_deleted.connect(deleted, dispatch_uid="test.deleted")
    yield calls
    client_erased.disconnect(dispatch_uid="test.erased")
    client_deleted.disconnect(dispatch_uid="test.deleted")


def test_erasing_announces_the_client_before_it_is_gone_and_records_the_counts(company, listener):
    pk = company.pk
    client_erase(client=company)
    assert listener == [("erased", pk, "株式会社合図建設")]
    assert ErasureRecord.objects.get(former_pk=pk).removed["よそのデータ"] == 3


def test_deleting_keeps_the_lines_the_apps_announce_and_erases_the_rest(company, listener):
    pk = company.pk
    client_delete(client=company)
    assert [call[0] for call in listener] == ["deleted", "erased"]
    kept = RetainedCaseRecord.objects.get(former_client_pk=pk)
    assert kept.case_name == "よその事件"
    assert not Client.objects.filter(pk=pk).exists()


def _uids(signal) -> set:
    # Each entry starts with its lookup key, (dispatch_uid, sender id).
    return {entry[0][0] for entry in signal.receivers}


def test_the_real_apps_answer_every_announcement():
    assert {"documents.batches", "inbox.ccus_mails"} <= _uids(client_erased)
    assert "recovery.case_book" in _uids(client_deleted)
    assert {"clients.access_log_targets", "recovery.access_log_targets"} <= _uids(
        access_log_target_search
    )


def test_the_access_log_filter_asks_the_apps_for_the_targets_of_a_name(company):
    condition = access_log_target_q("合図建設")
    rendered = str(condition)
    assert "target__startswith" in rendered
    assert rendered.count("target__in") == len(access_log_target_search.receivers) >= 2
