"""Read the office mailbox once (for cron-only installs, and to try IMAP_URL)."""

from argparse import RawDescriptionHelpFormatter

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from inbox.imap import MailboxError
from inbox.services import mailbox_fetch

# The exit status, for cron and monitoring (README "The office mailbox" says the same).
EXIT_DONE = 0
EXIT_MAILBOX_UNREADABLE = 1
EXIT_USAGE = 2  # argparse's own status for a wrong option
EXIT_MAILS_UNREADABLE = 3

EXIT_STATUS_HELP = f"""終了ステータス:
  {EXIT_DONE}  読み取りが終わりました(新しいメールはすべて案件に記録したか、未割当として一覧に
     載せました)。
  {EXIT_MAILBOX_UNREADABLE}  メールボックスを読めませんでした(IMAP_URL が未設定・不正、サーバーに
     接続できない、ログイン・証明書・フォルダのエラー)。理由は日本語で表示し、ダッシュボードと
     /healthz にも残します。読み取りの進み具合は変わりません。
  {EXIT_USAGE}  コマンドの使い方が正しくありません(知らないオプションなど)。
  {EXIT_MAILS_UNREADABLE}  読み取りは終わりましたが、この回に読み取れなかったメールがあります。
     ヘッダーと理由だけを「読み取れなかったメール」(/inbox/?list=unreadable)に載せ、後ろの
     メールは通常どおり記録しました。同じメールで再び 3 になることはありません。
"""


class HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Django's option order, with the exit status kept as written."""


class Command(BaseCommand):
    help = (
        "事務所のメールボックスを1回読み、CCUSのメールを案件に記録します。"
        "--dry-run では何も記録せず、記録する内容だけを表示します。"
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs.setdefault("epilog", EXIT_STATUS_HELP)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="何も記録せず、記録する内容を表示します。"
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        try:
            report = mailbox_fetch(dry_run=dry_run)
        except MailboxError as error:
            raise CommandError(str(error), returncode=EXIT_MAILBOX_UNREADABLE) from None
        for line in report.lines:
            self.stdout.write(line)
        summary = (
            f"フォルダ {report.folder}: ヘッダー {report.headers_fetched} 通、"
            f"CCUSのメール {report.ccus} 通(本文を読んだもの {report.bodies_fetched} 通、"
            f"記録済みで読まなかったもの {report.already_known} 通)"
        )
        if dry_run:
            self.stdout.write(summary + "。--dry-run のため何も記録していません。")
            return
        self.stdout.write(
            summary + f"。案件に記録 {report.recorded} 通、未割当 "
            f"{report.unassigned} 通、記録済みの案件 {report.already} 通、"
            f"読み取れなかったメール {report.unreadable} 通。"
        )
        if report.unreadable:
            raise CommandError(
                f"{report.unreadable} 通のメールを読み取れませんでした。「読み取れなかったメール」"
                "(/inbox/?list=unreadable)で確認してください。",
                returncode=EXIT_MAILS_UNREADABLE,
            )
