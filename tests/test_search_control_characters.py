"""Every search box drops control characters in one place (clients.normalize): a NUL made
PostgreSQL raise a 500 before. CI runs this on PostgreSQL."""

import pytest

from clients.models import Client
from clients.normalize import clean_search_text
from recovery import views

pytestmark = pytest.mark.django_db


def test_clean_search_text_drops_control_characters_and_caps_the_length():
    assert clean_search_text(" 能登\x00建設\x1f ") == "能登 建設"
    assert clean_search_text("\x7f\x85") == ""
    assert len(clean_search_text("あ" * 500)) == 100
    assert clean_search_text(None) == ""


@pytest.mark.parametrize("path", ["/clients/", "/cases/", "/search/", "/cases/new/"])
def test_a_nul_in_any_search_box_is_no_error(staff_client, monkeypatch, path):
    monkeypatch.setattr(views, "CLIENT_PICKER_THRESHOLD", 0)  # the new-case page searches too
    Client.objects.create(name="能登建設株式会社", name_kana="ノトケンセツ")
    response = staff_client.get(path, {"q": "能登\x00建設"})
    assert response.status_code == 200
