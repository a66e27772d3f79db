"""The corpus of CCUS-like mails (ccus_corpus.py) read from a real Dovecot: each mail's kind, the
case it moves (only CCUS's own, of a sure kind), what is kept and what is kept nowhere.

After every test the mailbox has as many messages as before and the same \\Seen flags.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from clients.services import client_create
from inbox.facts import message_text
from inbox.imap import parse_headers
from inbox.models import CcusMail
from inbox.services import mailbox_fetch
from inbox.trust import AUTH_FAILED, NO_AUTH_RESULTS, NO_TRUSTED_SENDERS
from recovery import services as case_services
from recovery.ccus_mail import parse_ccus_mail
from recovery.models import RecoveryCase, Situation, Status
from tests.recovery.conftest import OPENED
from tests.security.site_map import database_text

from . import ccus_corpus as corpus_module
from .ccus_corpus import SENT, WAITING, business_id, corpus, new_email, number

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0) - timedelta(minutes=1)
ENTRIES = corpus(NOW)
SERVER = "mail.office.example.jp"


def test_the_corpus_has_at_least_40_mails_of_every_kind_and_encoding():
    assert len(ENTRIES) >= 40
    assert len({e.i for e in ENTRIES}) == len(ENTRIES)
    assert {e.kind for e in ENTRIES} == {"receipt", "reply", "completion", "unknown"}
    raw = b"\n".join(e.message for e in ENTRIES).lower()
    for label in (b"iso-2022-jp", b"shift_jis", b"cp932", b"euc-jp", b"base64"):
        assert label in raw
    for label in (b"quoted-printable", b"multipart/alternative", b"application/pdf"):
        assert label in raw
    assert sum(not e.moves for e in ENTRIES) >= 15


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_each_mail_is_read_as_its_kind(entry):
    header = parse_headers(1, entry.message.split(b"\n\n")[0], None)
    facts = parse_ccus_mail(message_text(entry.message), subject=header.subject)
    assert (facts.kind, facts.kind_unsure) == (entry.kind, entry.kind_unsure)
    if entry.i not in (33, 42, 43):  # no number, no number, a number of seven digits
        assert facts.receipt_number == number(entry.i)
        assert not facts.receipt_number_needs_confirmation


def _case_for(entry, staff_user):
    client = client_create(
        data={
            "name": f"株式会社テスト建設{entry.i}",
            "business_id": business_id(entry.i),
            "address": "石川県七尾市御祓町1番地",
            "phone": "0767-53-1234",
        }
    )
    cases = []
    for n in range(2 if entry.sibling else 1):
        with time_machine.travel(OPENED, tick=False):  # opened before it was sent
            case = case_services.case_create(
                client=client,
                situation=Situation.CANNOT_LOGIN,
                actor=staff_user,
                assignee=staff_user,
                new_email=new_email(entry.i),
            )
        case_services.case_mark_sent(case=case, actor=staff_user, sent_at=NOW - timedelta(hours=3))
        if entry.case == WAITING:
            case_services.case_record_receipt(
                case=case,
                actor=staff_user,
                receipt_number=number(entry.i) if n == 0 else f"C-27099{entry.i:05d}",
                received_at=NOW - timedelta(hours=2),
            )
        cases.append(case)
    return cases


def _check(entry, mail, cases) -> list[str]:
    """What is wrong with how ``entry`` was handled ([] when all is right)."""
    problems = []
    if mail.kind != entry.kind:
        problems.append(f"kind {mail.kind}")
    if mail.kind_unsure != entry.kind_unsure:
        problems.append(f"kind_unsure {mail.kind_unsure}")
    for text in entry.stored:
        if text not in mail.masked_body:
            problems.append(f"{text!r} not in the stored body")
    if not cases:
        return problems + ([] if mail.state == "unassigned" else [f"state {mail.state}"])
    case = RecoveryCase.objects.get(pk=cases[0].pk)
    if entry.moves:
        if (mail.state, mail.case_id) != ("recorded", case.pk):
            problems.append(f"state {mail.state} case {mail.case_id}: {mail.reason}")
        want = Status.WAITING if entry.case == SENT else Status.REPLIED
        if case.status != want:
            problems.append(f"case status {case.status}")
        if entry.case == SENT and case.receipt_number != number(entry.i):
            problems.append(f"case receipt number {case.receipt_number}")
        if entry.case == WAITING and new_email(entry.i) not in case.reply_mail:
            problems.append("the reply is not on the case")
    else:
        if mail.state != "unassigned":
            problems.append(f"state {mail.state}")
        if entry.reason not in f"{mail.trust_warning} {mail.reason}":
            problems.append(f"reason {mail.trust_warning!r} {mail.reason!r}")
        want = Status.SENT if entry.case == SENT else Status.WAITING
        if case.status != want or case.reply_mail:
            problems.append(f"the case moved to {case.status}")
    for sibling in cases[1:]:
        if RecoveryCase.objects.get(pk=sibling.pk).status != Status.WAITING:
            problems.append("the other case of the company moved")
    return problems


def test_the_whole_corpus_in_one_pass(
    dovecot,
    imap_settings,
    staff_user,
    office_profile,
    unchanged,
):
    office_profile.ccus_trusted_senders = corpus_module.CCUS_DOMAIN
    office_profile.save()
    cases = {e.i: _case_for(e, staff_user) if e.case else [] for e in ENTRIES}
    dovecot.append_many([(e.message, False) for e in ENTRIES])
    unchanged()

    report = mailbox_fetch()

    assert report.bodies_fetched == len(ENTRIES)
    # Appended in corpus order: the UIDs ascend with it.
    mails = list(CcusMail.objects.order_by("uid"))
    assert len(mails) == len(ENTRIES)
    problems = {}
    for mail, entry in zip(mails, ENTRIES, strict=True):
        found = _check(entry, mail, cases[entry.i])
        if found:
            problems[entry.name] = found
    assert problems == {}
    stored = database_text()
    leaked = [(e.name, s) for e in ENTRIES for s in e.never if s in stored]
    assert leaked == []
    assert "https://ccus-login.example.net/" not in "".join(
        RecoveryCase.objects.values_list("reply_mail", flat=True)
    )


def _auth_receipt(i: int, *results: str) -> bytes:
    headers = tuple(("Authentication-Results", value) for value in results)
    return corpus_module.build(
        subject=f"【お問い合わせ受付：{number(i)}】",
        body=corpus_module.receipt_body(i),
        headers=headers,
    )


@pytest.mark.parametrize(
    "results, moves, reason",
    [
        ((f"{SERVER}; dkim=pass header.d=ccus-help.example.jp header.s=s1",), True, ""),
        ((f"{SERVER}; spf=fail; dmarc=pass header.from=ccus-help.example.jp",), True, ""),
        ((f"{SERVER}; dkim=fail header.d=ccus-help.example.jp",), False, AUTH_FAILED),
        ((f"{SERVER}; dkim=pass header.d=example.net",), False, AUTH_FAILED),
        ((), False, NO_AUTH_RESULTS),
        (("mx.sender.example; dkim=pass header.d=ccus-help.example.jp",), False, NO_AUTH_RESULTS),
        (
            (
                f"{SERVER}; dkim=fail header.d=ccus-help.example.jp",
                f"{SERVER}; dkim=pass header.d=ccus-help.example.jp",
            ),
            False,
            AUTH_FAILED,
        ),
    ],
)
def test_where_the_server_adds_authentication_results_only_a_pass_moves_the_case(
    dovecot,
    imap_settings,
    staff_user,
    office_profile,
    unchanged,
    results,
    moves,
    reason,
):
    imap_settings.MAIL_AUTHSERV_ID = SERVER
    entry = next(e for e in ENTRIES if e.i == 1)
    (case,) = _case_for(entry, staff_user)
    dovecot.append(_auth_receipt(1, *results))
    unchanged()

    mailbox_fetch()

    mail = CcusMail.objects.get()
    case.refresh_from_db()
    assert (mail.state == "recorded", case.status == Status.WAITING) == (moves, moves)
    assert mail.trust_warning == reason


def test_without_trusted_senders_a_genuine_receipt_waits_for_staff_with_a_warning(
    dovecot,
    imap_settings,
    staff_user,
    office_profile,
    staff_client,
    unchanged,
):
    office_profile.ccus_trusted_senders = ""
    office_profile.save()
    entry = next(e for e in ENTRIES if e.i == 2)
    (case,) = _case_for(entry, staff_user)
    dovecot.append(entry.message)
    unchanged()

    mailbox_fetch()

    mail = CcusMail.objects.get()
    assert (mail.state, mail.trust_warning) == ("unassigned", NO_TRUSTED_SENDERS)
    assert mail.candidates == [case.pk]  # offered to staff, not recorded
    assert RecoveryCase.objects.get(pk=case.pk).status == Status.SENT
    page = staff_client.get("/inbox/").content.decode()
    assert "CCUSの送信元アドレス・ドメインが事務所設定に登録されていません" in page
    assert NO_TRUSTED_SENDERS in page


def test_a_receipt_from_an_8_bit_look_alike_address_waits_with_the_sender_warning(
    dovecot, imap_settings, staff_user, office_profile, unchanged
):
    entry = next(e for e in ENTRIES if e.i == 1)
    (case,) = _case_for(entry, staff_user)
    forged = entry.message.replace(
        b"support@ccus-help.example.jp", "support@ｃｃｕｓ-help.example.jp".encode()
    )
    assert forged != entry.message
    dovecot.append(forged)
    unchanged()

    report = mailbox_fetch()

    mail = CcusMail.objects.get()
    assert (report.unreadable, mail.state) == (0, "unassigned")
    assert "support@ｃｃｕｓ-help.example.jp" in mail.trust_warning
    assert mail.candidates == [case.pk]
    assert RecoveryCase.objects.get(pk=case.pk).status == Status.SENT
