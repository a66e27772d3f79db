from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from office.backup import BackupError, restore_database


class Command(BaseCommand):
    help = "Replace the database with a backup written by `manage.py backup` (needs --yes)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .sqlite3 or .dump file written by `backup`")
        parser.add_argument(
            "--yes", action="store_true", help="confirm that the current data is overwritten"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, yes=False, database="default", **options):
        if not yes:
            raise CommandError(
                "復元すると現在のデータはすべてバックアップの内容で上書きされます。"
                "web・worker・beat を止めてから、--yes を付けて実行してください。"
            )
        try:
            restore_database(path=Path(file), alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{file} から復元しました。")
