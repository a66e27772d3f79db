"""Other apps' share of erasing a client, without clients importing them.

An app that keeps a client's personal data outside the rows hanging from ``Client`` (the
documents app's generated ZIPs, for example) registers a hook in its ``AppConfig.ready``;
``services.client_erase`` runs every hook inside its transaction, before the client is deleted.
A hook deletes what it holds and returns ``{label: count}`` for the ``ErasureRecord``.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import Client

ErasureHook = Callable[[Client], dict[str, int]]

_hooks: list[ErasureHook] = []


def register_erasure_hook(hook: ErasureHook) -> None:
    """Add ``hook``; registering the same function twice (a second ``ready()``) is harmless."""
    if hook not in _hooks:
        _hooks.append(hook)


def run_erasure_hooks(client: Client) -> dict[str, int]:
    """Run every registered hook for ``client``; the counts of what they removed, merged."""
    removed: dict[str, int] = {}
    for hook in _hooks:
        for label, count in hook(client).items():
            removed[label] = removed.get(label, 0) + count
    return removed
