"""Which case a CCUS mail belongs to (inbox.selectors.match_mail): the exact 受付番号 first, the
事業者ID and address only without one, nothing guessed from the time, nothing moved by an
untrusted sender or an unsure kind."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from clients.services import client_create
from inbox.selectors import match_mail
from inbox.trust import Trust
from recovery import services
from recovery.ccus_mail import parse_ccus_mail
from recovery.models import Situation
from tests.recovery.conftest import OPENED

pytestmark = pytest.mark.django_db

TRUSTED = Trust(True)
STRANGER = Trust(
    False, "送信元がCCUSとして登録されたアドレスではありません(差出人: a@example.com)。"
)


@pytest.fixture
def company(staff_user, office_profile):
    """One company with two cases waiting for CCUS's reply, and one waiting for a receipt."""
    client = client_create(
        data={
            "name": "株式会社二件建設",
            "business_id": "22222222222222",
            "address": "石川県七尾市府中町2番地",
            "phone": "0767-53-2222",
        }
    )
    cases = []
    for n, number in enumerate(["C-2612250001", "C-2612250002", None]):
        with time_machine.travel(OPENED, tick=False):  # opened before it was sent
            case = services.case_create(
                client=client,
                situation=Situation.CANNOT_LOGIN,
                actor=staff_user,
                assignee=staff_user,
                new_email=f"new{n}@nikken.example.jp",
            )
        services.case_mark_sent(
            case=case, actor=staff_user, sent_at=timezone.now() - timedelta(minutes=30 + n)
        )
        if number:
            services.case_record_receipt(
                case=case,
                actor=staff_user,
                receipt_number=number,
                received_at=timezone.now() - timedelta(minutes=20),
            )
        cases.append(case)
    return cases


def _match(text: str, subject: str = "", trust=TRUSTED):
    facts = parse_ccus_mail(text, subject=subject)
    return match_mail(facts, text, timezone.now(), trust=trust)


REPLY = "事業者ID：22222222222222 の登録メールアドレスを new0@nikken.example.jp に変更しました。\n"


def test_the_exact_number_wins_whatever_other_cases_the_company_has(company):
    decision = _match(REPLY, subject="Re: 【お問い合わせ受付：C-2612250002】")
    assert (decision.action, decision.case.pk) == ("reply", company[1].pk)


def test_without_a_number_keys_pointing_to_two_cases_go_to_staff(company):
    decision = _match(REPLY, subject="【建設キャリアアップシステム】変更完了のお知らせ")
    assert decision.action == "unassigned"
    assert set(decision.candidates) == {company[0].pk, company[1].pk}


def test_a_number_of_no_case_is_not_replaced_by_the_keys(company):
    decision = _match(REPLY, subject="Re: 【お問い合わせ受付：C-2612259999】")
    assert decision.action == "unassigned"
    assert "受付番号 C-2612259999 の案件がありません" in decision.reason


def test_a_reply_already_recorded_is_known_as_such(company, staff_user):
    services.case_record_reply(case=company[0], actor=staff_user, mail_text="変更しました")
    decision = _match(REPLY, subject="Re: 【お問い合わせ受付：C-2612250001】")
    assert (decision.action, decision.case.pk) == ("already", company[0].pk)


def test_a_receipt_naming_nothing_is_only_offered_the_case_sent_just_before(company):
    decision = _match(
        "お問い合わせを受け付けました。", subject="【お問い合わせ受付：C-2612250003】"
    )
    assert decision.action == "unassigned"
    assert decision.candidates == [company[2].pk]


def test_an_untrusted_sender_moves_nothing_and_shadows_nothing(company):
    decision = _match(REPLY, subject="Re: 【お問い合わせ受付：C-2612250002】", trust=STRANGER)
    assert decision.action == "unassigned"
    assert decision.trust_warning == STRANGER.reason
    assert decision.candidates == [company[1].pk]
    known = _match("受け付けました", subject="【お問い合わせ受付：C-2612250001】", trust=STRANGER)
    assert known.action == "unassigned"  # never "already": staff see the forged mail


def test_an_unsure_kind_moves_nothing(company):
    decision = _match(
        "お問い合わせを受け付けました。\n新しいパスワード：Xk7#pQ2mZr9w\n",
        subject="【お問い合わせ受付：C-2612250003】",
    )
    assert decision.action == "unassigned"
    assert decision.reason.startswith("種類を確認: ")


@pytest.fixture
def other_company(staff_user, office_profile):
    """Another company, with no case at all: its 事業者ID in a mail points away from ours."""
    return client_create(
        data={
            "name": "株式会社三件工業",
            "business_id": "33333333333333",
            "address": "石川県七尾市府中町3番地",
            "phone": "0767-53-3333",
        }
    )


OTHER_REPLY = "事業者ID：33333333333333 の登録メールアドレスを変更しました。\n"


def test_an_exact_number_of_one_case_with_another_company_s_id_goes_to_staff(
    company, other_company
):
    decision = _match(OTHER_REPLY, subject="Re: 【お問い合わせ受付：C-2612250002】")
    assert decision.action == "unassigned"
    assert decision.candidates == [company[1].pk]
    assert "33333333333333" in decision.reason
    assert "22222222222222" in decision.reason


def test_a_receipt_found_by_its_address_but_naming_another_company_s_id_goes_to_staff(
    company, other_company
):
    text = (
        "以下の内容でお問い合わせを受け付けました。\n"
        "②事業者ID: 33333333333333\n⑥変更希望メールアドレス: new2@nikken.example.jp\n"
    )
    decision = _match(text, subject="【お問い合わせ受付：C-2612250003】")
    assert decision.action == "unassigned"
    assert decision.candidates == [company[2].pk]
    assert "33333333333333" in decision.reason


def test_a_reply_without_a_number_found_by_its_address_but_naming_another_id_goes_to_staff(
    company, other_company
):
    text = "事業者ID：33333333333333 の登録メールアドレスを new1@nikken.example.jp に変更しました。"
    decision = _match(text, subject="【建設キャリアアップシステム】変更完了のお知らせ")
    assert decision.action == "unassigned"
    assert decision.candidates == [company[1].pk]
    assert "33333333333333" in decision.reason


def test_an_exact_number_with_another_address_is_recorded_with_the_difference_said(company):
    decision = _match(REPLY, subject="Re: 【お問い合わせ受付：C-2612250002】")
    assert (decision.action, decision.case.pk) == ("reply", company[1].pk)
    assert "new0@nikken.example.jp" in decision.reason  # written in the case's note


def test_a_mail_that_agrees_with_its_case_is_recorded_without_a_warning(company):
    text = "事業者ID：22222222222222 の登録メールアドレスを new1@nikken.example.jp に変更しました。"
    decision = _match(text, subject="Re: 【お問い合わせ受付：C-2612250002】")
    assert (decision.action, decision.case.pk, decision.reason) == ("reply", company[1].pk, "")


def test_a_receipt_found_by_its_id_with_another_address_is_recorded_with_the_difference_said(
    company,
):
    text = (
        "以下の内容でお問い合わせを受け付けました。\n"
        "②事業者ID: 22222222222222\n⑥変更希望メールアドレス: typo@nikken.example.jp\n"
    )
    decision = _match(text, subject="【お問い合わせ受付：C-2612250003】")
    assert (decision.action, decision.case.pk) == ("receipt", company[2].pk)
    assert "typo@nikken.example.jp" in decision.reason


def test_a_known_number_with_another_company_s_id_is_not_filed_away_as_already_recorded(
    company, other_company
):
    text = "以下の内容でお問い合わせを受け付けました。\n②事業者ID: 33333333333333\n"
    decision = _match(text, subject="【お問い合わせ受付：C-2612250001】")
    assert decision.action == "unassigned"
    assert decision.candidates == [company[0].pk]
    assert "33333333333333" in decision.reason


def test_a_caller_that_forgets_the_trust_verdict_moves_nothing(company):
    facts = parse_ccus_mail(REPLY, subject="Re: 【お問い合わせ受付：C-2612250002】")
    with pytest.raises(TypeError):
        match_mail(facts, REPLY, timezone.now())  # no default that would trust the sender
