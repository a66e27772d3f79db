"""The PDFs themselves: content, A4, page counts, the shipped font only, fax-ready black/white."""

import re
from datetime import UTC, date, datetime

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
        "申請不備が無ければ、運営から4～5営業日後に設定が完了する旨のメールが届きます",
        "メール到着後、2～3営業日後に作業してください",
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


def test_the_guide_is_two_or_three_a4_pages(case):
    data = documents.render_guide(case)[2]
    assert 2 <= len(pdfcheck.reader(data).pages) <= 3
    assert set(pdfcheck.page_sizes(data)) == {A4}


def test_the_guide_gives_the_ccus_mail_window_counted_in_business_days_once_sent(case):
    # Sent Fri 2026-12-25: the year-end closure is skipped (domain.md's example).
    case.sent_at = datetime(2026, 12, 25, 1, 0, tzinfo=UTC)
    text = squash(pdfcheck.text(documents.render_guide(case)[2]))
    assert "2027年1月6日(水)～2027年1月7日(木)に届く見込みです" in text


def test_the_guide_gives_the_day_of_the_work_two_to_three_business_days_after_the_reply(case):
    case.sent_at = datetime(2026, 12, 25, 1, 0, tzinfo=UTC)
    case.reply_at = datetime(2027, 1, 6, 5, 0, tzinfo=UTC)  # Wed; Mon 1/11 is 成人の日
    text = squash(pdfcheck.text(documents.render_guide(case)[2]))
    assert "2027年1月8日(金)～2027年1月12日(火)" in text
    assert "届く見込みです" not in text


def test_the_guide_without_dates_tells_the_rule_instead(case):
    text = squash(pdfcheck.text(documents.render_guide(case)[2]))
    assert "運営への依頼後、4～5営業日で届きます" in text


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
        for topic in ("建設キャリアアップシステムへの登録がわからない",
                      "事業者登録や技能者登録がわからない", "登録後の操作方法がわからない",
                      "グリーンサイトとの連携がわからない", "下請事業者様、関連企業様",
                      "ご相談は無料",
                      "事業者登録、技能者登録、所属事業者関連付け等は有料で承っております",
                      "会社名", "会社住所", "ご担当者様名", "ご相談内容"):
            assert squash(topic) in flat, topic
        assert "FAX：0767-52-0002" in text
        assert "info@test-gyosei.example.jp" in text
    text = pdfcheck.text(render_consultation_form(company)[2])
    for value in ("株式会社能登ミライ建設", "926-0045", "石川県七尾市袖ケ江町イ部25番地",
                  "能登 太郎", "0767-53-1234", "0767-53-5678"):
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
    assert "株式会社能登ミライ建設 御中" in cover
    assert "能登 太郎 様" in cover
    assert "FAX：0767-53-5678" in cover
    assert "送信日：2027年1月8日(金)" in cover
    assert "件名" in cover and "ログイン手順書" in cover
    assert "行政書士テスト事務所" in cover and "0767-52-0001" in cover
    assert "ログイン手順書" in pages[1]
    assert set(pdfcheck.page_sizes(data)) == {A4}


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
