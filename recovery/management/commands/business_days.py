"""`python manage.py business_days YYYY-MM-DD N [--explain]`: N business days after a date."""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from office.dates import format_date_ja
from recovery.business_days import BusinessCalendar

USAGE = "使い方: python manage.py business_days YYYY-MM-DD N [--explain]"


class Command(BaseCommand):
    help = "指定日のN営業日後の日付を表示します(指定日自体は数えません)。"

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def error(message: str) -> None:
            self.stderr.write(f"エラー: 引数が正しくありません({message})。\n{USAGE}")
            sys.exit(2)

        parser.error = error  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start", help="起算日 YYYY-MM-DD(この日は数えません)")
        parser.add_argument("n", help="営業日数(1以上の整数)")
        parser.add_argument("--explain", action="store_true", help="飛ばした日と理由も表示します")

    def _fail(self, message: str) -> None:
        self.stderr.write(f"エラー: {message}\n{USAGE}")
        sys.exit(2)

    def handle(self, *args, start: str, n: str, explain: bool, **options) -> None:
        try:
            start_date = date.fromisoformat(start)
        except ValueError:
            self._fail(
                f"日付「{start}」を読み取れません。"
                "YYYY-MM-DD の形で指定してください(例: 2026-12-25)。"
            )
        try:
            days = int(n)
        except ValueError:
            self._fail(f"営業日数「{n}」は整数ではありません。1以上の整数を指定してください。")
        if days < 1 or days > 1000:
            self._fail(f"営業日数「{n}」は範囲外です。1から1000までの整数を指定してください。")
        try:
            calendar = BusinessCalendar.from_database()
        except DatabaseError:
            # Without a migrated database the office's closed days are unknown: say so, go on.
            self.stderr.write(
                "注意: データベースを読めないため、事務所の休業日は考慮していません。"
            )
            calendar = BusinessCalendar()
        result, skipped = calendar.explain(start_date, days)
        self.stdout.write(result.isoformat())
        if explain:
            self.stdout.write(
                f"{format_date_ja(start_date)} の {days} 営業日後: {format_date_ja(result)}"
            )
            if not skipped:
                self.stdout.write("飛ばした日: なし")
            for day, reason in skipped:
                self.stdout.write(f"  {day.isoformat()} {format_date_ja(day)} {reason}")
