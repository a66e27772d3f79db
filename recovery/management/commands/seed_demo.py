"""Load the demo data: the office, demo logins, clients and cases. Safe to run twice."""

from django.core.management.base import BaseCommand
from django.db import transaction

import clients.demo
import office.demo
import recovery.demo
import recovery.demo_large
from clients.models import Client
from recovery.models import RecoveryCase


class Command(BaseCommand):
    help = "デモデータ(事務所・ログイン・事業者・案件)を登録します。2回目以降は重複しません。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "large"], default="small")

    def handle(self, *args, scale: str, **options):
        with transaction.atomic():
            logins = office.demo.seed()
            lines = clients.demo.seed(scale=scale) + recovery.demo.seed(scale=scale)
            if scale == "large":
                lines += recovery.demo_large.seed()
        for line in lines:
            self.stdout.write(line)
        # The totals are counted, not summed from the modules: they match the lists' own counts.
        self.stdout.write(
            f"登録済み: 事業者 全{Client.objects.count():,}件・"
            f"ID復旧案件 全{RecoveryCase.objects.count():,}件"
        )
        self.stdout.write("デモ用ログイン:")
        for line in logins:
            self.stdout.write(f"  {line}")
