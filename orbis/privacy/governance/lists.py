"""The privacy officer's registers, declared with the web kit (kernel/web/lists.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orbis.kernel.web.lists import Column, ListSpec
from orbis.kernel.web.pages import Sort

_WHEN = Column("when", _("When"), sort=Sort("occurred_at", descending=True), always=True)

BREACHES = ListSpec(
    key="privacy_governance.breaches",
    url_name="privacy_governance:breaches",
    permission="privacy.view",
    columns=(
        Column("discovered", _("Discovered"), sort=Sort("discovered_at", descending=True)),
        Column("title", _("Title"), always=True),
        Column("status", _("Status")),
        Column("deadlines", _("Deadlines")),
    ),
    default_sort="discovered",
)

TRANSFERS = ListSpec(
    key="privacy_governance.transfers",
    url_name="privacy_governance:transfers",
    permission="privacy.view",
    columns=(
        _WHEN,
        Column("user", _("User")),
        Column("from", _("From")),
        Column("to", _("To")),
        Column("mechanism", _("Mechanism")),
        Column("records", _("Records")),
        Column("channel", _("Channel")),
    ),
    default_sort="when",
)

REFUSALS = ListSpec(
    key="privacy_governance.refusals",
    url_name="privacy_governance:refusals",
    permission="privacy.view",
    columns=(
        _WHEN,
        Column("user", _("User")),
        Column("record", pgettext_lazy("a stored record", "Record")),
        Column("region", _("Data in")),
        Column("reason", _("Why")),
    ),
    default_sort="when",
)
