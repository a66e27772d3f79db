import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from clients.csv_io import HEADER, CSVFileError, apply_import, decode, export_csv, plan_import
from clients.models import Client

pytestmark = pytest.mark.django_db

HEAD = ",".join(HEADER)


def _csv(*rows: str) -> str:
    return "\r\n".join([HEAD, *rows]) + "\r\n"


GOOD = (
    "株式会社能登建設,のとけんせつ,1234-5678-9012-34,926-0021,,０７６７－５８－３２８６,,"
    "info@noto.example.jp,能登 太郎,"
)
BAD = "七尾工務店,ナナオ,1234567890123,,,03-1234,,info@,,"


def test_a_cp932_file_with_one_bad_row_imports_nothing_and_names_the_row(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_bytes(_csv(GOOD, BAD, "和倉設備,ワクラ,,,,,,,,").encode("cp932"))
    with pytest.raises(CommandError, match="1件も取り込みませんでした"):
        call_command("import_clients", str(path))
    assert not Client.objects.exists()


def test_the_import_command_prints_every_bad_row_with_column_and_reason(tmp_path, capsys):
    path = tmp_path / "clients.csv"
    path.write_bytes(_csv(GOOD, BAD).encode("cp932"))
    with pytest.raises(CommandError):
        call_command("import_clients", str(path))
    err = capsys.readouterr().err
    assert "3行目「事業者ID」: 事業者IDは14桁の数字です。入力された数字は13桁" in err
    assert "3行目「電話番号」" in err
    assert "3行目「メールアドレス」" in err
    assert "2行目" not in err


def test_the_import_command_exits_non_zero_from_the_command_line(tmp_path, capsys):
    from django.core.management import execute_from_command_line

    path = tmp_path / "clients.csv"
    path.write_bytes(_csv(BAD).encode("utf-8"))
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "import_clients", str(path), "--dry-run"])
    assert exited.value.code != 0
    assert "2行目「事業者ID」" in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_import_reads_utf8_with_or_without_bom_and_cp932_by_itself(tmp_path, encoding, capsys):
    path = tmp_path / "clients.csv"
    path.write_bytes(_csv(GOOD).encode(encoding))
    call_command("import_clients", str(path))
    client = Client.objects.get()
    assert (client.name, client.name_kana, client.business_id, client.phone, client.address) == (
        "株式会社能登建設",
        "ノトケンセツ",
        "12345678901234",
        "0767-58-3286",
        "石川県七尾市巴町",
    )
    assert "新規 1件" in capsys.readouterr().out


def test_dry_run_saves_nothing(tmp_path, capsys):
    path = tmp_path / "clients.csv"
    path.write_bytes(_csv(GOOD).encode("utf-8"))
    call_command("import_clients", str(path), "--dry-run")
    assert not Client.objects.exists()
    assert "確認のみ" in capsys.readouterr().out


def test_a_row_with_a_known_business_id_updates_that_client(make_client, capsys, tmp_path):
    existing = make_client(name="旧社名", business_id="12345678901234")
    path = tmp_path / "clients.csv"
    path.write_bytes(_csv(GOOD).encode("utf-8"))
    call_command("import_clients", str(path))
    before = existing.updated_at
    existing.refresh_from_db()
    assert existing.name == "株式会社能登建設"
    assert existing.updated_at > before
    assert Client.objects.count() == 1
    assert "2行目: 更新: 株式会社能登建設" in capsys.readouterr().out
    assert existing.history.count() == 2


def test_the_same_business_id_twice_in_one_file_is_an_error():
    plan = plan_import(_csv(GOOD, GOOD.replace("株式会社能登建設", "別名")))
    assert [str(e) for e in plan.errors] == [
        "3行目「事業者ID」: 2行目と同じ事業者IDです。1行にまとめてください。"
    ]


def test_a_round_trip_export_then_import_changes_nothing(make_client, tmp_path):
    make_client(
        name="株式会社能登建設",
        name_kana="ノトケンセツ",
        business_id="12345678901234",
        postal_code="9260021",
        phone="0767583286",
        fax="0767580000",
        email="info@noto.example.jp",
        contact_name="能登 太郎",
        memo='1行目\n2行目、"引用"あり',
    )
    make_client(name="青空塗装", phone="090-1234-5678", address="石川県七尾市府中町12")
    make_client(name="髙橋工業", name_kana="タカハシコウギョウ")
    before = list(Client.objects.order_by("pk").values())
    history_before = Client.history.count()
    for encoding in ("cp932", "utf-8"):
        path = tmp_path / f"export-{encoding}.csv"
        call_command("export_clients", "-o", str(path), "--encoding", encoding)
        plan = plan_import(decode(path.read_bytes()))
        assert plan.ok
        assert [r.action for r in plan.rows] == ["変更なし"] * 3
        call_command("import_clients", str(path))
    assert list(Client.objects.order_by("pk").values()) == before
    assert Client.history.count() == history_before


def test_an_export_imported_into_an_empty_register_gives_the_same_values(make_client):
    make_client(name="株式会社能登建設", business_id="12345678901234", phone="0767583286")
    make_client(name="青空塗装", phone="090-1234-5678")
    fields = [
        "name",
        "name_kana",
        "business_id",
        "postal_code",
        "address",
        "phone",
        "fax",
        "email",
        "contact_name",
        "memo",
        "search_digits",
    ]
    before = list(Client.objects.order_by("name").values(*fields))
    data = export_csv(Client.objects.all(), encoding="cp932")
    Client.objects.all().delete()
    apply_import(plan_import(decode(data)))
    assert list(Client.objects.order_by("name").values(*fields)) == before


def test_export_in_cp932_refuses_characters_outside_cp932_and_suggests_utf8(make_client):
    make_client(name="𠮷野家建設")
    with pytest.raises(ValueError, match="UTF-8で書き出してください"):
        export_csv(Client.objects.all(), encoding="cp932")
    assert "𠮷野家建設" in export_csv(Client.objects.all(), encoding="utf-8").decode("utf-8-sig")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "ファイルが空です"),
        (b"PK\x03\x04\x00\x00binary", "CSVファイルではないようです"),
        (b"x" * (5 * 1024 * 1024 + 1), "5 MB以下"),
    ],
)
def test_files_that_are_not_a_csv_are_refused_clearly(data, message):
    with pytest.raises(CSVFileError, match=message):
        decode(data)


def test_a_csv_with_absurdly_many_columns_is_refused():
    with pytest.raises(CSVFileError, match="列が多すぎます（10000列）"):
        plan_import("," * 9999 + "\n")


def test_a_csv_with_the_wrong_header_is_refused():
    with pytest.raises(CSVFileError, match="1行目の見出しが違います"):
        plan_import("name,kana\nA,B\n")


def test_the_upload_page_previews_before_saving_and_then_imports(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.csv", _csv(GOOD).encode("cp932"), content_type="text/csv")
    response = staff_client.post(reverse("client_import"), {"file": upload})
    assert response.status_code == 302
    preview = staff_client.get(response["Location"])
    assert "新規 1件" in preview.text
    assert "株式会社能登建設" in preview.text
    assert not Client.objects.exists()
    done = staff_client.post(response["Location"], {"confirm": "1"}, follow=True)
    assert "取り込みました: 新規 1件" in done.text
    client = Client.objects.get()
    assert client.created_by.username == "yamada"
    assert client.history.get().history_user.username == "yamada"


def test_the_preview_shows_every_bad_row_and_cannot_be_confirmed(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.csv", _csv(GOOD, BAD).encode("utf-8"))
    location = staff_client.post(reverse("client_import"), {"file": upload})["Location"]
    preview = staff_client.get(location)
    assert "1件も取り込んでいません" in preview.text
    assert "3行目「事業者ID」" in preview.text
    assert "取り込む</button>" not in preview.text
    staff_client.post(location, {"confirm": "1"})
    assert not Client.objects.exists()


def test_an_uploaded_binary_file_is_refused_on_the_page(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.xlsx", b"PK\x03\x04\x00\x00\x00binary")
    response = staff_client.post(reverse("client_import"), {"file": upload})
    assert response.status_code == 200
    assert "CSVファイルではないようです" in response.text


def test_another_session_cannot_confirm_someone_elses_upload(staff_client, client, admin_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.csv", _csv(GOOD).encode("utf-8"))
    location = staff_client.post(reverse("client_import"), {"file": upload})["Location"]
    from django.test import Client as Browser

    other = Browser()
    other.force_login(admin_user)
    response = other.post(location, {"confirm": "1"})
    assert response.status_code == 302
    assert not Client.objects.exists()


def test_the_export_page_downloads_cp932_and_logs_the_export(staff_client, make_client):
    from office.models import AccessLog

    make_client(name="株式会社能登建設")
    response = staff_client.get(reverse("client_export"), {"encoding": "cp932"})
    assert response["Content-Type"] == "text/csv; charset=cp932"
    assert "株式会社能登建設" in response.content.decode("cp932")
    assert AccessLog.objects.get().action == AccessLog.Action.EXPORT


def test_a_secret_in_a_cell_that_fails_validation_is_masked_all_the_same():
    # The plan (errors included) is written to disk between preview and confirmation, and the
    # preview shows it: a too-long name holding a password must not keep the password.
    name = "パスワード: Abc12345 " + "い" * 300
    plan = plan_import(_csv(GOOD.replace("株式会社能登建設", name)))
    (row,) = plan.rows
    assert row.errors and "name" in row.masked
    assert "Abc12345" not in row.values["name"]


def test_confirming_a_plan_with_errors_redirects_back_to_the_preview(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.csv", _csv(GOOD, BAD).encode("utf-8"))
    location = staff_client.post(reverse("client_import"), {"file": upload})["Location"]
    answer = staff_client.post(location, {"confirm": "1"})
    assert answer.status_code == 302 and answer["Location"] == location
    assert "1件も取り込んでいません" in staff_client.get(location).text
    assert not Client.objects.exists()
