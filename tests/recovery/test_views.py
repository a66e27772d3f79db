"""The case pages: list, triage, detail, each recorded step, inquiry.txt, closed days."""

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.models import Client
from office.models import AccessLog
from recovery import services
from recovery.business_days import TOKYO
from recovery.inquiry import INQUIRY_ITEM
from recovery.models import ClosedDay, RecoveryCase, Situation, Status

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 1, 20, 11, 0, tzinfo=TOKYO)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_new_case_page_preselects_the_client(staff_client, full_client):
    response = staff_client.get(f"/cases/new/?client={full_client.pk}")
    assert response.status_code == 200
    assert response.context["form"].initial["client"] == full_client.pk
    assert staff_client.get("/cases/new/?client=999999").status_code == 200


def test_creating_an_a_case_shows_the_self_service_steps(staff_client, full_client, staff_user):
    response = staff_client.post(
        "/cases/new/",
        {
            "client": full_client.pk,
            "situation": "a",
            "assignee": staff_user.pk,
        },
        follow=True,
    )
    html = response.content.decode()
    case = RecoveryCase.objects.get()
    assert case.status == Status.SELF_SERVICE
    assert "パスワードのみ不明の場合" in html
    assert "パスワードを再設定しましょう" in html


def test_creating_an_e_case_needs_the_error_message(staff_client, full_client):
    response = staff_client.post("/cases/new/", {"client": full_client.pk, "situation": "e"})
    assert response.status_code == 200
    assert "表示されたエラーメッセージを入力してください" in response.content.decode()
    assert not RecoveryCase.objects.exists()


def test_creating_without_a_client_names_the_field(staff_client):
    response = staff_client.post("/cases/new/", {"situation": "c"})
    assert "事業者を選んでください" in response.content.decode()


def test_the_case_page_shows_the_inquiry_and_copy_buttons_without_inline_js(
    staff_client,
    full_case,
):
    response = staff_client.get(f"/cases/{full_case.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "④事業者の電話番号 0767-53-1234" in html
    assert INQUIRY_ITEM in html
    assert 'data-copy-target="inquiry-body"' in html
    assert "js/copy.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert 'style="' not in html and "onclick" not in html
    assert "問い合わせの送信を記録" in html
    assert AccessLog.objects.filter(action="view", target=f"clients.Client#{full_case.client.pk}")


def test_the_case_page_lists_what_is_missing_and_offers_no_text(staff_client, full_case):
    full_case.new_email = ""
    full_case.save()
    html = staff_client.get(f"/cases/{full_case.pk}/").content.decode()
    assert "変更希望メールアドレス(" in html
    assert "【変更希望事業者情報】" not in html
    assert "問い合わせの送信を記録" not in html


def test_inquiry_txt_returns_the_same_text_as_plain_utf8(staff_client, full_case):
    from office.selectors import get_office
    from recovery.inquiry import build_inquiry

    response = staff_client.get(f"/cases/{full_case.pk}/inquiry.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text == build_inquiry(full_case, get_office()).full_text
    assert build_inquiry(full_case, get_office()).body in text


def test_inquiry_txt_says_what_is_missing_with_409(staff_client, full_case):
    full_case.client.address = ""
    full_case.client.save()
    response = staff_client.get(f"/cases/{full_case.pk}/inquiry.txt")
    assert response.status_code == 409
    assert "事業者の所在地" in response.content.decode()
    assert staff_client.get("/cases/99999/inquiry.txt").status_code == 404


def test_each_step_is_recorded_from_the_page(staff_client, full_case, staff_user, admin_user):
    pk = full_case.pk
    staff_client.post(f"/cases/{pk}/sent/", {"at": "2027-01-06T10:00"})
    staff_client.post(
        f"/cases/{pk}/receipt/",
        {
            "mail_text": "【お問い合わせ受付：Ｃ－２７０１０６０００１】",
            "at": "",
        },
    )
    case = RecoveryCase.objects.get(pk=pk)
    assert case.status == Status.WAITING
    assert case.receipt_number == "C-2701060001"
    staff_client.post(f"/cases/{pk}/reply/", {"mail_text": "変更が完了しました。"})
    # Today is before the login window and the last item closes the case: both ask first.
    staff_client.post(f"/cases/{pk}/login/start/", {"confirmed": "1"})
    for step in services.LOGIN_STEPS:
        staff_client.post(f"/cases/{pk}/login/{step}/", {"confirmed": "1"})
    assert RecoveryCase.objects.get(pk=pk).status == Status.DONE
    response = staff_client.get(f"/cases/{pk}/reopen/", follow=True)
    assert "事務所管理者だけ" in " ".join(_messages(response))
    assert RecoveryCase.objects.get(pk=pk).status == Status.DONE
    staff_client.force_login(admin_user)
    assert staff_client.get(f"/cases/{pk}/reopen/").status_code == 200
    staff_client.post(f"/cases/{pk}/reopen/", {"reason": "確認漏れ"})
    assert RecoveryCase.objects.get(pk=pk).status == Status.LOGIN_WORK


def test_a_refused_step_is_shown_as_a_message(staff_client, full_case):
    response = staff_client.post(f"/cases/{full_case.pk}/reply/", {"mail_text": "x"}, follow=True)
    assert any("CCUSの回答を記録" in m for m in _messages(response))
    assert RecoveryCase.objects.get(pk=full_case.pk).status == Status.PREPARING


def test_a_receipt_mail_without_a_number_names_the_problem(staff_client, full_case, staff_user):
    services.case_mark_sent(case=full_case, actor=staff_user)
    response = staff_client.post(
        f"/cases/{full_case.pk}/receipt/", {"mail_text": "ありがとうございます"}, follow=True
    )
    # The form is shown again with the mail (issue 11: a mail's facts are checked before saving).
    assert "受付番号(C-で始まる番号)が見つかりません" in response.content.decode()
    assert "ありがとうございます" in response.content.decode()


def test_a_future_time_is_refused(staff_client, full_case):
    response = staff_client.post(
        f"/cases/{full_case.pk}/sent/", {"at": "2027-02-01T10:00"}, follow=True
    )
    assert any("未来の日時" in m for m in _messages(response))


def test_cancel_asks_for_confirmation_first(staff_client, full_case):
    response = staff_client.get(f"/cases/{full_case.pk}/cancel/")
    assert response.status_code == 200
    assert "取り消す" in response.content.decode()
    assert RecoveryCase.objects.get(pk=full_case.pk).status == Status.PREPARING
    staff_client.post(f"/cases/{full_case.pk}/cancel/", {"reason": "不要"})
    assert RecoveryCase.objects.get(pk=full_case.pk).status == Status.CANCELLED


def test_hold_and_resume_from_the_page(staff_client, full_case):
    staff_client.post(f"/cases/{full_case.pk}/hold/", {"reason": ""})
    assert RecoveryCase.objects.get(pk=full_case.pk).status == Status.ON_HOLD
    html = staff_client.get(f"/cases/{full_case.pk}/").content.decode()
    assert "保留を解除する" in html
    staff_client.post(f"/cases/{full_case.pk}/resume/")
    assert RecoveryCase.objects.get(pk=full_case.pk).status == Status.PREPARING


def test_the_step_urls_refuse_get(staff_client, full_case):
    assert staff_client.get(f"/cases/{full_case.pk}/sent/").status_code == 405


def test_an_overdue_reply_stands_out_in_words(staff_client, full_case, staff_user):
    services.case_mark_sent(
        case=full_case, actor=staff_user, sent_at=datetime(2027, 1, 6, 10, 0, tzinfo=TOKYO)
    )
    services.case_record_receipt(case=full_case, actor=staff_user, mail_text="C-2701060001")
    html = staff_client.get(f"/cases/{full_case.pk}/").content.decode()
    # Sent Wed 1/6: 1/7, 1/8, (1/11 成人の日), 1/12, 1/13 = 4 BD, 1/14 = 5 BD; 1/20 is late.
    assert "2027年1月13日(水)〜2027年1月14日(木)" in html
    assert "期限超過" in html


def test_date_corrections_from_the_page(staff_client, full_case, staff_user):
    services.case_mark_sent(case=full_case, actor=staff_user)
    response = staff_client.post(f"/cases/{full_case.pk}/dates/", {"sent_at": "2027-01-19T09:00"})
    assert response.status_code == 302
    assert RecoveryCase.objects.get(pk=full_case.pk).sent_at == datetime(
        2027, 1, 19, 9, 0, tzinfo=TOKYO
    )
    response = staff_client.post(f"/cases/{full_case.pk}/dates/", {"sent_at": "2027-03-01T09:00"})
    assert "未来の日時" in response.content.decode()


def _make_cases(count: int, staff_user) -> list[RecoveryCase]:
    cases = []
    start = Client.objects.count()
    for i in range(start, start + count):
        client = Client.objects.create(
            name=f"テスト建設{i}",
            business_id=f"5555{i:010d}",
            address="石川県七尾市",
            phone="0767-00-0000",
        )
        # Opened before the dates the tests record on them.
        with time_machine.travel(NOW - timedelta(days=60), tick=False):
            cases.append(
                services.case_create(
                    client=client,
                    situation=Situation.CANNOT_LOGIN,
                    actor=staff_user,
                    assignee=staff_user,
                    new_email=f"c{i}@example.jp",
                )
            )
    return cases


def _list_queries(staff_client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert staff_client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_case_list_query_count_does_not_grow_with_the_cases(
    staff_client,
    staff_user,
    office_profile,
):
    urls = ["/cases/", "/cases/?overdue=on", "/cases/?waiting=on&q=テスト"]
    _make_cases(2, staff_user)
    few = [_list_queries(staff_client, url) for url in urls]
    _make_cases(20, staff_user)
    many = [_list_queries(staff_client, url) for url in urls]
    assert few == many


def test_the_case_list_is_paginated(staff_client, staff_user, office_profile):
    _make_cases(27, staff_user)
    page1 = staff_client.get("/cases/").content.decode()
    assert "1 / 2" in page1
    page2 = staff_client.get("/cases/?page=2").content.decode()
    assert page2.count('href="/cases/') - page2.count('href="/cases/new/') >= 2


@pytest.mark.parametrize(
    "query",
    [
        "12345678901234",
        "1234-5678-9012-34",
        "１２３４ ５６７８ ９０１２ ３４",
        "能登テスト",
        "C-2701060001",
        "ｃ－２７０１０６０００１",
    ],
)
def test_the_case_list_finds_cases_by_name_business_id_or_receipt_number(
    staff_client,
    full_case,
    staff_user,
    query,
):
    services.case_mark_sent(case=full_case, actor=staff_user)
    services.case_record_receipt(case=full_case, actor=staff_user, mail_text="C-2701060001")
    _make_cases(2, staff_user)
    rows = staff_client.get("/cases/", {"q": query}).context["rows"]
    assert [case.pk for case, _ in rows] == [full_case.pk]


def test_the_case_list_filters(staff_client, full_case, staff_user, admin_user):
    late, waiting, other = _make_cases(3, staff_user)
    services.case_mark_sent(case=late, actor=staff_user, sent_at=NOW - timedelta(days=14))
    services.case_record_receipt(case=late, actor=staff_user, mail_text="C-0000000001")
    services.case_mark_sent(case=waiting, actor=staff_user, sent_at=NOW - timedelta(hours=3))
    services.case_record_receipt(case=waiting, actor=staff_user, mail_text="C-0000000002")
    other.assignee = admin_user
    other.save()

    def pks(params):
        return {c.pk for c, _ in staff_client.get("/cases/", params).context["rows"]}

    assert pks({"overdue": "on"}) == {late.pk}
    assert pks({"waiting": "on"}) == {late.pk, waiting.pk}
    assert pks({"status": "preparing"}) == {full_case.pk, other.pk}
    assert pks({"assignee": admin_user.pk}) == {other.pk}
    html = staff_client.get("/cases/", {"q": "該当なし"}).content.decode()
    assert "条件に合う案件はありません" in html


def test_the_overdue_filter_agrees_with_each_cases_schedule(
    staff_client,
    staff_user,
    office_profile,
):
    from recovery.business_days import BusinessCalendar
    from recovery.selectors import case_list, case_schedule

    cases = _make_cases(12, staff_user)
    for days, case in enumerate(cases):
        services.case_mark_sent(case=case, actor=staff_user, sent_at=NOW - timedelta(days=days))
        if days % 3:
            services.case_record_receipt(case=case, actor=staff_user, mail_text="C-1234567890")
    calendar = BusinessCalendar.from_database()
    listed = {c.pk for c in case_list(overdue=True, calendar=calendar)}
    expected = {
        c.pk for c in RecoveryCase.objects.all() if case_schedule(c, calendar=calendar).overdue
    }
    assert listed == expected
    assert listed  # some are overdue, some not
    assert listed != {c.pk for c in cases}


def test_the_client_page_lists_its_cases(staff_client, full_case):
    html = staff_client.get(f"/clients/{full_case.client.pk}/").content.decode()
    assert f'href="/cases/{full_case.pk}/"' in html
    assert "準備中" in html


def test_closed_days_are_for_office_admins(staff_client, admin_user):
    assert staff_client.get("/closed-days/").status_code == 403
    response = staff_client.post("/closed-days/", {"date": "2027-05-06", "reason": "x"})
    assert response.status_code == 403
    assert not ClosedDay.objects.exists()
    staff_client.force_login(admin_user)
    assert staff_client.get("/closed-days/").status_code == 200


def test_an_admin_adds_and_deletes_a_closed_day_and_open_cases_move(
    admin_client_,
    full_case,
    staff_user,
):
    services.case_mark_sent(
        case=full_case, actor=staff_user, sent_at=datetime(2027, 1, 19, 10, 0, tzinfo=TOKYO)
    )
    due = full_case.reminders.get(kind="reply_due", state="pending").due_at
    assert due.date() == date(2027, 1, 25)
    response = admin_client_.post("/closed-days/", {"date": "2027-01-21", "reason": "CCUS停止"})
    assert response.status_code == 302
    assert ClosedDay.objects.get().reason == "CCUS停止"
    assert full_case.reminders.get(kind="reply_due", state="pending").due_at.date() == date(
        2027, 1, 26
    )
    again = admin_client_.post("/closed-days/", {"date": "2027-01-21", "reason": "重複"})
    assert "既に休業日として登録されています" in again.content.decode()
    missing = admin_client_.post("/closed-days/", {"date": "2027-01-22", "reason": ""})
    assert "理由を入力してください" in missing.content.decode()
    day = ClosedDay.objects.get()
    assert admin_client_.get(f"/closed-days/{day.pk}/delete/").status_code == 200
    admin_client_.post(f"/closed-days/{day.pk}/delete/")
    assert not ClosedDay.objects.exists()
    assert full_case.reminders.get(kind="reply_due", state="pending").due_at.date() == date(
        2027, 1, 25
    )


def test_recovery_templates_have_no_inline_script_or_style():
    root = Path(__file__).resolve().parents[2] / "templates" / "recovery"
    for template in root.glob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert 'style="' not in text and " on" + "click=" not in text, template


def test_the_client_page_offers_a_new_case_for_that_client(staff_client, full_client):
    html = staff_client.get(f"/clients/{full_client.pk}/").content.decode()
    assert "この事業者で案件を作成" in html
    assert f'href="/cases/new/?client={full_client.pk}"' in html


def test_the_new_email_field_lets_the_browser_send_a_full_width_address(
    staff_client, full_client, staff_user
):
    html = staff_client.get(f"/cases/new/?client={full_client.pk}").content.decode()
    field = re.search(r'<input[^>]*name="new_email"[^>]*>', html).group(0)
    assert 'type="text"' in field and 'inputmode="email"' in field
    response = staff_client.post(
        "/cases/new/",
        {
            "client": full_client.pk,
            "situation": "c",
            "assignee": staff_user.pk,
            "new_email": "ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｊｐ",
        },
    )
    assert response.status_code == 302
    assert RecoveryCase.objects.get().new_email == "info@example.jp"


def test_a_malformed_new_email_is_still_refused_in_japanese(staff_client, full_client):
    response = staff_client.post(
        "/cases/new/",
        {
            "client": full_client.pk,
            "situation": "c",
            "new_email": "ｉｎｆｏ＠",
        },
    )
    assert response.status_code == 200
    assert "変更希望メールアドレスの形式が正しくありません" in response.content.decode()
