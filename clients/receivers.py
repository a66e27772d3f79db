"""clients' answers to what office announces (connected in ``ClientsConfig.ready``)."""

from __future__ import annotations

from .selectors import client_access_log_targets


def client_access_log_targets_found(sender, text: str, **kwargs):
    """``office.signals.access_log_target_search``: the clients ``text`` finds."""
    return client_access_log_targets(text)
