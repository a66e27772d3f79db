import pytest

from clients import demo
from clients.models import Client, Consultation
from clients.normalize import clean_client_fields

pytestmark = pytest.mark.django_db


def test_the_demo_clients_are_valid_and_seeding_twice_adds_nothing():
    demo.seed()
    count, consultations = Client.objects.count(), Consultation.objects.count()
    assert count == len(demo.DEMO_CLIENTS)
    assert consultations >= 3
    demo.seed()
    assert (Client.objects.count(), Consultation.objects.count()) == (count, consultations)
    for client in Client.objects.all():
        result = clean_client_fields({f: getattr(client, f) for f in demo.FIELDS})
        assert result.errors == {}, (client.name, result.errors)
        assert client.email == "" or client.email.endswith(".example.jp")


def test_the_large_demo_adds_ten_thousand_clients_once():
    demo.seed(scale="large")
    assert Client.objects.count() == len(demo.DEMO_CLIENTS) + demo.LARGE_COUNT
    demo.seed(scale="large")
    assert Client.objects.count() == len(demo.DEMO_CLIENTS) + demo.LARGE_COUNT
