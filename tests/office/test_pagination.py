"""Every paginated list uses one pager, whose links keep the list's filters."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory

ROOT = Path(__file__).resolve().parents[2]
PAGER = ROOT / "templates" / "office" / "_pagination.html"


def _page_url(query: str, number: int) -> str:
    request = RequestFactory().get(f"/cases/?{query}")
    template = Template("{% load paging %}{% page_url number %}")
    return template.render(Context({"request": request, "number": number}))


def test_a_page_link_keeps_the_filters_and_replaces_the_page():
    assert _page_url("", 2) == "?page=2"
    assert _page_url("q=%E8%83%BD%E7%99%BB&waiting=on&page=3", 2) == (
        "?q=%E8%83%BD%E7%99%BB&amp;waiting=on&amp;page=2"
    )


def test_a_filter_value_cannot_break_out_of_the_link():
    assert _page_url("q=%22%3E%3Cscript%3E", 2) == "?q=%22%3E%3Cscript%3E&amp;page=2"


def test_no_template_writes_its_own_pager():
    own = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if path != PAGER and 'class="pagination"' in path.read_text(encoding="utf-8")
    ]
    assert own == []


@pytest.mark.django_db
def test_the_client_list_pages_keep_the_search(staff_client):
    from clients.models import Client

    Client.objects.bulk_create(Client(name=f"能登建設{n:03d}") for n in range(55))
    html = staff_client.get("/clients/", {"q": "能登"}).content.decode()
    assert "1 / 2 ページ(全55件)" in html
    assert "?q=%E8%83%BD%E7%99%BB&amp;page=2" in html
