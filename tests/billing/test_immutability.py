"""An issued document cannot be changed by any path: not save()/delete() (test_issue), not a
queryset's update()/bulk_update()/delete(), not Django's admin."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from billing import services
from billing.models import ImmutableDocumentError, IssuedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(engagement, staff_user):
    return services.invoice_issue(engagements=[engagement], user=staff_user)


def _unchanged(invoice) -> None:
    stored = IssuedDocument.objects.get(pk=invoice.pk)
    assert (stored.total, stored.recipient_name, stored.sha256) == (
        invoice.total,
        invoice.recipient_name,
        invoice.sha256,
    )
    assert stored.bytes_intact()


def test_a_queryset_update_cannot_change_an_issued_document(invoice):
    with pytest.raises(ImmutableDocumentError):
        IssuedDocument.objects.filter(pk=invoice.pk).update(total=1, recipient_name="別人")
    with pytest.raises(ImmutableDocumentError):
        IssuedDocument.objects.all().update(pdf=b"forged")
    _unchanged(invoice)


def test_bulk_update_cannot_change_an_issued_document(invoice):
    forged = IssuedDocument.objects.get(pk=invoice.pk)
    forged.total = 1
    with pytest.raises(ImmutableDocumentError):
        IssuedDocument.objects.bulk_update([forged], ["total"])
    _unchanged(invoice)


def test_a_queryset_delete_cannot_remove_an_issued_document(invoice):
    with pytest.raises(ImmutableDocumentError):
        IssuedDocument.objects.filter(pk=invoice.pk).delete()
    with pytest.raises(ImmutableDocumentError):
        invoice.engagements.all()[0].documents.all().delete()  # a related manager too
    _unchanged(invoice)


def test_reading_and_issuing_still_work_through_the_guarded_manager(invoice, engagement):
    services.charge_line_add(engagement=engagement, kind="advance", description="更新料", amount=1)
    correction = services.invoice_correct(invoice=invoice)
    assert IssuedDocument.objects.filter(kind="correction").get() == correction
    assert correction.refers_to_id == invoice.pk
    _unchanged(invoice)


def test_the_admin_offers_no_way_to_edit_or_delete_an_issued_document(client, invoice):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "root@example.jp", "pw-Root-2026!")
    client.force_login(root)
    for name in ("change", "delete"):
        try:
            url = reverse(f"admin:billing_issueddocument_{name}", args=[invoice.pk])
        except NoReverseMatch:
            continue  # not registered at all: nothing to edit
        page = client.get(url)
        assert page.status_code in (403, 404) or b'name="total"' not in page.content
        client.post(url, {"total": "1", "post": "yes"})
    _unchanged(invoice)
