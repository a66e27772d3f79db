"""The Django side of "no CCUS secret is ever stored": where ``office.secrets`` meets the ORM and
the logs.

Masking on save happens here and only here (docs/architecture.md, "Secrets"):

- ``mask_model_text_fields``: the ``pre_save`` receiver of every model (history rows too), which
  ``office.apps`` connects; services hand text to the models as it was given;
- ``SecretSafeQuerySet``: ``update()``, ``bulk_create()`` and ``bulk_update()`` skip ``pre_save``,
  so the QuerySet of every model with free text masks them itself;
- ``MaskSecretsFilter`` / ``install_log_filter``: every log handler (the web process, the Celery
  worker) masks a record's message, cut to ``LOG_RECORD_LIMIT`` characters first.

The forms that show staff what will be masked before it is saved are ``office.secret_forms``.
The detector itself (what a secret is) is ``office.secrets``, which imports nothing of Django.
"""

from __future__ import annotations

import logging

from django.db import models

from .secrets import mask_secrets, quick_reject

# Fields whose values are not free text typed by people (hashes, signed session data, tokens).
_SKIP = {("auth", "user", "password"), ("sessions", "session", "session_data")}
_TEXT_FIELDS: dict = {}

# A log record's message is cut to this many characters before it is masked: a request with a
# 1 MB header is logged as its first 4 KB, and masking costs at most that much.
LOG_RECORD_LIMIT = 4096
# A traceback keeps its last part, where the error is.
LOG_TRACEBACK_LIMIT = 16384


def _text_fields(meta) -> tuple:
    # Django's model options are built once and live as long as the process.
    fields = _TEXT_FIELDS.get(meta)
    if fields is None:
        fields = _TEXT_FIELDS[meta] = tuple(
            field
            for field in meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and (meta.app_label, meta.model_name, field.name) not in _SKIP
        )
    return fields


def mask_model_text_fields(sender, instance, raw: bool = False, **kwargs) -> None:
    """pre_save receiver: mask secrets in every text field of every model (history rows too)."""
    if raw:
        return
    mask_instance(instance)


def mask_instance(instance) -> None:
    """Mask secrets in every text field of ``instance`` (for writes that skip pre_save)."""
    texts = [
        (field, value)
        for field in _text_fields(instance._meta)
        if isinstance(value := getattr(instance, field.attname, None), str) and value
    ]
    # One cheap look at all the fields together: a secret needs a secret word in its own
    # field, and joining fields with line breaks can add a match but never hide one.
    if not texts or quick_reject("\n".join(value for _field, value in texts)):
        return
    for field, value in texts:
        masked = mask_secrets(value)
        if masked != value:
            setattr(instance, field.attname, masked[: field.max_length or None])


def mask_values(model, values: dict) -> dict:
    """Mask the text values of a ``QuerySet.update(**values)`` call on ``model``."""
    fields = _text_fields(model._meta)
    names = {f.name for f in fields} | {f.attname for f in fields}
    return {
        k: (mask_secrets(v) if k in names and isinstance(v, str) else v) for k, v in values.items()
    }


class SecretSafeQuerySet(models.QuerySet):
    """The QuerySet of every model with free text: its bulk paths cannot store a secret."""

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


def cut_for_log(message: str, limit: int = LOG_RECORD_LIMIT) -> str:
    """The first ``limit`` characters of ``message``, not ending inside a word (so that no
    half of a password is left where the detector can no longer see it whole)."""
    if len(message) <= limit:
        return message
    head = message[:limit]
    if not message[limit].isspace():
        word_start = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
        # One long word (its last part goes too) or the words before the cut one.
        head = head[: word_start + 1] if word_start >= limit - 64 else head[: limit - 64]
    return f"{head}…[{len(message) - len(head)}文字省略]"


class MaskSecretsFilter(logging.Filter):
    """Logging filter: cut a record's final message, then mask its secrets (and its traceback's)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record must still be logged
            return True
        masked = mask_secrets(cut_for_log(message))
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            text = record.exc_text
            if len(text) > LOG_TRACEBACK_LIMIT:
                text = "…" + text[-LOG_TRACEBACK_LIMIT:]
            record.exc_text = mask_secrets(text)
        return True


def install_log_filter(logger=None) -> None:
    """Put ``MaskSecretsFilter`` on every handler of ``logger`` (root by default).

    Celery replaces the root handlers when a worker starts; its ``after_setup_logger`` signals
    call this so that the worker's logs are masked too.
    """
    logger = logger or logging.getLogger()
    for handler in logger.handlers:
        if not any(isinstance(f, MaskSecretsFilter) for f in handler.filters):
            handler.addFilter(MaskSecretsFilter())
