"""Asterisks and brackets around a value: Markdown emphasis is kept, a password's own are masked."""

import pytest

from office.secrets import MASK, mask_secrets


@pytest.mark.parametrize(
    "text, masked",
    [
        ("初期パスワード | **Wd3!bz6K**", f"初期パスワード | **{MASK}**"),
        ("初期パスワード\t*Ny5@pq2L*", f"初期パスワード\t*{MASK}*"),
    ],
)
def test_it_keeps_markdown_emphasis_around_a_whole_password(text, masked):
    assert mask_secrets(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        # "[0000A" alone is too short: the asterisks are the password's
        "*[0000A* がパスワードです",
        "パスワード：*A1*",
        "=0000A がパスワードです",
        "*]}#0000 がパスワードです",  # not "#0000" in wrappers
        "id=0000A がパスワードです",  # a glued label and a value too short alone
    ],
)
def test_it_masks_a_password_whose_own_symbols_look_like_wrappers(text):
    masked = mask_secrets(text)
    assert masked.startswith(MASK) or masked.endswith(MASK)
    assert not any(c.isdigit() for c in masked)


@pytest.mark.parametrize(
    "text",
    [
        "パスワード **reset** completed",
        "パスワード（確認済）",
        "パスワード再設定の案内は ccus.jp と noto-test.example.co.jp から",
        "*2027-01-06* にパスワード変更",
        "パスワード付きの scan0001.pdf と SCAN02.PDF を送付",
        "パスワード再設定 www.ccus.jp?lang=ja",
    ],
)
def test_it_leaves_emphasised_harmless_words_and_domains_alone(text):
    assert mask_secrets(text) == text


def test_a_password_shaped_like_a_domain_with_digits_is_masked():
    assert mask_secrets("0000A.JP がパスワードです") == f"{MASK} がパスワードです"


@pytest.mark.parametrize(
    "text",
    [
        "date=2027-01-06 にパスワード変更",
        "id=90000000000102 のパスワード",
    ],
)
def test_it_keeps_a_harmless_value_glued_to_its_label(text):
    assert mask_secrets(text) == text


def test_a_www_shaped_value_with_digits_after_a_secret_word_is_masked():
    assert mask_secrets("パスワード: www.Ab12.jp") == f"パスワード: {MASK}"
