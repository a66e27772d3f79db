"""CSV import and export of clients, shared by the pages and the management commands.

The header is Japanese and fixed. Import decodes UTF-8 (with or without BOM) or CP932 by
itself, checks every row first and saves all rows or none.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from office.secrets import mask_secrets

from .models import Client
from .normalize import CLIENT_FIELDS, clean_client_fields, number_text

HEADER = list(CLIENT_FIELDS.values())
FIELDS = list(CLIENT_FIELDS)
ENCODINGS = {"cp932": "cp932", "utf-8": "utf-8-sig"}

# OWASP CSV injection: a cell starting with one of these is run by Excel (or LibreOffice) as a
# formula. Japanese Excel also takes the full-width ＝＋－＠ typed through the IME as formulas.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
NEUTRALISER = "'"
_NEUTRALISED = re.compile(r"^'+(?=[=+\-@\t\r＝＋－＠])")
# 事業者ID as Excel shows (and saves) a 14-digit number in a "General" cell: 9.00E+13.
_EXPONENT = re.compile(r"^\d+(?:\.\d+)?[eE][+]?\d+$")
# 事業者ID written by export_csv as ="…", so that Excel keeps it as text (see _excel_text).
_EXCEL_TEXT = re.compile(r'^="(\d*)"$')


def neutralise(value: str) -> str:
    """The cell as exported: a leading ' when Excel would run it as a formula.

    A value that already starts with ' followed by such a character gets one more, so that
    ``unneutralise`` (which removes exactly one) gives back the stored value.
    """
    return NEUTRALISER + value if value.lstrip(NEUTRALISER).startswith(FORMULA_START) else value


def unneutralise(value: str) -> str:
    """The cell as imported: the one ' that ``neutralise`` added is taken off again."""
    return value[1:] if _NEUTRALISED.match(value) else value


def _excel_text(business_id: str) -> str:
    """="12345678901234": Excel evaluates it to the text 12345678901234 and shows all 14 digits.

    A plain 14-digit cell becomes a number displayed as 9.00E+13, and Excel saves the CSV the way
    it displays it, so the digits are lost. A leading ' is shown as part of the value when Excel
    opens a CSV, and a leading TAB is kept in the cell (and is itself a formula trigger above).
    The ="…" form is safe: it is written only around a validated string of digits.
    """
    return f'="{business_id}"' if business_id.isascii() and business_id.isdigit() else business_id


EMPTY_FILE = gettext_lazy("ファイルが空です。見出し行とデータの入ったCSVファイルを選んでください。")


class CSVFileError(ValueError):
    """The file as a whole cannot be read; the message says why and what to do, in Japanese."""


@dataclass
class RowError:
    row: int  # line number in the file, the header being row 1
    column: str
    message: str
    same_id: bool = False  # "the same 事業者ID as row n": re-checked against the database

    def __str__(self) -> str:
        return _("%(row)s行目「%(column)s」: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


# What a row does, stored in Japanese (the plan's own values) and shown through gettext.
ACTION_LABELS = {
    "新規": gettext_noop("新規"),
    "更新": gettext_noop("更新"),
    "変更なし": gettext_noop("変更なし"),
}


@dataclass
class PlannedRow:
    row: int
    values: dict[str, str]
    action: str = "新規"  # 新規 / 更新 / 変更なし
    existing: Client | None = None
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    masked: list[str] = field(default_factory=list)  # fields whose value was masked

    @property
    def action_label(self) -> str:
        """新規 / 更新 / 変更なし in the reader's language."""
        return _(ACTION_LABELS.get(self.action, self.action))


@dataclass
class ImportPlan:
    rows: list[PlannedRow]

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def masked_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.masked]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def too_large_message(size: int) -> str:
    limit = settings.CSV_UPLOAD_MAX_BYTES
    return _(
        "ファイルが大きすぎます（%(size)s MB）。%(limit)s MB以下に分けてから取り込んでください。"
    ) % {"size": f"{size / 1024 / 1024:.1f}", "limit": _mb(limit)}


def decode(data: bytes) -> str:
    """Bytes of an uploaded CSV to text, or ``CSVFileError`` for what is not a text CSV."""
    if len(data) > settings.CSV_UPLOAD_MAX_BYTES:
        raise CSVFileError(too_large_message(len(data)))
    if not data.strip():
        raise CSVFileError(EMPTY_FILE)
    if b"\x00" in data[:8192]:
        raise CSVFileError(
            _(
                "CSVファイルではないようです（Excelファイルや画像など）。"
                "Excelでは「名前を付けて保存」で「CSV」形式を選んでから取り込んでください。"
            )
        )
    if b"\x00" in data:
        # PostgreSQL cannot store a NUL: refused here, wherever in the file it is.
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise CSVFileError(
            _(
                "%(line)s行目に読めない文字（NUL）が含まれています。壊れたファイルか、CSV以外の"
                "ファイルです。Excelで開いて「CSV」形式で保存し直してから取り込んでください。"
            )
            % {"line": line}
        )
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise CSVFileError(
            _(
                "文字コードを判別できませんでした。UTF-8 またはShift_JIS（Excel標準）で保存した"
                "CSVファイルを選んでください。"
            )
        )
    return str(best)


def _rows(text: str, max_rows: int) -> list[list[str]]:
    """The file's rows, header included; ``CSVFileError`` beyond ``max_rows`` data rows (the
    reading stops there: a huge file is not parsed to the end only to be refused)."""
    rows = []
    try:
        for cells in csv.reader(io.StringIO(text, newline="")):
            rows.append(cells)
            if len(rows) > max_rows + 1:
                raise CSVFileError(
                    _(
                        "行が多すぎます（%(max)s行を超えています）。1回に取り込めるのは"
                        "%(max)s行までです。ファイルを%(max)s行以下に分けて、"
                        "1つずつ取り込んでください。"
                    )
                    % {"max": f"{max_rows:,}"}
                )
    except csv.Error as error:
        raise CSVFileError(
            _("CSVとして読めませんでした（%(error)s）。") % {"error": error}
        ) from None
    return rows


def plan_import(text: str, *, max_rows: int | None = None) -> ImportPlan:
    """Check every row and decide what it would do; nothing is saved.

    Every cell is masked (``office.secrets``) here, valid or not: the plan, what is kept between
    the preview and the confirmation, and what is saved never hold a CCUS password.
    """
    if "\x00" in text:
        raise CSVFileError(
            _("読めない文字（NUL）が含まれています。CSVファイルを保存し直してください。")
        )
    rows = _rows(text, settings.CSV_UPLOAD_MAX_ROWS if max_rows is None else max_rows)
    if not rows:
        raise CSVFileError(EMPTY_FILE)
    widest = max(len(r) for r in rows)
    if widest > settings.CSV_UPLOAD_MAX_COLUMNS:
        raise CSVFileError(
            _(
                "列が多すぎます（%(widest)s列）。見出しの%(count)s列"
                "（%(header)s）のCSVファイルを選んでください。"
            )
            % {"widest": widest, "count": len(HEADER), "header": ",".join(HEADER)}
        )
    header = [h.strip().lstrip("\ufeff") for h in rows[0]]
    while header and header[-1] == "":
        header.pop()
    if header != HEADER:
        raise CSVFileError(
            _("1行目の見出しが違います。次の順の見出しにしてください: %(header)s")
            % {"header": ",".join(HEADER)}
        )
    planned: list[PlannedRow] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        planned.append(_plan_row(number, cells))
    _match_existing(planned)
    return ImportPlan(rows=planned)


def rematch(plan: ImportPlan) -> None:
    """Match a kept plan with the clients registered now (they may have changed since)."""
    for r in plan.rows:
        r.errors = [e for e in r.errors if not e.same_id]
        r.existing, r.action = None, "新規"
    _match_existing(plan.rows)


EXCEL_EXPONENT_MESSAGE = gettext_noop(
    "事業者IDが「%(value)s」のような指数の形になっています。Excelで開いて保存したときに、"
    "Excelが14桁の数字を指数表示に変えたため、元の数字は失われています。"
    "登録完了通知などで14桁を確かめて入力し直してください"
    "（このアプリで書き出したCSVなら、Excelで開いても事業者IDは14桁のまま保たれます）。"
)


def _raw_values(cells: list[str]) -> tuple[dict[str, str], str | None]:
    """The cells by field, without export's formula neutraliser and ="…" wrapper; and an
    error for a 事業者ID that Excel turned into an exponent."""
    raw = {f: unneutralise(c) for f, c in zip(FIELDS, cells, strict=True)}
    business_id = raw["business_id"].strip()
    wrapped = _EXCEL_TEXT.match(business_id)
    if wrapped:
        raw["business_id"] = wrapped.group(1)
    elif business_id.startswith(NEUTRALISER):  # typed in Excel as '12345678901234
        raw["business_id"] = business_id[1:]
    if _EXPONENT.match(number_text(business_id)):
        return raw, _(EXCEL_EXPONENT_MESSAGE) % {"value": business_id}
    return raw, None


def _plan_row(number: int, cells: list[str]) -> PlannedRow:
    extra = [c for c in cells[len(HEADER) :] if c.strip()]
    cells = (cells + [""] * len(HEADER))[: len(HEADER)]
    raw, exponent_error = _raw_values(cells)
    # Every cell, valid or not (a password typed into フリガナ, 電話番号 or 事業者ID too), is
    # masked before it is read: the plan, its error messages (which quote what they refuse)
    # included, is written to disk and shown on the preview.
    masked = [f for f in FIELDS if _mask_cell(raw, f)]
    cleaned = clean_client_fields(raw)
    if exponent_error:
        cleaned.errors["business_id"] = exponent_error
    masked += [f for f in FIELDS if _mask_cell(cleaned.values, f) and f not in masked]
    warnings = [mask_secrets(w) for w in cleaned.warnings]
    row = PlannedRow(row=number, values=cleaned.values, warnings=warnings, masked=masked)
    for f, message in cleaned.errors.items():
        row.errors.append(RowError(number, CLIENT_FIELDS[f], mask_secrets(message)))
    if extra:
        row.errors.append(
            RowError(
                number,
                _("（列数）"),
                _("列が多すぎます。%(count)s列にしてください。") % {"count": len(HEADER)},
            )
        )
    return row


def _mask_cell(values: dict, field: str) -> bool:
    """Mask ``values[field]`` in place; True when something was masked."""
    value = values.get(field, "")
    safe = mask_secrets(value) if isinstance(value, str) else value
    if safe == value:
        return False
    values[field] = safe
    return True


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _match_existing(rows: list[PlannedRow]) -> None:
    """Rows with a known 事業者ID update that client; rows without an ID update the one client
    with the same 事業者名 and 電話番号 (so that re-importing an export changes nothing)."""
    seen: dict[str, int] = {}
    for r in rows:
        bid = r.values.get("business_id", "")
        if bid and CLIENT_FIELDS["business_id"] not in {e.column for e in r.errors}:
            if bid in seen:
                message = _("%(row)s行目と同じ事業者IDです。1行にまとめてください。")
                r.errors.append(
                    RowError(r.row, "事業者ID", message % {"row": seen[bid]}, same_id=True)
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
        raise ValueError(_("エラーのある行があるため、取り込みませんでした。"))
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
    # Every cell of the plan is masked already (_plan_row), and the search digits are generated by
    # the database: the bulk writes below, which skip pre_save, need nothing more.
    history_user = user if authenticated else None
    if new:
        bulk_create_with_history(new, Client, batch_size=500, default_user=history_user)
    if changed:
        bulk_update_with_history(
            changed,
            Client,
            [*FIELDS, "updated_by", "updated_at"],
            batch_size=500,
            default_user=history_user,
        )
    return ImportResult(created=len(new), updated=len(changed), unchanged=plan.count("変更なし"))


class ExportEncodingError(ValueError):
    """A value cannot be written in the chosen encoding (e.g. a character outside CP932)."""


def export_csv(clients, *, encoding: str = "cp932") -> bytes:
    """The clients as CSV bytes that Excel opens safely and ``plan_import`` reads back unchanged:
    formula-like cells neutralised, 事業者ID kept as text."""
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {', '.join(ENCODINGS)}")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for client in clients:
        writer.writerow(
            [
                _excel_text(client.business_id)
                if f == "business_id"
                else neutralise(getattr(client, f))
                for f in FIELDS
            ]
        )
    text = out.getvalue()
    try:
        return text.encode(ENCODINGS[encoding])
    except UnicodeEncodeError as error:
        bad = text[error.start : error.end]
        raise ExportEncodingError(
            _("「%(bad)s」はShift_JIS（cp932）で書き出せない文字です。UTF-8で書き出してください。")
            % {"bad": bad}
        ) from None
