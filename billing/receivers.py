"""billing's answers to what clients announces (connected in ``BillingConfig.ready``)."""

from __future__ import annotations

from .case_book import retained_fees


def case_book_fees_kept(sender, client, **kwargs) -> dict[str, int]:
    """``clients.signals.client_case_book_fees``: the fee of each of the client's cases."""
    return retained_fees(client)
