"""The PDFs themselves: content, A4, page counts, the shipped font only, fax-ready black/white."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from weasyprint import HTML

from documents import pdfs as documents
from documents.pdfs import render_consultation_form
from tests.documents import pdfcheck
from tests.documents.conftest import NASTY_NAME

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)


def squash(text: str) -> str:
    """Text without line breaks and spaces, for sentences that wrap in the PDF."""
    return re.sub(r"\s+", "", text)


def all_documents(case) -> dict[str, bytes]:
    return {
        "guide": documents.render_guide(case)[2],
        "id_sheet": documents.render_id_sheet(case)[2],
        "consultation": render_consultation_form(case.client)[2],
        "consultation_blank": render_consultation_form(None)[2],
        "guide_by_fax": documents.render_fax([documents.guide(case)], to=case.client)[2],
    }


def test_each_render_function_returns_a_filename_a_content_type_and_pdf_bytes(case):
    for render in (documents.render_guide, documents.render_id_sheet):
        filename, content_type, data = render(case)
        assert filename.endswith(".pdf")
        assert content_type == "application/pdf"
        assert data.startswith(b"%PDF-")
    filename, content_type, data = render_consultation_form(None)
    assert (filename, content_type) == ("consultation.pdf", "application/pdf")


def test_the_guide_prints_the_clients_data_exactly_and_the_steps_of_the_office_guide(
    case, office_profile
):
    text = pdfcheck.text(documents.render_guide(case)[2])
    assert "株式会社能登ミライ建設" in text
    assert "1234 5678 9012 34" in text  # 事業者ID grouped by four
    assert "ccus@noto-mirai.example.jp" in text
    flat = squash(text)
    for line in (
        "申請不備が無ければ、運営から4〜5営業日後に設定が完了する旨のメールが届きます",
        "メール到着後、2〜3営業日後に作業してください",
        "パスワードにはメールで届いたパスワードを入力します",
        "※パスワードの入力ミスが無いようにしてください",
        "新しいパスワード確認：今後使用されるパスワードを再度入力して下さい",
        "セキュリティコード（本人確認番号）を入力し「確認」をクリックします",
        "セキュリティコードは登録完了通知に記載があります",
        "ポップアップが表示されるので「はい」をクリックします",
        "システムにログインできることを確認し完了です",
        "登録完了通知",
    ):
        assert squash(line) in flat, line
    # The office's contact comes from the office profile, not from code.
    assert "行政書士テスト事務所" in text
    assert "0767-52-0001" in text and "0767-52-0002" in text
    assert "info@test-gyosei.example.jp" in text


LONG_NAME = "株式会社能登ミライ建設工業ホールディングス七尾袖ケ江事業所設備部門"
LONG_EMAIL = "ccus-login-recovery-2027@noto-mirai-kensetsu-holdings.example.jp"


@pytest.mark.parametrize(
    "sent, replied",
    [
        (None, None),
        (datetime(2026, 12, 25, 1, 0, tzinfo=UTC), None),
        (datetime(2026, 12, 25, 1, 0, tzinfo=UTC), datetime(2027, 1, 6, 5, 0, tzinfo=UTC)),
    ],
)
@pytest.mark.parametrize("situation", ["a", "b", "c", "d", "e"])
def test_the_guide_fits_on_at_most_two_a4_pages_even_with_long_values(
    case, office_profile, situation, sent, replied
):
    case.situation, case.sent_at, case.reply_at = situation, sent, replied
    case.client.name, case.new_email = LONG_NAME, LONG_EMAIL
    data = documents.render_guide(case)[2]
    assert len(pdfcheck.reader(data).pages) <= 2
    assert set(pdfcheck.page_sizes(data)) == {A4}
    # The last page is the office's contact, not a page holding only a footer.
    assert "行政書士テスト事務所" in pdfcheck.page_texts(data)[-1]


def test_the_login_guide_fills_its_first_page_with_the_steps(case):
    # Page 1 used to end after the list of things to prepare, half empty.
    first = squash(pdfcheck.page_texts(documents.render_guide(case)[2])[0])
    assert "ログインの手順（STEP②）" in first
    assert "①建設キャリアアップシステムのホームページ" in first


def test_the_guide_names_the_day_sent_the_ccus_mail_window_and_the_expected_work_days(case):
    # Sent Fri 2026-12-25: the year-end closure is skipped (domain.md's example). The work
    # comes 2–3 business days after a mail on 1/6 (earliest) or 1/7 (latest); 1/11 is 成人の日.
    case.sent_at = datetime(2026, 12, 25, 1, 0, tzinfo=UTC)
    text = squash(pdfcheck.text(documents.render_guide(case)[2]))
    assert "2026年12月25日(金)に事務所から送信しました" in text
    assert "2027年1月6日(水)〜2027年1月7日(木)に届く見込みです" in text
    assert "見込みは2027年1月8日(金)〜2027年1月13日(水)" in text
    assert "未定" not in text


def test_the_guide_gives_the_day_of_the_work_two_to_three_business_days_after_the_reply(case):
    case.sent_at = datetime(2026, 12, 25, 1, 0, tzinfo=UTC)
    case.reply_at = datetime(2027, 1, 6, 5, 0, tzinfo=UTC)  # Wed; Mon 1/11 is 成人の日
    text = squash(pdfcheck.text(documents.render_guide(case)[2]))
    assert "2027年1月6日(水)に届きました" in text
    assert "2027年1月8日(金)〜2027年1月12日(火)に作業してください" in text
    assert "届く見込みです" not in text and "見込みは" not in text


def test_the_guide_dates_follow_the_offices_closed_days(case):
    from recovery.models import ClosedDay

    ClosedDay.objects.create(date=date(2027, 1, 6), reason="CCUSシステム停止")
    case.sent_at = datetime(2026, 12, 25, 1, 0, tzinfo=UTC)
    text = squash(pdfcheck.text(documents.render_guide(case)[2]))
    assert "2027年1月7日(木)〜2027年1月8日(金)に届く見込みです" in text


def test_the_guide_before_sending_says_what_each_date_depends_on(case):
    case.new_email = ""
    text = squash(pdfcheck.text(documents.render_guide(case)[2]))
    assert "未定" not in text
    assert "これから事務所が送信します（送信した日から下の日程が決まります）" in text
    assert "お問い合わせを送信した日から4〜5営業日後に届きます" in text
    assert (
        "CCUSからのメールが届いた日の2〜3営業日後です（メールの届く日によって決まります）" in text
    )
    assert "事務所とご相談のうえ決めます" in text


@pytest.mark.parametrize(
    "situation, title, route",
    [
        ("a", "パスワード再設定のご案内", "「a.パスワードのみ不明の場合はこちら」を開きます"),
        (
            "b",
            "登録メールアドレス確認・変更のご案内",
            "ログインして登録メールアドレスを確認・変更します",
        ),
    ],
)
def test_cases_a_and_b_get_the_self_service_guide_on_one_page(case, situation, title, route):
    case.situation = situation
    _, _, data = documents.render_guide(case)
    text = squash(pdfcheck.text(data))
    assert len(pdfcheck.reader(data).pages) == 1
    assert title in text and squash(route) in text
    assert "ご自身" in text and "1234567890123" in text
    # Nothing of the c/d route: no CCUS mail to wait for, no dates, no 「（未定）」.
    for absent in (
        "CCUSからのメール（新しいパスワード）",
        "4〜5営業日",
        "ログインの手順（STEP②）",
        "未定",
    ):
        assert absent not in text, absent
    assert documents.guide(case).title == title


def test_the_id_sheet_fills_the_ids_and_leaves_the_secrets_blank_on_one_page(case):
    case.reply_mail = "新しいパスワード：Zq7#secret-pw セキュリティコード：987654"
    case.notes = "Zq7#secret-pw"
    data = documents.render_id_sheet(case)[2]
    assert pdfcheck.page_sizes(data) == [A4]
    text = pdfcheck.text(data)
    assert "1234 5678 9012 34" in text
    assert "ccus@noto-mirai.example.jp" in text
    assert "パスワード" in text and "セキュリティコード" in text
    assert "鍵のかかる" in squash(text)
    for document in all_documents(case).values():
        assert "Zq7#secret-pw" not in pdfcheck.text(document)
        assert "987654" not in pdfcheck.text(document)


def test_the_consultation_form_is_one_page_with_topics_and_the_offices_fax_large(
    company, office_profile
):
    for client in (company, None):
        data = render_consultation_form(client)[2]
        assert pdfcheck.page_sizes(data) == [A4]
        text = pdfcheck.text(data)
        flat = squash(text)
        for topic in (
            "建設キャリアアップシステムへの登録がわからない",
            "事業者登録や技能者登録がわからない",
            "登録後の操作方法がわからない",
            "グリーンサイトとの連携がわからない",
            "下請事業者様、関連企業様",
            "ご相談は無料",
            "事業者登録、技能者登録、所属事業者関連付け等は有料で承っております",
            "会社名",
            "会社住所",
            "ご担当者様名",
            "ご相談内容",
        ):
            assert squash(topic) in flat, topic
        assert "FAX：0767-52-0002" in text
        assert "info@test-gyosei.example.jp" in text
    text = pdfcheck.text(render_consultation_form(company)[2])
    for value in (
        "株式会社能登ミライ建設",
        "926-0045",
        "石川県七尾市袖ケ江町イ部25番地",
        "能登 太郎",
        "0767-53-1234",
        "0767-53-5678",
    ):
        assert value in text, value


def test_the_fax_cover_counts_the_real_pages_including_itself(case, office_profile):
    import time_machine

    with time_machine.travel(datetime(2027, 1, 8, 1, 0, tzinfo=UTC), tick=False):
        _, _, data = documents.render_fax([documents.guide(case)], to=case.client)
    pages = pdfcheck.page_texts(data)
    guide_pages = len(pdfcheck.reader(documents.render_guide(case)[2]).pages)
    assert len(pages) == guide_pages + 1
    cover = pages[0]
    assert f"{len(pages)}枚（本紙を含む）" in cover
    assert "FAX送付状" in squash(cover)
    assert "能登 太郎 様" in cover
    assert "株式会社能登ミライ建設" in cover and "御中" not in cover
    assert pdfcheck.honorific_problems(cover) == []
    assert "FAX：0767-53-5678" in cover
    assert "送信日：2027年1月8日(金)" in cover
    assert "件名" in cover and "ログイン手順書" in cover
    assert "行政書士テスト事務所" in cover and "0767-52-0001" in cover
    assert "ログイン手順書" in pages[1]
    assert set(pdfcheck.page_sizes(data)) == {A4}


def test_a_fax_cover_without_a_person_is_addressed_to_the_company_御中(case):
    case.client.contact_name = ""
    cover = pdfcheck.page_texts(
        documents.render_fax([documents.id_sheet(case)], to=case.client)[2]
    )[0]
    assert "株式会社能登ミライ建設 御中" in cover and "様" not in cover
    assert pdfcheck.honorific_problems(cover) == []


def test_the_honorific_check_would_catch_a_company_御中_then_a_person_様():
    assert pdfcheck.honorific_problems("株式会社能登 御中\n能登 太郎 様\n")
    assert pdfcheck.honorific_problems("株式会社能登 御中 能登 太郎 様")
    assert pdfcheck.honorific_problems("株式会社能登\n能登 太郎 様\n") == []


def test_several_documents_go_behind_one_cover_with_the_typed_message(case, office_profile):
    _, _, data = documents.render_fax(
        [documents.guide(case), documents.id_sheet(case)],
        to=case.client,
        message="本日お電話でお話しした書類です。\n2枚目以降をご確認ください。",
    )
    pages = pdfcheck.page_texts(data)
    assert sum("FAX送付状" in squash(page) for page in pages) == 1
    cover = squash(pages[0])
    assert f"{len(pages)}枚（本紙を含む）" in cover
    assert "ログイン手順書・ID管理シート" in cover
    assert "本日お電話でお話しした書類です。" in cover


def test_the_fax_cover_fits_one_page_even_with_a_long_message(case):
    sheet = documents.id_sheet(case)
    _, _, data = documents.render_fax([sheet], to=case.client, message="ご確認ください。" * 40)
    assert len(pdfcheck.reader(data).pages) == sheet.rendered.page_count + 1


def test_every_document_embeds_only_a_subset_of_the_shipped_ipaex_gothic(case, office_profile):
    for name, data in all_documents(case).items():
        fonts = pdfcheck.fonts(data)
        assert fonts, name
        for font in fonts:
            assert font["base"] == "IPAexGothic", (name, font)
            assert font["embedded"], (name, font)
            assert font["subset"], (name, font)


def test_every_document_is_pure_black_on_white_with_no_hairline_and_no_small_text(
    case, office_profile
):
    for name, data in all_documents(case).items():
        assert pdfcheck.fax_problems(data) == [], name


def test_the_fax_check_would_catch_grey_colour_transparency_hairlines_and_small_text():
    html = """<style>body { font-family: "DejaVu Sans"; }</style>
    <p style="color: #777">grey</p><p style="background: #eef">tint</p>
    <p style="color: red">red</p><p style="opacity: .5">half</p>
    <div style="border-top: 0.25pt solid #000">hair</div><p style="font-size: 8pt">small</p>"""
    problems = "\n".join(pdfcheck.fax_problems(HTML(string=html).write_pdf()))
    assert "colour rg ['0.466667'" in problems
    assert "colour rg ['1', '0', '0']" in problems
    assert "transparency" in problems
    assert "line 0.25 pt" in problems
    assert "text 8.00 pt" in problems


def test_a_company_name_with_markup_prints_literally_everywhere(case, office_profile):
    case.client.name = NASTY_NAME
    case.client.contact_name = "<b>太郎</b>"
    for name, data in all_documents(case).items():
        text = pdfcheck.text(data)
        if name == "consultation_blank":
            continue
        assert NASTY_NAME in text, name
        assert "&amp;" not in text and "&quot;" not in text and "&#x27;" not in text
    assert "<b>太郎</b>" in pdfcheck.text(all_documents(case)["consultation"])


def test_a_client_without_business_id_gets_a_note_instead_of_an_empty_id(case):
    case.client.business_id = ""
    text = squash(pdfcheck.text(documents.render_guide(case)[2]))
    assert "ご不明：事務所までお問い合わせください" in text


def test_the_office_defaults_render_when_the_office_has_not_filled_in_its_profile(case):
    text = pdfcheck.text(render_consultation_form(None)[2])
    assert "行政書士事務所" in text


def test_cover_sheet_date_is_the_tokyo_date(case):
    import time_machine

    # 2027-01-07 23:30 UTC is already Friday 1/8 in Tokyo.
    with time_machine.travel(datetime(2027, 1, 7, 23, 30, tzinfo=UTC), tick=False):
        data = documents.render_fax([documents.id_sheet(case)], to=case.client)[2]
    assert "2027年1月8日(金)" in pdfcheck.page_texts(data)[0]
    assert date(2027, 1, 8).weekday() == 4


def test_no_email_address_or_url_is_split_across_lines_in_any_document(case, office_profile):
    office_profile.email = "ccus-support-desk-2027@nanao-gyoseishoshi-jimusho.example.jp"
    office_profile.save()
    case.new_email = LONG_EMAIL
    case.client.email = LONG_EMAIL
    for name, data in all_documents(case).items():
        needles = [office_profile.email]
        if name.startswith("guide"):
            needles += [LONG_EMAIL, "https://www.ccus.jp/"]
        if name == "id_sheet":
            needles.append(LONG_EMAIL)
        assert pdfcheck.broken_across_lines(data, needles) == [], name
    case.situation = "a"
    data = documents.render_guide(case)[2]
    assert pdfcheck.broken_across_lines(data, [office_profile.email, "https://www.ccus.jp/"]) == []


def test_the_line_check_would_catch_an_address_broken_in_two():
    narrow = HTML(
        string="""<style>@page { size: 60mm 80mm; margin: 5mm }
        body { font-family: "DejaVu Sans"; font-size: 10pt }</style>
        <p>連絡先 ccus-support-desk-2027@nanao-gyoseishoshi-jimusho.example.jp</p>"""
    ).write_pdf()
    assert (
        pdfcheck.broken_across_lines(
            narrow, ["ccus-support-desk-2027@nanao-gyoseishoshi-jimusho.example.jp"]
        )
        != []
    )


@pytest.fixture
def in_january_2027():
    import time_machine

    with time_machine.travel(datetime(2027, 1, 6, 6, 0, tzinfo=UTC), tick=False):
        yield


def test_the_guides_dates_are_the_days_the_reminders_fire(
    case, staff_user, office_profile, in_january_2027
):
    """The guide (for the client) and the reminders (for staff) read one schedule: the mail is
    due on the reminder's day and late the business day after the guide's last day."""
    from office.dates import format_date_ja
    from recovery import services
    from recovery.business_days import BusinessCalendar, tokyo_date
    from recovery.models import Reminder

    calendar = BusinessCalendar.from_database()

    def last_business_day_before(day):
        day -= timedelta(days=1)
        while calendar.closure_reason(day) is not None:
            day -= timedelta(days=1)
        return day

    def reminder_days():
        return {r.kind: tokyo_date(r.due_at) for r in Reminder.objects.filter(case=case)}

    case.assignee = staff_user  # the inquiry's 担当者
    case.save()
    # Sent the Friday before the year-end closure: the windows cross it.
    services.case_mark_sent(
        case=case, actor=staff_user, sent_at=datetime(2026, 12, 25, 1, 0, tzinfo=UTC)
    )
    case.refresh_from_db()
    dates, days = documents.guide_dates(case), reminder_days()
    assert dates["mail_from"] == format_date_ja(days["reply_due"])
    assert dates["mail_to"] == format_date_ja(last_business_day_before(days["reply_overdue"]))

    services.case_record_receipt(
        case=case,
        actor=staff_user,
        receipt_number="C-2612250001",
        received_at=datetime(2026, 12, 25, 1, 30, tzinfo=UTC),
    )
    services.case_record_reply(
        case=case, actor=staff_user, received_at=datetime(2027, 1, 6, 5, 0, tzinfo=UTC)
    )
    case.refresh_from_db()
    dates, days = documents.guide_dates(case), reminder_days()
    assert dates["work_from"] == format_date_ja(days["login_due"])
    assert dates["work_to"] == format_date_ja(last_business_day_before(days["login_overdue"]))


def text_past_the_right_margin(rendered) -> list[str]:
    """Text boxes of a laid-out document that end to the right of the 15 mm margin."""
    found = []

    def walk(box, limit):
        for child in getattr(box, "children", None) or []:
            if type(child).__name__ == "TextBox" and child.position_x + child.width > limit:
                found.append(child.text)
            walk(child, limit)

    for page in rendered.document.pages:
        walk(page._page_box, page.width - 15 * 96 / 25.4 + 0.5)  # CSS px
    return found


@pytest.mark.parametrize(
    "email",
    [
        LONG_EMAIL,
        "a" * 50 + "@" + "b" * 40 + ".example.jp",
    ],
)
def test_a_long_email_address_stays_on_the_paper(case, office_profile, email):
    from office.pdf import render_document

    office_profile.email = "ccus-support-desk-2027@nanao-gyoseishoshi-jimusho.example.jp"
    office_profile.save()
    case.new_email = case.client.email = email
    cover = render_document(
        "documents/pdf/fax_cover.html",
        documents.fax_cover_context(case.client, subject="ログイン手順書", pages=3),
    )
    for rendered in (
        documents.guide(case).rendered,
        documents.id_sheet(case).rendered,
        documents.consultation_form(case.client).rendered,
        cover,
    ):
        assert text_past_the_right_margin(rendered) == []
    if len(email) <= 64:  # one line at 10 pt
        assert pdfcheck.broken_across_lines(documents.render_guide(case)[2], [email]) == []
