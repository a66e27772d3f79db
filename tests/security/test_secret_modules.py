"""The detector's three parts: the pure text module imports nothing of Django, every entry of
its vocabulary finds (or explains) the real text it is for, and the log filter cuts a record
before masking it."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from office import secret_words
from office.secret_net import LOG_RECORD_LIMIT, MaskSecretsFilter, cut_for_log
from office.secrets import MASK, SECRET_WORDS, _harmless_format, _normalise, mask_secrets

ROOT = Path(__file__).resolve().parents[2]


def test_the_detector_and_its_vocabulary_import_nothing_of_django():
    probe = (
        "import sys, office.secrets, office.secret_words;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'config')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "shape",
    secret_words.JAPANESE_WORDS + secret_words.ENGLISH_WORDS,
    ids=lambda s: s.pattern[:30],
)
def test_every_secret_word_finds_the_text_it_is_for(shape):
    assert SECRET_WORDS.search(_normalise(shape.example).text)
    assert MASK in mask_secrets(shape.example)


@pytest.mark.parametrize("shape", secret_words.HARMLESS_SHAPES, ids=lambda s: s.example)
def test_every_harmless_shape_explains_its_own_example(shape):
    assert _harmless_format(shape.example)


@pytest.mark.parametrize("word", secret_words.NOT_A_SECRET_CODE)
def test_a_code_named_by_the_word_before_it_is_no_secret_word(word):
    assert SECRET_WORDS.search(f"{word} code") is None
    assert SECRET_WORDS.search("security code")


def test_a_long_log_record_is_cut_before_it_is_masked():
    secret = "Kq7#mZ2pLx"
    message = f"新パスワード：{secret} " + "x" * 1_000_000
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "%s", (message,), None)
    assert MaskSecretsFilter().filter(record)
    logged = record.getMessage()
    assert secret not in logged and MASK in logged
    assert len(logged) < LOG_RECORD_LIMIT + 40
    assert logged.endswith("文字省略]")


def test_a_cut_never_leaves_half_a_word_behind():
    message = "a " * 2040 + "パスワード：Kq7#mZ2pLxLONGTAIL"
    cut = cut_for_log(message)
    assert "Kq7" not in cut
    assert cut_for_log("short") == "short"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("ＰＷ：Ｘｋ２９ｐｑＬｍ", "Ｘｋ２９ｐｑＬｍ"),  # full width
        ("セ キ ュ リ テ ィ コ ー ド ： 49381726", "49381726"),  # a fax's OCR
        ("ﾊﾟｽﾜｰﾄﾞ：Xk29pqLm", "Xk29pqLm"),  # half-width kana
        ("パ\u200bスワード：Xk29pqLm", "Xk29pqLm"),  # a zero-width space inside the word
        ("暗 証 番 号 ： 73914826", "73914826"),
    ],
)
def test_the_quick_look_lets_through_every_way_a_secret_word_is_written(text, secret):
    assert secret not in mask_secrets(text)


def test_full_width_digits_alone_are_not_analysed():
    from office.secrets import quick_reject

    assert quick_reject("０７６７ー５３ー１２３４")
    assert quick_reject("３０００－００００ー０００１０２")
    assert not quick_reject("ｐａｓｓ：１２３４５６")


def test_masking_a_long_text_leaves_the_garbage_collector_as_it_was():
    import gc

    text = "pw Ab12cd34 " * 10_000
    assert gc.isenabled()
    assert "Ab12cd34" not in mask_secrets(text)
    assert gc.isenabled()
    gc.disable()
    try:
        mask_secrets(text + " ")
        assert not gc.isenabled()  # not switched on behind the caller's back
    finally:
        gc.enable()
