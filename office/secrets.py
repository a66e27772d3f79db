"""Find and mask CCUS passwords and security codes: the detector, pure text (no Django).

A secret is recognised by *what it is* and *where it stands*, in five steps, each a section below:

1. **Normalise** a working copy (NFKC width, zero-width characters dropped, ``> `` quoting,
   HTML tags and ``&nbsp;`` blanked, a dash between katakana read as ー (「パスワ－ド」), the
   OCR'd 受付番号's 一 read as a hyphen, OCR spacing closed up (「パ ス ワ ー ド」)). Every
   character of the copy remembers the index of the original character it came from, so a mask
   replaces exactly the secret's characters in the text the person typed and nothing else.
2. **Tokenise** the copy into ASCII tokens (CCUS passwords are half-width letters, digits and
   symbols), with wrappers (``**x**``, ``「x」``, ``(x)``) and ``PW:``-style labels split off, and
   digit groups joined (``4826 1739``, ``4 9 3 8 1 7``).
3. **Explain** the harmless tokens away: email addresses, URLs, dates, times, phone numbers,
   postal codes, the 事業者ID, the 受付番号, money, file names, ordinary words, placeholders.
4. **Flag** a remaining token near a *secret word* (パスワード, PW, P/W, パスコード, 暗証,
   セキュリティコード, 本人確認番号, password, code…), in three passes:

   - ``_flag_values_after_words``: right after the word, with only particles and punctuation
     between, or on the line under a label that ends its line;
   - ``_flag_lone_values_below``: a credential-shaped token alone on the next non-empty line(s)
     after a line that names a secret
     (「以下の仮パスワードでログインしてください。\\n\\nQw7rTy3u」);
   - ``_flag_in_contexts``: a credential-shaped token (letters mixed with digits or symbols,
     6–8 digits) anywhere in the same sentence, table row, table column or quoted block.
5. **Spans**: the flagged tokens mapped back to the original text, merged, replaced by ``MASK``.

What the detector knows (secret words, harmless shapes, particles) is data in
``office/secret_words.py``, one entry per real phrasing. The Django side (the save net, the
QuerySet, the log filter) is ``office/secret_net.py``; the confirmation forms
``office/secret_forms.py``.

Cost: linear in the text, whatever the text. Each pass looks at each token a bounded number of
times (the sentences, rows and blocks of all secret words are merged before their tokens are
read); ``python -m bench bench_secrets`` prints time(2n)/time(n) for adversarial inputs.

Guarded by the corpus of invented mails and notes (``tests/security/secret_corpus/entries.py``,
run through the detector and the staff pages by ``tests/security/test_secret_corpus.py``, through
the office mailbox by ``tests/security/test_secret_corpus_mailbox.py``), by hypothesis properties
(``tests/security/test_secret_properties.py``: a password or code near a secret word, or alone
on the line under one, is always masked; harmless text never changes) and by the vocabulary's
own examples (``tests/security/test_secret_modules.py``).
"""

from __future__ import annotations

import gc
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from . import receipt_number
from . import secret_words as vocabulary

MASK = "********"


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


# --- 1. Normalise, with a map back to the original ----------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_VOICED_MARKS = "\uff9e\uff9f\u3099\u309a"
# Full-width brackets and separators stay as they are: they separate a value from a word
# ("Xk29!pqL（PW）", "PW：…") and would otherwise glue them into one ASCII token.
_KEEP_WIDE = frozenset("（）：＝｜［］")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>|&nbsp;|&#160;")
_QUOTE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)++", re.MULTILINE)
_KANA = "ぁ-ゖァ-ヺー"
# A dash typed for the long vowel between katakana: 「パスワ－ド」, 「パスワ-ド」, OCR's 一.
_KATAKANA_DASH = re.compile(r"(?<=[ァ-ヺ])[-‐‑‒–—―−一](?=[ァ-ヺ])")
# Single kana or kanji each followed by one space, three or more: a fax's OCR (「パ ス ワ ー ド」).
_CJK = _KANA + "一-龯々"
_OCR_SPACED = re.compile(rf"(?<![{_CJK}])[{_CJK}](?: [{_CJK}]){{2,}}(?![{_CJK}])")


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
    # Length-preserving replacements keep ``index`` valid.
    if "<" in work or "&" in work:
        work = _TAG.sub(lambda m: " " * len(m.group(0)), work)
    if ">" in work:
        work = _QUOTE_PREFIX.sub(lambda m: " " * len(m.group(0)), work)
    if not work.isascii():
        if " " in work and _OCR_SPACED.search(work):
            work, index = _close_ocr_spacing(work, index)
        work = _KATAKANA_DASH.sub("ー", work)
        work = receipt_number.normalise_dashes(work)  # 「C一2611260433」 → C-2611260433
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


def _close_ocr_spacing(work: str, index: Sequence[int]) -> tuple[str, list[int]]:
    """Drop the spaces of 「パ ス ワ ー ド」 from the copy (and from the map)."""
    chars: list[str] = []
    kept: list[int] = []
    pos = 0
    for match in _OCR_SPACED.finditer(work):
        chars.append(work[pos : match.start()])
        kept.extend(index[pos : match.start()])
        for i in range(match.start(), match.end(), 2):
            chars.append(work[i])
            kept.append(index[i])
        pos = match.end()
    chars.append(work[pos:])
    kept.extend(index[pos:])
    return "".join(chars), kept


# --- 2. Tokens ---------------------------------------------------------------------------------

SECRET_WORDS = re.compile(vocabulary.secret_words_pattern(), re.IGNORECASE)
_MAYBE = re.compile(vocabulary.QUICK_LOOK, re.IGNORECASE)

_ASCII_RUN = re.compile(r"[!-{}~]+")  # printable ASCII except "|" (a table cell border)
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_OPENERS = {"(": ")", "[": "]", "{": "}", "<": ">", '"': '"', "'": "'", "*": "*", "`": "`"}
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<", '"': '"', "'": "'"}
_PAIRS = {"*": "*", "_": "_", "`": "`", '"': '"', "'": "'", "(": ")", "[": "]", "<": ">"}
_MAX_WRAPPERS = 4  # "**「x」**" has three; more is the value's own (and keeps the cost linear)
# "PW:Abc…", "P/W:…", "password=…": a label glued to its value (not "Abc=1234x", a password).
_LABEL_PREFIX = re.compile(
    r"(?!(?:https?|ftp|mailto):)([A-Za-z]{1,20}(?:/[A-Za-z]{1,20})?)([:=]++)(?=\S)"
)
_LABELS_GLUED = frozenset(
    "pw pwd p/w id/pw pass passwd password passcode pin code id user login mail tel fax".split()  # noqa: SIM905
)


class _Token(NamedTuple):
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
    for _ in range(_MAX_WRAPPERS):
        closer = _PAIRS.get(run[0]) if len(run) > 1 else None
        if not (closer and run.endswith(closer)):
            break
        run, start = run[1:-1], start + 1
    if not run:
        return run, start
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
        if run[0].isalnum() and run[-1].isalnum() and ":" not in run and "=" not in run:
            # Most runs: no wrapper, separator or glued label to split off.
            tokens.append(_Token(start, match.end(), run, None, start))
            continue
        pre = len(run) - len(run.lstrip("*_`\"'([{<"))  # "**PW:…", "(pw=…"
        label = _LABEL_PREFIX.match(run, pre)
        if label and "/" in label.group(1) and label.group(1).lower() not in _LABELS_GLUED:
            label = None  # "mypage/login:…" is no label
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
    """One token for a number typed in groups: "4826 1739", "9000 0000 0001 02" (a 事業者ID),
    and single digits typed with spaces, four or more of them ("4 9 3 8 1 7"; not "1 2")."""
    return _join_groups_of_two(work, _join_single_digits(work, tokens))


def _spaced(work: str, a: _Token, b: _Token) -> bool:
    return work[a.end : b.start] == " "


def _join_single_digits(work: str, tokens: list[_Token]) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    while i < len(tokens):
        j = i
        if len(tokens[i].text) == 1 and tokens[i].text.isdigit():
            while (
                j + 1 < len(tokens)
                and j - i < 13
                and len(tokens[j + 1].text) == 1
                and tokens[j + 1].text.isdigit()
                and _spaced(work, tokens[j], tokens[j + 1])
            ):
                j += 1
        if j - i >= 3:
            text = " ".join(t.text for t in tokens[i : j + 1])
            out.append(_Token(tokens[i].start, tokens[j].end, text))
        else:
            out.extend(tokens[i : j + 1])
        i = j + 1
    return out


def _join_groups_of_two(work: str, tokens: list[_Token]) -> list[_Token]:
    out: list[_Token] = []
    for token in tokens:
        if (
            out
            and token.text.isdigit()
            and out[-1].text.replace(" ", "").isdigit()
            and _spaced(work, out[-1], token)
            and len(out[-1].text) >= 2
            and len(token.text) >= 2
            and len(out[-1].text.replace(" ", "") + token.text) <= 14
        ):
            prev = out.pop()
            out.append(_Token(prev.start, token.end, prev.text + " " + token.text))
        else:
            out.append(token)
    return out


# --- 3. Explain: what a token is ---------------------------------------------------------------

_HARMLESS_ANY = re.compile(
    "|".join(f"(?:{shape.pattern})" for shape in vocabulary.HARMLESS_SHAPES), re.IGNORECASE
)
_PLACEHOLDER = re.compile(vocabulary.PLACEHOLDER)
# Ordinary words, possibly joined ("e-mail", "password/reset", "log-in").
_WORDS = re.compile(r"[A-Za-z]+(?:['’/_.-][A-Za-z]+)*")
COMMON_WORDS = vocabulary.COMMON_WORDS
_QUANTITY_AFTER = re.compile(r"[ \t]?(?:" + "|".join(vocabulary.QUANTITY_UNITS) + ")")
_PHONE_BEFORE = re.compile(
    r"(?:" + "|".join(vocabulary.PHONE_LABELS) + r")[\s:：.]*$", re.IGNORECASE
)


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
    has_alpha = _HAS_ALPHA.search(token) is not None
    has_digit = _HAS_DIGIT.search(token) is not None
    has_symbol = _HAS_SYMBOL.search(token) is not None
    return (has_alpha and (has_digit or has_symbol)) or (has_digit and has_symbol)


# Tokens are ASCII (step 2): letters, digits and the rest.
_HAS_ALPHA = re.compile(r"[A-Za-z]")
_HAS_DIGIT = re.compile(r"[0-9]")
_HAS_SYMBOL = re.compile(r"[^A-Za-z0-9]")


def value_shaped(token: str) -> bool:
    """A token right after a secret word: anything but a harmless format or a common word."""
    if len(token) < 4 or _PLACEHOLDER.fullmatch(token):
        return False
    if token.lower() in COMMON_WORDS or _harmless_format(token):
        return False
    if token.isdigit():
        return 4 <= len(token) <= 12
    return not (_WORDS.fullmatch(token) and len(token) < 6)


def _digits(token: _Token) -> str:
    return token.text.replace(" ", "")


def _explained_by_context(work: str, token: _Token) -> bool:
    """Numbers followed by 年/円/桁… or preceded by TEL/〒 are not codes."""
    if _QUANTITY_AFTER.match(work, token.end):
        return True
    before = work[max(0, token.start - 8) : token.start]
    return bool(_PHONE_BEFORE.search(before))


def _explained(work: str, token: _Token) -> bool:
    """True when a known harmless thing explains the value (a format, a word, a quantity)."""
    text = _digits(token) if _digits(token).isdigit() else token.text
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
    ``adjacent``: right after a secret word (any value-shaped token) rather than nearby (only a
    credential-shaped one).
    """
    text = _digits(token) if _digits(token).isdigit() else token.text
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


def _kind(token: _Token) -> str:
    return "code" if _digits(token).isdigit() else "password"


# --- 4. Flag: where a token stands ------------------------------------------------------------

_CONNECTOR = re.compile(
    r"(?:["
    + vocabulary.CONNECTOR_CHARACTERS
    + r"]|"
    + "|".join(vocabulary.CONNECTOR_WORDS)
    + r"|\([^()\n]{0,80}\)|（[^（）\n]{0,80}）)*+",
    re.IGNORECASE,
)
_NOTE_LINE = re.compile(r"\s*(?:" + vocabulary.NOTE_LINE_START + ")")
_SENTENCE_END = re.compile(r"[。！？]|[.!?](?=[ \t]+[A-Z]|[ \t]*+(?:\n|$))")
_CELL_SPLIT = re.compile(r"\t|\||｜|\s{2,}")
_ROW_GAP = re.compile(r"\S\s{2,}\S")
_TABLE_RULE = re.compile(r"[\s|:\-+=]*")
# Around a value alone on its line: blanks, wrappers and a full stop.
_LONE_BEFORE = " \t*|「『【(（:："
_LONE_AFTER = " \t*|」』】)）.。"
_MAX_HOPS = 4  # tokens looked at after a secret word
_MAX_LINES_BELOW = 3  # lines between a secret word's line and its value
_COLUMN_ROWS = 30  # rows read below a header cell


_UNJUDGED = object()


@dataclass
class _Line:
    start: int
    end: int
    quoted: bool


class _Text:
    """The normalised text with its tokens and lines, and what the passes share about them."""

    def __init__(self, text: str, norm: _Normalised) -> None:
        self.norm = norm
        self.work = work = norm.text
        self.tokens = _tokens(work)
        self.starts = [t.start for t in self.tokens]
        self.lines = _lines(self.norm, text)
        self.line_starts = [ln.start for ln in self.lines]
        self.flagged: dict[int, tuple[_Token, str]] = {}
        self.word_tokens: set[int] = set()  # starts of tokens that are (part of) a secret word
        # The judgement of each token, right after a secret word ([True]) or near one ([False]).
        self._judged = {True: [_UNJUDGED] * len(self.tokens), False: [_UNJUDGED] * len(self.tokens)}
        self._cells: dict[int, list[tuple[int, int]]] = {}
        self._is_row: dict[int, bool] = {}
        self._rows_below: dict[int, list[int]] = {}
        self._sentence_ends: list[tuple[int, int]] | None = None
        self._paragraph_breaks: list[int] | None = None
        self._quoted_blocks: dict[int, tuple[int, int]] | None = None

    def line_of(self, pos: int) -> int:
        return bisect_right(self.line_starts, pos) - 1

    def line_text(self, k: int) -> str:
        return self.work[self.lines[k].start : self.lines[k].end]

    def overlapping(self, lo: int, hi: int) -> list[_Token]:
        """The tokens overlapping work[lo:hi] (tokens are sorted and do not overlap)."""
        i = max(0, bisect_right(self.starts, lo) - 1)
        out = []
        while i < len(self.tokens) and self.tokens[i].start < hi:
            if self.tokens[i].end > lo:
                out.append(self.tokens[i])
            i += 1
        return out

    def flag(self, token: _Token, reason: str) -> None:
        self.flagged.setdefault(token.start, (token, reason))

    def candidate(self, i: int, *, adjacent: bool) -> _Token | None:
        """``_secret_candidate`` of the i-th token, judged once however many words reach it."""
        judged = self._judged[adjacent]
        if judged[i] is _UNJUDGED:
            token = self.tokens[i]
            judged[i] = (
                None
                if token.start in self.word_tokens
                else _secret_candidate(self.work, token, adjacent=adjacent)
            )
        return judged[i]

    def connects(self, lo: int, hi: int) -> bool:
        """Only particles, punctuation and bracketed notes in work[lo:hi]."""
        return _CONNECTOR.fullmatch(self.work, lo, hi) is not None

    def cells(self, k: int) -> list[tuple[int, int]]:
        if k not in self._cells:
            self._cells[k] = _cells(self.line_text(k))
        return self._cells[k]

    def rows_below(self, k: int) -> list[int]:
        """The table rows under header line k (up to a blank line or a line that is no row),
        found once for all the header's cells."""
        if k not in self._rows_below:
            rows = []
            for j in range(k + 1, min(len(self.lines), k + _COLUMN_ROWS)):
                text = self.line_text(j)
                if not text.strip():
                    break
                if _TABLE_RULE.fullmatch(text):
                    continue  # a Markdown separator row
                if len(self.cells(j)) < 2:
                    break
                rows.append(j)
            self._rows_below[k] = rows
        return self._rows_below[k]

    def is_row(self, k: int) -> bool:
        if k not in self._is_row:
            text = self.line_text(k)
            self._is_row[k] = (
                "\t" in text
                or text.count("|") + text.count("｜") >= 2
                or bool(_ROW_GAP.search(text.strip()))
            )
        return self._is_row[k]

    def paragraph_breaks(self) -> list[int]:
        """Where each blank line starts ("\n\n")."""
        if self._paragraph_breaks is None:
            work, found, pos = self.work, [], self.work.find("\n\n")
            while pos >= 0:
                found.append(pos)
                pos = work.find("\n\n", pos + 1)
            self._paragraph_breaks = found
        return self._paragraph_breaks

    def quoted_block(self, k: int) -> tuple[int, int]:
        """The first and last line of the run of quoted, non-blank lines around line k (all the
        runs are found in one pass, the first time)."""
        if self._quoted_blocks is None:
            self._quoted_blocks = {}
            first = None
            for j, line in enumerate(self.lines):
                if line.quoted and self.line_text(j).strip():
                    first = j if first is None else first
                    continue
                for i in range(first if first is not None else j, j):
                    self._quoted_blocks[i] = (first, j - 1)
                first = None
            for i in range(first if first is not None else len(self.lines), len(self.lines)):
                self._quoted_blocks[i] = (first, len(self.lines) - 1)
        return self._quoted_blocks.get(k, (k, k))

    def sentence_ends(self) -> list[tuple[int, int]]:
        """Every sentence end, in order. "!" and "?" inside a token ("Ab12cd3!") end nothing."""
        if self._sentence_ends is None:
            ends = []
            for e in _SENTENCE_END.finditer(self.work):
                i = bisect_right(self.starts, e.start()) - 1
                if i >= 0 and self.tokens[i].start <= e.start() < self.tokens[i].end:
                    continue
                ends.append((e.start(), e.end()))
            self._sentence_ends = ends
        return self._sentence_ends


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


def _secret_words(doc: _Text) -> list[re.Match]:
    """The secret words of the text, without those inside a URL, an address or another token
    ("…/password/reset", "Pw" inside the password "Xy7-secret-Pw")."""
    harmless: dict[int, bool] = {}

    def inside_harmless(t: _Token) -> bool:
        if t.start not in harmless:
            harmless[t.start] = (
                len(t.text) > 4 and not t.text.isdigit() and _harmless_format(t.text)
            )
        return harmless[t.start]

    cores: dict[int, tuple[str, set[str]]] = {}

    def core_of(t: _Token) -> tuple[str, set[str]]:
        """The token without its punctuation, lower case, and its parts between "/" or "・"."""
        if t.start not in cores:
            core = t.text.strip(_PUNCTUATION).lower()
            cores[t.start] = core, set(re.split(r"[/・]", core))
        return cores[t.start]

    words = []
    for m in SECRET_WORDS.finditer(doc.work):
        name = m.group(0).lower()
        keep = True
        for t in doc.overlapping(m.start(), m.end()):
            if m.start() <= t.start and t.end <= m.end():
                continue
            if t.start <= m.start() and m.end() <= t.end and inside_harmless(t):
                keep = False
                break
            core, parts = core_of(t)
            if core and len(core) <= len(name) and core in name:
                continue  # "**security" of "**security code"
            if name not in parts:
                keep = False
                break
        if keep:
            words.append(m)
            doc.word_tokens.update(t.start for t in doc.overlapping(m.start(), m.end()))
    return words


def _flag_values_after_words(doc: _Text, words: list[re.Match]) -> None:
    """A value right after a secret word (「パスワード：Xk29…」, 「PW→…」, "password is …"), or on
    the line under a label that ends its line (「新パスワード\\nHj7&kL2p」)."""
    for m in words:
        name = m.group(0)
        i = bisect_left(doc.starts, m.end())
        pos = m.end()
        line = doc.line_of(m.start())
        for hops in range(_MAX_HOPS):
            if i >= len(doc.tokens):
                break
            token = doc.tokens[i]
            if doc.lines[line].end < token.start:  # the token is on a following line
                if not hops and _value_on_line_below(doc, m, line, token):
                    found = doc.candidate(i, adjacent=True)
                    if found:
                        doc.flag(found, f"「{name}」の下の行の値")
                break
            if not doc.connects(pos, token.start):
                break
            if token.start in doc.word_tokens:
                pos, i = token.end, i + 1
                continue
            found = doc.candidate(i, adjacent=True)
            if found:
                doc.flag(found, f"「{name}」の後の値")
                break
            # A harmless token (the 事業者ID in 「ID/パスワード：9000… / Xk29…」) may stand first.
            if _harmless_format(_digits(token)) or _harmless_format(token.text):
                pos, i = token.end, i + 1
                continue
            break


def _value_on_line_below(doc: _Text, m: re.Match, line: int, token: _Token) -> bool:
    """The word ends its line (a label alone, 「パスワードは次のとおりです：」) and ``token`` starts
    a line below it, with at most two note lines between."""
    if not doc.connects(m.end(), doc.lines[line].end):
        return False
    below = doc.line_of(token.start)
    if below - line > _MAX_LINES_BELOW:
        return False
    for k in range(line + 1, below):
        text = doc.line_text(k)
        if text.strip() and not _NOTE_LINE.match(text):
            return False
    return not doc.work[doc.lines[below].start : token.start].strip(" \t*|「『【(:")


def _flag_lone_values_below(doc: _Text, words: list[re.Match]) -> None:
    """A credential-shaped token alone on the next non-empty line(s) after a line that names a
    secret: 「以下の仮パスワードでログインしてください。\\n\\nQw7rTy3u」,
    "Your temporary password is below.\\nXk29pqLm"."""
    seen: set[int] = set()
    for m in words:
        k = doc.line_of(m.start())
        if k in seen:
            continue
        seen.add(k)
        j, blanks, values = k + 1, 0, 0
        while j < len(doc.lines) and values < _MAX_LINES_BELOW:
            if not doc.line_text(j).strip():
                if values or blanks >= _MAX_LINES_BELOW - 1:
                    break
                blanks, j = blanks + 1, j + 1
                continue
            i = _lone_token(doc, j)
            found = None if i is None else doc.candidate(i, adjacent=False)
            if not found:
                break
            doc.flag(found, f"「{m.group(0)}」の下の行の値")
            values, j = values + 1, j + 1


def _lone_token(doc: _Text, k: int) -> int | None:
    """The index of the only token on line k, when nothing but blanks and wrappers surround it."""
    line = doc.lines[k]
    i = bisect_left(doc.starts, line.start)
    if i >= len(doc.tokens) or doc.tokens[i].end > line.end:
        return None
    if i + 1 < len(doc.tokens) and doc.tokens[i + 1].start < line.end:
        return None
    token = doc.tokens[i]
    start, end = token.whole or (token.start, token.end)  # "000000A]" is one value
    before = doc.work[line.start : start].strip(_LONE_BEFORE)
    after = doc.work[end : line.end].strip(_LONE_AFTER)
    return None if before or after else i


def _flag_in_contexts(doc: _Text, words: list[re.Match]) -> None:
    """A credential-shaped token in the same sentence, table row, column or quoted block as a
    secret word. The places of all words are merged first: each token is read once."""
    # By the line each place starts on: the words come in order, so each line's places come
    # (nearly) sorted, and no sort over all the places of a long table is needed.
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    for m in words:
        for k, place in _places(doc, m):
            by_line.setdefault(k, []).append(place)
    places = (place for k in sorted(by_line) for place in sorted(by_line[k]))
    lo, hi, reason = -1, -1, ""
    merged: list[tuple[int, int, str]] = []
    for p_lo, p_hi, p_reason in places:
        if p_lo <= hi:
            hi = max(hi, p_hi)
            continue
        if hi > lo:
            merged.append((lo, hi, reason))
        lo, hi, reason = p_lo, p_hi, p_reason
    if hi > lo:
        merged.append((lo, hi, reason))
    for lo, hi, reason in merged:
        i = bisect_left(doc.starts, lo)
        while i < len(doc.tokens) and doc.tokens[i].start < hi:
            found = doc.candidate(i, adjacent=False)
            if found:
                doc.flag(found, reason)
            i += 1


def _places(doc: _Text, m: re.Match) -> list[tuple[int, tuple[int, int, str]]]:
    """The sentence (or table row and column) and the quoted block a secret word stands in,
    each with the line it starts on."""
    name = m.group(0)
    k = doc.line_of(m.start())
    line = doc.lines[k]
    out: list[tuple[int, tuple[int, int, str]]] = []
    if doc.is_row(k):
        out.append((k, (line.start, line.end, f"「{name}」と同じ表の行")))
        out.extend(_column(doc, k, m, name))
    else:
        lo, hi = _sentence(doc, k, m)
        out.append((doc.line_of(lo), (lo, hi, f"「{name}」と同じ文")))
    if line.quoted:
        first, last = doc.quoted_block(k)
        block = (doc.lines[first].start, doc.lines[last].end, f"「{name}」と同じ引用部分")
        out.append((first, block))
    return out


def _sentence(doc: _Text, k: int, m: re.Match) -> tuple[int, int]:
    """From the previous sentence end to the next one (across line wraps, within a paragraph and
    three lines)."""
    ends = doc.sentence_ends()
    line = doc.lines[k]
    before = bisect_left(ends, (m.start(), -1)) - 1
    lo = ends[before][1] if before >= 0 and ends[before][1] > line.start else line.start
    after = bisect_left(ends, (m.end(), -1))
    hi = ends[after][1] if after < len(ends) else len(doc.work)
    hi = min(hi, doc.lines[min(len(doc.lines) - 1, k + 3)].end)
    breaks = doc.paragraph_breaks()
    para = bisect_left(breaks, m.end())
    return lo, (min(hi, breaks[para]) if para < len(breaks) else hi)


def _column(doc: _Text, k: int, m: re.Match, name: str) -> list[tuple[int, tuple[int, int, str]]]:
    """The cells below a header cell that holds a secret word (TAB, ``|`` or spaced tables)."""
    line = doc.lines[k]
    cells = doc.cells(k)
    at = m.start() - line.start
    n = bisect_right(cells, (at, len(doc.work) + 1)) - 1
    if n < 0 or not (cells[n][0] <= at < cells[n][1]):
        return []
    out = []
    for j in doc.rows_below(k):
        row_cells = doc.cells(j)
        if n < len(row_cells):
            s, e = row_cells[n]
            start = doc.lines[j].start
            out.append((j, (start + s, start + e, f"「{name}」の列")))
    return out


def _cells(row: str) -> list[tuple[int, int]]:
    cells = []
    stripped_lead = len(row) - len(row.lstrip())
    if row[stripped_lead:].startswith("|"):
        stripped_lead += 1
    pos = stripped_lead
    for sep in _CELL_SPLIT.finditer(row, stripped_lead):
        if sep.start() > pos:
            cells.append((pos, sep.start()))
        pos = sep.end()
    if pos < len(row) and row[pos:].strip():
        cells.append((pos, len(row)))
    return cells


def _analyse(text: str) -> tuple[_Normalised, list[tuple[_Token, str]]]:
    """Normalise and tokenise ``text``, find its secret words, run the three flagging passes."""
    norm = _normalise(text)
    if SECRET_WORDS.search(norm.text) is None:
        return norm, []  # full-width digits and the like, but no secret word
    doc = _Text(text, norm)
    words = _secret_words(doc)
    if words:
        _flag_values_after_words(doc, words)
        _flag_lone_values_below(doc, words)
        _flag_in_contexts(doc, words)
    return doc.norm, [doc.flagged[k] for k in sorted(doc.flagged)]


# --- 5. Spans and the public API ----------------------------------------------------------------


# Above this many characters the cyclic garbage collector is paused while a text is analysed.
# The analysis makes one object or two per token, none in a cycle (reference counting frees them
# all); left on, the collector would walk the whole process's heap again and again as they pile
# up, a cost that grows with the heap, not with the text.
_PAUSE_GC_ABOVE = 32_768


@contextmanager
def _cyclic_gc_paused(size: int):
    paused = size > _PAUSE_GC_ABOVE and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _spans(text: str) -> list[tuple[int, int, str, str]]:
    with _cyclic_gc_paused(len(text)):
        norm, found = _analyse(text)
    spans = []
    for token, reason in found:
        start, end = norm.span(token.start, token.end)
        spans.append((start, end, _kind(token), reason))
    return _merge(spans)


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


# Full-width ASCII ("ＰＷ", "４９３８") as half-width, for the quick look.
_WIDE_ASCII = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


def quick_reject(text: str) -> bool:
    """True when the text cannot contain a secret word (no normalisation needed)."""
    if text.isascii():
        return SECRET_WORDS.search(text) is None
    return _MAYBE.search(text.translate(_WIDE_ASCII)) is None


def find_secrets(text: str) -> list[Finding]:
    """Every password or security code in ``text``, as spans of the original text."""
    if not text or not isinstance(text, str) or quick_reject(text):
        return []
    spans = _spans(text)
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
    spans = _spans(text)
    return _replace(text, spans) if spans else text


def mask_secrets(text: str) -> str:
    """Return ``text`` with every password and security code replaced by ``MASK``.

    Nothing else changes: the spans come from the normalised copy mapped back to the original.
    """
    if not text or not isinstance(text, str) or quick_reject(text):
        return text
    if len(text) <= 2000:
        return _mask_cached(text)
    spans = _spans(text)
    return _replace(text, spans) if spans else text


def contains_secret(text: str) -> bool:
    return bool(find_secrets(text))
