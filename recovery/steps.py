"""Which status may follow which: the case's pipeline as data (django-oscar's order pipeline).

``RECOVERY.transitions`` is the one table ``{status: (allowed next statuses)}``; each service in
``recovery.services`` names its *action* and asks the pipeline whether the case may take it
(``require``) and whether the move it makes is in the table (``check_move``). docs/architecture.md
prints the same table (``markdown_table``), and tests/recovery/test_steps.py holds the two equal.

A second kind of case (the 5-year renewal) defines its own ``Pipeline`` in the same shape: its
own status choices, its own table and its own actions, read by its own services.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils import translation

from .models import CLOSED_STATUSES, OPEN_STATUSES, Status


class CaseTransitionError(Exception):
    """A step that is not allowed now; ``str(error)`` is the Japanese reason for staff."""


@dataclass(frozen=True)
class Action:
    """Something staff do to a case: its Japanese name and the statuses it may start from."""

    label: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Pipeline:
    """A kind of case: its statuses, the allowed moves between them, and its actions."""

    statuses: type[models.TextChoices]
    transitions: Mapping[str, tuple[str, ...]]
    actions: Mapping[str, Action]

    def label(self, status: str) -> str:
        """The status's name in Japanese: error messages and the timeline are records."""
        if not status:
            return ""
        with translation.override("ja"):
            return str(self.statuses(status).label)

    def allows(self, source: str, target: str) -> bool:
        return target in self.transitions.get(source, ())

    def may(self, status: str, action: str) -> bool:
        """Whether a case in ``status`` may take ``action`` (e.g. to show its button)."""
        return status in self.actions[action].sources

    def require(self, status: str, action: str, *, label: str = "") -> None:
        """Raise ``CaseTransitionError`` unless a case in ``status`` may take ``action``."""
        if self.may(status, action):
            return
        name = label or self.actions[action].label
        wanted = "・".join(self.label(s) for s in self.actions[action].sources)
        raise CaseTransitionError(
            f"「{name}」は、ステータスが「{wanted}」のときだけできます"
            f"(現在は「{self.label(status)}」)。"
        )

    def check_move(self, source: str, target: str) -> None:
        """Raise ``CaseTransitionError`` if the table does not allow ``source`` → ``target``."""
        if not self.allows(source, target):
            raise CaseTransitionError(
                f"「{self.label(source)}」から「{self.label(target)}」には進めません。"
            )

    def markdown_table(self) -> str:
        """The table as docs/architecture.md prints it: one row per status of this kind of case,
        in the table's order (another kind's statuses may share the same choices)."""
        rows = ["| status | may be followed by |", "|---|---|"]
        for status, following in self.transitions.items():
            rows.append(f"| {self.label(status)} | {'、'.join(self.label(s) for s in following)} |")
        return "\n".join(rows)

    def actions_markdown_table(self) -> str:
        """The actions as docs/architecture.md prints them: name, label, allowed statuses."""
        rows = ["| action | 操作 | allowed in |", "|---|---|---|"]
        for name, action in self.actions.items():
            sources = "、".join(self.label(s) for s in action.sources)
            rows.append(f"| `{name}` | {action.label} | {sources} |")
        return "\n".join(rows)


# Every open status may be put on hold, cancelled, or closed as self-service when the triage is
# corrected to a/b (case_change_situation).
_SIDEWAYS = (Status.SELF_SERVICE, Status.ON_HOLD, Status.CANCELLED)

RECOVERY_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.PREPARING: (Status.SENT, *_SIDEWAYS),
    Status.SENT: (Status.RECEIPT_CONFIRMED, *_SIDEWAYS),
    # Recording the receipt mail moves 受付確認済 straight on to CCUS回答待ち.
    Status.RECEIPT_CONFIRMED: (Status.WAITING, Status.REPLIED, *_SIDEWAYS),
    Status.WAITING: (Status.REPLIED, *_SIDEWAYS),
    Status.REPLIED: (Status.LOGIN_WORK, *_SIDEWAYS),
    # The last item of the login checklist completes the case.
    Status.LOGIN_WORK: (Status.DONE, *_SIDEWAYS),
    Status.DONE: (Status.LOGIN_WORK,),  # reopened: the re-login check is done again
    Status.SELF_SERVICE: (Status.PREPARING,),  # reopened, or the triage corrected to c/d/e
    # Resumed to (or reopened at) the status it was held or cancelled in.
    Status.ON_HOLD: (*OPEN_STATUSES, Status.SELF_SERVICE, Status.CANCELLED),
    Status.CANCELLED: OPEN_STATUSES,
}

RECOVERY_ACTIONS: dict[str, Action] = {
    "mark_sent": Action("問い合わせ送信を記録", (Status.PREPARING,)),
    "record_receipt": Action("受付メールを記録", (Status.SENT,)),
    "record_reply": Action("CCUSの回答を記録", (Status.RECEIPT_CONFIRMED, Status.WAITING)),
    "start_login_work": Action("ログイン作業を開始", (Status.REPLIED,)),
    "check_login_step": Action("ログイン作業の記録", (Status.LOGIN_WORK,)),
    "hold": Action("保留", OPEN_STATUSES),
    "resume": Action("保留の解除", (Status.ON_HOLD,)),
    "cancel": Action("取消", (*OPEN_STATUSES, Status.ON_HOLD)),
    "reopen": Action("再開", CLOSED_STATUSES),
    "change_situation": Action("状況の変更", (*OPEN_STATUSES, Status.ON_HOLD, Status.SELF_SERVICE)),
}

RECOVERY = Pipeline(statuses=Status, transitions=RECOVERY_TRANSITIONS, actions=RECOVERY_ACTIONS)
