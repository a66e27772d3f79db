"""Uploads (the client CSV import, and any file form that comes later) refuse what they must:
a file over the import's limit (5 MB), a binary file, a CSV 10,000 columns wide."""

import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from .site_map import discover_forms, form_data, snapshot

pytestmark = pytest.mark.django_db


def _upload_forms(client):
    forms = [f for f in discover_forms(client) if any(x.kind == "file" for x in f.fields)]
    assert forms, "no page with a file upload form was found (the client CSV import has one)"
    return forms


HEADER = "事業者名,フリガナ,事業者ID,郵便番号,所在地,電話番号\n"
ROW = (
    "株式会社能登建設,ノトケンセツ,12345678901299,926-0021,石川県七尾市本府中町ヲ1番地,"
    "0767-52-1234\n"
)
BAD_FILES = {
    "over 5 MB": lambda: (
        HEADER + ROW * (settings.CSV_UPLOAD_MAX_BYTES // len(ROW.encode()) + 50)
    ).encode(),
    "binary": lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4096) + b"\x00" * 512,
    "10,000 columns": lambda: (
        ",".join(f"列{i}" for i in range(10_000))
        + "\n"
        + ",".join("x" for _ in range(10_000))
        + "\n"
    ).encode(),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_upload_is_refused_with_a_message_and_stores_nothing(world, admin_client_, kind):
    content = BAD_FILES[kind]()
    for form in _upload_forms(admin_client_):
        data = form_data(form)
        for field in form.fields:
            if field.kind == "file":
                data[field.name] = SimpleUploadedFile("clients.csv", content, "text/csv")
        before = snapshot()
        response = admin_client_.post(form.action, data)
        assert response.status_code in (200, 400, 413), (form.label(), kind, response.status_code)
        html = response.content.decode(errors="replace")
        assert any(mark in html for mark in ("invalid-feedback", "alert-danger", "errorlist")), (
            f"{form.label()}: no error message for a {kind} file"
        )
        assert snapshot() == before, f"{form.label()} stored something from a {kind} file"


def test_a_large_upload_is_never_written_to_a_temporary_file(rf, settings):
    from django.core.files.uploadedfile import InMemoryUploadedFile

    content = b"x" * (settings.CSV_UPLOAD_MAX_BYTES + 1024 * 1024)
    request = rf.post("/clients/import/", {"file": SimpleUploadedFile("big.csv", content)})
    upload = request.FILES["file"]
    # Django's default would stream this to a TemporaryUploadedFile in /tmp, unmasked.
    assert isinstance(upload, InMemoryUploadedFile)
    assert upload.size == len(content)  # the real size, so the form names the limit
    assert len(upload.read()) <= settings.CSV_UPLOAD_MAX_BYTES + 1
