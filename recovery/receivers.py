"""recovery's answers to what clients and office announce (connected in ``ready``)."""

from __future__ import annotations

from .case_book import recovery_case_book_lines
from .selectors import case_access_log_targets


def case_book_lines_kept(sender, client, **kwargs):
    """``clients.signals.client_deleted``: the client's cases for the 事件簿 copy."""
    return recovery_case_book_lines(client)


def case_access_log_targets_found(sender, text: str, **kwargs):
    """``office.signals.access_log_target_search``: the targets of the cases ``text`` finds."""
    return case_access_log_targets(text)
