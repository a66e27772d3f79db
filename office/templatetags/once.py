"""``{% once_field %}``: the hidden one-time token of a creating form (see ``office.once``)."""

from django import template
from django.utils.html import format_html

from office.once import FIELD_NAME, once_token

register = template.Library()


@register.simple_tag(takes_context=True)
def once_field(context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIELD_NAME, once_token(request)
    )
