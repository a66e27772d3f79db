"""Export every client as CSV (the format import_clients reads)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from clients.csv_io import ExportEncodingError, export_csv
from clients.models import Client


class Command(BaseCommand):
    help = "全事業者をCSVに書き出します（import_clients でそのまま取り込めます）。"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="書き出すファイル（省略すると標準出力）")
        parser.add_argument("--encoding", choices=["cp932", "utf-8"], default="cp932")

    def handle(self, *args, output: str | None, encoding: str, **options):
        clients = Client.objects.order_by("name_kana", "name", "pk").iterator()
        try:
            data = export_csv(clients, encoding=encoding)
        except ExportEncodingError as error:
            raise CommandError(str(error)) from None
        if output:
            with open(output, "wb") as f:
                f.write(data)
            self.stderr.write(f"{output} に書き出しました。")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
