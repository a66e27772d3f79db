"""Find and mask CCUS passwords and security codes: the one module that owns the promise.

A secret is recognised by *what it is* and *where it stands*, not by one label pattern:

1. **Normalise** a working copy (NFKC width, zero-width characters dropped, ``> `` quoting,
   HTML tags and ``&nbsp;`` blanked). Every character of the copy remembers the index of the
   character of the original text it came from, so a mask replaces exactly the secret's
   characters in the text the person typed and nothing else changes.
2. **Tokenise** the copy into ASCII tokens (CCUS passwords are half-width letters, digits and
   symbols; full-width ones become half-width in step 1), with Markdown/quote wrappers
   (``**x**``, ``「x」``, ``(x)``) and ``PW:``-style label prefixes split off.
3. **Explain away** the harmless tokens: email addresses, URLs and domains, dates, times,
   phone numbers, postal codes, the 14-digit 事業者ID, 受付番号 ``C-…``, money, version numbers,
   file names, ordinary words ("reset", "completed", "e-mail") and placeholders (``********``).
4. **Flag** a remaining token when it stands near a *secret word* (パスワード, PW, パス, 暗証,
   セキュリティコード, 本人確認番号, password, code…):

   - right after it, with only particles and punctuation between (を, が, は, →, ：, 「」, ``|``,
     TAB, ``**``, a bracketed note, one line break or a note line);
   - anywhere in the same sentence, table row, table column or quoted block when the token is
     *credential-shaped* (letters mixed with digits or symbols, 6–8 digits, a random-case word).

``find_secrets`` returns the findings (span in the original text, kind, a Japanese reason and a
masked preview, never the value itself); ``mask_secrets`` replaces each span with ``MASK``.
Every writer uses this module: the services, forms that ask staff to confirm, the ``pre_save``
net, the bulk paths (``mask_instance``/``mask_values``), history rows and the log filter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import receipt_number

MASK = "********"

# --- 1. Normalisation with a map back to the original ----------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_VOICED_MARKS = "\uff9e\uff9f\u3099\u309a"
# Full-width brackets and separators stay as they are: they separate a value from a word
# ("Xk29!pqL（PW）", "PW：…") and would otherwise glue them into one ASCII token.
_KEEP_WIDE = frozenset("（）：＝｜［］")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>|&nbsp;|&#160;")
_QUOTE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)


@dataclass(frozen=True)
class _Normalised:
    text: str  # the working copy
    index: Sequence[int]  # index[i] = position in the original of text[i]
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``."""
        return self.index[start], self.index[end - 1] + 1


_CHAR_TABLE: dict[int, str] = {}  # char -> its NFKC form (one char), filled as chars are met
_IRREGULAR: set[str] = set()  # chars whose form is not exactly one char, or that need context


def _learn(chars: set[str]) -> None:
    for ch in chars:
        if ord(ch) in _CHAR_TABLE or ch in _IRREGULAR:
            continue
        if ord(ch) in _ZERO_WIDTH or ch in _VOICED_MARKS:
            _IRREGULAR.add(ch)
            continue
        out = ch if ch in _KEEP_WIDE else unicodedata.normalize("NFKC", ch)
        if len(out) == 1:
            _CHAR_TABLE[ord(ch)] = out
        else:
            _IRREGULAR.add(ch)


def _normalise(text: str) -> _Normalised:
    if text.isascii():
        work, index = text, range(len(text))
    else:
        seen = set(text)
        _learn(seen)
        if seen.isdisjoint(_IRREGULAR):
            # Every character becomes exactly one: the positions do not move.
            work, index = text.translate(_CHAR_TABLE), range(len(text))
        else:
            work, index = _normalise_slow(text)
    work = work.replace("\r", " ")
    # Length-preserving blanking keeps ``index`` valid.
    if "<" in work or "&" in work:
        work = _TAG.sub(lambda m: " " * len(m.group(0)), work)
    if ">" in work:
        work = _QUOTE_PREFIX.sub(lambda m: " " * len(m.group(0)), work)
    return _Normalised(work, index, len(text))


def _normalise_slow(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    index: list[int] = []
    skip = False
    for i, ch in enumerate(text):
        if skip:
            skip = False
            continue
        if ord(ch) in _ZERO_WIDTH:
            continue
        if ch.isascii():
            chars.append(ch)
            index.append(i)
            continue
        # A voiced mark belongs to the kana before it (ﾊﾟ → パ, ハ + U+309A → パ).
        pair = text[i : i + 2]
        if len(pair) == 2 and pair[1] in _VOICED_MARKS:
            out, skip = unicodedata.normalize("NFKC", pair), True
        elif ch in _KEEP_WIDE:
            out = ch
        else:
            out = unicodedata.normalize("NFKC", ch)
        for piece in out:
            chars.append(piece)
            index.append(i)
    return "".join(chars), index


# --- 2. Secret words ---------------------------------------------------------------------------

_KATAKANA = "ァ-ヶー"
SECRET_WORDS = re.compile(
    r"パスワード|(?<![" + _KATAKANA + r"])パス(?![" + _KATAKANA + r"])|暗証|"
    r"セキュリティ[ー]?\s?コード|本人確認(?:番号|コード)|確認コード|認証(?:コード|番号)|"
    r"ワンタイム|PINコード|"
    r"(?<![A-Za-z])(?:pass\s?words?|passwd|passcode|pwd?|pass|pin|"
    r"(?<!postal )(?<!zip )(?<!area )(?<!qr )(?<!error )(?<!source )(?<!bar )(?<!country )"
    r"(?<!promo )(?:security\s|verification\s|access\s|auth\s)?codes?)(?![A-Za-z])",
    re.IGNORECASE,
)
# A cheap first look on the raw text: most memos and mails contain none of these.
_MAYBE = re.compile(
    r"パ|ﾊ|暗証|セキュ|ｾｷｭ|本人確認|確認コ|認証|ワンタイム|ﾜﾝﾀｲﾑ|p\s?w|pass|pin|code"
    r"|[\u200b-\u200d\u2060\ufeff\u00ad\u3099\u309a\uff00-\uffef]",
    re.IGNORECASE,
)

# --- 3. Tokens and their harmless explanations ------------------------------------------------

_ASCII_RUN = re.compile(r"[!-{}~]+")  # printable ASCII except "|" (a table cell border)
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_OPENERS = {"(": ")", "[": "]", "{": "}", "<": ">", '"': '"', "'": "'", "*": "*", "`": "`"}
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<", '"': '"', "'": "'"}
_PAIRS = {"*": "*", "_": "_", "`": "`", '"': '"', "'": "'", "(": ")", "[": "]", "<": ">"}
# "PW:Abc…", "password=…": a label glued to its value (not "Abc=1234x", a password with "=").
_LABEL_PREFIX = re.compile(r"(?!(?:https?|ftp|mailto):)([A-Za-z]{1,20})([:=]+)(?=\S)")
_LABELS_GLUED = frozenset(
    "pw pwd pass passwd password passcode pin code id user login mail tel fax".split()  # noqa: SIM905
)

_EXTENSIONS = "pdf|csv|txt|xlsx?|docx?|zip|png|jpe?g|html?|eml"
_HARMLESS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # A URL; "www." without a scheme like a bare domain (letters and hyphens: see below).
        r"(?:https?|ftp)://\S+|www\.(?:[a-z-]+\.)+[a-z]{2,}(?:[/?#:]\S*)?",
        r"mailto:\S+",
        r"[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",  # email / Message-ID
        # A bare domain ("example.jp") is letters and hyphens: with a digit ("0000A.JP") it has
        # the shape of a CCUS password as much as of a host, and a password must not go unmasked.
        r"(?:[a-z-]+\.)+(?:jp|com|net|org|info|biz|io|co)(?:/\S*)?",
        r"/[a-z0-9_./?=&%#-]*",  # a URL path
        r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:T\d{1,2}:\d{2}(?::\d{2})?)?",  # 2027-01-06
        r"\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?",  # 1/6, 01/06/2027
        r"\d{1,2}:\d{2}(?::\d{2})?(?:[ap]m)?",  # 14:02
        r"\+?81-?\d{1,4}-\d{1,4}-\d{3,4}|0\d{1,4}-\d{1,4}-\d{3,4}|0\d{9,10}",  # phone
        r"\(0\d{1,4}\)\d{1,4}-\d{3,4}",
        r"\d{3}-\d{4}",  # postal code
        r"\d{14}|\d{4}-\d{4}-\d{4}-\d{2}",  # 事業者ID / 技能者ID
        receipt_number.LOOSE_PATTERN,  # 受付番号
        r"[$¥]?\d{1,3}(?:,\d{3})+(?:\.\d+)?",  # money
        r"v?\d+(?:\.\d+){1,3}",  # version / decimal
        r"\d+(?:\.\d+)?%",
        # A file name's extension is written in one case ("scan01.pdf", "A.PDF"; not "0_.Pdf").
        rf"[A-Za-z0-9_-]+\.(?-i:(?:{_EXTENSIONS})|(?:{_EXTENSIONS.upper()}))",
        r"#\d+|No\.\d+|\d{1,5}",  # ordinal numbers, short numbers
    )
]
# Placeholders and masks: "********", "xxxx", "●●●●".
_PLACEHOLDER = re.compile(r"[*xX×●■#._\-]+")
# Ordinary words, possibly joined ("e-mail", "password/reset", "log-in").
_WORDS = re.compile(r"[A-Za-z]+(?:['’/_.-][A-Za-z]+)*")

# English words that follow a secret word without being its value.
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

_QUANTITY_AFTER = re.compile(
    r"[ \t]?(?:年|月|日|時|分|秒|円|件|名|人|回|桁|文字|営業日|週|ヶ月|か月|歳|%|号|番地"
    r"|丁目|階|F\b)"
)
_PHONE_BEFORE = re.compile(r"(?:TEL|FAX|電話|携帯|〒)[\s:：.]*$", re.IGNORECASE)


_HARMLESS_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in _HARMLESS), re.IGNORECASE)


def _harmless_format(token: str) -> bool:
    return _HARMLESS_ANY.fullmatch(token) is not None


def _is_word(token: str) -> bool:
    if not _WORDS.fullmatch(token):
        return False
    letters = [c for c in token if c.isalpha()]
    inner_upper = sum(1 for c in token[1:] if c.isupper())
    has_lower = any(c.islower() for c in letters)
    # Random case ("KqmZpLxw") is not how words are written.
    return not (
        len(letters) >= 6 and has_lower and inner_upper >= 2 and token.lower() not in COMMON_WORDS
    )


def credential_shaped(token: str) -> bool:
    """A token no harmless format explains and that looks like a password or a code."""
    if _PLACEHOLDER.fullmatch(token):
        return False
    if token.isdigit():
        return 6 <= len(token) <= 8
    if len(token) < 6 or _harmless_format(token) or _is_word(token):
        return False
    has_alpha = any(c.isalpha() for c in token)
    has_digit = any(c.isdigit() for c in token)
    has_symbol = any(not c.isalnum() for c in token)
    return (has_alpha and (has_digit or has_symbol)) or (has_digit and has_symbol)


def value_shaped(token: str) -> bool:
    """A token right after a secret word: anything but a harmless format or a common word."""
    if len(token) < 4 or _PLACEHOLDER.fullmatch(token):
        return False
    if token.lower() in COMMON_WORDS or _harmless_format(token):
        return False
    if token.isdigit():
        return 4 <= len(token) <= 12
    return not (_WORDS.fullmatch(token) and len(token) < 6)


@dataclass(frozen=True)
class _Token:
    start: int  # in the working copy
    end: int
    text: str  # the value once wrappers and separators are split off
    # The whole ASCII run the value was cut from. When the cut-off characters are the value's
    # own ("*[0000A*", "=0000A", "id=0000A"), the secret is the whole run.
    whole: tuple[int, int] | None = None
    value_start: int = 0  # where the value's part of the run starts, after a glued label


def _strip(run: str, start: int) -> tuple[str, int]:
    """Split off wrappers (``**x**``, ``(x)``, ``"x"``) and separators around an ASCII run."""
    # Paired wrappers first, so a password ending with "*" keeps it unless it started with one.
    changed = True
    while changed and len(run) > 1:
        changed = False
        opener = run[0]
        closer = _PAIRS.get(opener)
        if closer and run.endswith(closer):
            run, start = run[1:-1], start + 1
            changed = True
    # Separators before the value ("：", "=>", "|") go; one unpaired bracket or quote goes.
    lead = len(run) - len(run.lstrip(":=>|)]}"))
    run, start = run[lead:], start + lead
    if run[:1] and run[0] in _OPENERS and _OPENERS[run[0]] not in run[1:]:
        run, start = run[1:], start + 1
    lead = len(run) - len(run.lstrip(":=>|)]}"))
    run, start = run[lead:], start + lead
    # After the value: one closing bracket or quote without its opener, one full stop or comma.
    if run[-1:] and run[-1] in _CLOSERS and _CLOSERS[run[-1]] not in run[:-1]:
        run = run[:-1]
    if run[-1:] and run[-1] in ".,;:":
        run = run[:-1]
    return run, start


_BARE_NUMBER = re.compile(r"(?:#|No\.)?\d{1,5}", re.IGNORECASE)


def _names_a_harmless_value(label: str, rest: str) -> bool:
    """ "date=2027-01-06": a word glued to a harmless value (not "A=)0", "aA=*]}#0", "Yx=11")."""
    rest = rest.rstrip(".,;:)]}\"'")
    return (
        len(label) >= 2
        and _is_word(label)
        and _harmless_format(rest)
        and not _BARE_NUMBER.fullmatch(rest)
    )


def _tokens(work: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _ASCII_RUN.finditer(work):
        run, start = match.group(0), match.start()
        pre = len(run) - len(run.lstrip("*_`\"'([{<"))  # "**PW:…", "(pw=…"
        label = _LABEL_PREFIX.match(run, pre)
        if label and not (
            label.group(1).lower() in _LABELS_GLUED
            or (label.group(2) == ":" and len(label.group(1)) >= 2)
            or _names_a_harmless_value(label.group(1), _strip(run[label.end() :], 0)[0])
        ):
            label = None  # "Abc=1234x" is one password
        whole_start, whole_end = start, start + len(run)
        if label:
            word = label.group(1)
            tokens.append(_Token(start + pre, start + pre + len(word), word))
            cut = label.end()
            run, start = run[cut:], start + cut
        value_start = start
        run, start = _strip(run, start)
        if run:
            whole = (whole_start, whole_end) if len(run) < whole_end - whole_start else None
            tokens.append(_Token(start, start + len(run), run, whole, value_start))
    return _join_digit_groups(work, tokens)


def _join_digit_groups(work: str, tokens: list[_Token]) -> list[_Token]:
    """ "4826 1739" and "4826-1739" are one code; "9000 0000 0001 02" is one 事業者ID."""
    out: list[_Token] = []
    for token in tokens:
        if (
            out
            and token.text.isdigit()
            and out[-1].text.replace(" ", "").isdigit()
            and work[out[-1].end : token.start] == " "
            and len(out[-1].text) >= 2
            and len(token.text) >= 2
            and len(out[-1].text.replace(" ", "") + token.text) <= 14
        ):
            prev = out.pop()
            out.append(_Token(prev.start, token.end, prev.text + " " + token.text))
        else:
            out.append(token)
    return out


def _explained_by_context(work: str, token: _Token) -> bool:
    """Numbers followed by 年/円/桁… or preceded by TEL/〒 are not codes."""
    if _QUANTITY_AFTER.match(work, token.end):
        return True
    before = work[max(0, token.start - 8) : token.start]
    return bool(_PHONE_BEFORE.search(before))


def _digits(token: _Token) -> str:
    return token.text.replace(" ", "")


def _explained(work: str, token: _Token) -> bool:
    """True when a known harmless thing explains the value (a format, a word, a quantity)."""
    text = _digits(token) if token.text.replace(" ", "").isdigit() else token.text
    if _PLACEHOLDER.fullmatch(text) or text.lower() in COMMON_WORDS or _harmless_format(text):
        return True
    if text.isdigit():
        return _explained_by_context(work, token) or _harmless_format(token.text.replace(" ", "-"))
    return _is_word(text)


def _few_wrappers(token: _Token) -> bool:
    """ "**reset**", "(2027-01-06)." are a value in wrappers; "*]}#0000" is one password."""
    return token.start - token.value_start <= 2 and token.whole[1] - token.end <= 2


def _secret_candidate(work: str, token: _Token, *, adjacent: bool) -> _Token | None:
    """The token to mask when ``token`` is a secret: itself, its whole run, or none.

    Wrappers are split off so that ``**Xk29!pqL**`` keeps its Markdown emphasis. When the value
    left inside is too short to be a secret and nothing harmless explains it, the split-off
    characters were the secret's own (``*[0000A*``): the whole run is judged, and masked.
    """
    text = _digits(token) if token.text.replace(" ", "").isdigit() else token.text
    if text.isdigit() and _explained_by_context(work, token):
        return None
    if text.isdigit() and _harmless_format(token.text.replace(" ", "-")):
        return None
    if text.isdigit() and _harmless_format(text) and len(text) > 8:
        return None
    shaped = value_shaped if adjacent else credential_shaped
    if shaped(text):
        return token
    if token.whole and not (_explained(work, token) and _few_wrappers(token)):
        whole = _Token(*token.whole, work[token.whole[0] : token.whole[1]])
        if shaped(whole.text):
            return whole
    return None


# --- 4. Where a token stands ------------------------------------------------------------------

# What may stand between a secret word and its value: particles, punctuation, a bracketed note.
_CONNECTOR = re.compile(
    r"(?:[\s:=|*_`\"'「」『』【】\[\]→⇒>〉》≫＞：＝｜［］＜-]|は|が|を|も|で|の|とは|ですが|:|"
    r"\bis\b|\bwas\b|\bare\b|\bnew\b|\bbelow\b|"
    r"\([^()\n]{0,80}\)|（[^（）\n]{0,80}）)*",
    re.IGNORECASE,
)
_NOTE_LINE = re.compile(r"^\s*(?:[(（※*＊]|注|\[).*$")
_SENTENCE_END = re.compile(r"[。！？]|[.!?](?=[ \t]+[A-Z]|[ \t]*(?:\n|$))")
_CELL_SPLIT = re.compile(r"\t|\||｜|\s{2,}")


@dataclass(frozen=True)
class Finding:
    """A secret found in a text: where (in the original), what, why, and how it will look."""

    start: int
    end: int
    kind: str  # "password" or "code"
    reason: str  # a short Japanese explanation
    preview: str = ""  # the surrounding text with every secret masked

    def __repr__(self) -> str:  # never the value
        return f"Finding({self.start}, {self.end}, {self.kind!r}, {self.reason!r})"


@dataclass
class _Line:
    start: int
    end: int
    quoted: bool


def _lines(norm: _Normalised, original: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    work = norm.text
    for part in work.split("\n"):
        end = pos + len(part)
        quoted = False
        if pos < len(work) and norm.index:
            origin = norm.index[pos] if pos < len(norm.index) else 0
            line_start = original.rfind("\n", 0, origin + 1) + 1
            quoted = original[line_start : line_start + 8].lstrip().startswith((">", "＞"))
        lines.append(_Line(pos, end, quoted))
        pos = end + 1
    return lines


def _kind(token: _Token) -> str:
    return "code" if _digits(token).isdigit() else "password"


def _analyse(text: str) -> tuple[_Normalised, list[tuple[_Token, str]]]:
    norm = _normalise(text)
    work = norm.text
    words = [m for m in SECRET_WORDS.finditer(work)]
    if not words:
        return norm, []
    tokens = _tokens(work)
    # Secret words inside a URL or an email address ("…/password/reset") are not secret words.
    from bisect import bisect_left, bisect_right

    starts = [t.start for t in tokens]

    def overlapping(lo: int, hi: int) -> list[_Token]:
        """The tokens overlapping work[lo:hi] (tokens are sorted and do not overlap)."""
        i = max(0, bisect_right(starts, lo) - 1)
        out = []
        while i < len(tokens) and tokens[i].start < hi:
            if tokens[i].end > lo:
                out.append(tokens[i])
            i += 1
        return out

    harmless = {
        t.start
        for t in tokens
        if len(t.text) > 4 and not t.text.isdigit() and _harmless_format(t.text)
    }

    def inside_harmless(m: re.Match) -> bool:
        return any(
            t.start in harmless and t.start <= m.start() and m.end() <= t.end
            for t in overlapping(m.start(), m.end())
        )

    def inside_other_token(m: re.Match) -> bool:
        """ "Pw" inside the password "Xy7-secret-Pw" is not a secret word."""
        for t in overlapping(m.start(), m.end()):
            if m.start() <= t.start and t.end <= m.end():
                continue
            core = t.text.strip(_PUNCTUATION)
            if core and core.lower() in m.group(0).lower():
                continue  # "**security" of "**security code"
            parts = re.split(r"[/・]", core)
            if m.group(0).lower() not in (p.lower() for p in parts):
                return True
        return False

    words = [m for m in words if not inside_harmless(m) and not inside_other_token(m)]
    if not words:
        return norm, []
    flagged: dict[int, tuple[_Token, str]] = {}

    def flag(token: _Token, reason: str) -> None:
        flagged.setdefault(token.start, (token, reason))

    lines = _lines(norm, text)
    line_starts = [ln.start for ln in lines]

    def line_of(pos: int) -> int:
        from bisect import bisect_right

        return bisect_right(line_starts, pos) - 1

    word_token_starts = {t.start for m in words for t in overlapping(m.start(), m.end())}

    def is_word_token(token: _Token) -> bool:
        return token.start in word_token_starts

    # (a) right after a secret word.
    for m in words:
        name = m.group(0)
        i = bisect_left(starts, m.end())
        pos = m.end()
        line = line_of(m.start())
        hops = 0
        while i < len(tokens) and hops < 4:
            token = tokens[i]
            gap = work[pos : token.start]
            if "\n" in gap:
                # The value on a following line: only when the word ends its line (a label
                # alone, 「パスワードは次のとおりです：」), with at most two note lines between.
                if hops or not _label_alone(work, lines, line, m.end()):
                    break
                nxt = line_of(token.start)
                between = [work[lines[k].start : lines[k].end] for k in range(line + 1, nxt)]
                if (
                    nxt - line > 3
                    or not all(_NOTE_LINE.match(b) or not b.strip() for b in between)
                    or work[lines[nxt].start : token.start].strip(" \t*|「『【(:")
                ):
                    break
                found = (
                    None if is_word_token(token) else _secret_candidate(work, token, adjacent=True)
                )
                if found:
                    flag(found, f"「{name}」の下の行の値")
                break
            if not _CONNECTOR.fullmatch(gap):
                break
            if is_word_token(token):
                pos, i, hops = token.end, i + 1, hops + 1
                continue
            found = _secret_candidate(work, token, adjacent=True)
            if found:
                flag(found, f"「{name}」の後の値")
                break
            # A harmless token (the 事業者ID in 「ID/パスワード：9000… / Xk29…」) may stand first.
            if _harmless_format(_digits(token)) or _harmless_format(token.text):
                pos, i, hops = token.end, i + 1, hops + 1
                continue
            break

    # (b) credential-shaped tokens in the same sentence, row, column, quoted block or paragraph.
    contexts = _contexts(work, lines, words, tokens)
    # Many words share one context (a long line, a quoted block): each is read once, with the
    # reason of its first word (``flag`` keeps the first reason anyway). Without this, a text of
    # many secret words on one line was quadratic.
    seen: set[tuple[int, int]] = set()
    for (lo, hi), reason in contexts:
        if (lo, hi) in seen:
            continue
        seen.add((lo, hi))
        i = bisect_left(starts, lo)
        while i < len(tokens) and tokens[i].start < hi:
            token = tokens[i]
            found = None if is_word_token(token) else _secret_candidate(work, token, adjacent=False)
            if found:
                flag(found, reason)
            i += 1
    return norm, [flagged[k] for k in sorted(flagged)]


def _label_alone(work: str, lines: list[_Line], line: int, after: int) -> bool:
    """True when nothing but punctuation or a bracketed note follows the word on its line."""
    rest = work[after : lines[line].end]
    return bool(_CONNECTOR.fullmatch(rest))


def _contexts(work: str, lines: list[_Line], words, tokens) -> list[tuple[tuple[int, int], str]]:
    from bisect import bisect_right

    # "!" and "?" end a sentence, except inside a token (a password "Ab12cd3!").
    in_token = bytearray(len(work) + 1)
    for t in tokens:
        in_token[t.start : t.end] = b"\x01" * (t.end - t.start)

    def sentence_ends(lo: int, hi: int):
        return (e for e in _SENTENCE_END.finditer(work, lo, hi) if not in_token[e.start()])

    line_starts = [ln.start for ln in lines]
    out: list[tuple[tuple[int, int], str]] = []
    for m in words:
        name = m.group(0)
        k = bisect_right(line_starts, m.start()) - 1
        line = lines[k]
        text = work[line.start : line.end]
        is_row = (
            "\t" in text
            or text.count("|") + text.count("｜") >= 2
            or bool(re.search(r"\S\s{2,}\S", text.strip()))
        )
        if is_row:
            out.append(((line.start, line.end), f"「{name}」と同じ表の行"))
            out.extend(_column(work, lines, k, m, name))
        else:
            # The sentence: from the previous sentence end to the next one (across line wraps).
            lo = line.start
            for end in sentence_ends(line.start, m.start()):
                lo = end.end()
            # Never past the third line after the word: searching further for a sentence end or
            # a blank line made a text of many secret words and no "。" quadratic.
            limit = _next_lines_end(lines, k, 3)
            hi_match = next(sentence_ends(m.end(), limit), None)
            para_end = work.find("\n\n", m.end(), limit + 1)
            hi = min(
                hi_match.end() if hi_match else limit,
                para_end if para_end >= 0 else limit,
                limit,
            )
            out.append(((lo, hi), f"「{name}」と同じ文"))
        if line.quoted:

            def quoted_text(j: int) -> bool:
                return lines[j].quoted and bool(work[lines[j].start : lines[j].end].strip())

            lo_k = k
            while lo_k > 0 and quoted_text(lo_k - 1):
                lo_k -= 1
            hi_k = k
            while hi_k + 1 < len(lines) and quoted_text(hi_k + 1):
                hi_k += 1
            out.append(((lines[lo_k].start, lines[hi_k].end), f"「{name}」と同じ引用部分"))
    return out


def _next_lines_end(lines: list[_Line], k: int, count: int) -> int:
    return lines[min(len(lines) - 1, k + count)].end


def _column(work: str, lines: list[_Line], k: int, m: re.Match, name: str):
    """The cells below a header cell that holds a secret word (TAB, ``|`` or spaced tables)."""
    line = lines[k]
    text = work[line.start : line.end]
    cells = _cells(text)
    col = None
    for n, (s, e) in enumerate(cells):
        if s <= m.start() - line.start < e:
            col = n
            break
    if col is None:
        return []
    out = []
    for j in range(k + 1, min(len(lines), k + 30)):
        row = work[lines[j].start : lines[j].end]
        if not row.strip():
            break
        if re.fullmatch(r"[\s|:\-+=]*", row):
            continue  # a Markdown separator row
        row_cells = _cells(row)
        if len(row_cells) < 2:
            break
        if col < len(row_cells):
            s, e = row_cells[col]
            out.append(((lines[j].start + s, lines[j].start + e), f"「{name}」の列"))
    return out


def _cells(row: str) -> list[tuple[int, int]]:
    cells = []
    pos = 0
    stripped_lead = len(row) - len(row.lstrip())
    body = row[stripped_lead:]
    if body.startswith("|"):
        stripped_lead += 1
        body = body[1:]
    pos = stripped_lead
    for sep in _CELL_SPLIT.finditer(row, stripped_lead):
        if sep.start() > pos:
            cells.append((pos, sep.start()))
        elif sep.start() == pos and cells:
            pass
        pos = sep.end()
    if pos < len(row) and row[pos:].strip():
        cells.append((pos, len(row)))
    return cells


# --- 5. The public API ------------------------------------------------------------------------


def _spans(text: str) -> tuple[_Normalised, list[tuple[int, int, str, str]]]:
    norm, found = _analyse(text)
    spans = []
    for token, reason in found:
        start, end = norm.span(token.start, token.end)
        spans.append((start, end, _kind(token), reason))
    return norm, _merge(spans)


def _merge(spans):
    spans.sort()
    out = []
    for span in spans:
        if out and span[0] <= out[-1][1]:
            prev = out.pop()
            out.append((prev[0], max(prev[1], span[1]), prev[2], prev[3]))
        else:
            out.append(span)
    return out


def _replace(text: str, spans) -> str:
    parts = []
    pos = 0
    for start, end, *_ in spans:
        parts.append(text[pos:start])
        parts.append(MASK)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _quick_reject(text: str) -> bool:
    """True when the text cannot contain a secret word (no normalisation needed)."""
    if text.isascii():
        return SECRET_WORDS.search(text) is None
    return _MAYBE.search(text) is None


def find_secrets(text: str) -> list[Finding]:
    """Every password or security code in ``text``, as spans of the original text."""
    if not text or not isinstance(text, str) or _quick_reject(text):
        return []
    _norm, spans = _spans(text)
    if not spans:
        return []
    masked = _replace(text, spans)
    findings = []
    shift = 0
    for start, end, kind, reason in spans:
        m_start = start + shift
        shift += len(MASK) - (end - start)
        lo = max(0, m_start - 16)
        hi = min(len(masked), m_start + len(MASK) + 12)
        preview = masked[lo:hi].replace("\n", " ⏎ ").strip()
        findings.append(
            Finding(
                start,
                end,
                kind,
                reason,
                ("…" if lo else "") + preview + ("…" if hi < len(masked) else ""),
            )
        )
    return findings


@lru_cache(maxsize=4096)
def _mask_cached(text: str) -> str:
    _norm, spans = _spans(text)
    return _replace(text, spans) if spans else text


def mask_secrets(text: str) -> str:
    """Return ``text`` with every password and security code replaced by ``MASK``.

    Nothing else changes: the spans come from the normalised copy mapped back to the original.
    """
    if not text or not isinstance(text, str) or _quick_reject(text):
        return text
    if len(text) <= 2000:
        return _mask_cached(text)
    _norm, spans = _spans(text)
    return _replace(text, spans) if spans else text


def contains_secret(text: str) -> bool:
    return bool(find_secrets(text))


def describe_findings(findings: list[Finding]) -> list[str]:
    """Japanese lines naming which part looks like a password or a code."""
    lines = []
    for f in findings:
        what = "セキュリティコード(番号)" if f.kind == "code" else "パスワード"
        lines.append(f"{f.reason}が{what}のようです: {f.preview}")
    return lines


# --- Writers: model saves, bulk writes, history rows, logs -------------------------------------

# Fields whose values are not free text typed by people (hashes, signed session data, tokens).
_SKIP = {("auth", "user", "password"), ("sessions", "session", "session_data")}


def _text_fields(meta) -> tuple:
    # Django's model options are built once and live as long as the process.
    fields = _TEXT_FIELDS.get(meta)
    if fields is None:
        from django.db import models

        fields = _TEXT_FIELDS[meta] = tuple(
            field
            for field in meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and (meta.app_label, meta.model_name, field.name) not in _SKIP
        )
    return fields


_TEXT_FIELDS: dict = {}


def mask_model_text_fields(sender, instance, raw: bool = False, **kwargs) -> None:
    """pre_save receiver: mask secrets in every text field of every model (history rows too)."""
    if raw:
        return
    mask_instance(instance)


def mask_instance(instance) -> None:
    """Mask secrets in every text field of ``instance`` (bulk writes skip pre_save)."""
    texts = [
        (field, value)
        for field in _text_fields(instance._meta)
        if isinstance(value := getattr(instance, field.attname, None), str) and value
    ]
    # One cheap look at all the fields together: a secret needs a secret word in its own
    # field, and joining fields with line breaks can add a match but never hide one.
    if not texts or _quick_reject("\n".join(value for _field, value in texts)):
        return
    for field, value in texts:
        masked = mask_secrets(value)
        if masked != value:
            setattr(instance, field.attname, masked[: field.max_length or None])


def mask_values(model, values: dict) -> dict:
    """Mask the text values of a ``QuerySet.update(**values)`` call on ``model``."""
    names = {f.name for f in _text_fields(model._meta)} | {
        f.attname for f in _text_fields(model._meta)
    }
    return {
        k: (mask_secrets(v) if k in names and isinstance(v, str) else v) for k, v in values.items()
    }


class _MaskingWrites:
    """``update()``, ``bulk_create()`` and ``bulk_update()`` mask first (they skip pre_save)."""

    def update(self, **kwargs):
        return super().update(**mask_values(self.model, kwargs))

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            mask_instance(obj)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            mask_instance(obj)
        return super().bulk_update(objs, fields, *args, **kwargs)


def _queryset_class():
    from django.db import models

    class SecretSafeQuerySet(_MaskingWrites, models.QuerySet):
        """The QuerySet of every model with free text: its bulk paths cannot store a secret."""

    return SecretSafeQuerySet


SecretSafeQuerySet = _queryset_class()


class MaskSecretsFilter:
    """Logging filter: mask secrets in a record's final message (and its exception text)."""

    def filter(self, record) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record must still be logged
            return True
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            import logging

            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_secrets(record.exc_text)
        return True


def install_log_filter(logger=None) -> None:
    """Put ``MaskSecretsFilter`` on every handler of ``logger`` (root by default).

    Celery replaces the root handlers when a worker starts; its ``after_setup_logger`` signals
    call this so that the worker's logs are masked too.
    """
    import logging

    logger = logger or logging.getLogger()
    for handler in logger.handlers:
        if not any(isinstance(f, MaskSecretsFilter) for f in handler.filters):
            handler.addFilter(MaskSecretsFilter())
