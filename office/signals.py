"""What the office app announces, for the apps above it to answer (office imports none of them).

- ``access_log_target_search``: sent by ``office.selectors.access_log_target_q`` with ``text``
  (a client's name or 事業者ID typed into the access log's 対象 filter). A receiver returns the
  access-log targets (``app.Model#pk`` strings, a query usable as a subquery) that ``text``
  finds among its own rows: clients finds the client, recovery its cases.
"""

from django.dispatch import Signal

access_log_target_search = Signal()
