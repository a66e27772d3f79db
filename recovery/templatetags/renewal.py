"""{% client_renewal client %}: the client page's renewal box (dates, group, open case, one click),
so that the clients app shows the renewal without importing recovery."""

from __future__ import annotations

from django import template
from django.utils import timezone

from ..business_days import BusinessCalendar, tokyo_date
from ..desk.renewals import renewal_rows

register = template.Library()


@register.inclusion_tag("recovery/_client_renewal.html")
def client_renewal(client) -> dict:
    today = tokyo_date(timezone.now())
    row = renewal_rows([client], today=today, calendar=BusinessCalendar.from_database())[0]
    return {"row": row, "client": client}
