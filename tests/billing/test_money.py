"""billing.money: rounding once per invoice per rate, totals, the T number, document numbers."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing import money
from billing.money import CEIL, FLOOR, HALF_UP, Line, MoneyError


def test_it_rounds_the_tax_once_per_rate_not_per_line():
    # Three lines of 105 yen: per line 10.5 → 10 each (30); once on 315 → 31.
    lines = [Line("作業", 105), Line("作業", 105), Line("作業", 105)]
    assert money.totals(lines).tax == 31


def test_it_rounds_down_by_default_and_as_the_office_chooses():
    lines = [Line("復旧", 12345)]  # 1234.5 yen of tax
    assert money.totals(lines).tax == 1234
    assert money.totals(lines, FLOOR).tax == 1234
    assert money.totals(lines, HALF_UP).tax == 1235
    assert money.totals(lines, CEIL).tax == 1235
    assert money.totals([Line("x", 12341)], HALF_UP).tax == 1234


def test_it_keeps_rates_apart_and_advances_out_of_the_tax():
    totals = money.totals(
        [
            Line("復旧", 30000),
            Line("資料", 1001, tax_rate=8),
            Line("CCUS更新料(立替金)", 6000, advance=True),
        ]
    )
    assert [(r.rate, r.base, r.tax) for r in totals.by_rate] == [(10, 30000, 3000), (8, 1001, 80)]
    assert totals.subtotal == 31001
    assert totals.tax == 3080
    assert totals.advances == 6000
    assert totals.total == 31001 + 3080 + 6000
    assert totals.fees_with_tax == 34081


def test_quantity_multiplies_the_amount():
    assert money.totals([Line("登録", 3000, quantity=3)]).subtotal == 9000


def test_an_empty_invoice_is_zero():
    totals = money.totals([])
    assert (totals.subtotal, totals.tax, totals.advances, totals.total) == (0, 0, 0, 0)
    assert totals.by_rate == ()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"amount": -1},
        {"amount": 1.5},
        {"amount": True},
        {"amount": "100"},
        {"amount": 100, "quantity": 0},
        {"amount": 100, "tax_rate": 5},
    ],
)
def test_it_refuses_bad_lines(kwargs):
    with pytest.raises(MoneyError):
        Line("x", **kwargs)


def test_an_advance_takes_no_rate():
    assert Line("立替", 100, tax_rate=0, advance=True).total == 100


def test_it_refuses_an_unknown_rounding_rule():
    with pytest.raises(MoneyError):
        money.totals([Line("x", 100)], "bankers")


lines_strategy = st.lists(
    st.builds(
        Line,
        description=st.just("x"),
        amount=st.integers(min_value=0, max_value=5_000_000),
        quantity=st.integers(min_value=1, max_value=20),
        tax_rate=st.sampled_from(money.TAX_RATES),
        advance=st.booleans(),
    ),
    max_size=30,
)


@given(lines_strategy, st.sampled_from(money.ROUNDING_RULES))
def test_the_tax_is_the_per_invoice_rounding_of_each_rates_sum(lines, rule):
    totals = money.totals(lines, rule)
    exact = {}
    for line in lines:
        if not line.advance:
            exact[line.tax_rate] = exact.get(line.tax_rate, 0) + line.amount * line.quantity
    rounder = {FLOOR: math.floor, CEIL: math.ceil, HALF_UP: lambda x: math.floor(x + 0.5)}[rule]
    from fractions import Fraction

    expected = {rate: rounder(Fraction(base * rate, 100)) for rate, base in exact.items()}
    assert {r.rate: r.tax for r in totals.by_rate} == expected
    assert totals.tax == sum(expected.values())


@given(lines_strategy, st.sampled_from(money.ROUNDING_RULES))
def test_lines_plus_tax_is_the_total(lines, rule):
    totals = money.totals(lines, rule)
    assert money.line_sum(lines) + totals.tax == totals.total
    assert totals.subtotal + totals.advances == money.line_sum(lines)
    # Rounded once: the tax is within one yen per rate of the exact tax.
    for rate_total in totals.by_rate:
        assert abs(rate_total.tax * 100 - rate_total.base * rate_total.rate) < 100


@pytest.mark.parametrize(
    ("amount", "tax", "paper", "needed"),
    [
        (50000, 0, True, True),
        (49999, 0, True, False),
        (55000, 5000, True, True),  # 50,000 without the stated tax
        (54999, 5000, True, False),  # 49,999 without the stated tax
        (1_000_000, 0, False, False),  # electronic: never
    ],
)
def test_stamp_duty_only_on_paper_from_50000_yen_without_tax(amount, tax, paper, needed):
    needs = money.stamp_duty_applies(amount=amount, tax_stated=tax, paper=paper, corporation=True)
    assert needs is needed


# --- the T number -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    # Published registration numbers of corporations (their 法人番号).
    ["T7010705000725", "T9011101097073", "T7120001168421"],
)
def test_real_corporate_numbers_pass_the_check_digit(number):
    assert money.registration_check_digit_ok(number)


def test_it_computes_the_check_digit_of_the_published_example():
    assert money.check_digit("010705000725") == 7


@pytest.mark.parametrize("number", ["T8010705000725", "T7010705000726", "T0010705000725"])
def test_a_typo_fails_the_check_digit(number):
    assert not money.registration_check_digit_ok(number)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(0, 11))
def test_every_single_digit_change_but_0_9_is_caught(base, position):
    good = f"T{money.check_digit(base)}{base}"
    assert money.registration_check_digit_ok(good)
    digits = list(base)
    old = digits[position]
    for new in "0123456789":
        if new == old or {new, old} == {"0", "9"}:
            continue
        digits[position] = new
        assert not money.registration_check_digit_ok(f"T{money.check_digit(base)}{''.join(digits)}")


@pytest.mark.parametrize(
    "typed",
    [
        "T7010705000725",
        "t7010705000725",
        "Ｔ７０１０７０５０００７２５",
        "T 7010-7050-0072 5",
        "7010705000725",
    ],
)
def test_it_normalizes_what_staff_type(typed):
    assert money.normalize_registration_number(typed) == "T7010705000725"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "T",
        "T701070500072",
        "T70107050007250",
        "X7010705000725",
        "T70107O5000725",
        "T٧٠١٠٧٠٥٠٠٠٧٢٥",
    ],
)
def test_it_refuses_a_number_of_the_wrong_shape(typed):
    with pytest.raises(MoneyError):
        money.normalize_registration_number(typed)


# --- document numbers -------------------------------------------------------------------------


def test_document_numbers_are_year_and_four_digits():
    assert money.format_document_number(2026, 1) == "2026-0001"
    assert money.format_document_number(2026, 123) == "2026-0123"
    assert money.format_document_number(2027, 10000) == "2027-10000"


@pytest.mark.parametrize(("year", "sequence"), [(2026, 0), (2026, -1), (26, 1), (20260, 1)])
def test_it_refuses_impossible_document_numbers(year, sequence):
    with pytest.raises(MoneyError):
        money.format_document_number(year, sequence)


@given(st.integers(1000, 9999), st.integers(1, 10**6))
def test_document_numbers_round_trip(year, sequence):
    assert money.parse_document_number(money.format_document_number(year, sequence)) == (
        year,
        sequence,
    )


@pytest.mark.parametrize(
    "text",
    ["", "2026", "2026-", "2026-001", "26-0001", "2026-0000", "２０２６-０００１", "2026/0001"],
)
def test_it_refuses_to_parse_anything_else(text):
    with pytest.raises(MoneyError):
        money.parse_document_number(text)
