"""Every cell of a CSV import is masked before the plan is written or the preview shown: a CCUS
password typed into フリガナ, 電話番号, メールアドレス or 事業者ID (valid or not) is never kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clients.csv_io import FIELDS, HEADER, plan_import
from clients.models import Client
from clients.normalize import CLIENT_FIELDS

pytestmark = pytest.mark.django_db
SECRET = "Qz7!pLm2Xw"
CELL = f"パスワード：{SECRET}"


def _row(field: str, value: str) -> str:
    cells = {f: "" for f in FIELDS} | {"name": "株式会社能登建設"}
    cells[field] = value
    return ",".join(cells[f] for f in FIELDS)


def _csv(*rows: str) -> str:
    return "\r\n".join([",".join(HEADER), *rows]) + "\r\n"


@pytest.fixture
def import_dir(settings, tmp_path):
    settings.CSV_UPLOAD_DIR = tmp_path / "imports"
    return settings.CSV_UPLOAD_DIR


@pytest.mark.parametrize("field", FIELDS)
def test_a_secret_in_any_column_is_masked_in_the_plan(field):
    plan = plan_import(_csv(_row(field, CELL)))
    (row,) = plan.rows
    assert row.masked == [field]
    assert SECRET not in row.values[field] and "********" in row.values[field]
    assert all(SECRET not in str(e) for e in row.errors)
    assert all(SECRET not in w for w in row.warnings)


@pytest.mark.parametrize("field", ["name_kana", "phone", "email", "business_id", "fax"])
def test_the_kept_file_and_the_preview_never_hold_it(staff_client, import_dir, field):
    data = _csv(_row(field, CELL)).encode("cp932")
    upload = SimpleUploadedFile("c.csv", data, content_type="text/csv")
    response = staff_client.post(reverse("client_import"), {"file": upload})
    (path,) = sorted(import_dir.glob("*"))
    assert SECRET not in path.read_text(encoding="utf-8")
    page = staff_client.get(response["Location"]).content.decode()
    assert SECRET not in page
    assert f"2行目（{CLIENT_FIELDS[field]}）" in page


def test_harmless_cells_are_kept_as_typed():
    row = ",".join(
        [
            "株式会社能登建設",
            "ノトケンセツ",
            "90000000000102",
            "926-0811",
            "石川県七尾市御祓町1番地",
            "0767-53-1234",
            "0767-53-1235",
            "info@noto.example.jp",
            "山田 太郎",
            "パスワードは社長が管理",
        ]
    )
    (planned,) = plan_import(_csv(row)).rows
    assert planned.masked == []
    assert planned.values["business_id"] == "90000000000102"
    assert planned.values["memo"] == "パスワードは社長が管理"


def test_a_masked_row_is_saved_masked(staff_client, import_dir):
    data = _csv(_row("contact_name", "山田 PW:Ab12cd34")).encode("cp932")
    upload = SimpleUploadedFile("c.csv", data, content_type="text/csv")
    location = staff_client.post(reverse("client_import"), {"file": upload})["Location"]
    staff_client.post(location, {"confirm": "1"})
    client = Client.objects.get()
    assert client.contact_name == "山田 PW:********"
    assert "Ab12cd34" not in "".join(h.contact_name for h in client.history.all())
