"""inbox's answers to what clients announces (connected in ``InboxConfig.ready``)."""

from __future__ import annotations

from .services import client_ccus_mails_erase


def ccus_mails_erased(sender, client, **kwargs) -> dict[str, int]:
    """``clients.signals.client_erased``: delete the CCUS mails that name the client."""
    return client_ccus_mails_erase(client)
