"""Money, in integers of yen: line sums, the consumption tax per rate, totals, the 適格請求書
registration number (``T`` + 13 digits) and the gap-free document numbers (``2026-0001``).

Pure Python, no Django: every rule of the office's arithmetic lives here and nowhere else.

- Amounts are integers of yen, before tax (税抜). Advances (立替金) carry no tax and are summed
  apart.
- The consumption tax is computed once per invoice per rate, on the sum of that rate's lines
  (インボイス制度: 「一の適格請求書につき、税率ごとに1回の端数処理」), never per line. The rounding
  rule is the office's choice; the default is 切り捨て (round down), the usual practice.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

FLOOR = "floor"  # 切り捨て
HALF_UP = "half_up"  # 四捨五入
CEIL = "ceil"  # 切り上げ
ROUNDING_RULES = (FLOOR, HALF_UP, CEIL)
DEFAULT_ROUNDING = FLOOR

STANDARD_RATE = 10  # percent
REDUCED_RATE = 8
TAX_RATES = (STANDARD_RATE, REDUCED_RATE)

# 印紙税法 別表第一 第17号: a receipt for the sale of services whose stated amount (記載金額) is
# under 50,000円 is not taxed. When the consumption tax is stated separately on the receipt, it is
# not part of the 記載金額 (国税庁 タックスアンサー No.7125 / 消費税法改正に伴う印紙税の取扱い).
# A receipt made and handed over electronically (PDF, email) is no 課税文書 at all.
STAMP_DUTY_THRESHOLD = 50_000

# The largest total of a case or a document (9 digits): the yen columns are 32-bit integers
# (PostgreSQL ``integer``: 2,147,483,647), so a larger sum is refused before it is stored.
MAX_TOTAL = 999_999_999


class MoneyError(ValueError):
    """An amount, a rate or a number the office's arithmetic does not accept."""


@dataclass(frozen=True)
class Line:
    """One line of a quote or an invoice: ``amount`` yen before tax, times ``quantity``."""

    description: str
    amount: int
    quantity: int = 1
    tax_rate: int = STANDARD_RATE
    advance: bool = False  # 立替金: no tax, listed apart

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool) or self.amount < 0:
            raise MoneyError(f"amount must be a non-negative integer of yen: {self.amount!r}")
        if not isinstance(self.quantity, int) or self.quantity < 1:
            raise MoneyError(f"quantity must be a positive integer: {self.quantity!r}")
        if not self.advance and self.tax_rate not in TAX_RATES:
            raise MoneyError(f"unknown tax rate: {self.tax_rate!r}")

    @property
    def total(self) -> int:
        return self.amount * self.quantity


@dataclass(frozen=True)
class RateTotal:
    """The lines of one tax rate: their sum before tax (税率ごとに区分した対価の額) and its tax."""

    rate: int
    base: int
    tax: int

    @property
    def total(self) -> int:
        return self.base + self.tax


@dataclass(frozen=True)
class Totals:
    by_rate: tuple[RateTotal, ...]  # highest rate first
    subtotal: int  # fees before tax
    tax: int
    advances: int  # 立替金, no tax
    total: int  # subtotal + tax + advances: what the client pays

    @property
    def fees_with_tax(self) -> int:
        return self.subtotal + self.tax


def round_division(numerator: int, denominator: int, rule: str = DEFAULT_ROUNDING) -> int:
    """``numerator / denominator`` rounded by ``rule``, in exact integer arithmetic."""
    if denominator <= 0:
        raise MoneyError("denominator must be positive")
    if numerator < 0:
        raise MoneyError("numerator must not be negative")
    quotient, remainder = divmod(numerator, denominator)
    if rule == FLOOR:
        return quotient
    if rule == CEIL:
        return quotient + (1 if remainder else 0)
    if rule == HALF_UP:
        return quotient + (1 if 2 * remainder >= denominator else 0)
    raise MoneyError(f"unknown rounding rule: {rule!r}")


def tax_for(base: int, rate: int, rule: str = DEFAULT_ROUNDING) -> int:
    """The consumption tax of ``base`` yen at ``rate`` percent, rounded once by ``rule``."""
    return round_division(base * rate, 100, rule)


def line_sum(lines: Iterable[Line]) -> int:
    return sum(line.total for line in lines)


def totals(lines: Iterable[Line], rule: str = DEFAULT_ROUNDING) -> Totals:
    """Sum ``lines`` per tax rate, tax each rate's sum once, add the advances apart."""
    lines = list(lines)
    bases: dict[int, int] = {}
    for line in lines:
        if not line.advance:
            bases[line.tax_rate] = bases.get(line.tax_rate, 0) + line.total
    by_rate = tuple(
        RateTotal(rate=rate, base=base, tax=tax_for(base, rate, rule))
        for rate, base in sorted(bases.items(), reverse=True)
    )
    subtotal = sum(r.base for r in by_rate)
    tax = sum(r.tax for r in by_rate)
    advances = line_sum(line for line in lines if line.advance)
    return Totals(
        by_rate=by_rate,
        subtotal=subtotal,
        tax=tax,
        advances=advances,
        total=subtotal + tax + advances,
    )


def stamp_duty_applies(*, amount: int, tax_stated: int = 0, paper: bool, corporation: bool) -> bool:
    """Does a receipt need a revenue stamp (収入印紙)? Only on paper, only when the issuer is a
    corporation (行政書士法人), and only when the amount without the separately stated
    consumption tax is 50,000円 or more.

    印紙税法基本通達 別表第一 第17号文書 26: what a 行政書士 (an individual) writes as a receipt in
    the course of the work is a 営業に関しない受取書, not taxed at any amount (別表第一 第17号
    非課税物件 2). A 行政書士法人 may distribute profit to its members, so its receipts are."""
    return paper and corporation and amount - tax_stated >= STAMP_DUTY_THRESHOLD


# --- The registration number of a qualified invoice issuer ----------------------------------
#
# What 国税庁 documents (適格請求書発行事業者公表サイト, 「登録番号とは」,
# https://www.invoice-kohyo.nta.go.jp/about-toroku/):
#   - a corporation with a 法人番号: "T" + its 法人番号 (13 digits). The 法人番号's first digit is
#     a check digit over the other 12 (国税庁「法人番号の構成」, checkdigit.pdf:
#     9 − (Σ Pn × Qn mod 9), Pn the n-th digit from the right, Qn 1 for odd n and 2 for even n);
#   - anyone else (個人事業者, 人格のない社団等): "T" + 13 digits that are "neither the
#     マイナンバー nor any 法人番号, one per business". 国税庁 publishes no check digit for
#     these numbers, so the app cannot tell a typo from a real number: a corporation's failing
#     number is refused, an individual's is shown back for the office to confirm.

CORPORATION = "corporation"
INDIVIDUAL = "individual"

_HYPHENS = "-‐‑‒–—―−ｰー"


def check_digit(base12: str) -> int:
    """The 法人番号 check digit of the 12-digit base number."""
    if len(base12) != 12 or not base12.isascii() or not base12.isdigit():
        raise MoneyError("the base number is 12 digits")
    total = sum(
        int(digit) * (1 if n % 2 else 2) for n, digit in enumerate(reversed(base12), start=1)
    )
    return 9 - total % 9


def normalize_registration_number(text: str) -> str:
    """``T`` + 13 digits from what staff typed (full width, spaces, hyphens, a lower-case t,
    or the 13 digits alone); ``MoneyError`` when it is not that shape."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    value = "".join(ch for ch in value if not ch.isspace() and ch not in _HYPHENS)
    if value[:1] in ("T", "t"):
        value = value[1:]
    if len(value) != 13 or not value.isascii() or not value.isdigit():
        raise MoneyError("登録番号は「T」と13桁の数字です。")
    return "T" + value


def registration_check_digit_ok(number: str) -> bool:
    """Whether the 13 digits of ``T…`` carry a valid 法人番号 check digit."""
    digits = normalize_registration_number(number)[1:]
    return digits[0] != "0" and int(digits[0]) == check_digit(digits[1:])


# --- Document numbers -------------------------------------------------------------------------


def format_document_number(year: int, sequence: int) -> str:
    """``2026-0001``: the year and the sequence within it (four digits, more when needed)."""
    if not sequence >= 1:
        raise MoneyError("a document sequence starts at 1")
    if not 1000 <= year <= 9999:
        raise MoneyError("the year has four digits")
    return f"{year}-{sequence:04d}"


def parse_document_number(text: str) -> tuple[int, int]:
    """``(year, sequence)`` of ``2026-0001``; ``MoneyError`` for anything else."""
    year, sep, sequence = (text or "").strip().partition("-")
    if (
        sep != "-"
        or len(year) != 4
        or len(sequence) < 4
        or not (year + sequence).isascii()
        or not (year + sequence).isdigit()
        or int(sequence) < 1
    ):
        raise MoneyError(f"not a document number: {text!r}")
    return int(year), int(sequence)
