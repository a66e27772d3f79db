from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from office.backup import BackupError, backup_database


class Command(BaseCommand):
    help = "Write a consistent, timestamped copy of the database (SQLite backup API / pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output-dir", default=None, help="folder to write into (default: BACKUP_DIR)"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output_dir=None, database="default", **options):
        directory = Path(output_dir) if output_dir else Path(settings.BACKUP_DIR)
        try:
            path = backup_database(directory=directory, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
