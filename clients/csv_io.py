"""CSV import and export of clients, shared by the pages and the management commands.

The header is Japanese and fixed. Import decodes UTF-8 (with or without BOM) or CP932 by
itself, checks every row first and saves all rows or none.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from office.secrets import mask_instance

from .models import Client
from .normalize import CLIENT_FIELDS, clean_client_fields, search_digits

HEADER = list(CLIENT_FIELDS.values())
FIELDS = list(CLIENT_FIELDS)
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_COLUMNS = 50
ENCODINGS = {"cp932": "cp932", "utf-8": "utf-8-sig"}


EMPTY_FILE = "ファイルが空です。見出し行とデータの入ったCSVファイルを選んでください。"


class CSVFileError(ValueError):
    """The file as a whole cannot be read; the message says why and what to do, in Japanese."""


@dataclass
class RowError:
    row: int  # line number in the file, the header being row 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.row}行目「{self.column}」: {self.message}"


@dataclass
class PlannedRow:
    row: int
    values: dict[str, str]
    action: str = "新規"  # 新規 / 更新 / 変更なし
    existing: Client | None = None
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list[PlannedRow]

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


def decode(data: bytes) -> str:
    """Bytes of an uploaded CSV to text, or ``CSVFileError`` for what is not a text CSV."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise CSVFileError(
            f"ファイルが大きすぎます（{len(data) / 1024 / 1024:.1f} MB）。"
            "5 MB以下に分けてから取り込んでください。"
        )
    if not data.strip():
        raise CSVFileError(EMPTY_FILE)
    if b"\x00" in data[:8192]:
        raise CSVFileError(
            "CSVファイルではないようです（Excelファイルや画像など）。"
            "Excelでは「名前を付けて保存」で「CSV」形式を選んでから取り込んでください。"
        )
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise CSVFileError(
            "文字コードを判別できませんでした。UTF-8 またはShift_JIS（Excel標準）で保存した"
            "CSVファイルを選んでください。"
        )
    return str(best)


def _rows(text: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise CSVFileError(f"CSVとして読めませんでした（{error}）。") from None


def plan_import(text: str) -> ImportPlan:
    """Check every row and decide what it would do; nothing is saved."""
    rows = _rows(text)
    if not rows:
        raise CSVFileError(EMPTY_FILE)
    widest = max(len(r) for r in rows)
    if widest > MAX_COLUMNS:
        raise CSVFileError(
            f"列が多すぎます（{widest}列）。見出しの{len(HEADER)}列"
            f"（{','.join(HEADER)}）のCSVファイルを選んでください。"
        )
    header = [h.strip().lstrip("\ufeff") for h in rows[0]]
    while header and header[-1] == "":
        header.pop()
    if header != HEADER:
        raise CSVFileError(
            "1行目の見出しが違います。次の順の見出しにしてください: " + ",".join(HEADER)
        )
    planned: list[PlannedRow] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        planned.append(_plan_row(number, cells))
    _match_existing(planned)
    return ImportPlan(rows=planned)


def _plan_row(number: int, cells: list[str]) -> PlannedRow:
    extra = [c for c in cells[len(HEADER) :] if c.strip()]
    cells = (cells + [""] * len(HEADER))[: len(HEADER)]
    cleaned = clean_client_fields(dict(zip(FIELDS, cells, strict=True)))
    row = PlannedRow(row=number, values=cleaned.values, warnings=cleaned.warnings)
    for f, message in cleaned.errors.items():
        row.errors.append(RowError(number, CLIENT_FIELDS[f], message))
    if extra:
        row.errors.append(
            RowError(number, "（列数）", f"列が多すぎます。{len(HEADER)}列にしてください。")
        )
    return row


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _match_existing(rows: list[PlannedRow]) -> None:
    """Rows with a known 事業者ID update that client; rows without an ID update the one client
    with the same 事業者名 and 電話番号 (so that re-importing an export changes nothing)."""
    seen: dict[str, int] = {}
    for r in rows:
        bid = r.values.get("business_id", "")
        if bid and "business_id" not in {e.column for e in r.errors}:
            if bid in seen:
                r.errors.append(
                    RowError(r.row, "事業者ID",
                             f"{seen[bid]}行目と同じ事業者IDです。1行にまとめてください。")
                )
            else:
                seen[bid] = r.row
    by_id: dict[str, Client] = {}
    for chunk in _chunks(list(seen)):
        by_id.update({c.business_id: c for c in Client.objects.filter(business_id__in=chunk)})
    names = sorted({r.values["name"] for r in rows if not r.values.get("business_id")})
    by_name_phone: dict[tuple[str, str], list[Client]] = {}
    for chunk in _chunks(names):
        for c in Client.objects.filter(name__in=chunk, business_id=""):
            by_name_phone.setdefault((c.name, c.phone), []).append(c)
    for r in rows:
        bid = r.values.get("business_id", "")
        if bid:
            existing = by_id.get(bid)
        else:
            candidates = by_name_phone.get((r.values["name"], r.values.get("phone", "")), [])
            existing = candidates[0] if len(candidates) == 1 else None
        if existing is None:
            continue
        r.existing = existing
        same = all(getattr(existing, f) == r.values[f] for f in FIELDS)
        r.action = "変更なし" if same else "更新"


@transaction.atomic
def apply_import(plan: ImportPlan, *, user=None) -> ImportResult:
    """Save a checked plan: all rows or, when any row has an error, none (ValueError)."""
    if not plan.ok:
        raise ValueError("エラーのある行があるため、取り込みませんでした。")
    authenticated = user is not None and user.is_authenticated
    new, changed = [], []
    now = timezone.now()
    for r in plan.rows:
        if r.action == "新規":
            client = Client(**r.values)
            if authenticated:
                client.created_by = client.updated_by = user
            new.append(client)
        elif r.action == "更新":
            client = r.existing
            for f in FIELDS:
                setattr(client, f, r.values[f])
            if authenticated:
                client.updated_by = user
            client.updated_at = now  # bulk_update skips auto_now
            changed.append(client)
    for client in new + changed:
        mask_instance(client)  # bulk writes skip the pre_save safety net: no CCUS secret kept
        client.search_digits = search_digits(
            business_id=client.business_id, phone=client.phone, fax=client.fax
        )
    history_user = user if authenticated else None
    if new:
        bulk_create_with_history(new, Client, batch_size=500, default_user=history_user)
    if changed:
        bulk_update_with_history(
            changed, Client, [*FIELDS, "search_digits", "updated_by", "updated_at"], batch_size=500,
            default_user=history_user,
        )
    return ImportResult(created=len(new), updated=len(changed), unchanged=plan.count("変更なし"))


class ExportEncodingError(ValueError):
    """A value cannot be written in the chosen encoding (e.g. a character outside CP932)."""


def export_csv(clients, *, encoding: str = "cp932") -> bytes:
    """The clients as CSV bytes that ``plan_import`` reads back unchanged."""
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {', '.join(ENCODINGS)}")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for client in clients:
        writer.writerow([getattr(client, f) for f in FIELDS])
    text = out.getvalue()
    try:
        return text.encode(ENCODINGS[encoding])
    except UnicodeEncodeError as error:
        bad = text[error.start : error.end]
        raise ExportEncodingError(
            f"「{bad}」はShift_JIS（cp932）で書き出せない文字です。"
            "UTF-8で書き出してください。"
        ) from None
