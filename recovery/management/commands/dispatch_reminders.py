"""Run one reminder delivery pass (for cron-only installs and tests)."""

from django.core.management.base import BaseCommand

from recovery.reminders.delivery import reminders_deliver_due


class Command(BaseCommand):
    help = "期限の来たリマインダーを1回配信します(最後の行に delivered N を出力)。"

    def handle(self, *args, **options) -> None:
        delivered = reminders_deliver_due()
        self.stdout.write(f"delivered {delivered}")
