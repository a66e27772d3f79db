"""`manage.py fetch_mail`: its exit status (0 done, 1 mailbox unreadable, 2 usage, 3 some mails
unreadable) as --help and the README state it, against a real Dovecot."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from inbox.management.commands.fetch_mail import Command
from inbox.models import CcusMail

from .conftest import receipt_mail
from .test_poison_mail import nested_multiparts

pytestmark = pytest.mark.django_db


def exit_status(*argv: str) -> int:
    """The status `manage.py fetch_mail ARGV` exits with (argparse exits on its own)."""
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "fetch_mail", *argv])
    return exited.value.code


def test_help_states_every_exit_status(capsys):
    assert exit_status("--help") == 0
    out = capsys.readouterr().out
    assert "終了ステータス" in out
    expected = (
        "  0  読み取りが終わりました",
        "  1  メールボックスを読めませんでした",
        "  2  ",
        "  3  ",
    )
    for line in expected:
        assert line in out


def test_a_wrong_option_exits_with_2(capsys):
    assert exit_status("--no-such-option") == 2
    assert "--no-such-option" in capsys.readouterr().err


def test_a_pass_that_read_everything_exits_with_0(dovecot, imap_settings, sent_case, unchanged):
    dovecot.append(receipt_mail())
    unchanged()
    out = StringIO()
    call_command("fetch_mail", stdout=out)  # no CommandError: status 0
    assert "案件に記録 1 通" in out.getvalue()


def test_an_unreadable_mailbox_exits_with_1(dovecot, settings):
    settings.IMAP_URL = dovecot.url(password="wrong-password")
    with pytest.raises(CommandError, match="ユーザー名とパスワード") as failed:
        call_command("fetch_mail")
    assert failed.value.returncode == 1


def test_without_imap_url_it_exits_with_1(settings):
    settings.IMAP_URL = ""
    with pytest.raises(CommandError, match="IMAP_URL") as failed:
        call_command("fetch_mail")
    assert failed.value.returncode == 1


def test_a_pass_with_an_unreadable_mail_exits_with_3_once(
    dovecot, imap_settings, sent_case, unchanged
):
    dovecot.append(nested_multiparts())
    dovecot.append(receipt_mail())
    unchanged()
    out = StringIO()
    with pytest.raises(CommandError, match="1 通のメールを読み取れませんでした") as failed:
        call_command("fetch_mail", stdout=out)
    assert failed.value.returncode == 3
    assert "案件に記録 1 通" in out.getvalue()  # the receipt behind it was recorded
    assert CcusMail.objects.filter(state=CcusMail.State.UNREADABLE).count() == 1
    call_command("fetch_mail", stdout=StringIO())  # the same mail is not counted again: 0
