"""One addressee rule for every document (the fax cover's), the guide of a late case, no fax
cover without a FAX number. PDFs are read back as text."""

import re
from datetime import UTC, datetime

import pytest
import time_machine

from clients.addressee import Addressee, client_addressee
from clients.models import Client
from documents import pdfs
from documents.services import case_email_message
from recovery.models import Status
from tests.documents import pdfcheck

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 12, 25, 1, 0, tzinfo=UTC)  # Fri; the reply is due 1/6–1/7 (年末年始)
REPLY = datetime(2027, 1, 6, 5, 0, tzinfo=UTC)  # Wed; the login work is due 1/8–1/12


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _first_page(rendered) -> str:
    return pdfcheck.page_texts(rendered[2])[0]


@pytest.mark.parametrize(
    ("contact", "lines"),
    [
        ("能登 太郎", ["株式会社能登", "能登 太郎 様"]),
        ("能登 太郎様", ["株式会社能登", "能登 太郎 様"]),
        ("能登 太郎　殿", ["株式会社能登", "能登 太郎 様"]),
        ("", ["株式会社能登 御中"]),
        ("   ", ["株式会社能登 御中"]),
    ],
)
def test_the_addressee_is_the_company_御中_or_the_company_and_the_person_様(contact, lines):
    client = Client(name="株式会社能登", contact_name=contact)
    assert client_addressee(client).lines == lines
    assert str(client_addressee(client)) == "\n".join(lines)


def test_an_addressee_never_has_御中_and_様_together():
    for person in ("", "能登 太郎"):
        text = str(Addressee(company="株式会社能登", person=person))
        assert not ("御中" in text and "様" in text)


DOCUMENTS = {
    "guide": lambda case: pdfs.render_guide(case),
    "id_sheet": lambda case: pdfs.render_id_sheet(case),
    "fax_cover": lambda case: pdfs.render_fax([pdfs.id_sheet(case)], to=case.client),
}


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_document_addresses_the_contact_person_under_the_company(case, document):
    page = _first_page(DOCUMENTS[document](case))
    assert re.search(r"株式会社能登ミライ建設\s*\n\s*能登 太郎 様", page), page[:200]
    assert "株式会社能登ミライ建設 様" not in page
    assert pdfcheck.honorific_problems(page) == []


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_document_addresses_a_company_without_a_contact_御中(case, document):
    case.client.contact_name = ""
    page = _first_page(DOCUMENTS[document](case))
    assert "株式会社能登ミライ建設 御中" in page
    assert " 様" not in page.split("御中")[0]


@pytest.mark.parametrize("situation", ["a", "b"])
def test_the_self_service_guides_follow_the_rule_and_stay_on_one_page(case, situation):
    case.situation = situation
    data = pdfs.render_guide(case)[2]
    assert len(pdfcheck.reader(data).pages) == 1
    page = pdfcheck.page_texts(data)[0]
    assert "能登 太郎 様" in page and "株式会社能登ミライ建設 様" not in page
    case.client.contact_name = ""
    assert "株式会社能登ミライ建設 御中" in _first_page(pdfs.render_guide(case))


def test_the_client_email_opens_with_the_same_addressee(case, office_profile):
    assert case_email_message(case).body.startswith("株式会社能登ミライ建設\n能登 太郎 様\n\n")
    case.client.contact_name = ""
    assert case_email_message(case).body.startswith("株式会社能登ミライ建設 御中\n\n")


# --- the guide of a late case -------------------------------------------------------------


def _guide_text(case, now: datetime) -> str:
    with time_machine.travel(now, tick=False):
        return squash(pdfcheck.text(pdfs.render_guide(case)[2]))


def test_on_the_last_day_of_the_reply_window_the_guide_still_gives_the_window(case):
    case.sent_at, case.status = SENT, Status.WAITING
    text = _guide_text(case, datetime(2027, 1, 7, 14, 59, tzinfo=UTC))  # 1/7 23:59 JST
    assert "2027年1月6日(水)～2027年1月7日(木)に届く見込みです" in text
    assert "遅れています" not in text


def test_the_day_after_the_reply_window_the_guide_says_the_reply_is_late(case):
    case.sent_at, case.status = SENT, Status.WAITING
    text = _guide_text(case, datetime(2027, 1, 7, 15, 0, tzinfo=UTC))  # 1/8 00:00 JST
    assert "予定（2027年1月7日(木)まで）より遅れています" in text
    assert "迷惑メールフォルダ" in text and "事務所からCCUSに申請内容の確認を依頼します" in text
    # No promise of days already gone, nor of work days derived from them.
    assert "届く見込みです" not in text and "見込みは" not in text
    assert "2027年1月8日(金)～" not in text
    assert "CCUSからのメールが届いた日の2～3営業日後に作業してください" in text


def test_a_case_on_hold_past_the_window_is_not_called_late(case):
    case.sent_at, case.status = SENT, Status.ON_HOLD
    assert "遅れています" not in _guide_text(case, datetime(2027, 2, 1, tzinfo=UTC))


def test_past_the_login_window_the_guide_asks_for_the_work_as_soon_as_possible(case):
    case.sent_at, case.reply_at, case.status = SENT, REPLY, Status.REPLIED
    on_time = _guide_text(case, datetime(2027, 1, 12, 14, 59, tzinfo=UTC))  # 1/12 23:59 JST
    assert "2027年1月8日(金)～2027年1月12日(火)に作業してください" in on_time
    assert "過ぎています" not in on_time
    late = _guide_text(case, datetime(2027, 1, 12, 15, 0, tzinfo=UTC))  # 1/13 00:00 JST
    assert "目安の2027年1月12日(火)を過ぎています" in late
    assert "できるだけ早く作業してください" in late


def test_a_finished_case_is_never_late(case):
    case.sent_at, case.reply_at, case.status = SENT, REPLY, Status.DONE
    assert "過ぎています" not in _guide_text(case, datetime(2027, 3, 1, tzinfo=UTC))


# --- no fax cover without a FAX number ----------------------------------------------------


def test_render_fax_refuses_a_cover_without_a_fax_number(case):
    case.client.fax = " "
    with pytest.raises(pdfs.NoFaxNumberError):
        pdfs.render_fax([pdfs.id_sheet(case)], to=case.client)
    # Documents without a cover still render.
    assert pdfs.render_fax([pdfs.id_sheet(case)])[1] == "application/pdf"


def test_the_fax_page_says_the_number_is_missing_instead_of_making_a_pdf(staff_client, case):
    case.client.fax = ""
    case.client.save()
    page = staff_client.get(f"/cases/{case.pk}/documents/fax/")
    html = page.content.decode()
    assert "FAX番号が登録されていないため、送付状を作れません" in html
    assert "送付状付きPDFを作成" not in html
    assert f'href="/clients/{case.client.pk}/edit/"' in html
    posted = staff_client.post(f"/cases/{case.pk}/documents/fax/", {"documents": ["guide"]})
    assert posted.status_code == 200
    assert posted["Content-Type"].startswith("text/html")


def test_with_a_fax_number_the_fax_page_makes_the_pdf(staff_client, case):
    posted = staff_client.post(
        f"/cases/{case.pk}/documents/fax/", {"documents": ["guide"], "message": ""}
    )
    assert posted["Content-Type"] == "application/pdf"
