"""List reminders: all open ones, or with --due those due now and not yet delivered.

Each line shows the moment the reminder shows: the one staff snoozed or moved it to, if they did
(marked 「延期」 with the planned time), else its due time.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from recovery.business_days import TOKYO
from recovery.models import Reminder
from recovery.reminders.selectors import OPEN_STATES, pending_due_q, shows_at_expression

State = Reminder.State


def _local(moment) -> str:
    return f"{moment.astimezone(TOKYO):%Y-%m-%d %H:%M}"


class Command(BaseCommand):
    help = "リマインダーの一覧を表示します(--due: 期限が来て未配信のものだけ)。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--due", action="store_true", help="期限が来て未配信のものだけ")

    def handle(self, *args, due: bool = False, **options) -> None:
        rows = Reminder.objects.select_related("case__client", "case__assignee").order_by(
            shows_at_expression(), "pk"
        )
        if due:
            # Claimed: being delivered right now.
            rows = rows.filter(pending_due_q(timezone.now()) | Q(state=State.CLAIMED))
        else:
            rows = rows.filter(state__in=OPEN_STATES)
        count = 0
        for r in rows.iterator():
            assignee = r.case.assignee.get_username() if r.case.assignee else "(未割当)"
            moved = f"\t延期(元の予定 {_local(r.due_at)})" if r.snoozed_until else ""
            self.stdout.write(
                f"{r.pk}\t{_local(r.shows_at)}\t{r.state}\t{r.kind}\t"
                f"case#{r.case_id}\t{r.case.client.name}\t{assignee}{moved}"
            )
            count += 1
        self.stdout.write(f"{count} reminder(s)")
