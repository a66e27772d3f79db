"""The recovery cases of a client as 事件簿 lines (行政書士法 §9), for ``clients.retention``."""

from __future__ import annotations

from django.utils import timezone, translation

from clients.retention import CaseBookLine

from .models import CaseKind


def recovery_case_book_lines(client) -> list[CaseBookLine]:
    lines = []
    for case in client.recovery_cases.all().order_by("pk"):
        with translation.override("ja"):
            situation = case.get_situation_display()
        name = f"CCUS事業者IDの復旧（{situation}）案件#{case.pk}"
        if case.kind == CaseKind.RENEWAL:
            name = f"CCUS事業者登録の更新 案件#{case.pk}"
        lines.append(
            CaseBookLine(
                name=name,
                opened_on=timezone.localdate(case.created_at),
                closed_on=timezone.localdate(case.closed_at) if case.closed_at else None,
                key=f"recovery.RecoveryCase#{case.pk}",
            )
        )
    return lines
