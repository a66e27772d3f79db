"""Every search box drops control characters in one place (clients.normalize): a NUL reaching
PostgreSQL raises an error, and on any database it would keep the typed name from matching.
CI runs this on PostgreSQL."""

import pytest

from clients.normalize import clean_search_text
from clients.services import client_create
from recovery import services, views
from recovery.models import Situation

pytestmark = pytest.mark.django_db


def test_clean_search_text_drops_control_characters_and_caps_the_length():
    assert clean_search_text(" 能登\x00建設\x1f ") == "能登 建設"
    assert clean_search_text("\x7f\x85") == ""
    assert len(clean_search_text("あ" * 500)) == 100
    assert clean_search_text(None) == ""


@pytest.mark.parametrize("path", ["/clients/", "/cases/", "/search/", "/cases/new/"])
def test_a_nul_in_any_search_box_still_finds_the_client_typed(
    staff_client, staff_user, monkeypatch, path
):
    monkeypatch.setattr(views, "CLIENT_PICKER_THRESHOLD", 0)  # the new-case page searches too
    clients = (("能登建設株式会社", "ノトケンセツ"), ("加賀工業株式会社", "カガコウギョウ"))
    for name, kana in clients:
        services.case_create(
            client=client_create(data={"name": name, "name_kana": kana}),
            situation=Situation.CANNOT_LOGIN,
            actor=staff_user,
        )
    response = staff_client.get(path, {"q": "能登\x00建設"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "能登建設株式会社" in page
    assert "加賀工業株式会社" not in page
