"""The staff desk in a real browser: a new staff member's whole case, the errors they meet, and the
keyboard alone. Server time is moved with time_machine (it patches the clock of the whole
process, so the live server's thread moves too); the browser keeps real time."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from clients.models import Client
from clients.normalize import clean_client_fields
from clients.services import client_create
from office.selectors import get_office
from recovery import services
from recovery.business_days import TOKYO
from recovery.inquiry import build_inquiry
from recovery.models import RecoveryCase, Reminder, Situation, Status
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

# A Monday morning in Tokyo, far from holidays: CCUS's reply is due 4 business days later.
START = datetime(2027, 2, 1, 10, 0, tzinfo=TOKYO)
RECEIPT_MAIL = (
    "差出人: 建設キャリアアップシステムお問い合わせセンター\n"
    "件名: 【お問い合わせ受付：C-2702010001】\n\n"
    "お問い合わせを受け付けました。"
)
REPLY_MAIL = (
    "件名: 【建設キャリアアップシステム】登録メールアドレス変更完了のお知らせ\n\n"
    "登録メールアドレスの変更が完了しました。\n新パスワード:Xy7-secret-Pw\n"
)


def _click(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_a_new_staff_member_takes_a_case_from_first_call_to_done(page, staff_user, office_profile):
    from pypdf import PdfReader

    traveller = time_machine.travel(START, tick=True)
    clock = traveller.start()
    try:
        login(page, "yamada", "pw-staff-1")
        page.steps("dashboard, first login")

        # A client, typed as heard on the phone: full-width digits and hyphens.
        page.goto(page.base_url + "/clients/new/")
        page.get_by_label("事業者名").fill("株式会社能登ブラウザ建設")
        page.get_by_label("フリガナ").fill("のとぶらうざけんせつ")
        page.get_by_label("事業者ID").fill("１２３４－５６７８－９０１２－３４")
        page.get_by_label("所在地").fill("石川県七尾市御祓町1番地")
        page.get_by_label("電話番号").fill("０７６７－５３－１２３４")
        page.get_by_label("メールアドレス", exact=True).fill("info@noto-browser.example.jp")
        _click(page, "保存する")
        page.steps("client saved")
        assert "1234 5678 9012 34" in page.content()
        client = Client.objects.get()
        assert client.business_id == "12345678901234"

        # A case, from the case list.
        page.get_by_role("navigation", name="メインメニュー").get_by_role(
            "link", name="ID復旧案件"
        ).click()
        page.get_by_role("link", name="新しい案件").click()
        page.locator("select[name=client]").select_option(str(client.pk))
        page.get_by_label("c. ログイン不可で、登録メールアドレスを変更したい").check()
        page.get_by_label("変更希望メールアドレス").fill("ccus@noto-browser.example.jp")
        _click(page, "案件を作成")
        page.steps("case opened")
        case = RecoveryCase.objects.get()

        # Copy the inquiry text exactly as CCUS must receive it.
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base_url)
        page.get_by_role("button", name="情報記入欄をコピー").click()
        page.get_by_role("button", name="コピーしました").wait_for()
        assert (
            page.evaluate("navigator.clipboard.readText()")
            == build_inquiry(case, get_office()).body
        )

        _click(page, "問い合わせの送信を記録")
        page.get_by_label("受付メール(件名と本文を貼り付け)").fill(RECEIPT_MAIL)
        _click(page, "受付メールを記録")
        page.steps("receipt recorded")
        case.refresh_from_db()
        assert case.receipt_number == "C-2702010001"
        assert case.status == Status.WAITING

        # Four business days later, at opening time, the delivery pass runs.
        clock.move_to(START + timedelta(days=4, minutes=5))
        call_command("dispatch_reminders", stdout=io.StringIO())
        login(page, "yamada", "pw-staff-1")  # the 8-hour session has ended meanwhile
        page.steps("dashboard with the reminder")
        card = page.locator("li.reminder").filter(has_text="株式会社能登ブラウザ建設")
        assert card.count() == 1
        card.get_by_role("button", name="対応済にする").click()
        page.wait_for_load_state()
        page.steps("reminder done")
        assert page.locator("li.reminder").filter(has_text="株式会社能登ブラウザ建設").count() == 0
        assert Reminder.objects.filter(case=case, state=Reminder.State.DONE).exists()

        # CCUS replies; the password is masked before it is saved.
        page.goto(page.base_url + f"/cases/{case.pk}/")
        page.get_by_label("CCUSからの回答メール(本文を貼り付け)").fill(REPLY_MAIL)
        _click(page, "CCUSからの回答を記録")
        # Issue 11: the page shows what will be masked; staff confirm, then it is saved.
        page.steps("reply: what will be masked")
        assert "新パスワード:********" in page.locator(".masked-preview").inner_text()
        page.get_by_label(
            "パスワード・セキュリティコードの部分を伏字(********)にして保存する"
        ).check()
        _click(page, "CCUSからの回答を記録")
        page.steps("reply recorded")
        case.refresh_from_db()
        assert case.status == Status.REPLIED
        assert "Xy7-secret-Pw" not in case.reply_mail

        # The guide for the client carries its 事業者ID.
        pdf = page.request.get(page.base_url + f"/cases/{case.pk}/guide.pdf")
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
        assert "1234 5678 9012 34" in text or "12345678901234" in text

        # Login work with the client: tick the checklist to the end.
        _click(page, "ログイン作業を開始")
        # The reply came today, before the login window: the page asks first.
        page.steps("login work: before its window")
        assert "ログイン作業の予定日より前です" in page.locator("main").inner_text()
        _click(page, "開始する")
        for _ in range(6):
            button = page.get_by_role("button", name="済にする")
            if button.count() == 0:
                break
            button.first.click()
            page.wait_for_load_state()
        # The last item closes the case: the page asks first.
        page.steps("checklist: closing asks first")
        _click(page, "済にして案件を完了する")
        page.steps("checklist done")
        case.refresh_from_db()
        assert case.status == Status.DONE
        assert "完了" in page.locator("h1 + p").inner_text()
    finally:
        traveller.stop()


def test_a_duplicate_business_id_is_explained_next_to_the_field(page, staff_user):
    Client.objects.create(name="既存建設株式会社", business_id="12345678901234")
    login(page, "yamada", "pw-staff-1")
    page.goto(page.base_url + "/clients/new/")
    page.get_by_label("事業者名").fill("別の建設株式会社")
    page.get_by_label("事業者ID").fill("１２３４ ５６７８ ９０１２ ３４")
    _click(page, "保存する")
    page.steps("duplicate refused")
    field = page.get_by_label("事業者ID")
    # The message sits with the field and is tied to it for screen readers.
    described = field.get_attribute("aria-describedby") or ""
    error = page.locator("#id_business_id ~ .invalid-feedback, #error_1_id_business_id").first
    assert "既存建設株式会社" in error.inner_text()
    assert "is-invalid" in (field.get_attribute("class") or "") or described
    assert Client.objects.count() == 1


def test_a_step_already_taken_in_another_tab_is_refused_with_a_reason(
    page, staff_user, office_profile
):
    client = Client.objects.create(
        name="株式会社二重タブ建設",
        business_id="11112222333344",
        address="石川県七尾市府中町1番地",
        phone="0767-52-1111",
    )
    case = services.case_create(
        client=client,
        situation=Situation.CANNOT_LOGIN,
        actor=staff_user,
        assignee=staff_user,
        new_email="ccus@tab.example.jp",
    )
    login(page, "yamada", "pw-staff-1")
    page.goto(page.base_url + f"/cases/{case.pk}/")
    # Meanwhile a colleague records the send in another tab.
    services.case_mark_sent(case=case, actor=staff_user)
    _click(page, "問い合わせの送信を記録")
    page.steps("second send refused")
    assert page.get_by_role("alert").count() >= 1
    assert RecoveryCase.objects.get().status == Status.SENT
    assert case.events.filter(to_status=Status.SENT).count() == 1


def _focus_is_visible(page) -> bool:
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_search_and_open_a_client_with_the_keyboard_alone(page, staff_user):
    client_create(
        data=clean_client_fields(
            {
                "name": "株式会社キーボード建設",
                "name_kana": "キーボードケンセツ",
                "business_id": "55556666777788",
            }
        ).values
    )
    login(page, "yamada", "pw-staff-1")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "header-search":
            break
    assert page.evaluate("document.activeElement.id") == "header-search"
    assert _focus_is_visible(page)
    page.keyboard.type("５５５５－６６６６")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.steps("search results")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "株式会社キーボード建設":
            break
    assert _focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.steps("client page")
    assert page.get_by_role("heading", name="株式会社キーボード建設").is_visible()


def test_the_pages_fit_a_phone_screen(page, staff_user):
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, "yamada", "pw-staff-1")
    for path in ("/", "/clients/", "/cases/", "/search/?q=建設"):
        page.goto(page.base_url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    # The menu folds behind a button that names itself.
    assert page.get_by_role("button", name="メニュー").is_visible()
