"""Read the office mailbox once (for cron-only installs, and to try IMAP_URL)."""

from django.core.management.base import BaseCommand, CommandError

from inbox.imap import MailboxError
from inbox.services import mailbox_fetch


class Command(BaseCommand):
    help = (
        "事務所のメールボックスを1回読み、CCUSのメールを案件に記録します。"
        "--dry-run では何も記録せず、記録する内容だけを表示します。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="何も記録せず、記録する内容を表示します。"
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        try:
            report = mailbox_fetch(dry_run=dry_run)
        except MailboxError as error:
            raise CommandError(str(error)) from None
        for line in report.lines:
            self.stdout.write(line)
        summary = (
            f"フォルダ {report.folder}: ヘッダー {report.headers_fetched} 通、"
            f"CCUSのメール {report.ccus} 通(本文を読んだもの {report.bodies_fetched} 通、"
            f"記録済みで読まなかったもの {report.already_known} 通)"
        )
        if dry_run:
            self.stdout.write(summary + "。--dry-run のため何も記録していません。")
        else:
            self.stdout.write(
                summary + f"。案件に記録 {report.recorded} 通、未割当 "
                f"{report.unassigned} 通、記録済みの案件 {report.already} 通。"
            )
