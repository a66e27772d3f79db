"""The 受付番号 (CCUS's inquiry number), owned here: its shape, reading it as people type it,
validating it, and finding it in a mail.

CCUS writes it in the receipt mail's subject, 【お問い合わせ受付：C-2612250001】: "C-" and ten
digits. Staff type it in full width, with spaces, with any dash, or with the kanji 一 that OCR
and IME conversions put in place of the hyphen (「C一2611260433」). A number that is not exactly
ten digits is never stored without a person's confirmation.

Pure text, no Django: the secret detector (``office.secrets``), the mail parser
(``recovery.ccus_mail``), the forms and the case search all import it. Nothing else defines the
pattern (``tests/test_architecture.py`` checks).
"""

from __future__ import annotations

import re
import unicodedata

PREFIX = "C-"
DIGITS = 10
EXAMPLE = "C-2612250001"

# Every character people (and OCR) put between "C" and the digits, or between digit groups:
# hyphen-minus and its Unicode look-alikes, the long vowel mark, and the kanji 一 for a dash.
DASHES = "-－‐‑‒–—―−ーｰ﹣⁃一"
_DASH_CLASS = "[" + re.escape(DASHES) + "]"

# The canonical stored form.
CANONICAL = re.compile(r"C-\d{10}")

# Typed input: an optional C, an optional dash, then digits with single spaces between groups.
_TYPED = re.compile(r"^\s*([Cc])?\s*(?:" + _DASH_CLASS + r")?\s*(\d(?:[ \t]?\d)*)\s*$")

# --- Finding it in mail text (already NFKC-normalised, dashes made "-") ---------------------
# Between two digits of a number wrapped by a mailer: spaces, or a line break and the next
# line's "> " quoting.
_GAP = r"(?:[ \t]*(?:\n[ \t]*(?:>[ \t]*)*)?[ \t]*)"
# Ten digits, possibly broken by spaces, line breaks or quoting, and not followed by an
# eleventh digit on the same line.
IN_TEXT_TEN = re.compile(r"C\s*-\s*(\d(?:" + _GAP + r"\d){9})(?![ \t]*\d)")
# Any other length (4–15 digits): read, but shown for confirmation.
IN_TEXT_ANY = re.compile(r"C\s*-\s*(\d(?:[ \t]?\d){3,14})(?!\d)")
# The receipt subject's bracket: 【お問い合わせ受付：C-…】 (also without い).
SUBJECT_BRACKET = re.compile(r"【\s*お問い?合わせ受付\s*[:：]\s*([^】]*)】")
# For the secret detector: a 受付番号 token is harmless text, never a password.
LOOSE_PATTERN = r"C-\d{4,12}"

# The dash normaliser for mail text: a dash after "C" or between digits (not the long vowel of
# メール, which is preceded by kana).
_MAIL_DASH = re.compile(rf"(?<=[CcＣｃ0-9\s]){_DASH_CLASS}(?=[\s0-9０-９])")


def normalise_dashes(text: str) -> str:
    """Make every dash-like character after "C" or between digits a plain "-"."""
    return _MAIL_DASH.sub("-", text)


def parse(value: str) -> tuple[str, bool] | None:
    """Read a typed 受付番号: ``("C-<digits>", exactly ten digits)``, or None if it is not one.

    Accepts full width, any dash (and 一), spaces, a lower-case c, or the digits alone.
    Fewer than four digits are not a number anyone means.
    """
    text = unicodedata.normalize("NFKC", value or "")
    match = _TYPED.match(text)
    if not match:
        return None
    digits = re.sub(r"\D", "", match.group(2))
    if len(digits) < 4:
        return None
    return PREFIX + digits, len(digits) == DIGITS


def normalise(value: str) -> str | None:
    """The canonical ``C-`` + ten digits of a typed 受付番号; None unless it is exactly that."""
    parsed = parse(value)
    if parsed is None or not parsed[1]:
        return None
    return parsed[0]


def is_valid(value: str) -> bool:
    """True for a stored-form number: "C-" and exactly ten digits."""
    return bool(CANONICAL.fullmatch(value or ""))


def search_digits(query: str) -> str:
    """The digits of a 受付番号 typed into a search box ("C-26…", "ｃ－２６…", "2612…"); "" if the
    query is not shaped like one (at least four digits)."""
    parsed = parse(query)
    return parsed[0][len(PREFIX) :] if parsed else ""
