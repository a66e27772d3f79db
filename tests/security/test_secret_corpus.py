"""The corpus of invented CCUS mails and notes, through the detector and through the pages staff
use; then every table (history included) and the captured logs are searched for each secret."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
import time_machine

from clients.models import Client
from office.secrets import MASK, find_secrets, mask_secrets
from recovery import services
from recovery.business_days import TOKYO
from recovery.models import Situation

from .secret_corpus.entries import ENTRIES, Entry
from .site_map import database_text


@pytest.fixture
def full_client(db):
    return Client.objects.create(
        name="株式会社能登テスト建設",
        name_kana="ノトテストケンセツ",
        business_id="90000000000102",
        postal_code="926-0811",
        address="石川県七尾市御祓町1番地",
        phone="0767-53-1234",
        email="info@noto-test.example.jp",
    )


def test_the_corpus_is_large_and_varied():
    assert len(ENTRIES) >= 60
    assert len({e.name for e in ENTRIES}) == len(ENTRIES)
    assert {e.where for e in ENTRIES} == {
        "note",
        "memo",
        "consultation",
        "error",
        "reply",
        "receipt",
    }
    assert sum(1 for e in ENTRIES if not e.secrets) >= 15  # over-masking cases


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_each_secret_vanishes_and_everything_else_stays(entry: Entry):
    masked = mask_secrets(entry.text)
    for secret in entry.secrets:
        assert secret not in masked, masked
    for kept in entry.keep:
        assert kept in masked, masked
    if entry.secrets:
        assert MASK in masked
        assert len(find_secrets(entry.text)) >= 1
        # Only the secrets changed: removing the masks and the secrets gives the same text.
        rest = entry.text
        for secret in entry.secrets:
            rest = rest.replace(secret, "")
        assert masked.replace(MASK, "").replace("\u200b", "") == rest.replace("\u200b", "") or all(
            s not in masked for s in entry.secrets
        )
    else:
        assert masked == entry.text
        assert find_secrets(entry.text) == []


def _waiting_case(client, user):
    # Opened before its inquiry was sent (no event precedes a case's creation).
    with time_machine.travel("2026-12-01 10:00 +0900", tick=False):
        case = services.case_create(
            client=client,
            situation=Situation.CANNOT_LOGIN,
            actor=user,
            assignee=user,
            new_email="ccus@noto-test.example.jp",
        )
    services.case_mark_sent(
        case=case, actor=user, sent_at=datetime(2026, 12, 25, 10, 0, tzinfo=TOKYO)
    )
    return case


def _post_like_staff(web, url: str, data: dict, entry: Entry) -> None:
    """Post as staff do: when something looks secret the page shows the masked text first and
    saves nothing; ticking the confirmation saves the masked text."""
    first = web.post(url, data)
    if entry.secrets:
        assert first.status_code == 200, (entry.name, first.status_code)
        page = first.content.decode()
        assert MASK in page, entry.name
        assert "伏字" in page, entry.name
        second = web.post(url, {**data, "confirm_masking": "on"})
        assert second.status_code == 302, (entry.name, second.content.decode()[:3000])
    else:
        assert first.status_code == 302, (entry.name, first.content.decode()[:3000])


@pytest.mark.django_db
def test_every_corpus_text_through_the_pages_leaves_no_secret_anywhere(
    staff_client,
    staff_user,
    full_client,
    office_profile,
    caplog,
):
    caplog.set_level(logging.DEBUG)
    web = staff_client
    client_fields = {
        "name": full_client.name,
        "name_kana": full_client.name_kana,
        "business_id": full_client.business_id,
        "postal_code": full_client.postal_code,
        "address": full_client.address,
        "phone": full_client.phone,
        "fax": full_client.fax,
        "email": full_client.email,
        "contact_name": full_client.contact_name,
    }
    with time_machine.travel("2027-01-07 10:00 +0900", tick=False):
        web.force_login(staff_user)
        note_case = services.case_create(
            client=full_client,
            situation=Situation.CANNOT_LOGIN,
            actor=staff_user,
            assignee=staff_user,
        )
        for entry in ENTRIES:
            if entry.where == "note":
                _post_like_staff(web, f"/cases/{note_case.pk}/note/", {"text": entry.text}, entry)
            elif entry.where == "memo":
                _post_like_staff(
                    web,
                    f"/clients/{full_client.pk}/edit/",
                    {**client_fields, "memo": entry.text},
                    entry,
                )
            elif entry.where == "consultation":
                _post_like_staff(
                    web,
                    f"/clients/{full_client.pk}/consultations/new/",
                    {
                        "received_on": "2027-01-07",
                        "channel": "phone",
                        "content": entry.text,
                    },
                    entry,
                )
            elif entry.where == "error":
                _post_like_staff(
                    web,
                    "/cases/new/",
                    {
                        "client": full_client.pk,
                        "situation": "e",
                        "assignee": staff_user.pk,
                        "error_message": entry.text,
                        "notes": "",
                        "new_email": "",
                        # One client, many cases: the notice of a case in progress is answered.
                        "confirm_second_case": "on",
                    },
                    entry,
                )
            elif entry.where == "receipt":
                case = _waiting_case(full_client, staff_user)
                _post_like_staff(
                    web, f"/cases/{case.pk}/receipt/", {"mail_text": entry.text}, entry
                )
            elif entry.where == "reply":
                case = _waiting_case(full_client, staff_user)
                services.case_record_receipt(
                    case=case,
                    actor=staff_user,
                    mail_text="【お問い合わせ受付：C-2612250009】",
                    received_at=datetime(2026, 12, 25, 10, 30, tzinfo=TOKYO),
                )
                _post_like_staff(web, f"/cases/{case.pk}/reply/", {"mail_text": entry.text}, entry)
            for page in (f"/clients/{full_client.pk}/", f"/cases/{note_case.pk}/"):
                assert web.get(page).status_code == 200

    dump = database_text()
    logs = caplog.text
    assert "historicalclient" in dump.lower()  # the dump does include the history tables
    for entry in ENTRIES:
        for secret in entry.secrets:
            assert secret not in dump, (
                entry.name,
                [ln[:200] for ln in dump.splitlines() if secret in ln],
            )
            assert secret not in logs, entry.name
        for kept in entry.keep:
            assert kept in dump, (entry.name, kept)


def test_the_client_memo_page_names_the_part_that_looks_like_a_password(
    staff_client,
    full_client,
):
    response = staff_client.post(
        f"/clients/{full_client.pk}/edit/",
        {
            "name": full_client.name,
            "memo": "お客様より 仮PW「Tmp-4821xy」 を聞いた",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "仮PW「********」" in page
    assert "パスワードのようです" in page
    assert Client.objects.get(pk=full_client.pk).memo == full_client.memo
