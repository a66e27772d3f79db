"""Import clients from a CSV file: all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clients.csv_io import CSVFileError, apply_import, decode, plan_import


class Command(BaseCommand):
    help = "事業者をCSVファイルから取り込みます（エラーが1行でもあれば1件も取り込みません）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSVファイル（UTF-8 または Shift_JIS）")
        parser.add_argument("--dry-run", action="store_true", help="確認だけして保存しません。")

    def handle(self, *args, file: str, dry_run: bool, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"ファイルを読めません: {path}（{error.strerror}）") from None
        try:
            plan = plan_import(decode(data))
        except CSVFileError as error:
            raise CommandError(str(error)) from None
        for row in plan.rows:
            for warning in row.warnings:
                self.stdout.write(f"{row.row}行目: 注意: {warning}")
        if not plan.ok:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"エラーが{len(plan.errors)}か所あるため、1件も取り込みませんでした。"
            )
        for row in plan.rows:
            if row.action == "更新":
                self.stdout.write(f"{row.row}行目: 更新: {row.values['name']}")
        summary = (
            f"新規 {plan.count('新規')}件、更新 {plan.count('更新')}件、"
            f"変更なし {plan.count('変更なし')}件"
        )
        if dry_run:
            self.stdout.write(f"確認のみ（保存していません）: {summary}")
            return
        apply_import(plan)
        self.stdout.write(self.style.SUCCESS(f"取り込みました: {summary}"))
