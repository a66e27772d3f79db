"""What the clients app announces, for the apps above it to clean up or keep their share.

``clients`` imports none of the apps that build on it (architecture.md), so it announces instead
of calling them. Each signal is sent inside the service's transaction, before the client row is
deleted; a receiver takes ``client`` (and ``**kwargs``) and answers:

- ``client_erased``: sent by ``client_erase`` and ``client_delete``. A receiver deletes the
  personal data of ``client`` that it keeps outside the rows hanging from ``Client`` (documents'
  ZIP jobs, inbox's CCUS mails) and returns ``{label: count}`` of what went.
- ``client_deleted``: sent by ``client_delete`` before erasing. A receiver returns the
  ``clients.retention.CaseBookLine``s of ``client``'s cases that 行政書士法 §9 keeps 2 years.
- ``client_case_book_fees``: sent by ``client_delete`` with those lines' keys known. The app
  that bills the cases (billing) returns ``{line key: 受けた報酬の額 in yen}``.

Receivers are connected in each app's ``AppConfig.ready`` with a ``dispatch_uid``.
"""

from __future__ import annotations

from django.dispatch import Signal

client_erased = Signal()
client_deleted = Signal()
client_case_book_fees = Signal()


def erased_counts(client) -> dict[str, int]:
    """Announce that ``client`` is being erased; the merged counts of what receivers removed."""
    removed: dict[str, int] = {}
    for _receiver, counts in client_erased.send(sender=type(client), client=client):
        for label, count in (counts or {}).items():
            removed[label] = removed.get(label, 0) + count
    return removed


def deleted_case_book_lines(client) -> list:
    """Announce that ``client`` is being deleted; the 事件簿 lines its cases leave behind."""
    lines: list = []
    for _receiver, found in client_deleted.send(sender=type(client), client=client):
        lines.extend(found or [])
    return lines


def case_book_fees(client) -> dict[str, int]:
    """Ask the billing side for the fee of each of ``client``'s 事件簿 lines, by line key."""
    fees: dict[str, int] = {}
    for _receiver, found in client_case_book_fees.send(sender=type(client), client=client):
        fees.update(found or {})
    return fees
