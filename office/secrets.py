"""Keep CCUS passwords and security codes out of the database and the logs.

Staff paste CCUS mails and type notes; a secret then arrives as a *labelled* value
("新しいパスワード：Pw!Zq81xTm", "セキュリティコード\\n48261739"). ``mask_secrets`` replaces the
value after such a label. The app's own forms never ask for a secret, the recovery services mask
pasted mails, and as a last safety net every model save passes its text fields through here
(``mask_model_text_fields``), so a secret typed into any free-text field of any page is not kept.
"""

from __future__ import annotations

import re

MASK = "●●●●(伏字)"

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


def mask_secrets(text: str) -> str:
    """Return ``text`` with every labelled password or security code replaced by a mask."""
    if not text or not isinstance(text, str):
        return text
    return _SECRET.sub(_replace, text)


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
