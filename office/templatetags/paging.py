"""The page links of every paginated list: ``{% page_url n %}`` keeps the list's filters."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """``?`` and the current query string with ``page`` set to ``number`` (filters kept)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
