"""Gap-free document numbers per series and year (``2026-0001``).

The next number is taken by locking the series' counter row (``SELECT … FOR UPDATE``) inside
the transaction that also writes the document: two staff issuing at once queue on the row, and
a transaction that fails rolls its number back with it, so numbers are neither doubled nor lost.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from . import money
from .models import DocumentCounter


def next_number(*, series: str, year: int) -> tuple[int, str]:
    """Take the next ``(sequence, number)`` of ``series`` in ``year``; call inside the
    transaction that saves the document."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the issuing transaction")
    counter = _locked_counter(series, year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last, money.format_document_number(year, counter.last)


def _locked_counter(series: str, year: int) -> DocumentCounter:
    counter = DocumentCounter.objects.select_for_update().filter(series=series, year=year).first()
    if counter is not None:
        return counter
    # The year's first document: create the row; a concurrent creator wins the unique
    # constraint and we lock the row it made.
    try:
        with transaction.atomic():
            DocumentCounter.objects.create(series=series, year=year, last=0)
    except IntegrityError:
        pass
    return DocumentCounter.objects.select_for_update().get(series=series, year=year)
