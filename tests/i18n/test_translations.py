"""Japanese is the source language; English must be complete and selectable."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from clients.normalize import clean_client_fields
from clients.services import client_create

from .po import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uff01-\uff60]")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%\(\w+\)\.\d+f")


def test_there_is_a_japanese_and_an_english_catalogue():
    assert {p.parts[-3] for p in CATALOGUES} == {"ja", "en"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    entries = [e for e in read_po(path) if e.msgid and not e.obsolete]
    assert len(entries) > 100
    untranslated = [e.msgid for e in entries if not e.translated]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_each_translation_keeps_the_placeholders_of_its_source(path):
    wrong = []
    for entry in read_po(path):
        if not entry.msgid:
            continue
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in entry.msgstr.values():
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((entry.msgid, text))
    assert wrong == []


def test_the_english_catalogue_holds_japanese_only_where_staff_must_match_it():
    # CSV headers and the labels of the CCUS form (quoted in 【】 or 「」) stay as written.
    quoted = re.compile(r"【[^】]*】|「[^」]*」")
    for entry in read_po(ROOT / "locale/en/LC_MESSAGES/django.po"):
        if not entry.msgid or entry.msgid.startswith("見出し行"):
            continue
        for text in entry.msgstr.values():
            assert not JAPANESE.search(quoted.sub("", text)), (entry.msgid, text)


def _compiled() -> bool:
    found = (ROOT / "locale/en/LC_MESSAGES/django.mo").exists()
    if not found:
        message = (
            "locale/en/LC_MESSAGES/django.mo missing: run `make compilemessages` (needs gettext)"
        )
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture
def english(staff_client):
    _compiled()
    response = staff_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    yield staff_client
    translation.activate("ja")


@pytest.fixture
def a_client(db, staff_user):
    values = clean_client_fields(
        {
            "name": "株式会社能登建設",
            "name_kana": "のとけんせつ",
            "business_id": "１２３４-５６７８-９０１２-３４",
            "phone": "0767-52-1234",
        }
    ).values
    return client_create(data=values, user=staff_user)


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # The language selector names each language in itself, on purpose.
    html = re.sub(r"<footer.*?</footer>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_pages_are_in_japanese_by_default(staff_client, a_client):
    page = staff_client.get(reverse("client_list")).content.decode()
    assert "事業者を登録" in page
    assert "Register a client" not in page


def test_switching_to_english_shows_english_on_the_key_pages(english, a_client):
    pages = {
        reverse("client_list"): ["Register a client", "Business ID", "Search"],
        reverse("client_detail", args=[a_client.pk]): ["Edit", "Change history", "Reading"],
        reverse("client_create"): ["Register a client", "Company name", "Save"],
        reverse("search") + "?q=nothing": ["No client matches", "ID recovery cases"],
    }
    for url, expected in pages.items():
        page = english.get(url).content.decode()
        for text in expected:
            assert text in page, (url, text)
        assert 'lang="en"' in page


def test_the_english_client_list_shows_no_japanese_ui_text(english, staff_user):
    from office.selectors import get_office

    text = _visible_text(english.get(reverse("client_list")).content.decode())
    # The office's and the user's names are data, not UI.
    for name in (get_office().name, staff_user.last_name, staff_user.first_name):
        text = text.replace(name, "")
    assert JAPANESE.findall(text) == []


def test_form_errors_follow_the_language(english):
    page = english.post(reverse("client_create"), {"name": "", "business_id": "１２３"}).content
    page = page.decode()
    assert "Enter the company name." in page
    assert "A business ID has 14 digits; 3 were entered." in page


def _import_preview(staff_client, *rows: str) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from clients.csv_io import HEADER

    text = "\r\n".join([",".join(HEADER), *rows]) + "\r\n"
    upload = SimpleUploadedFile("c.csv", text.encode("utf-8"))
    location = staff_client.post(reverse("client_import"), {"file": upload})["Location"]
    return staff_client.get(location).content.decode()


@pytest.mark.parametrize(
    ("rows", "english_text", "japanese_text"),
    [
        (["和倉設備,ワクラ,,,,,,info@,,"], "There is 1 error.", "エラーのある行が 1か所あります。"),
        (
            ["七尾工務店,ナナオ,1234567890123,,,03-1234,,info@,,"],
            "There are 3 errors.",
            "エラーのある行が 3か所あります。",
        ),
    ],
)
def test_the_import_preview_counts_its_errors_in_singular_and_plural(
    english, rows, english_text, japanese_text
):
    assert english_text in _import_preview(english, *rows)
    english.post(reverse("set_language"), {"language": "ja", "next": "/"})
    assert japanese_text in _import_preview(english, *rows)


def test_switching_back_to_japanese_works(english):
    english.post(reverse("set_language"), {"language": "ja", "next": "/"})
    assert "事業者を登録" in english.get(reverse("client_list")).content.decode()


# --- dates ----------------------------------------------------------------------------------


def render(template: str, **context) -> str:
    return Template("{% load formatting %}" + template).render(Context(context))


def test_a_day_is_written_in_japanese_with_its_weekday():
    assert render("{{ d|date_ja }}", d=dt.date(2026, 12, 25)) == "2026年12月25日(金)"
    assert render("{{ d|date_ja }}", d=dt.date(2027, 1, 3)) == "2027年1月3日(日)"


def test_a_moment_is_shown_on_the_tokyo_calendar_day():
    late_utc = dt.datetime(2026, 12, 24, 15, 30, tzinfo=dt.UTC)  # 00:30 on the 25th in Tokyo
    assert render("{{ m|date_ja }}", m=late_utc) == "2026年12月25日(金)"
    assert render("{{ m|datetime_ja }}", m=late_utc) == "2026年12月25日(金) 00:30"


def test_an_empty_date_shows_nothing():
    assert render("[{{ d|date_ja }}|{{ d|datetime_ja }}]", d=None) == "[|]"


def test_in_english_the_weekday_and_month_are_english():
    with translation.override("en"):
        assert render("{{ d|date_ja }}", d=dt.date(2026, 12, 25)) == "Fri 25 Dec 2026"


@pytest.mark.parametrize(("language", "expected"), [("ja", "1,234,567円"), ("en", "¥1,234,567")])
def test_yen_amounts_read_as_each_language_writes_them(language, expected):
    with translation.override(language):
        rendered = Template("{% load formatting %}{{ amount|yen }}|{{ none|yen }}").render(
            Context({"amount": 1234567, "none": None})
        )
    assert rendered == expected + "|"
