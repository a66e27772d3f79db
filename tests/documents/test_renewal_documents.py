"""The renewal's documents: the guide and the fax confirmation read back as text, fax-ready, and
the month's batch of renewal notices through the existing ZIP job."""

import io
import zipfile
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from clients.models import Client
from documents import services
from documents.models import DocumentBatch
from documents.pdfs import render_renewal_confirmation, render_renewal_guide
from recovery.business_days import TOKYO

from .pdfcheck import fax_problems, page_sizes, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewing(company):
    Client.objects.filter(pk=company.pk).update(
        registration_expires_on=date(2028, 2, 29), capital_yen=5_000_000
    )
    company.refresh_from_db()
    return company


def test_the_guide_gives_the_clients_dates_fee_documents_and_mail(renewing, office_profile):
    filename, content_type, data = render_renewal_guide(renewing)
    assert (filename, content_type) == (f"renewal-guide-{renewing.pk}.pdf", "application/pdf")
    words = text(data).replace(" ", "").replace("\n", "")
    assert "株式会社能登ミライ建設" in words
    assert "2028年2月29日" in words  # expiry
    assert "2027年9月1日" in words  # window opens
    assert "2028年1月31日" in words  # recommended last day
    assert "12,000円" in words  # 500万円以上1,000万円未満
    assert "CCUS事業者登録更新のお願い" in words
    assert "決済URL" in words
    for item in (
        "商号",
        "建設業許可",
        "法人・個人区分",
        "法人番号",
        "代表者名",
        "所在地",
        "資本金",
    ):
        assert item in words
    # Login not known: the guide says a recovery must come first.
    assert "先にIDの復旧" in words
    assert all(size == (595.28, 841.89) for size in page_sizes(data))


def test_the_guide_of_a_sole_tradesperson_says_free_and_a_client_who_can_log_in_no_recovery(
    renewing, office_profile
):
    Client.objects.filter(pk=renewing.pk).update(sole_proprietor=True, ccus_access="yes")
    renewing.refresh_from_db()
    words = text(render_renewal_guide(renewing)[2]).replace(" ", "").replace("\n", "")
    assert "一人親方" in words and "0円" in words and "無料" in words
    assert "先にIDの復旧" not in words


def test_a_guide_without_expiry_or_capital_says_what_to_tell_the_office(company, office_profile):
    words = text(render_renewal_guide(company)[2]).replace(" ", "").replace("\n", "")
    assert "CCUSにログインすると表示されます" in words
    assert "資本金を事務所までお知らせください" in words


def test_the_confirmation_form_is_one_fax_ready_page_with_the_seven_check_boxes(
    renewing, office_profile
):
    _, _, data = render_renewal_confirmation(renewing)
    assert len(page_sizes(data)) == 1
    assert fax_problems(data) == []
    words = text(data).replace(" ", "").replace("\n", "")
    assert "登録内容に変更はありますか" in words
    for item in ("変更なし", "商号", "建設業許可", "法人・個人区分", "法人番号", "代表者名"):
        assert item in words
    assert office_profile.fax in words


def test_the_renewal_pdfs_download_from_the_case_page_and_are_access_logged(
    renewing, staff_client, staff_user, office_profile
):
    from office.models import AccessLog
    from recovery.renewal_cases import renewal_case_open

    Client.objects.filter(pk=renewing.pk).update(ccus_access="yes")
    renewing.refresh_from_db()
    case = renewal_case_open(client=renewing, actor=staff_user)
    for name in ("renewal_guide_pdf", "renewal_confirmation_pdf"):
        response = staff_client.get(reverse(name, args=[case.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
    assert AccessLog.objects.filter(action="print").count() == 2


@time_machine.travel(datetime(2026, 12, 7, 10, 0, tzinfo=TOKYO), tick=False)
def test_the_months_notices_are_the_clients_whose_window_opens_in_it(db):
    # Windows: 2027-04-30 → 2026-11-01; 2027-05-31 → 2026-12-01; 2027-06-30 → 2027-01-01;
    # 2027-06-15 → 2026-12-16.
    for name, expiry in [
        ("十一月", date(2027, 4, 30)),
        ("十二月初", date(2027, 5, 31)),
        ("十二月中", date(2027, 6, 15)),
        ("一月", date(2027, 6, 30)),
    ]:
        Client.objects.create(name=name, registration_expires_on=expiry)
    Client.objects.create(name="未登録")
    names = list(services.renewal_notice_clients(date(2026, 12, 1)).values_list("name", flat=True))
    assert names == ["十二月初", "十二月中"]


def test_the_notice_batch_builds_one_guide_per_client_in_a_zip(
    renewing, admin_user, office_profile, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.renewal_notice_batch_create(month=date(2027, 9, 1), actor=admin_user)
    batch.refresh_from_db()
    assert batch.kind == DocumentBatch.Kind.RENEWAL_NOTICES
    assert batch.status == DocumentBatch.State.DONE
    names = zipfile.ZipFile(io.BytesIO(bytes(batch.file))).namelist()
    assert names == [f"{renewing.pk:05d}_株式会社能登ミライ建設_更新のご案内.pdf"]


def test_a_month_without_clients_is_refused_in_japanese(db, admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="2030年1月に更新受付が始まる事業者はいません。"):
        services.renewal_notice_batch_create(month=date(2030, 1, 1), actor=admin_user)


def test_the_batch_page_previews_the_month_and_starts_the_job(renewing, staff_client):
    url = reverse("renewal_notice_batch_new")
    page = staff_client.get(url + "?month=2027-09").content.decode()
    assert "株式会社能登ミライ建設" in page
    assert "2028年2月29日" in page
    assert "月は「2027-04」の形で" in staff_client.get(url + "?month=sept").content.decode()
    response = staff_client.post(url, {"month": "2027-09"})
    batch = DocumentBatch.objects.get()
    assert response.url == reverse("document_batch_detail", args=[batch.pk])
