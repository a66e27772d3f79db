"""Migration 0002: the old sender-chosen keys move into their own namespaces, the Message-ID is
kept for display, and a new mail with the same Message-ID is no longer "already seen"."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("inbox", "0001_initial")]
AFTER = [("inbox", "0002_ccusmail_unreadable_and_content_key")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_keys_are_renamed_and_the_message_id_is_kept():
    old_apps = _migrate(BEFORE)
    try:
        OldMail = old_apps.get_model("inbox", "CcusMail")
        common = {
            "folder": "INBOX",
            "uidvalidity": 7,
            "received_at": timezone.now(),
            "kind": "receipt",
            "state": "unassigned",
        }
        OldMail.objects.create(mail_key="<genuine@ccus-help.example.jp>", uid=1, **common)
        OldMail.objects.create(mail_key="sha256:" + "ab" * 32, uid=2, **common)

        new_apps = _migrate(AFTER)
        NewMail = new_apps.get_model("inbox", "CcusMail")
        rows = dict(NewMail.objects.values_list("uid", "mail_key"))
        assert rows == {
            1: "message-id:<genuine@ccus-help.example.jp>",
            2: "headers-sha256:" + "ab" * 32,
        }
        assert NewMail.objects.get(uid=1).message_id == "<genuine@ccus-help.example.jp>"
        assert NewMail.objects.get(uid=2).message_id == ""
        # A new key is "sha256:" + the digest of the bytes: it can meet neither namespace.
        assert not NewMail.objects.filter(mail_key__startswith="sha256:").exists()

        back = _migrate(BEFORE).get_model("inbox", "CcusMail")
        assert set(back.objects.values_list("mail_key", flat=True)) == {
            "<genuine@ccus-help.example.jp>",
            "sha256:" + "ab" * 32,
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
