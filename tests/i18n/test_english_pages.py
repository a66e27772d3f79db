"""Every page a staff member opens in English is in English, except data and the CCUS labels
marked lang="ja" (a route walk: a new page is covered as soon as it lands)."""

from __future__ import annotations

import pytest
from django.test import Client

from clients.csv_io import HEADER
from tests.security.conftest import world  # noqa: F401 - the fixture
from tests.security.site_map import routes

from .english_scan import japanese_outside_data, stored_texts
from .test_translations import _compiled

pytestmark = pytest.mark.django_db
# The CSV's own header: the file must carry these words, whatever the page's language.
CSV_HEADER = tuple(HEADER)


def _english(user) -> Client:
    browser = Client()
    browser.force_login(user)
    browser.cookies["django_language"] = "en"
    return browser


def _japanese_on_pages(browser, urls) -> dict[str, list[str]]:
    data = stored_texts()
    found = {}
    for url in urls:
        response = browser.get(url, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        words = japanese_outside_data(response.content.decode(), data, allowed=CSV_HEADER)
        if words:
            found[url] = words
    return found


def test_every_staff_page_in_english_shows_no_japanese_outside_data(world, admin_user):  # noqa: F811
    _compiled()
    urls = [r.url for r in routes() if not r.django_admin and not r.public]
    found = _japanese_on_pages(_english(admin_user), urls)
    assert found == {}


def test_each_step_of_a_case_and_its_checklist_read_in_english(db, admin_user, office_profile):
    _compiled()
    from clients.services import client_create
    from recovery import services
    from recovery.models import RecoveryCase, Situation, Status

    company = client_create(
        data={
            "name": "株式会社能登英語建設",
            "business_id": "12345678901234",
            "address": "石川県七尾市本府中町ヲ1番地",
            "phone": "0767-52-1234",
        }
    )
    urls = []
    for status in Status.values:
        case = services.case_create(
            client=company,
            situation=Situation.CANNOT_LOGIN,
            actor=admin_user,
            assignee=admin_user,
            new_email="ccus@noto-eigo.example.jp",
        )
        RecoveryCase.objects.filter(pk=case.pk).update(status=status)
        urls.append(f"/cases/{case.pk}/")
    for situation in (Situation.PASSWORD_ONLY, Situation.CAN_LOGIN):
        case = services.case_create(client=company, situation=situation, actor=admin_user)
        urls.append(f"/cases/{case.pk}/")
    browser = _english(admin_user)
    assert (
        "Start the login work" in browser.get(urls[Status.values.index("replied")]).content.decode()
    )
    checklist = browser.get(urls[Status.values.index("login_work")]).content.decode()
    assert "Security code entered" in checklist and "① Open the CCUS website" in checklist
    assert _japanese_on_pages(browser, urls) == {}


def test_the_csv_import_preview_reads_in_english(db, admin_user, office_profile):
    _compiled()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from clients.csv_io import HEADER

    rows = [
        ",".join(HEADER),
        "株式会社能登正常,ノトセイジョウ,,,,0767-52-1111,,,,",
        "株式会社能登誤り,のと,12345,,,123,,not-an-email,,",
        "株式会社能登重複,,12345678901234,,,,,,,",
        "株式会社能登重複2,,12345678901234,,,,,,,",
    ]
    upload = SimpleUploadedFile("c.csv", "\r\n".join(rows).encode("utf-8"), "text/csv")
    browser = _english(admin_user)
    response = browser.post("/clients/import/", {"file": upload}, follow=True)
    html = response.content.decode()
    assert "Same business ID as row 4" in html
    assert "New" in html
    words = japanese_outside_data(html, stored_texts(), allowed=CSV_HEADER)
    # The rows' own values are data of the file, not of the database: leave them out too.
    values = {v for row in rows[1:] for v in row.split(",") if v}
    assert [w for w in words if not any(w in v for v in values)] == []


def test_a_file_that_is_not_csv_is_refused_in_english(db, admin_user, office_profile):
    _compiled()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.csv", b"PK\x03\x04\x00\x00binary", "text/csv")
    html = _english(admin_user).post("/clients/import/", {"file": upload}).content.decode()
    assert "This does not look like a CSV file" in html
    assert japanese_outside_data(html, stored_texts(), allowed=CSV_HEADER) == []


def test_the_scan_would_catch_untranslated_text_but_not_data_or_marked_labels():
    html = (
        '<main><p>Saved 株式会社能登</p><p lang="ja">情報記入欄の文章</p>'
        "<p>Choose 「①ログイン情報を教えてほしい」</p><button>保存する</button>"
        '<input placeholder="検索"></main>'
    )
    assert japanese_outside_data(html, ["株式会社能登"]) == ["保存する", "検索"]


def test_english_sentences_have_no_full_width_brackets_wave_dashes_or_middle_dots():
    from pathlib import Path

    from tests.i18n.po import read_po

    from .english_scan import QUOTED_CCUS_LABEL

    catalogue = Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po"
    wrong = [
        (entry.msgid, text)
        for entry in read_po(catalogue)
        if entry.msgid
        for text in entry.msgstr.values()
        if set(QUOTED_CCUS_LABEL.sub("", text)) & set("（）〜～・：、。　")
    ]
    assert wrong == []
