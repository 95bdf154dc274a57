"""The request queue, declared with the web kit (kernel/web/lists.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from orbis.kernel.web.lists import Column, ListSpec
from orbis.kernel.web.pages import Sort

FILTERS = ("status", "kind", "overdue")

REQUESTS = ListSpec(
    key="privacy_requests.queue",
    url_name="privacy_requests:queue",
    permission="privacy.view",
    columns=(
        Column("reference", _("Request"), always=True),
        Column("kind", _("Kind")),
        Column("person", _("Person")),
        Column("jurisdiction", _("Jurisdiction")),
        Column("received", _("Received"), sort=Sort("received_at", descending=True)),
        Column("due", _("Due"), sort=Sort("due_at")),
        Column("status", _("Status")),
    ),
    default_sort="due",  # the most urgent first: statutory deadlines run from receipt
    filters=FILTERS,
)
