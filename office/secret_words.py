"""What the secret detector (``office.secrets``) knows, as data: the words that name a secret,
the harmless shapes a token may have, the words and particles around a value.

To teach the detector a new phrasing, add an entry here with the real text it is for; the
entry's ``example`` is checked by ``tests/security/test_secret_modules.py`` (every word must
find its example, every harmless shape must explain its own). Patterns are matched against the
*normalised* text (``office.secrets`` step 1): half-width, zero-width characters gone, quoting
and HTML blanked, OCR spacing closed up and a dash between katakana read as ー.

Pure data and ``re``: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import receipt_number


@dataclass(frozen=True)
class Shape:
    pattern: str  # a regular expression (case-insensitive)
    example: str  # the real text it is for


# --- Words that name a secret -------------------------------------------------------------------
# Japanese words. Katakana words must not be part of a longer katakana word (パスポート, バス).
_KATAKANA = "ァ-ヶー"
JAPANESE_WORDS = [
    # 「新パスワード：…」, 「パスワードをQv8!mT2kに変更しました」 — CCUS's own word.
    Shape(r"パスワード", "新パスワード：Xk29pqLm"),
    # 「パスコード：…」 — how some staff and clients say it.
    Shape(r"パスコード", "パスコード：Xk29pqLm"),
    # 「パス：Wm3kR8tz」 in a memo; not パスポート, バス, パスタ.
    Shape(rf"(?<![{_KATAKANA}])パス(?![{_KATAKANA}])", "パス：Wm3kR8tz"),
    # 「暗証番号：73914826」, 「暗証：…」.
    Shape(r"暗証", "暗証番号：73914826"),
    # The 登録完了通知's セキュリティコード, also 「セキュリティーコード」,
    # 「セキュリティ・コード」, 「セキュリティ コード」.
    Shape(r"セキュリティー?[・ ]?コード", "セキュリティ・コード：49381726"),
    # 「本人確認番号」 (CCUS's other name for the security code), 「本人確認コード」.
    Shape(r"本人確認(?:番号|コード)", "セキュリティコード(本人確認番号)：49381726"),
    # 「確認コード」, 「認証コード」, 「認証番号」 in login mails.
    Shape(r"確認コード|認証(?:コード|番号)", "認証コード：482617"),
    # 「ワンタイムパスワード」.
    Shape(r"ワンタイム", "ワンタイム 482617"),
    # 「PINコード：482617」 (four or five digits read as a short number, not masked).
    Shape(r"PINコード", "PINコード：482617"),
]

# English words, matched as whole words (not inside "Passport", "compass" or "pinned").
ENGLISH_WORDS = [
    # "Password: …", "password is …", "passwords", "pass word".
    Shape(r"pass\s?words?", "Your temporary password is below.\nXk29pqLm"),
    # "passwd: …" (Unix habit), "passcode".
    Shape(r"passwd|passcode", "passcode 482617"),
    # "PW: …", "pwd=…", "仮PW「…」".
    Shape(r"pwd?", "仮PW「Tmp-4821xy」"),
    # "P/W：…" — a label in faxes and memos.
    Shape(r"p/w", "P/W：Xk29pqLm"),
    # "pass: …", "PIN 482617".
    Shape(r"pass|pin", "PIN 482617"),
    # "code: 49381726", "security code", "verification code", "access code", "auth code".
    Shape(r"(?:security\s|verification\s|access\s|auth\s)?codes?", "security code: 4938 1726"),
]
# "… code" that is never a secret: the word before it says what code it is.
NOT_A_SECRET_CODE = [
    "postal",  # "Postal code 920-0000"
    "zip",  # "zip code"
    "area",  # "area code 0767"
    "qr",  # "QR code"
    "error",  # "error code E1234"
    "source",  # "source code"
    "bar",  # "bar code"
    "country",  # "country code +81"
    "promo",  # "promo code"
]


def secret_words_pattern() -> str:
    """One regular expression for every secret word above (longest alternatives first)."""
    english_code = ENGLISH_WORDS[-1].pattern
    not_code = "".join(f"(?<!{w} )" for w in NOT_A_SECRET_CODE)
    english = [s.pattern for s in ENGLISH_WORDS[:-1]] + [not_code + "(?:" + english_code + ")"]
    return (
        "|".join(s.pattern for s in JAPANESE_WORDS)
        + "|(?<![A-Za-z])(?:"
        + "|".join(english)
        + ")(?![A-Za-z])"
    )


# A cheap first look on the raw text (full-width ASCII already made half-width): a text with none
# of these cannot hold a secret word, and most memos, mails and CSV cells hold none. Covers
# half-width kana (ﾊﾟｽﾜｰﾄﾞ), OCR spacing (「パ ス ワ ー ド」, 「セ キ ュ リ テ ィ」) and the
# characters normalisation removes (zero-width spaces, separate voiced marks).
QUICK_LOOK = (
    r"パ|ﾊ|暗\s?証|セ\s?キ\s?ュ|ｾｷｭ|本\s?人\s?確\s?認|確\s?認\s?コ|認\s?証|ワ\s?ン\s?タ|ﾜﾝﾀｲﾑ"
    r"|p\s?w|p/w|pass|pin|code"
    r"|[\u200b-\u200d\u2060\ufeff\u00ad\u3099\u309a\uff9e\uff9f]"
)


# --- Harmless shapes: a token with one of these is no password ---------------------------------
_EXTENSIONS = "pdf|csv|txt|xlsx?|docx?|zip|png|jpe?g|html?|eml"
HARMLESS_SHAPES = [
    # A URL; "www." without a scheme like a bare domain (letters and hyphens: see below).
    Shape(
        r"(?:https?|ftp)://\S+|www\.(?:[a-z-]+\.)+[a-z]{2,}(?:[/?#:]\S*)?",
        "https://www.ccus.jp/password/reset",
    ),
    Shape(r"mailto:\S+", "mailto:ccus@example.jp"),
    # An email address or a Message-ID.
    Shape(r"[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", "ccus@noto-test.example.jp"),
    # A bare domain ("example.jp") is letters and hyphens: with a digit ("0000A.JP") it has the
    # shape of a CCUS password as much as of a host, and a password must not go unmasked.
    Shape(r"(?:[a-z-]+\.)+(?:jp|com|net|org|info|biz|io|co)(?:/\S*)?", "noto-test.example.jp"),
    # A URL's path: "/password/reset".
    Shape(r"/[a-z0-9_./?=&%#-]*", "/mypage/login"),
    # A date: 2027-01-06, 2027/1/6, 2027-01-06T14:02.
    Shape(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:T\d{1,2}:\d{2}(?::\d{2})?)?", "2027-01-06"),
    # A short date: 1/6, 01/06/2027.
    Shape(r"\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?", "01/06/2027"),
    # A time: 14:02, 9:30am.
    Shape(r"\d{1,2}:\d{2}(?::\d{2})?(?:[ap]m)?", "14:02"),
    # A phone number: 0767-53-1234, +81-767-53-1234, 0767531234.
    Shape(
        r"\+?81-?\d{1,4}-\d{1,4}-\d{3,4}|0\d{1,4}-\d{1,4}-\d{3,4}|0\d{9,10}",
        "0767-53-1234",
    ),
    Shape(r"\(0\d{1,4}\)\d{1,4}-\d{3,4}", "(0767)53-1234"),
    # A postal code: 926-0811.
    Shape(r"\d{3}-\d{4}", "926-0811"),
    # The 14-digit 事業者ID or 技能者ID, also as CCUS prints it in groups.
    Shape(r"\d{14}|\d{4}-\d{4}-\d{4}-\d{2}", "90000000000102"),
    # The 受付番号 (its shape is owned by office/receipt_number.py), also read by OCR with 一.
    Shape(receipt_number.LOOSE_PATTERN, "C-2611260433"),
    # Money: ¥3,300, 12,000.
    Shape(r"[$¥]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", "¥3,300"),
    # A version or a decimal: v2.3.1, 1.5.
    Shape(r"v?\d+(?:\.\d+){1,3}", "v2.3.1"),
    # A percentage: 10%.
    Shape(r"\d+(?:\.\d+)?%", "10%"),
    # A file name; its extension is written in one case ("scan01.pdf", "A.PDF"; not "0_.Pdf").
    Shape(
        rf"[A-Za-z0-9_-]+\.(?-i:(?:{_EXTENSIONS})|(?:{_EXTENSIONS.upper()}))",
        "scan01.pdf",
    ),
    # An ordinal or a short number: #12, No.3, 2027.
    Shape(r"#\d+|No\.\d+|\d{1,5}", "No.3"),
]

# Placeholders and masks a person types instead of the value: "********", "xxxx", "●●●●".
PLACEHOLDER = r"[*xX×●■#._\-]+"

# English words that follow a secret word without being its value ("password reset completed").
COMMON_WORDS = frozenset(
    """
a an the is was are were be been has have had will can must should may to of for in on at by
from with and or not no yes it its this that these those here there below above following
reset resets completed complete changed change changes changing required require requires
expired expires expire invalid incorrect wrong forgot forgotten lost unknown none null n/a tba
tbd sent send issued issue new old current temporary initial first login log logon signin sign
policy rule rules please enter entered input screen page link url mail email e-mail address
registered registration confirm confirmed confirmation check set setting settings update updated
recovery recover notice notification see attached later separately mailed post posted letter
protected manager management field box blank same above-mentioned must-change id user name
password passwords code codes security verification pin pass passcode your our my their
""".split()  # noqa: SIM905 - a word list reads better as text
)

# A number followed by one of these (regular expressions) is a quantity, not a code.
QUANTITY_UNITS = [
    *"年月日時分秒円件名人回週歳%号階",  # 「2027年」「3,300円」「10%」「3階」
    "桁",  # 「8桁以上」
    "文字",  # 「8文字以上」
    "営業日",  # 「4営業日」
    "ヶ月",
    "か月",
    "番地",  # 「1番地」
    "丁目",
    r"F\b",  # 「3F」, a floor
]
# A number after one of these is a phone number or a postal code: 「TEL 0767…」, 「〒926…」.
PHONE_LABELS = ["TEL", "FAX", "電話", "携帯", "〒"]

# What may stand between a secret word and its value: particles, punctuation, brackets, arrows,
# a bracketed note — 「パスワードは「…」」, 「PW→…」, 「パスワード（仮）：…」, "password is …".
CONNECTOR_CHARACTERS = "\\s:=|*_`\"'「」『』【】\\[\\]→⇒>〉》≫＞：＝｜［］＜-"
CONNECTOR_WORDS = [
    "は",
    "が",
    "を",
    "も",
    "で",
    "の",
    "とは",
    "ですが",
    r"\bis\b",
    r"\bwas\b",
    r"\bare\b",
    r"\bnew\b",
    r"\bbelow\b",
]
# A line of notes between a label line and its value: 「※初回ログイン時に変更してください」.
NOTE_LINE_START = r"[(（※*＊]|注|\["
