"""The client CSV is safe for Excel both ways, and the import's temporary copy is private.

Export neutralises formula cells (OWASP CSV injection) and keeps the 14-digit 事業者ID as text;
import strips the neutraliser (round trip unchanged), explains an ID Excel turned into 9.00E+13,
refuses a NUL anywhere, stops at CSV_UPLOAD_MAX_ROWS, and keeps only a masked, 0600 plan that
confirm, cancel, logout and the periodic purge delete.
"""

import csv
import io
import os
import stat
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser
from django.urls import reverse

from clients import imports
from clients.csv_io import (
    FORMULA_START,
    HEADER,
    CSVFileError,
    decode,
    export_csv,
    neutralise,
    plan_import,
    unneutralise,
)
from clients.models import Client

pytestmark = pytest.mark.django_db
HEAD = ",".join(HEADER)
SECRET = "Qz7!pLm2Xw"


def _csv(*rows: str) -> str:
    return "\r\n".join([HEAD, *rows]) + "\r\n"


FORMULAS = {
    "name": '=HYPERLINK("http://evil.example.jp","開く")',
    "memo": "+cmd|' /C calc'!A0",
}


@pytest.fixture
def import_dir(settings, tmp_path):
    settings.CSV_UPLOAD_DIR = tmp_path / "imports"
    return settings.CSV_UPLOAD_DIR


def _formula_clients(make_client):
    made = [
        make_client(
            name='=HYPERLINK("http://evil.example.jp","開く")',
            business_id="90000000000102",
            memo="+cmd|' /C calc'!A0",
        ),
        make_client(name="@SUM(A1:A9)", memo="-2+3"),
        make_client(name="＝１＋１建設", memo="＝ＳＵＭ（Ａ１）\n2行目"),
        make_client(name="'=既に引用符", memo="\t=TAB始まり"),
        make_client(name="株式会社能登建設", business_id="12345678901234", memo="普通のメモ"),
    ]
    return made


@pytest.mark.parametrize("encoding", ["cp932", "utf-8"])
def test_formula_cells_are_neutralised_on_export_and_restored_on_import(make_client, encoding):
    _formula_clients(make_client)
    fields = ["name", "business_id", "memo"]
    before = list(Client.objects.order_by("pk").values(*fields))
    data = export_csv(Client.objects.order_by("pk"), encoding=encoding)
    text = data.decode("utf-8-sig" if encoding == "utf-8" else "cp932")
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    ids = {'="90000000000102"', '="12345678901234"'}
    runnable = [c for c in cells if c.startswith(FORMULA_START) and c not in ids]
    assert not runnable, runnable
    assert '\'=HYPERLINK("http://evil.example.jp","開く")' in cells
    assert "'＝ＳＵＭ（Ａ１）\n2行目" in cells  # full-width: neutralised, not turned into "="
    assert "''=既に引用符" in cells
    plan = plan_import(decode(data))
    assert plan.ok, plan.errors
    assert [r.action for r in plan.rows] == ["変更なし"] * 5
    assert [{f: r.values[f] for f in fields} for r in plan.rows] == before


def test_the_stored_full_width_formula_is_never_exported_as_a_half_width_one(make_client):
    make_client(name="株式会社テスト", memo="＝１＋１")
    cells = export_csv(Client.objects.all(), encoding="utf-8").decode("utf-8-sig")
    assert ",'＝１＋１" in cells and ",=1+1" not in cells


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "+1",
        "-1",
        "@A1",
        "\tx",
        "\rx",
        "＝1",
        "＋1",
        "－1",
        "＠A",
        "'=1",
        "''+1",
        "普通",
        "'普通",
        "",
        "1-2",
    ],
)
def test_neutralise_then_unneutralise_gives_the_value_back(value):
    exported = neutralise(value)
    assert not exported.startswith(FORMULA_START)
    assert unneutralise(exported) == value


def test_the_business_id_is_exported_in_a_form_excel_keeps_as_text(make_client):
    make_client(name="株式会社能登建設", business_id="90000000000102")
    text = export_csv(Client.objects.all(), encoding="cp932").decode("cp932")
    assert text.splitlines()[1].split(",")[2] == '"=""90000000000102"""'


@pytest.mark.parametrize("mangled", ["9.00E+13", "9E+13", "1.23457E+13", "９．００Ｅ＋１３"])
def test_an_id_excel_turned_into_an_exponent_gets_a_japanese_explanation(mangled):
    plan = plan_import(_csv(f"株式会社能登建設,,{mangled},,,,,,,"))
    (error,) = plan.errors
    assert error.column == "事業者ID"
    assert "指数の形" in error.message and "Excel" in error.message
    assert mangled in error.message


def test_an_id_typed_in_excel_with_an_apostrophe_is_read(make_client):
    plan = plan_import(_csv("株式会社能登建設,,'12345678901234,,,,,,,"))
    assert plan.ok and plan.rows[0].values["business_id"] == "12345678901234"


def test_a_nul_anywhere_in_the_file_is_refused():
    data = _csv(*["株式会社能登建設,,,,,,,,,メモ" * 1] * 2000).encode("utf-8")
    assert len(data) > 8192
    broken = data[:9000] + b"\x00" + data[9000:]
    with pytest.raises(CSVFileError, match="NUL"):
        decode(broken)
    with pytest.raises(CSVFileError, match="NUL"):
        plan_import(_csv("株式会社能登\x00建設,,,,,,,,,"))


def test_more_rows_than_the_setting_are_refused_with_a_clear_message(settings):
    settings.CSV_UPLOAD_MAX_ROWS = 5
    assert len(plan_import(_csv(*[f"会社{i},,,,,,,,," for i in range(5)])).rows) == 5
    with pytest.raises(CSVFileError, match="1回に取り込めるのは5行まで"):
        plan_import(_csv(*[f"会社{i},,,,,,,,," for i in range(6)]))


def test_the_default_row_limit_is_ten_thousand(settings):
    assert settings.CSV_UPLOAD_MAX_ROWS == 10_000
    with pytest.raises(CSVFileError, match="10,000行"):
        plan_import(_csv(*["会社,,,,,,,,,"] * 10_001))


def test_the_code_reads_the_csv_upload_settings(settings, staff_client, import_dir):
    settings.CSV_UPLOAD_MAX_COLUMNS = 12
    with pytest.raises(CSVFileError, match="列が多すぎます（13列）"):
        plan_import(_csv("A" + "," * 12))
    settings.CSV_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(CSVFileError, match="大きすぎます"):
        decode(b"x" * 1001)
    upload = SimpleUploadedFile("c.csv", _csv(*["会社,,,,,,,,,"] * 100).encode("utf-8"))
    page = staff_client.post(reverse("client_import"), {"file": upload})
    assert page.status_code == 200 and "大きすぎます" in page.content.decode()


# --- the temporary copy ---------------------------------------------------------------------


def _upload(browser, *rows):
    upload = SimpleUploadedFile("c.csv", _csv(*rows).encode("cp932"), content_type="text/csv")
    response = browser.post(reverse("client_import"), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def _files(folder):
    return sorted(folder.glob("*")) if folder.exists() else []


SECRET_ROW = f"株式会社能登建設,,,,,,,,,初期パスワード：{SECRET} 社長に渡した"


def test_the_copy_is_masked_private_and_the_preview_says_what_was_masked(staff_client, import_dir):
    location = _upload(staff_client, SECRET_ROW, "青空塗装,,,,,,,,,普通のメモ")
    (path,) = _files(import_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(import_dir.stat().st_mode) == 0o700
    assert SECRET not in path.read_text(encoding="utf-8")
    preview = staff_client.get(location).content.decode()
    assert "パスワードやセキュリティコードらしい文字" in preview
    assert "2行目（メモ）" in preview and SECRET not in preview
    assert "置き換えた内容で取り込む" in preview
    staff_client.post(location, {"confirm": "1"})
    assert _files(import_dir) == []
    memo = Client.objects.get(name="株式会社能登建設").memo
    assert SECRET not in memo and "社長に渡した" in memo


def test_cancel_deletes_the_copy(staff_client, import_dir):
    location = _upload(staff_client, SECRET_ROW)
    staff_client.post(location, {"cancel": "1"})
    assert _files(import_dir) == []
    assert not Client.objects.exists()


def test_logout_deletes_the_copy(staff_client, import_dir):
    _upload(staff_client, SECRET_ROW)
    assert len(_files(import_dir)) == 1
    staff_client.post("/accounts/logout/")
    assert _files(import_dir) == []


def test_the_periodic_purge_deletes_what_nobody_came_back_for(staff_client, import_dir, settings):
    from clients.tasks import purge_import_files
    from config.celery_app import app

    location = _upload(staff_client, SECRET_ROW)
    (path,) = _files(import_dir)
    old = time.time() - settings.CSV_UPLOAD_MAX_AGE - 5
    os.utime(path, (old, old))
    purge_import_files()
    assert _files(import_dir) == []
    assert staff_client.get(location).status_code == 302  # gone: choose the file again
    app.loader.import_default_modules()
    app.finalize()
    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "clients.tasks.purge_import_files" in schedule


def test_the_confirmation_uses_the_kept_plan_without_parsing_the_file_again(
    staff_client, import_dir, monkeypatch
):
    location = _upload(staff_client, "株式会社能登建設,,12345678901234,,,,,,,")

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr("clients.csv_io.plan_import", no_parsing)
    monkeypatch.setattr("clients.views.plan_import", no_parsing)
    staff_client.get(location)
    staff_client.post(location, {"confirm": "1"})
    assert Client.objects.get().business_id == "12345678901234"


def test_the_kept_plan_is_matched_again_at_confirmation(staff_client, import_dir, make_client):
    location = _upload(staff_client, "株式会社能登建設,,12345678901234,,,,,,,メモ新")
    make_client(name="株式会社能登建設", business_id="12345678901234", memo="メモ旧")
    staff_client.post(location, {"confirm": "1"})
    assert Client.objects.get().memo == "メモ新"  # an update, not a duplicate


def test_another_users_session_cannot_read_the_copy(staff_client, import_dir, admin_user):
    location = _upload(staff_client, SECRET_ROW)
    other = Browser()
    other.force_login(admin_user)
    assert other.get(location).status_code == 302
    assert imports.load(other.session, location.rstrip("/").split("/")[-1]) is None
