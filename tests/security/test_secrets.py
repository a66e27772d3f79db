"""No CCUS password or security code is kept: not in any table, not in the logs, not in mail.

Known secrets go through every form found on every page (every free-text field, pasted mails
included) and through the login form; then the whole database and the captured logs are searched.
"""

import logging

import pytest
from django.core import mail
from django.test import Client

from office.secrets import contains_secret, mask_secrets

from .site_map import database_text, discover_forms, form_data, forms_in, submit

pytestmark = pytest.mark.django_db

PASSWORD = "Pw!Zq81xTm"
SECURITY_CODE = "73914826"
SECRETS = (PASSWORD, SECURITY_CODE)
ONE_LINE = f"新しいパスワード：{PASSWORD} セキュリティコード：{SECURITY_CODE}"
# How CCUS's mails put them: a label line, then the value on the next line.
PASTED_MAIL = (
    "事業者情報登録完了のお知らせ\n事業者ID\n12345678901234\n"
    "初期パスワード (初回ログイン時にパスワードの変更が必要になります。ご注意ください。)\n"
    f"{PASSWORD}\nセキュリティコード\n{SECURITY_CODE}\n"
)


def _where(text: str, secret: str) -> list[str]:
    return [line[:160] for line in text.splitlines() if secret in line]


def _assert_absent(caplog) -> None:
    dump = database_text()
    logs = caplog.text
    mails = "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)
    for secret in SECRETS:
        assert secret not in dump, f"{secret!r} stored in the database: {_where(dump, secret)}"
        assert secret not in logs, f"{secret!r} in the logs: {_where(logs, secret)}"
        assert secret not in mails, f"{secret!r} in an email: {_where(mails, secret)}"


@pytest.mark.parametrize(
    "text",
    [
        ONE_LINE,
        PASTED_MAIL,
        f"PW={PASSWORD}",
        f"パスワードは {PASSWORD} です",
        f"security code: {SECURITY_CODE[:4]} {SECURITY_CODE[4:]}",
    ],
)
def test_mask_secrets_hides_each_way_a_secret_is_written(text):
    masked = mask_secrets(text)
    assert PASSWORD not in masked and SECURITY_CODE not in masked
    assert contains_secret(text)


@pytest.mark.parametrize(
    "text",
    [
        "パスワード：不明",
        "パスワード変更済み",
        "株式会社能登建設",
        "セキュリティコード入力済",
        "password: ****",
    ],
)
def test_mask_secrets_leaves_ordinary_notes_alone(text):
    assert mask_secrets(text) == text


def test_no_secret_sent_through_any_form_is_stored_or_logged(world, admin_client_, caplog):
    caplog.set_level(logging.DEBUG)
    # Forms without text (a delete button) carry no secret; they would only remove the objects
    # whose other forms are tested here.
    forms = [f for f in discover_forms(admin_client_) if f.text_fields]
    assert any(f.method == "post" for f in forms), "no form found to test"
    tried = []
    for form in forms:
        for text in (ONE_LINE, PASTED_MAIL):
            response = submit(admin_client_, form, form_data(form, text))
            assert response.status_code < 500, form.label()
            tried.append((form.label(), response.status_code))
    print("\n".join(f"{code} {label}" for label, code in tried))
    _assert_absent(caplog)


def test_no_secret_typed_into_the_login_form_is_kept(world, caplog):
    caplog.set_level(logging.DEBUG)
    anonymous = Client()
    [login] = [
        f
        for f in forms_in("/accounts/login/", anonymous.get("/accounts/login/").content.decode())
        if f.action == "/accounts/login/"
    ]
    for username in (ONE_LINE, "yamada", PASSWORD):
        data = form_data(login)
        data.update({"username": username, "password": PASSWORD})
        assert anonymous.post(login.action, data).status_code in (200, 429)
    _assert_absent(caplog)


def test_a_secret_saved_by_code_is_masked_too(world):
    from clients.models import Client as Company

    company = Company.objects.get(pk=7)
    company.memo = PASTED_MAIL
    company.save()
    company.refresh_from_db()
    assert PASSWORD not in company.memo and SECURITY_CODE not in company.memo
    assert "初期パスワード" in company.memo
    assert PASSWORD not in database_text()


def test_no_secret_in_an_imported_csv_is_stored(world, admin_client_, caplog):
    """The CSV import writes in bulk (no model save): it must mask too."""
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from .site_map import get_pages

    caplog.set_level(logging.DEBUG)
    pages = get_pages(admin_client_)
    exports = [
        f
        for p, html in pages.items()
        for f in forms_in(p, html)
        if f.method == "get" and "export" in f.action
    ]
    uploads = [
        f
        for p, html in pages.items()
        for f in forms_in(p, html)
        if any(x.kind == "file" for x in f.fields)
    ]
    assert exports and uploads, "the CSV export and import pages were not found"
    exported = submit(admin_client_, exports[0], form_data(exports[0]))
    assert exported.status_code == 200 and "csv" in exported["Content-Type"]
    charset = exported["Content-Type"].partition("charset=")[2] or "utf-8"
    rows = list(csv.reader(io.StringIO(exported.content.decode(charset))))
    header, row = rows[0], rows[1]
    memo = [i for i, title in enumerate(header) if "メモ" in title or "memo" in title.lower()]
    assert memo, header
    row[memo[0]] = PASTED_MAIL
    new = list(row)
    new[memo[0]] = ONE_LINE
    for i, title in enumerate(header):
        if "事業者ID" in title:
            new[i] = ""
        elif title.startswith("事業者名"):
            new[i] = "株式会社秘密建設"
    out = io.StringIO()
    csv.writer(out).writerows([header, row, new])
    upload = uploads[0]
    data = form_data(upload)
    for f in upload.fields:
        if f.kind == "file":
            data[f.name] = SimpleUploadedFile(
                "clients.csv", out.getvalue().encode(charset), "text/csv"
            )
    response = admin_client_.post(upload.action, data, follow=True)
    preview = response.request["PATH_INFO"]
    confirm = [
        f
        for f in forms_in(preview, response.content.decode())
        if f.method == "post" and f.action == preview
    ]
    assert confirm, f"no confirmation form after the upload: {response.content.decode()[:2000]}"
    done = submit(admin_client_, confirm[0], form_data(confirm[0]))
    assert done.status_code == 302
    from clients.models import Client as Company

    assert Company.objects.filter(name="株式会社秘密建設").exists(), "the import did not run"
    _assert_absent(caplog)
