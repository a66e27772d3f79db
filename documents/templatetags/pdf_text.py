"""Filters of the PDF templates."""

from django import template

register = template.Library()

# Half-width characters that fit one line of a value cell at each size (IPAexGothic's Latin
# glyphs average about 0.55 em; the narrowest value cell is about 130 mm wide).
_FITS = ((30, ""), (44, "addr-m"), (64, "addr-s"))


@register.filter
def address_fit(value: str) -> str:
    """The class that keeps an email address or URL on one line: smaller type when it is long.

    An address too long for one line even at 10 pt may break (``addr-wrap``) rather than run
    off the paper.
    """
    length = len(value or "")
    for limit, css_class in _FITS:
        if length <= limit:
            return css_class
    return "addr-wrap"
