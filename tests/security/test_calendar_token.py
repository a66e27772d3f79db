"""The calendar feed token is stored as a SHA-256 hash and shown in clear only once."""

import hashlib
import re

import pytest
from django.urls import reverse

from recovery.models import CalendarFeed

from .site_map import database_text

pytestmark = pytest.mark.django_db


def test_the_token_is_shown_once_and_only_its_hash_is_stored(staff_client, staff_user, client):
    staff_client.post(reverse("reminder_calendar"), {"action": "regenerate"})
    page = staff_client.get(reverse("reminder_calendar")).content.decode()
    token = re.search(r"/calendar/([A-Za-z0-9_-]{40,})\.ics", page).group(1)
    assert "今だけ" in page
    assert token not in database_text()
    stored = CalendarFeed.objects.get(user=staff_user).token_hash
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    again = staff_client.get(reverse("reminder_calendar")).content.decode()
    assert token not in again and "発行済み" in again
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    # The stored hash is not itself a working URL.
    assert client.get(f"/calendar/{stored}.ics").status_code == 404
