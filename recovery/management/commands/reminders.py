"""List reminders: all live ones, or with --due those due now and not yet delivered."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from recovery.business_days import TOKYO
from recovery.models import Reminder

State = Reminder.State


class Command(BaseCommand):
    help = "リマインダーの一覧を表示します(--due: 期限が来て未配信のものだけ)。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--due", action="store_true", help="期限が来て未配信のものだけ")

    def handle(self, *args, due: bool = False, **options) -> None:
        rows = Reminder.objects.select_related("case__client", "case__assignee").order_by(
            "due_at", "pk"
        )
        if due:
            rows = rows.filter(state__in=(State.PENDING, State.CLAIMED), due_at__lte=timezone.now())
        else:
            rows = rows.filter(state__in=(State.PENDING, State.CLAIMED, State.DELIVERED))
        count = 0
        for r in rows.iterator():
            assignee = r.case.assignee.get_username() if r.case.assignee else "(未割当)"
            self.stdout.write(
                f"{r.pk}\t{r.due_at.astimezone(TOKYO):%Y-%m-%d %H:%M}\t{r.state}\t{r.kind}\t"
                f"case#{r.case_id}\t{r.case.client.name}\t{assignee}"
            )
            count += 1
        self.stdout.write(f"{count} reminder(s)")
