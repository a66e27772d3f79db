"""Reminders: the duties of domain.md's table as database rows.

- ``rules``: which reminders a case should have, and ``sync_case_reminders`` (called by services);
- ``delivery``: the periodic pass that claims due rows and emails staff, exactly once;
- ``services``: staff actions on a delivered reminder (done, snooze, reassign);
- ``selectors``: the dashboard's and the calendar feed's reads;
- ``calendar_feed``, ``views``, ``forms``, ``urls``: the private iCalendar feed and the pages.

The ``Reminder`` model stays in ``recovery.models`` with the case it belongs to.
"""
