"""documents' answers to what clients announces (connected in ``DocumentsConfig.ready``)."""

from __future__ import annotations

from .services import client_document_batches_erase


def document_batches_erased(sender, client, **kwargs) -> dict[str, int]:
    """``clients.signals.client_erased``: delete the jobs that hold the client's data."""
    return client_document_batches_erase(client)
