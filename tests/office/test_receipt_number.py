"""The 受付番号 as people type it, read by the one module that owns its shape."""

import pytest

from office import receipt_number


@pytest.mark.parametrize(
    "typed",
    [
        "C-2611260433",
        "c-2611260433",
        "Ｃ－２６１１２６０４３３",
        "C 2611260433",
        "C一2611260433",  # OCR / IME: the kanji 一 for the hyphen
        "C‐2611 260433",
        "2611260433",
        " C - 2611260433 ",
    ],
)
def test_it_reads_a_ten_digit_number_in_any_typed_form(typed):
    assert receipt_number.normalise(typed) == "C-2611260433"
    assert receipt_number.parse(typed) == ("C-2611260433", True)


@pytest.mark.parametrize("typed", ["C-261126043", "C-26112604331", "C-2611"])
def test_it_reads_another_length_but_marks_it_unsure(typed):
    number, exact = receipt_number.parse(typed)
    assert number == "C-" + typed[2:]
    assert exact is False
    assert receipt_number.normalise(typed) is None


@pytest.mark.parametrize("typed", ["", "C-", "C-26", "能登2612", "D-2611260433", "C-26x1260433"])
def test_it_refuses_what_is_not_a_receipt_number(typed):
    assert receipt_number.parse(typed) is None
    assert receipt_number.normalise(typed) is None


def test_it_validates_only_the_stored_form():
    assert receipt_number.is_valid("C-2611260433")
    assert not receipt_number.is_valid("C-261126043")
    assert not receipt_number.is_valid("c-2611260433")
    assert not receipt_number.is_valid("")


def test_search_digits_need_four_digits():
    assert receipt_number.search_digits("ｃ－２６１２") == "2612"
    assert receipt_number.search_digits("C一2612") == "2612"
    assert receipt_number.search_digits("C-26") == ""


def test_mail_dashes_become_hyphens_but_the_long_vowel_of_words_stays():
    assert receipt_number.normalise_dashes("C－2611260433 メール") == "C-2611260433 メール"
    assert receipt_number.normalise_dashes("C一2611260433") == "C-2611260433"
