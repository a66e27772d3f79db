"""The corpus through the office mailbox: each text arrives as a CCUS mail in a real Dovecot, the
desk fetches them all, and the database dump (history included) and the logs hold no secret."""

from __future__ import annotations

import logging

import pytest

from inbox.models import CcusMail
from inbox.services import mailbox_fetch
from tests.inbox.conftest import dovecot, imap_settings, make_mail  # noqa: F401

from .secret_corpus.entries import ENTRIES
from .site_map import database_text

SUBJECT = "【建設キャリアアップシステム】登録メールアドレス変更完了のお知らせ"


@pytest.mark.django_db
def test_every_corpus_text_fetched_from_the_mailbox_leaves_no_secret_anywhere(
    dovecot,  # noqa: F811
    imap_settings,  # noqa: F811
    office_profile,
    caplog,
):
    caplog.set_level(logging.DEBUG)
    for n, entry in enumerate(ENTRIES):
        dovecot.append(make_mail(subject=f"{SUBJECT} ({n})", body=entry.text))

    mailbox_fetch()

    assert CcusMail.objects.count() == len(ENTRIES)
    dump = database_text()
    assert "********" in dump  # the mails' bodies are in the dump, masked
    for entry in ENTRIES:
        for secret in entry.secrets:
            where = [ln[:200] for ln in dump.splitlines() if secret in ln]
            assert secret not in dump, (entry.name, where)
            assert secret not in caplog.text, entry.name
        for kept in entry.keep:
            assert kept in dump, (entry.name, kept)
