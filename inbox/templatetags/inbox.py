"""``{% load inbox %}{% inbox_status %}``: the office mailbox on the dashboard.

Shows nothing when IMAP_URL is unset; otherwise the last successful check or its error, and the
number of CCUS mails waiting in 「未割当のCCUSメール」 and of those the reader could not read.
"""

from django import template

from ..selectors import mailbox_health, unassigned_mails, unreadable_mails

register = template.Library()


@register.inclusion_tag("inbox/_status.html")
def inbox_status() -> dict:
    health = mailbox_health()
    if not health.enabled:
        return {"health": health, "unassigned": 0, "unreadable": 0}
    return {
        "health": health,
        "unassigned": unassigned_mails().count(),
        "unreadable": unreadable_mails().count(),
    }
