"""Keep CCUS passwords and security codes out of the database and the logs.

Staff paste CCUS mails and type notes; a secret then arrives as a *labelled* value
("新しいパスワード：Pw!Zq81xTm", "セキュリティコード\\n48261739"). ``mask_secrets`` replaces the
value after such a label. The app's own forms never ask for a secret, the recovery services mask
pasted mails, and as a last safety net every model save passes its text fields through here
(``mask_model_text_fields``), so a secret typed into any free-text field of any page is not kept.
"""

from __future__ import annotations

import re
import unicodedata

MASK = "********"

_LABELS = (
    r"パスワード|ﾊﾟｽﾜｰﾄﾞ|暗証番号|セキュリティー?コード|本人確認番号"
    r"|pass\s*word|passwd|security[\s_-]*code|\bpw\b|\bpass\b"
)
# A label, an optional note in brackets ("初期パスワード (初回ログイン時に…)"), separators (colon,
# 「, は, spaces, one line break), then the value: ASCII without spaces, at least 4 characters.
# Japanese words ("不明", "変更済み") are not values, and an already masked value is left alone.
_SECRET = re.compile(
    rf"(?P<label>(?:{_LABELS}))(?P<note>\s*[(（][^)）\n]{{0,80}}[)）])?"
    r"(?P<sep>[ \t\u3000]*(?:[:：=は「『]|\r?\n)?[ \t\u3000「『]*)"
    r"(?P<value>[!-~]{4,}(?:[ \u3000][0-9]{2,})*)",
    re.IGNORECASE,
)
_ALREADY_MASKED = re.compile(r"^[*xX×●■#._-]+$")


def _replace(match: re.Match) -> str:
    value = match.group("value")
    if _ALREADY_MASKED.match(value) or value.lower().startswith(("http://", "https://")):
        return match.group(0)
    return match.group("label") + (match.group("note") or "") + match.group("sep") + MASK


def _mask_inline_labels(text: str) -> str:
    """The broad net: any label followed by an ASCII value, digit groups included."""
    return _SECRET.sub(_replace, text)


def _mask_once(text: str) -> str:
    return _mask_inline_labels(_mask_mail_lines(text))


def mask_secrets(text: str) -> str:
    """Return ``text`` with every labelled password or security code replaced by a mask.

    Two passes over the text as typed and, when it differs, over its half-width (NFKC) form,
    which catches full-width secrets (パスワード：Ａｂｃ１２３).
    """
    if not text or not isinstance(text, str):
        return text
    masked = _mask_once(text)
    normalised = unicodedata.normalize("NFKC", masked)
    if normalised != masked:
        again = _mask_once(normalised)
        if again != normalised:
            return again
    return masked


def contains_secret(text: str) -> bool:
    return bool(text) and mask_secrets(text) != text


# Fields whose values are not free text typed by people (hashes, signed session data).
_SKIP = {("auth", "user", "password"), ("sessions", "session", "session_data")}


def mask_model_text_fields(sender, instance, raw: bool = False, **kwargs) -> None:
    """pre_save receiver: mask labelled secrets in every text field of every model."""
    if raw:
        return
    mask_instance(instance)


def mask_instance(instance) -> None:
    """Mask labelled secrets in every text field of ``instance`` (call before bulk writes,
    which skip pre_save)."""
    from django.db import models

    meta = instance._meta
    for field in meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if (meta.app_label, meta.model_name, field.name) in _SKIP:
            continue
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and value:
            masked = mask_secrets(value)
            if masked != value:
                setattr(instance, field.attname, masked[: field.max_length or None])


class MaskSecretsFilter:
    """Logging filter: mask labelled secrets in a record's final message."""

    def filter(self, record) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


# --- The line-aware pass: CCUS mails, a label alone on its line, 「パスワードは …」 ---

# Labels that introduce a secret: パスワード (新/仮/初期…), セキュリティコード, 本人確認番号.
_LABEL_WORDS = (
    r"(?:(?:新しい|新|仮|初期|現在の|変更後の?|ログイン)?\s*パスワード"
    r"|セキュリティ\s*コード|セキュリティーコード|本人確認番号|暗証番号"
    r"|pass\s*word|passwd|pwd?|security\s*code|pin)"
)
# The label, an optional (…) note, then a separator and the value on the same line.
_SECRET_INLINE = re.compile(
    r"(?<![A-Za-z])" + _LABEL_WORDS
    + r"(?:\s*[(（][^)）\n]{0,20}[)）])?"
    + r"(?P<sep>\s*(?:[:：=＝]|は|\s)\s*)"
    + r"(?P<open>[「『【\"'“]?)"
    + r"(?P<value>[^\s「」『』【】\"'“”、。]+)",
    re.IGNORECASE,
)
# A label alone on its line (■新パスワード / 【パスワード】): the value is on the next line.
_SECRET_LABEL_LINE = re.compile(
    r"^[\s■□●○◆◇・*＊\-]*[【\[]?" + _LABEL_WORDS
    + r"(?:\s*[(（][^)）\n]{0,20}[)）])?[】\]]?\s*[:：]?\s*$",
    re.IGNORECASE,
)
# Words that follow a label without being a secret (パスワード は 変更 してください …).
_NOT_A_SECRET = re.compile(
    r"^(?:を|の|が|に|も|で|と|変更|再設定|入力|確認|設定|再発行|不明|通知|記載|欄|画面|について)"
    # An already masked value is the whole value: a password that merely starts with x is a secret.
    r"|^(?:\*+|●+|＊+|x+|X+)$"
)


def _looks_like_secret(value: str, sep: str) -> bool:
    if _NOT_A_SECRET.match(value):
        return False
    if sep.strip() in ("", "は"):
        # Without a colon, only an ASCII token with a digit or symbol is taken for a secret.
        ascii_token = re.fullmatch(r"[!-~]+", value)
        return bool(ascii_token) and bool(re.search(r"[\d!-/:-@\[-`{-~]", value))
    return True


def _mask_mail_lines(text: str) -> str:
    """Mask values after secret labels, line by line (a label alone masks the next line)."""
    if not text:
        return text
    text = text.replace("\r\n", "\n")

    def inline(match: re.Match) -> str:
        value = match.group("value")
        if not _looks_like_secret(value, match.group("sep")):
            return match.group(0)
        return match.group(0)[: match.start("value") - match.start(0)] + MASK

    lines = text.split("\n")
    out: list[str] = []
    mask_next = False
    for line in lines:
        if mask_next and line.strip() and _SECRET_LABEL_LINE.match(line) is None:
            indent = line[: len(line) - len(line.lstrip())]
            out.append(indent + MASK)
            mask_next = False
            continue
        if line.strip():
            mask_next = False
        if _SECRET_LABEL_LINE.match(line):
            mask_next = True
            out.append(line)
            continue
        out.append(_SECRET_INLINE.sub(inline, line))
    return "\n".join(out)
